// tests/unit/test_markets.h — hand-built market hours for the rules' unit tests.
#pragma once
#include "calendar/exchange_hours.h"
#include "civil/civil_time.h"
#include "civil/time_zone.h"
#include "rules/schedule_rules.h"

#include <initializer_list>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

namespace trainsim::rules_test {

inline Day ymd(int y, unsigned m, unsigned d) { return day_from_ymd(y, m, d); }

inline Instant utc(int y, unsigned m, unsigned d, int h = 0, int min = 0) {
  return static_cast<Instant>(ymd(y, m, d)) * kDay + h * kHour + min * kMinute;
}

inline TimeZone zone(std::string_view name) { return *TimeZone::find(name); }

// Equity-usa-[*]: New York, Mon-Fri pre 04:00-09:30, market 09:30-16:00, post
// 16:00-20:00, with the real NYSE holidays and 13:00 early closes of 2024 and
// 2025 (2025 so that rules spilling into the next year see real closures).
inline ExchangeHours us_equity() {
  ExchangeHours h;
  h.key = "Equity-usa-[*]";
  h.exchange_zone = h.data_zone = zone("America/New_York");
  for (int wd = 1; wd <= 5; ++wd)
    h.weekly[static_cast<size_t>(wd)] = {{4 * kHour, 9 * kHour + 30 * kMinute, SegmentState::PreMarket},
                                         {9 * kHour + 30 * kMinute, 16 * kHour, SegmentState::Market},
                                         {16 * kHour, 20 * kHour, SegmentState::PostMarket}};
  for (auto [m, d] : std::initializer_list<std::pair<unsigned, unsigned>>{
           {1, 1}, {1, 15}, {2, 19}, {3, 29}, {5, 27}, {6, 19}, {7, 4}, {9, 2}, {11, 28}, {12, 25}})
    h.holidays.push_back(ymd(2024, m, d));
  for (auto [m, d] : std::initializer_list<std::pair<unsigned, unsigned>>{
           {1, 1}, {1, 9}, {1, 20}, {2, 17}, {4, 18}, {5, 26}, {6, 19}, {7, 4}, {9, 1}, {11, 27}, {12, 25}})
    h.holidays.push_back(ymd(2025, m, d));
  for (auto [y, m, d] : std::initializer_list<std::tuple<int, unsigned, unsigned>>{
           {2024, 7, 3}, {2024, 11, 29}, {2024, 12, 24}, {2025, 7, 3}, {2025, 11, 28}, {2025, 12, 24}})
    h.early_closes.push_back({ymd(y, m, d), 13 * kHour});
  h.index();
  return h;
}

// A 24/7 crypto market in UTC.
inline ExchangeHours crypto() {
  ExchangeHours h;
  h.key = "Crypto-coinbase-[*]";
  h.exchange_zone = h.data_zone = TimeZone();
  for (auto& day : h.weekly) day = {{0, kDay, SegmentState::Market}};
  h.index();
  return h;
}

// A London exchange, Mon-Fri 08:00-16:30, no holidays: opens before New York.
inline ExchangeHours london() {
  ExchangeHours h;
  h.key = "Equity-uk-[*]";
  h.exchange_zone = h.data_zone = zone("Europe/London");
  for (int wd = 1; wd <= 5; ++wd)
    h.weekly[static_cast<size_t>(wd)] = {{8 * kHour, 16 * kHour + 30 * kMinute, SegmentState::Market}};
  h.index();
  return h;
}

// A futures-like market whose Sunday has only an extended (pre-market)
// session: open on Sunday only when extended hours count.
inline ExchangeHours sunday_extended() {
  ExchangeHours h = us_equity();
  h.key = "Future-test-[*]";
  h.weekly[0] = {{18 * kHour, kDay, SegmentState::PreMarket}};
  h.index();
  return h;
}

// Tickers: BTCUSD is crypto, LSE london, ES the Sunday-extended market, and
// anything else US equity. The algorithm zone is New York, the default hours
// SPY's, and `now` 2024-01-02 00:00 New York.
struct Markets {
  ExchangeHours spy = us_equity();
  ExchangeHours btc = crypto();
  ExchangeHours lse = london();
  ExchangeHours es = sunday_extended();
  RuleContext ctx;

  Markets() {
    ctx.algorithm_zone = zone("America/New_York");
    ctx.hours_for = [this](std::string_view t) -> const ExchangeHours& {
      if (t == "BTCUSD") return btc;
      if (t == "LSE") return lse;
      if (t == "ES") return es;
      return spy;
    };
    ctx.default_hours = {&spy};
    ctx.now = ctx.algorithm_zone.to_utc(ymd(2024, 1, 2), 0);
  }
  Markets(const Markets&) = delete;
  Markets& operator=(const Markets&) = delete;

  std::vector<Day> dates(std::string_view rule, Day from, Day to) const {
    return parse_date_rule(rule).dates(ctx, from, to);
  }
  std::vector<Instant> times(std::string_view rule, Day d) const {
    std::vector<Instant> out;
    parse_time_rule(rule).times(ctx, d, out);
    return out;
  }
};

// The RuleError a parse throws, for checking message and column together.
template <class F>
RuleError error_of(F&& f) {
  try {
    f();
  } catch (const RuleError& e) {
    return e;
  }
  return RuleError("no error", 0);
}

}  // namespace trainsim::rules_test
