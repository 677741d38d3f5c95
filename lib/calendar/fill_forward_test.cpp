// Tests for LEAN's fill-forward at its edges (FillForwardEnumerator): a daily
// bar closing off the step grid, the end of a filled-forward subscription,
// and copies on extended hours. Each case counts slices by hand.
#include "testing.h"
#include "calendar/market_hours_database.h"
#include "calendar/timeslice_stream.h"
#include "civil/civil_time.h"
#include "civil/time_zone.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <set>
#include <string>
#include <vector>

using namespace trainsim;
namespace fs = std::filesystem;

namespace {

using testing::kSampleDb;
using testing::kLeanDb;

Instant local(const char* zone, int y, unsigned m, unsigned d, int h = 0, int min = 0) {
  return TimeZone::find(zone)->to_utc(day_from_ymd(y, m, d), h * kHour + min * kMinute);
}
Instant ny(int y, unsigned m, unsigned d, int h = 0, int min = 0) { return local("America/New_York", y, m, d, h, min); }
Instant chicago(int y, unsigned m, unsigned d, int h = 0, int min = 0) {
  return local("America/Chicago", y, m, d, h, min);
}

struct Slice {
  Instant time;
  bool data;
};

std::vector<Slice> slices(const CalendarSpec& spec) {
  std::vector<Slice> out;
  TimesliceStream stream(spec);
  SliceRun r;
  while (stream.next(r))
    for (std::int64_t i = 0; i < r.count; ++i) {
      const Instant t = r.first + i * r.step;
      REQUIRE((out.empty() || t > out.back().time));
      out.push_back({t, r.has_data});
    }
  return out;
}

std::set<Instant> times_of(const std::vector<Slice>& s) {
  std::set<Instant> out;
  for (const auto& x : s) out.insert(x.time);
  return out;
}

// ZC's regular session (08:30-13:20 Chicago, closing at 12:05 on the day
// after Thanksgiving), a variant with a post-market 13:20-14:30, and a
// market open only 03:00-04:00 UTC whose hour bars set the fill-forward
// step without adding slices near ZC's session.
const char* kFuturesDb = R"({"entries": {
  "Future-cbot-ZC": {"dataTimeZone": "UTC", "exchangeTimeZone": "America/Chicago",
    "monday": [{"start": "08:30:00", "end": "13:20:00", "state": "market"}],
    "tuesday": [{"start": "08:30:00", "end": "13:20:00", "state": "market"}],
    "wednesday": [{"start": "08:30:00", "end": "13:20:00", "state": "market"}],
    "thursday": [{"start": "08:30:00", "end": "13:20:00", "state": "market"}],
    "friday": [{"start": "08:30:00", "end": "13:20:00", "state": "market"}],
    "holidays": ["11/28/2024"], "earlyCloses": {"11/29/2024": "12:05:00"}},
  "Future-cbot-ZCPOST": {"dataTimeZone": "UTC", "exchangeTimeZone": "America/Chicago",
    "monday": [{"start": "08:30:00", "end": "13:20:00", "state": "market"},
               {"start": "13:20:00", "end": "14:30:00", "state": "postmarket"}],
    "tuesday": [{"start": "08:30:00", "end": "13:20:00", "state": "market"},
                {"start": "13:20:00", "end": "14:30:00", "state": "postmarket"}]},
  "Equity-test-NIGHT": {"dataTimeZone": "UTC", "exchangeTimeZone": "UTC",
    "monday": [{"start": "03:00:00", "end": "04:00:00", "state": "market"}],
    "tuesday": [{"start": "03:00:00", "end": "04:00:00", "state": "market"}],
    "wednesday": [{"start": "03:00:00", "end": "04:00:00", "state": "market"}],
    "thursday": [{"start": "03:00:00", "end": "04:00:00", "state": "market"}],
    "friday": [{"start": "03:00:00", "end": "04:00:00", "state": "market"}]}
}})";

}  // namespace

