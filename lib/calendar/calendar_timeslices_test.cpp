// Tests for when the algorithm loop runs (docs/semantics.md#timeslices): trading
// days, slices per day at every resolution, early closes, extended hours, 24/7
// crypto, Oanda forex, the start slice, the default benchmark's hourly loops, and
// a scenario's calendar from its config.
#include "calendar/exchange_hours.h"
#include "calendar/market_hours_database.h"
#include "calendar/timeslice_stream.h"
#include "civil/civil_time.h"
#include "sim/scenario.h"

#include <doctest/doctest.h>

#include "calendar/calendar_testing.h"
#include "testing.h"

#include <cstdint>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

using namespace trainsim;
using namespace trainsim::calendar_test;
namespace fs = std::filesystem;

namespace {

using testing::scenario_from;

Instant utc(int y, unsigned m, unsigned d, int h = 0, int min = 0, int s = 0) {
  return static_cast<Instant>(day_from_ymd(y, m, d)) * kDay + h * kHour + min * kMinute + s * kSecond;
}

// Counts without expanding (for whole years).
struct Counts {
  std::int64_t slices = 0;
  std::set<Day> days;
};
Counts count_bars(const ExchangeHours& h, Micros step, bool extended, Instant start, Instant end_exclusive) {
  BarStream s(BarSchedule{&h, step, extended, true, true}, start, end_exclusive);
  Counts c;
  SliceRun r;
  while (s.next(r)) {
    c.slices += r.count;
    c.days.insert(r.day);
  }
  return c;
}

}  // namespace

TEST_CASE("calendar: SPY trading days per year: 2022 251, 2023 250, 2024 252, 2025 250") {
  for (const auto& [label, db] : databases()) {
    const std::string database = label;  // a structured binding: clang 14 cannot capture it
    CAPTURE(database);
    const ExchangeHours h = db.entry("Equity", "usa", "SPY");
    CHECK(open_days(h, 2022) == 251);
    CHECK(open_days(h, 2023) == 250);
    CHECK(open_days(h, 2024) == 252);
    CHECK(open_days(h, 2025) == 250);
    CHECK_FALSE(h.is_date_open(day_from_ymd(2025, 1, 9)));  // President Carter's day of mourning

    // The minute stream's data days agree, and every regular day has 390 slices.
    const Counts y2024 = count_bars(h, kMinute, false, ny_midnight(2024, 1, 1), ny_midnight(2025, 1, 1));
    CHECK(y2024.days.size() == 252);
    CHECK(y2024.slices == 249 * 390 + 3 * 210);  // three early closes in 2024
    const Counts y2023 = count_bars(h, kMinute, false, ny_midnight(2023, 1, 1), ny_midnight(2024, 1, 1));
    CHECK(y2023.days.size() == 250);
    CHECK(y2023.slices == 248 * 390 + 2 * 210);
  }
}

