// sim/securities_test.cpp — several subscriptions: the calendar is the union
// of their bars (docs/semantics.md#timeslices), rules find each ticker's hours, and
// "is the market open" asks every subscription.
#include "calendar/market_clock.h"
#include "calendar/timeslice_stream.h"
#include "input/input_error.h"
#include "sim/scenario.h"
#include "sim/simulate.h"

#include <doctest/doctest.h>

#include "testing.h"

#include <set>
#include <string>
#include <vector>

using namespace trainsim;

namespace {

struct Expanded {
  std::vector<Instant> times;
  std::vector<bool> data;
  std::set<Day> days;  // dates of slices with user data
};

Expanded expand(const CalendarSpec& spec) {
  Expanded out;
  TimesliceStream stream(spec);
  SliceRun r;
  while (stream.next(r)) {
    for (std::int64_t i = 0; i < r.count; ++i) {
      const Instant t = r.first + i * r.step;
      REQUIRE((out.times.empty() || t > out.times.back()));  // strictly increasing, no duplicates
      out.times.push_back(t);
      out.data.push_back(r.has_data);
    }
    if (r.has_data) out.days.insert(r.day);
  }
  return out;
}

std::string sim(const std::string& range, const std::string& securities) {
  return R"J({ "simulation": { )J" + range + R"J(, "securities": [ )J" + securities + " ] } }";
}

Instant ny(int y, unsigned m, unsigned d, int h, int min = 0) {
  return TimeZone::find("America/New_York")->to_utc(day_from_ymd(y, m, d), h * kHour + min * kMinute);
}

}  // namespace