TEST_CASE("fill-forward: after a daily bar closing off the hour grid, the hour holding the close is skipped") {
  // LEAN's FillForwardEnumerator (GetReferenceDateIntervals): after ZC's
  // 13:20 close the 13:00-14:00 step bar gets a copy only if [13:20, 14:20)
  // is open; the next copy is at the end of the step bar holding the next
  // open (09:00).
  const MarketHoursDatabase db = MarketHoursDatabase::from_text(kFuturesDb, "futures.json");
  const ExchangeHours zc = db.entry("Future", "cbot", "ZC");
  const ExchangeHours night = db.entry("Equity", "test", "NIGHT");
  CalendarSpec spec;
  spec.data = {BarSchedule{&zc, 0, false, true, true}, BarSchedule{&night, kHour, false, true, true}};
  spec.no_start_slice = true;
  spec.start = chicago(2024, 11, 25);
  spec.end_exclusive = chicago(2024, 11, 30);  // Mon .. Fri; Thanksgiving closed, Friday closes at 12:05
  const std::vector<Slice> s = slices(spec);
  const std::set<Instant> t = times_of(s);
  // Monday: the first real bar at 13:20, nothing before it, no copy at 14:00.
  CHECK_FALSE(t.count(chicago(2024, 11, 25, 13)));
  CHECK(t.count(chicago(2024, 11, 25, 13, 20)));
  CHECK_FALSE(t.count(chicago(2024, 11, 25, 14)));
  // Tuesday, Wednesday: copies 09:00 .. 13:00, the bar at 13:20, and no 14:00.
  for (unsigned day : {26u, 27u}) {
    CAPTURE(day);
    for (int h = 9; h <= 13; ++h) CHECK(t.count(chicago(2024, 11, day, h)));
    CHECK(t.count(chicago(2024, 11, day, 13, 20)));
    CHECK_FALSE(t.count(chicago(2024, 11, day, 14)));
  }
  // Friday's 12:05 early close: copies 09:00 .. 12:00, the bar at 12:05, no 13:00.
  for (int h = 9; h <= 12; ++h) CHECK(t.count(chicago(2024, 11, 29, h)));
  CHECK(t.count(chicago(2024, 11, 29, 12, 5)));
  CHECK_FALSE(t.count(chicago(2024, 11, 29, 13)));
  // ZC: 1 + (5 + 1) x 2 + (4 + 1) = 18; NIGHT's 03:00-04:00 UTC bar each weekday
  // inside the range (Tue .. Fri at 04:00 UTC, and Sat's is outside): 4.
  CHECK(s.size() == 18 + 4);
  for (const auto& x : s) CHECK(x.data);
}

TEST_CASE("fill-forward: the hour holding an off-grid close keeps its copy when [close, close + step) is open") {
  // The post-market 13:20-14:30 is open during [13:20, 14:20) with extended
  // hours: the 14:00 copy is made, then 15:00 (the bar 14:00-15:00 overlaps
  // 14:30). Without extended hours it is not.
  const MarketHoursDatabase db = MarketHoursDatabase::from_text(kFuturesDb, "futures.json");
  const ExchangeHours zc = db.entry("Future", "cbot", "ZCPOST");
  const ExchangeHours night = db.entry("Equity", "test", "NIGHT");
  CalendarSpec spec;
  spec.data = {BarSchedule{&zc, 0, true, true, true}, BarSchedule{&night, kHour, false, true, true}};
  spec.no_start_slice = true;
  spec.start = chicago(2024, 11, 25);
  spec.end_exclusive = chicago(2024, 11, 26, 12);  // Monday's bar, then Tuesday morning
  std::set<Instant> t = times_of(slices(spec));
  CHECK(t.count(chicago(2024, 11, 25, 13, 20)));
  CHECK(t.count(chicago(2024, 11, 25, 14)));
  CHECK(t.count(chicago(2024, 11, 25, 15)));
  CHECK_FALSE(t.count(chicago(2024, 11, 25, 16)));
  CHECK(t.count(chicago(2024, 11, 26, 9)));
  spec.data[0].extended = false;
  t = times_of(slices(spec));
  CHECK(t.count(chicago(2024, 11, 25, 13, 20)));
  CHECK_FALSE(t.count(chicago(2024, 11, 25, 14)));
  CHECK_FALSE(t.count(chicago(2024, 11, 25, 15)));
  CHECK(t.count(chicago(2024, 11, 26, 9)));
}