TEST_CASE("calendar: SPY minute, hour and second slices on regular days and early closes") {
  for (const auto& [label, db] : databases()) {
    const std::string database = label;  // a structured binding: clang 14 cannot capture it
    CAPTURE(database);
    const ExchangeHours h = db.entry("Equity", "usa", "SPY");

    const Slices minute = day_bars(h, kMinute, false, 2024, 1, 10);
    CHECK(minute.count() == 390);
    CHECK(minute.times.front() == ny_at(2024, 1, 10, 9, 31));
    CHECK(minute.times.back() == ny_at(2024, 1, 10, 16, 0));
    CHECK(minute.with_data() == 390);
    CHECK(minute.days == std::set<Day>{day_from_ymd(2024, 1, 10)});

    const Slices early = day_bars(h, kMinute, false, 2024, 11, 29);
    CHECK(early.count() == 210);
    CHECK(early.times.back() == ny_at(2024, 11, 29, 13, 0));

    const Slices hour = day_bars(h, kHour, false, 2024, 1, 10);
    CHECK(hour.count() == 7);
    CHECK(hour.times.front() == ny_at(2024, 1, 10, 10, 0));
    CHECK(hour.times.back() == ny_at(2024, 1, 10, 16, 0));
    CHECK(day_bars(h, kHour, false, 2024, 12, 24).count() == 4);
    CHECK(day_bars(h, kHour, false, 2024, 12, 24).times.back() == ny_at(2024, 12, 24, 13, 0));

    const Slices second = day_bars(h, kSecond, false, 2024, 1, 10);
    CHECK(second.count() == 23400);
    CHECK(second.times.front() == ny_at(2024, 1, 10, 9, 30, 1));
    CHECK(second.times.back() == ny_at(2024, 1, 10, 16, 0, 0));

    // Holidays and weekends have none.
    CHECK(day_bars(h, kMinute, false, 2024, 12, 25).count() == 0);
    CHECK(day_bars(h, kMinute, false, 2024, 1, 6).count() == 0);

    // Summer (EDT) days have the same local hours.
    const Slices july = day_bars(h, kMinute, false, 2024, 7, 10);
    CHECK(july.count() == 390);
    CHECK(july.times.front() == utc(2024, 7, 10, 13, 31));
  }
}

TEST_CASE("calendar: extended market hours: 04:01-20:00 (960), early close 04:01-13:00 (540)") {
  for (const auto& [label, db] : databases()) {
    const std::string database = label;  // a structured binding: clang 14 cannot capture it
    CAPTURE(database);
    const ExchangeHours h = db.entry("Equity", "usa", "SPY");
    const Slices ext = day_bars(h, kMinute, true, 2024, 1, 10);
    CHECK(ext.count() == 960);
    CHECK(ext.times.front() == ny_at(2024, 1, 10, 4, 1));
    CHECK(ext.times.back() == ny_at(2024, 1, 10, 20, 0));
    const Slices early = day_bars(h, kMinute, true, 2024, 11, 29);
    CHECK(early.count() == 540);
    CHECK(early.times.back() == ny_at(2024, 11, 29, 13, 0));
    CHECK(day_bars(h, kHour, true, 2024, 1, 10).count() == 16);  // 05:00 .. 20:00
  }
}

TEST_CASE("calendar: strict daily bars arrive at the close (16:00, 13:00 on early closes)") {
  for (const auto& [label, db] : databases()) {
    const std::string database = label;  // a structured binding: clang 14 cannot capture it
    CAPTURE(database);
    const ExchangeHours h = db.entry("Equity", "usa", "SPY");
    // The week of Thanksgiving 2024: Mon-Wed regular, Thu holiday, Fri early close.
    const Slices week = bars(h, 0, false, ny_midnight(2024, 11, 25), ny_midnight(2024, 11, 30));
    CHECK(week.times == std::vector<Instant>{ny_at(2024, 11, 25, 16), ny_at(2024, 11, 26, 16), ny_at(2024, 11, 27, 16),
                                             ny_at(2024, 11, 29, 13)});
    CHECK(week.days.size() == 4);
    // Daily bars ignore extended hours.
    CHECK(bars(h, 0, true, ny_midnight(2024, 11, 25), ny_midnight(2024, 11, 26)).times ==
          std::vector<Instant>{ny_at(2024, 11, 25, 16)});
    // Not strict: the bar spans the day and arrives at the following midnight.
    const Slices loose = bars(h, 0, false, ny_midnight(2024, 11, 26), ny_midnight(2024, 11, 27), false);
    REQUIRE(loose.count() >= 1);
    CHECK(loose.times.back() == ny_midnight(2024, 11, 27));
  }
}