TEST_CASE("securities: SPY + QQQ minute gives exactly SPY's timeslices") {
  // A quarter with holidays (New Year, MLK, Presidents' Day, Good Friday).
  const std::string range = R"J("start": "2024-01-01", "end": "2024-03-31")J";
  const Scenario both = testing::scenario_from(sim(range, R"J({ "security": "Equity-usa-SPY", "resolution": "minute" },
      { "security": "Equity-usa-QQQ", "resolution": "minute" })J"));
  const Scenario spy = testing::scenario_from(sim(range, R"J({ "security": "Equity-usa-SPY", "resolution": "minute" })J"));
  REQUIRE(both.subscriptions.size() == 2);
  const Expanded a = expand(both.calendar()), b = expand(spy.calendar());
  CHECK(a.times.size() == b.times.size());
  CHECK(a.times == b.times);
  CHECK(a.data == b.data);
  CHECK(a.days == b.days);
  CHECK(a.days.size() == 61);  // NYSE trading days of 2024 Q1: 21 + 20 + 20
}

TEST_CASE("securities: SPY minute + a 24/7 crypto minute gives exactly the crypto's") {
  const std::string range = R"J("start": "2024-03-04", "end": "2024-03-17")J";  // spans the DST change
  const Scenario both = testing::scenario_from(sim(range, R"J({ "security": "Equity-usa-SPY", "resolution": "minute" },
      { "security": "Crypto-coinbase-BTCUSD", "resolution": "minute" })J"));
  const Scenario btc =
      testing::scenario_from(sim(range, R"J({ "security": "Crypto-coinbase-BTCUSD", "resolution": "minute" })J"));
  const Expanded a = expand(both.calendar()), b = expand(btc.calendar());
  CHECK(a.times == b.times);
  CHECK(a.data == b.data);
  // 14 New York days of 1,440 minutes, one of them 23 hours long (DST), plus
  // the bar ending exactly at the start.
  CHECK(a.times.size() == 14 * 1440 - 60 + 1);
}

TEST_CASE("securities: SPY daily + EURUSD minute is the union of both, counted by hand") {
  // One week, Monday 2024-01-08 00:00 to Saturday 00:00 New York (no holidays),
  // on the bundled sample database, whose Forex-oanda-[*] entry (New York
  // exchange zone) is open Sun 17:00 .. Fri 17:00 without LEAN's daily break.
  // EURUSD minute bars: the one ending exactly at the start (Sunday's last,
  // kept as a bar ending at the start is) + Mon..Thu 4 x 1,440 + Fri
  // 00:01..17:00 1,020 = 1 + 5,760 + 1,020 = 6,781.
  // SPY daily: the start slice (Monday 00:00, shared with that EURUSD bar),
  // bars at 16:00 Mon..Fri, its fill-forward copies every minute 09:31..16:00
  // from Tuesday on, and the benchmark's hours 10:00..16:00: all of them on
  // EURUSD minutes (16:00 < 17:00), so the union adds nothing: 6,781.
  const std::string range = R"J("start": "2024-01-08", "end": "2024-01-12")J";
  const Scenario both = testing::scenario_from(sim(range, R"J({ "security": "Equity-usa-SPY", "resolution": "daily" },
      { "security": "Forex-oanda-EURUSD", "resolution": "minute" })J"));
  const Expanded u = expand(both.calendar());
  CHECK(u.times.size() == 6781);
  CHECK(u.times.front() == ny(2024, 1, 8, 0));
  CHECK(u.times.back() == ny(2024, 1, 12, 17, 0));
  std::int64_t with_data = 0;
  for (bool d : u.data) with_data += d;
  CHECK(with_data == 6781);

  // The union, by set: each alone (SPY with the start slice and the
  // benchmark) merged gives the same instants.
  const Scenario spy = testing::scenario_from(sim(range, R"J({ "security": "Equity-usa-SPY", "resolution": "daily" })J"));
  const Scenario fx = testing::scenario_from(
      sim(range, R"J({ "security": "Forex-oanda-EURUSD", "resolution": "minute" })J") );
  const Expanded s = expand(spy.calendar()), f = expand(fx.calendar());
  CHECK(s.times.size() == 1 + 5 * 7);  // start, 10:00..16:00 each day (the daily bar shares 16:00)
  std::set<Instant> merged(s.times.begin(), s.times.end());
  merged.insert(f.times.begin(), f.times.end());
  CHECK(std::vector<Instant>(merged.begin(), merged.end()) == u.times);
}

TEST_CASE("securities: SPY daily + QQQ hour: the daily bar is filled forward every hour") {
  // docs/semantics.md#timeslices: the fill-forward step is the finest resolution. SPY
  // daily alone has data only at 16:00; beside QQQ hourly, from its first
  // bar on it repeats at every hour of the session: all 7 slices have data.
  const std::string range = R"J("start": "2024-01-08", "end": "2024-01-09", "benchmark": false)J";
  const Scenario both = testing::scenario_from(sim(range, R"J({ "security": "Equity-usa-SPY", "resolution": "daily" },
      { "security": "Equity-usa-QQQ", "resolution": "hour" })J"));
  const Expanded u = expand(both.calendar());
  // start slice + 7 hour bars (10:00..16:00) on each of 2 days.
  CHECK(u.times.size() == 1 + 2 * 7);
  CHECK(u.days.size() == 2);
}

TEST_CASE("securities: trading days count dates with any market timeslice") {
  // MLK day 2024-01-15: NYSE closed, crypto trades: the union trades every day.
  const std::string range = R"J("start": "2024-01-13", "end": "2024-01-17", "benchmark": false)J";
  const Scenario both = testing::scenario_from(sim(range, R"J({ "security": "Equity-usa-SPY", "resolution": "minute" },
      { "security": "Crypto-coinbase-BTCUSD", "resolution": "daily" })J"));
  const SimulationResult r = simulate(both, RunOptions{});
  const Scenario spy = testing::scenario_from(sim(range, R"J({ "security": "Equity-usa-SPY", "resolution": "minute" })J"));
  const SimulationResult rs = simulate(spy, RunOptions{});
  CHECK(rs.trading_days == 2);  // Tue 16, Wed 17
  CHECK(r.trading_days > rs.trading_days);
  CHECK(r.trading_days <= 6);
}

TEST_CASE("securities: rules find each ticker's hours; unknown tickers are US equities") {
  const Scenario s = testing::scenario_from(R"J({ "simulation": { "start": "2024-01-08", "end": "2024-01-09",
      "securities": [ { "security": "Equity-usa-SPY" }, { "security": "Forex-oanda-EURUSD" },
                      { "security": "Crypto-coinbase-BTCUSD" } ] } })J");
  CHECK(&s.rules->hours_for("EURUSD") == s.subscriptions[1].hours.get());
  CHECK(&s.rules->hours_for("btcusd") == s.subscriptions[2].hours.get());
  CHECK(&s.rules->hours_for("SPY") == s.subscriptions[0].hours.get());
  CHECK(&s.rules->hours_for("AAPL") == s.us_equity_hours.get());
  // No-symbol market rules: SPY plus the non-US-equity, non-24/7 ones (EURUSD, not BTC).
  REQUIRE(s.rules->default_hours.size() == 2);
  CHECK(s.rules->default_hours[1] == s.subscriptions[1].hours.get());

  // AfterMarketOpen("EURUSD") fires at the forex open, not the equity one.
  const Scenario fx = testing::scenario_from(R"J({ "simulation": { "start": "2024-01-08", "end": "2024-01-09",
      "securities": [ { "security": "Equity-usa-SPY" }, { "security": "Forex-oanda-EURUSD" } ],
      "scheduled-events": [ { "name": "fx", "date-rule": "EveryDay(\"EURUSD\")",
                              "time-rule": "AfterMarketOpen(\"EURUSD\", 10)", "duration": "1s" },
                            { "name": "eq", "date-rule": "EveryDay(\"SPY\")",
                              "time-rule": "AfterMarketOpen(\"SPY\", 10)", "duration": "1s" } ] } })J");
  const SimulationResult r = simulate(fx, RunOptions{});
  std::set<Instant> fx_times, eq_times;
  for (const auto& e : r.events) (e.event == 0 ? fx_times : eq_times).insert(e.scheduled);
  CHECK(eq_times.count(ny(2024, 1, 8, 9, 40)));
  CHECK_FALSE(fx_times.count(ny(2024, 1, 8, 9, 40)));
  CHECK_FALSE(fx_times.empty());
}

TEST_CASE("securities: the market is open while any subscription's is") {
  const Scenario s = testing::scenario_from(R"J({ "simulation": { "start": "2024-01-08", "end": "2024-01-09",
      "securities": [ { "security": "Equity-usa-SPY" }, { "security": "Forex-oanda-EURUSD" } ] } })J");
  const Instant evening = ny(2024, 1, 8, 20);  // equity closed, forex open
  CHECK_FALSE(market_state_at(*s.subscriptions[0].hours, evening).open);
  CHECK(market_state_at(s.markets, evening).open);
  const Instant noon = ny(2024, 1, 8, 12);
  const MarketState m = market_state_at(s.markets, noon);
  CHECK(m.open);
  CHECK(m.until > noon);
  // Monday 00:00 .. Tuesday 00:00: the sample database's forex is open all day.
  CHECK(open_time_between(s.markets, ny(2024, 1, 8, 0), ny(2024, 1, 9, 0)) == 24 * kHour);
  // Friday: forex closes at 17:00, so the union is open 00:00..17:00 only.
  CHECK(open_time_between(s.markets, ny(2024, 1, 12, 0), ny(2024, 1, 13, 0)) == 17 * kHour);
  CHECK(open_time_between(*s.subscriptions[0].hours, ny(2024, 1, 8, 0), ny(2024, 1, 9, 0)) == 6 * kHour + 30 * kMinute);
}

TEST_CASE("securities: bad lists are config errors with the key path") {
  auto error_of = [](const std::string& json) {
    try {
      testing::scenario_from(json);
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  CHECK(error_of(R"J({ "simulation": { "securities": [] } })J").find("simulation.securities") != std::string::npos);
  CHECK(error_of(R"J({ "simulation": { "securities": [ { "resolution": "minute" } ] } })J")
            .find("simulation.securities[0].security") != std::string::npos);
  CHECK(error_of(R"J({ "simulation": { "securities": [ { "security": "Equity-usa-SPY", "resolution": "tick" } ] } })J")
            .find("simulation.securities[0].resolution") != std::string::npos);
  CHECK(error_of(R"J({ "simulation": { "security": "Equity-usa-SPY", "securities": [ { "security": "Equity-usa-QQQ" } ] } })J")
            .find("simulation.security") != std::string::npos);
  CHECK(error_of(R"J({ "simulation": { "securities": [ { "security": "Equity-usa-SPY" }, { "security": "equity-usa-spy" } ] } })J")
            .find("already subscribed") != std::string::npos);
}