TEST_CASE("fill-forward: LEAN's ZC and SPX daily beside hourly data skip the hour holding the close") {
  if (!fs::exists(kLeanDb)) {
    MESSAGE("LEAN's market-hours database is absent; skipped");
    return;
  }
  const MarketHoursDatabase lean = MarketHoursDatabase::open(kLeanDb);
  const MarketHoursDatabase db = MarketHoursDatabase::from_text(kFuturesDb, "futures.json");
  const ExchangeHours night = db.entry("Equity", "test", "NIGHT");
  struct Case {
    const char* type;
    const char* ticker;
    int close_h, close_min;  // Chicago
  };
  for (const Case& c : {Case{"Future", "ZC", 13, 20}, Case{"Index", "SPX", 15, 15}}) {
    CAPTURE(c.ticker);
    const ExchangeHours h = lean.entry(c.type, c.type[0] == 'F' ? "cbot" : "usa", c.ticker);
    CalendarSpec spec;
    spec.data = {BarSchedule{&h, 0, false, true, true}, BarSchedule{&night, kHour, false, true, true}};
    spec.no_start_slice = true;
    spec.start = chicago(2024, 3, 4);
    spec.end_exclusive = chicago(2024, 3, 6);  // Monday, Tuesday
    const std::set<Instant> t = times_of(slices(spec));
    // Tuesday: copies 09:00 .. the hour before the close, the bar at the
    // close, and no copy at the end of the hour holding it.
    for (int hour = 9; hour <= c.close_h; ++hour) CHECK(t.count(chicago(2024, 3, 5, hour)));
    CHECK(t.count(chicago(2024, 3, 5, c.close_h, c.close_min)));
    CHECK_FALSE(t.count(chicago(2024, 3, 5, c.close_h + 1)));
  }
}

TEST_CASE("fill-forward: a filled-forward subscription ends at its first point at or past the end") {
  // LEAN's FillForwardEnumerator (MoveNext; FillForwardEnumeratorTests
  // FillForwardsUntilSubscriptionEnd): the bar arriving after the end is
  // never emitted; the copy due first at or past the end instant is the last.
  const MarketHoursDatabase db = MarketHoursDatabase::open(kSampleDb);
  const ExchangeHours spy = db.entry("Equity", "usa", "SPY");
  const ExchangeHours btc = db.entry("Crypto", "coinbase", "BTCUSD");
  const ExchangeHours fx = db.entry("Forex", "oanda", "EURUSD");

  SUBCASE("crypto daily beside SPY minute: copies every minute to 00:00 after the end date, not the 19:00 bar") {
    CalendarSpec spec;
    spec.data = {BarSchedule{&btc, 0, false, false, true}, BarSchedule{&spy, kMinute, false, true, true}};
    spec.start = ny(2024, 1, 8);
    spec.end_exclusive = ny(2024, 1, 10);  // Monday, Tuesday
    const std::vector<Slice> s = slices(spec);
    // The bar of UTC Jan 8 arrives Mon 19:00 EST; copies every minute
    // after it to Wed 00:00; the bar of UTC Jan 10 (Tue 19:00 .. Wed 19:00
    // EST, begun before the end) is never emitted.
    CHECK(s.back().time == ny(2024, 1, 10));
    const std::set<Instant> t = times_of(s);
    CHECK_FALSE(t.count(ny(2024, 1, 10, 19)));
    CHECK(t.count(ny(2024, 1, 9, 19)));
    // Start slice, Monday's 390 SPY minutes, the 19:00 bar and its copies to
    // 00:00 (300), Tuesday's 1,440 minutes (00:01 .. 24:00).
    CHECK(s.size() == 1 + 390 + 1 + 300 + 1440);
    // Alone, the daily subscription is not filled forward and its last bar comes.
    spec.data.pop_back();
    CHECK(slices(spec).back().time == ny(2024, 1, 10, 19));
  }
  SUBCASE("forex daily ending on a Saturday: one copy at the Sunday open, nothing after") {
    CalendarSpec spec;
    spec.data = {BarSchedule{&fx, 0, false, false, true}, BarSchedule{&spy, kMinute, false, true, true}};
    spec.start = ny(2024, 1, 8);
    spec.end_exclusive = ny(2024, 1, 14);  // Monday .. Saturday
    const std::vector<Slice> s = slices(spec);
    // The sample file's week opens Sunday 17:00: the first copy at or past
    // the end is at 17:01, before the bar of UTC Jan 14 (Sun 19:00 EST).
    CHECK(s.back().time == ny(2024, 1, 14, 17, 1));
    // Before it: the bar of UTC Jan 12, arriving Friday 19:00 EST.
    CHECK(s[s.size() - 2].time == ny(2024, 1, 12, 19));
    CHECK(s[s.size() - 3].time == ny(2024, 1, 12, 17));  // Friday's last forex minute
  }
  SUBCASE("LEAN's Oanda: the copy lands at Sunday 17:04") {
    if (!fs::exists(kLeanDb)) {
      MESSAGE("LEAN's market-hours database is absent; skipped");
      return;
    }
    const MarketHoursDatabase lean = MarketHoursDatabase::open(kLeanDb);
    const ExchangeHours lfx = lean.entry("Forex", "oanda", "EURUSD");
    const ExchangeHours lspy = lean.entry("Equity", "usa", "SPY");
    CalendarSpec spec;
    spec.data = {BarSchedule{&lfx, 0, false, false, true}, BarSchedule{&lspy, kMinute, false, true, true}};
    spec.start = ny(2024, 1, 8);
    spec.end_exclusive = ny(2024, 1, 14);
    const std::vector<Slice> s = slices(spec);
    CHECK(s.back().time == ny(2024, 1, 14, 17, 4));
    CHECK(s[s.size() - 2].time == ny(2024, 1, 12, 19));
    CHECK(s[s.size() - 3].time == ny(2024, 1, 12, 16, 58));
  }
  SUBCASE("a strict daily bar is not filled forward after the end date's bar") {
    // SPY daily with extended hours beside QQQ minute: the end date's bar at
    // 16:00 is the last point; no post-market copies follow it.
    CalendarSpec spec;
    spec.data = {BarSchedule{&spy, 0, true, true, true}, BarSchedule{&spy, kMinute, false, true, true}};
    spec.start = ny(2024, 1, 8);
    spec.end_exclusive = ny(2024, 1, 10);
    CHECK(slices(spec).back().time == ny(2024, 1, 9, 16));
  }
}