TEST_CASE("calendar: crypto minute over one New York day has 1,441 slices, 00:00 to 24:00") {
  for (const auto& [label, db] : databases()) {
    const std::string database = label;  // a structured binding: clang 14 cannot capture it
    CAPTURE(database);
    const ExchangeHours btc = db.entry("Crypto", "coinbase", "BTCUSD");
    CHECK(btc.always_open());
    CHECK(btc.exchange_zone.name() == "UTC");
    const ExchangeHours spy = db.entry("Equity", "usa", "SPY");
    CalendarSpec spec;
    spec.data = {BarSchedule{&btc, kMinute, false, false, true}};
    spec.benchmark_hours = &spy;
    spec.start = ny_midnight(2024, 1, 10);
    spec.end_exclusive = ny_midnight(2024, 1, 11);
    TimesliceStream stream(spec);
    const Slices s = expand(stream);
    CHECK(s.count() == 1441);
    CHECK(s.times.front() == ny_midnight(2024, 1, 10));
    CHECK(s.times.back() == ny_midnight(2024, 1, 11));
    CHECK(s.data.front());  // the start slice has a bar ending exactly then
    CHECK(s.with_data() == 1441);

    // A weekend day: no benchmark, still 1,441.
    spec.start = ny_midnight(2024, 1, 13);
    spec.end_exclusive = ny_midnight(2024, 1, 14);
    TimesliceStream weekend(spec);
    CHECK(expand(weekend).count() == 1441);
  }
}

TEST_CASE("calendar: crypto minute across New York's DST changes: 23- and 25-hour days") {
  const MarketHoursDatabase db = MarketHoursDatabase::open(kSampleDb);
  const ExchangeHours btc = db.entry("Crypto", "coinbase", "BTCUSD");
  CalendarSpec spec;
  spec.data = {BarSchedule{&btc, kMinute, false, false, true}};
  spec.start = ny_midnight(2024, 3, 10);
  spec.end_exclusive = ny_midnight(2024, 3, 11);
  CHECK(spec.end_exclusive - spec.start == 23 * kHour);
  TimesliceStream spring(spec);
  CHECK(expand(spring).count() == 23 * 60 + 1);
  spec.start = ny_midnight(2024, 11, 3);
  spec.end_exclusive = ny_midnight(2024, 11, 4);
  TimesliceStream fall(spec);
  const Slices f = expand(fall);
  CHECK(f.count() == 25 * 60 + 1);
  CHECK(f.times.back() == utc(2024, 11, 4, 5));
}

TEST_CASE("calendar: Oanda forex minute week") {
  // 2024-03-17 (Sunday) to 2024-03-23 in New York: no holidays in either file.
  const Instant start = ny_midnight(2024, 3, 17), end = ny_midnight(2024, 3, 24);
  SUBCASE("sample file: continuous Sun 17:00 to Fri 17:00 gives Sun 17:01 .. Fri 17:00, 7,200 slices") {
    const MarketHoursDatabase db = MarketHoursDatabase::open(kSampleDb);
    const ExchangeHours fx = db.entry("Forex", "oanda", "EURUSD");
    const Slices s = bars(fx, kMinute, false, start, end);
    CHECK(s.count() == 7200);
    CHECK(s.times.front() == ny_at(2024, 3, 17, 17, 1));
    CHECK(s.times.back() == ny_at(2024, 3, 22, 17, 0));
    CHECK(s.days.size() == 6);  // Sunday evening counts as a market date
  }
  SUBCASE("LEAN's file: Sun 17:04 .. Fri 16:58 without 16:59-17:03 Mon-Thu, 7,175 slices") {
    if (!fs::exists(kLeanDb)) {
      MESSAGE("LEAN's market-hours database is absent; skipped");
      return;
    }
    const MarketHoursDatabase db = MarketHoursDatabase::open(kLeanDb);
    const ExchangeHours fx = db.entry("Forex", "oanda", "EURUSD");
    const Slices s = bars(fx, kMinute, false, start, end);
    CHECK(s.count() == 7175);
    CHECK(s.times.front() == ny_at(2024, 3, 17, 17, 4));
    CHECK(s.times.back() == ny_at(2024, 3, 22, 16, 58));
    const std::set<Instant> all(s.times.begin(), s.times.end());
    for (int m = 59; m <= 63; ++m) CHECK_FALSE(all.count(ny_at(2024, 3, 19, 16, 0) + m * kMinute));
    CHECK(all.count(ny_at(2024, 3, 19, 16, 58)));
    CHECK(all.count(ny_at(2024, 3, 19, 17, 4)));
    // With the benchmark and the start slice merged in: the benchmark's hours
    // fall on open forex minutes; only the start slice (Sunday 00:00) is new.
    const ExchangeHours spy = db.entry("Equity", "usa", "SPY");
    CalendarSpec spec;
    spec.data = {BarSchedule{&fx, kMinute, false, false, true}};
    spec.benchmark_hours = &spy;
    spec.start = start;
    spec.end_exclusive = end;
    TimesliceStream stream(spec);
    const Slices merged = expand(stream);
    CHECK(merged.count() == 7176);
    CHECK(merged.with_data() == 7175);
  }
}

TEST_CASE("calendar: the start slice at 00:00 of the start date, before any data") {
  const MarketHoursDatabase db = MarketHoursDatabase::open(kSampleDb);
  const ExchangeHours spy = db.entry("Equity", "usa", "SPY");
  CalendarSpec spec;
  spec.data = {BarSchedule{&spy, kMinute, false, true, true}};
  spec.benchmark_hours = &spy;
  spec.start = ny_midnight(2024, 1, 2);
  spec.end_exclusive = ny_midnight(2024, 1, 3);
  TimesliceStream stream(spec);
  const Slices s = expand(stream);
  REQUIRE(s.count() == 391);
  CHECK(s.times[0] == ny_midnight(2024, 1, 2));
  CHECK_FALSE(s.data[0]);
  CHECK(s.times[1] == ny_at(2024, 1, 2, 9, 31));
  CHECK(s.with_data() == 390);
  CHECK(s.days.size() == 1);

  // A weekend start still has its start slice.
  spec.start = ny_midnight(2024, 1, 6);
  spec.end_exclusive = ny_midnight(2024, 1, 9);
  TimesliceStream weekend(spec);
  const Slices w = expand(weekend);
  REQUIRE(w.count() == 1 + 390);
  CHECK(w.times[0] == ny_midnight(2024, 1, 6));
  CHECK(w.times[1] == ny_at(2024, 1, 8, 9, 31));
}

TEST_CASE("calendar: the benchmark adds 10:00-16:00 hourly loops; daily OnData only at 16:00") {
  const MarketHoursDatabase db = MarketHoursDatabase::open(kSampleDb);
  const ExchangeHours spy = db.entry("Equity", "usa", "SPY");
  CalendarSpec spec;
  spec.data = {BarSchedule{&spy, 0, false, true, true}};
  spec.benchmark_hours = &spy;
  spec.start = ny_midnight(2024, 1, 8);
  spec.end_exclusive = ny_midnight(2024, 1, 13);  // Monday .. Friday
  TimesliceStream stream(spec);
  const Slices s = expand(stream);
  CHECK(s.count() == 1 + 5 * 7);
  CHECK(s.with_data() == 5);
  CHECK(s.days.size() == 5);
  REQUIRE(s.count() >= 8);
  CHECK(s.times[0] == ny_midnight(2024, 1, 8));
  for (int h = 10; h <= 16; ++h) {
    CAPTURE(h);
    CHECK(s.times[static_cast<size_t>(h - 9)] == ny_at(2024, 1, 8, h));
    CHECK(s.data[static_cast<size_t>(h - 9)] == (h == 16));
  }
  // Without the benchmark: the start slice and one slice per day.
  spec.benchmark_hours = nullptr;
  TimesliceStream bare(spec);
  CHECK(expand(bare).count() == 1 + 5);

  // Early close: benchmark hours 10:00-13:00, the daily bar at 13:00.
  spec.benchmark_hours = &spy;
  spec.start = ny_midnight(2024, 11, 29);
  spec.end_exclusive = ny_midnight(2024, 11, 30);
  TimesliceStream early(spec);
  const Slices e = expand(early);
  CHECK(e.count() == 1 + 4);
  CHECK(e.times.back() == ny_at(2024, 11, 29, 13));
  CHECK(e.with_data() == 1);

  // The benchmark runs for every security type: a crypto daily run gets the
  // SPY hours on US trading days too.
  const ExchangeHours btc = db.entry("Crypto", "coinbase", "BTCUSD");
  spec.data = {BarSchedule{&btc, 0, false, false, true}};
  spec.start = ny_midnight(2024, 1, 8);
  spec.end_exclusive = ny_midnight(2024, 1, 9);
  TimesliceStream crypto(spec);
  const Slices c = expand(crypto);
  const std::set<Instant> ct(c.times.begin(), c.times.end());
  for (int h = 10; h <= 16; ++h) CHECK(ct.count(ny_at(2024, 1, 8, h)));
  CHECK(ct.count(ny_at(2024, 1, 8, 19)));  // the crypto daily bar: 00:00 UTC = 19:00 EST
}