TEST_CASE("fill-forward: a daily subscription with extended hours is filled forward on extended hours") {
  // LEAN's StrictEndTimeLowerResolutionFillForward[WithExtendedMarketHours]-
  // RegressionAlgorithm: AAPL daily beside SPY minute gives
  // 1 + 390 AAPL points per later day, 1 + 960 with extended hours. The
  // daily bar itself stays at the regular close.
  const MarketHoursDatabase db = MarketHoursDatabase::open(kSampleDb);
  const ExchangeHours eq = db.entry("Equity", "usa", "AAPL");
  CalendarSpec spec;
  spec.data = {BarSchedule{&eq, 0, true, true, true}, BarSchedule{&eq, kMinute, false, true, true}};
  spec.start = ny(2024, 1, 8);
  spec.end_exclusive = ny(2024, 1, 13);  // Monday .. Friday
  const std::vector<Slice> s = slices(spec);
  // Start slice; Monday 09:31 .. 20:00 (SPY's 390, then AAPL's bar at 16:00
  // and its 240 post-market copies); Tuesday .. Thursday 04:01 .. 20:00
  // (960); Friday 04:01 .. 16:00 (720: nothing after the end date's bar).
  CHECK(s.size() == 1 + 630 + 3 * 960 + 720);
  const std::set<Instant> t = times_of(s);
  CHECK(t.count(ny(2024, 1, 9, 4, 1)));
  CHECK_FALSE(t.count(ny(2024, 1, 9, 4)));
  CHECK(t.count(ny(2024, 1, 9, 20)));
  CHECK_FALSE(t.count(ny(2024, 1, 9, 20, 1)));
  CHECK(s.back().time == ny(2024, 1, 12, 16));
  // Regular hours: 390 a day.
  spec.data[0].extended = false;
  CHECK(slices(spec).size() == 1 + 5 * 390);
}