TEST_CASE("calendar: a scenario's calendar follows its config") {
  SUBCASE("SPY minute with the benchmark") {
    const Scenario s = scenario_from(R"J({ "simulation": { "start": "2024-01-02", "end": "2024-01-03",
                                          "security": "Equity-usa-SPY", "resolution": "minute" } })J");
    const CalendarSpec c = s.calendar();
    CHECK(c.start == ny_midnight(2024, 1, 2));
    CHECK(c.end_exclusive == ny_midnight(2024, 1, 4));
    CHECK(c.benchmark_hours != nullptr);
    CHECK(c.data.at(0).step == kMinute);
    TimesliceStream stream(c);
    const Slices sl = expand(stream);
    CHECK(sl.count() == 1 + 2 * 390);
    CHECK(sl.days.size() == 2);
  }
  SUBCASE("crypto daily is never strict; forex neither") {
    const Scenario btc = scenario_from(R"J({ "simulation": { "start": "2024-01-08", "end": "2024-01-09",
                                            "security": "Crypto-coinbase-BTCUSD", "resolution": "daily",
                                            "benchmark": false } })J");
    CHECK_FALSE(btc.calendar().data.at(0).strict_daily);
    CHECK(btc.calendar().benchmark_hours == nullptr);
    const Scenario fx = scenario_from(R"J({ "simulation": { "start": "2024-01-08", "end": "2024-01-09",
                                           "security": "Forex-oanda-EURUSD", "resolution": "daily" } })J");
    CHECK_FALSE(fx.calendar().data.at(0).strict_daily);
    const Scenario spy = scenario_from(R"J({ "simulation": { "start": "2024-01-08", "end": "2024-01-09",
                                            "resolution": "daily" } })J");
    CHECK(spy.calendar().data.at(0).strict_daily);
    const Scenario loose = scenario_from(R"J({ "simulation": { "start": "2024-01-08", "end": "2024-01-09",
                                              "resolution": "daily", "daily-precise-end-time": false } })J");
    CHECK_FALSE(loose.calendar().data.at(0).strict_daily);
  }
  SUBCASE("extended hours and second resolution") {
    const Scenario s = scenario_from(R"J({ "simulation": { "start": "2024-11-29", "end": "2024-11-29",
                                          "resolution": "second", "extended-market-hours": true,
                                          "benchmark": false } })J");
    TimesliceStream stream(s.calendar());
    std::int64_t n = 0;
    SliceRun r;
    while (stream.next(r)) n += r.count;
    CHECK(n == 1 + 9 * 3600);  // start slice + 04:00:01 .. 13:00:00
  }
}
