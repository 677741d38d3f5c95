// Tests for the market-hours database (the sample file and, when present, LEAN's
// real one) and the hours it gives (docs/semantics.md#market-hours): the wildcard
// fallback, unknown markets, the indexed lookup, late opens and early closes, and
// LEAN's off-by-one on an early close between segments. The timeslices these hours
// make: calendar_timeslices_test.cpp.
#include "calendar/exchange_hours.h"
#include "calendar/market_hours_database.h"
#include "civil/civil_time.h"
#include "input/input_error.h"

#include <doctest/doctest.h>

#include "calendar/calendar_testing.h"
#include "testing.h"

#include <algorithm>
#include <array>
#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <vector>

using namespace trainsim;
using namespace trainsim::calendar_test;
namespace fs = std::filesystem;

namespace {

// Oanda EURUSD from LEAN's own file, when it is beside the checkout.
std::optional<ExchangeHours> lean_oanda_eurusd() {
  if (!fs::exists(kLeanDb)) {
    MESSAGE("LEAN's market-hours database is absent; skipped");
    return std::nullopt;
  }
  return MarketHoursDatabase::open(kLeanDb).entry("Forex", "oanda", "EURUSD");
}

}  // namespace

TEST_CASE("market hours: Equity-usa-SPY falls back to Equity-usa-[*] with New York hours") {
  for (const auto& [label, db] : databases()) {
    const std::string database = label;  // a structured binding: clang 14 cannot capture it
    CAPTURE(database);
    const ExchangeHours h = db.entry("Equity", "usa", "SPY");
    CHECK(h.key == "Equity-usa-[*]");
    CHECK(h.exchange_zone.name() == "America/New_York");
    CHECK(h.data_zone.name() == "America/New_York");
    CHECK(h.weekly[0].empty());
    CHECK(h.weekly[6].empty());
    const DaySegments wed = h.segments_on(day_from_ymd(2024, 1, 10));
    REQUIRE(wed.count == 3);
    CHECK(wed.items[0].start == 4 * kHour);
    CHECK(wed.items[0].state == SegmentState::PreMarket);
    CHECK(wed.items[1].start == 9 * kHour + 30 * kMinute);
    CHECK(wed.items[1].end == 16 * kHour);
    CHECK(wed.items[1].state == SegmentState::Market);
    CHECK(wed.items[2].end == 20 * kHour);
    // The day after Thanksgiving 2024 closes at 13:00: pre 04:00-09:30 and market 09:30-13:00.
    const DaySegments early = h.segments_on(day_from_ymd(2024, 11, 29));
    REQUIRE(early.count == 2);
    CHECK(early.items[1].end == 13 * kHour);
    CHECK(h.segments_on(day_from_ymd(2024, 12, 25)).empty());
    CHECK_FALSE(h.is_date_open(day_from_ymd(2024, 7, 4)));
    CHECK(h.is_date_open(day_from_ymd(2024, 7, 3)));
    CHECK_FALSE(h.is_date_open(day_from_ymd(2024, 1, 6)));  // Saturday
    CHECK_FALSE(h.always_open());
    // Keys are case-insensitive.
    CHECK(db.entry("equity", "USA", "spy").key == h.key);
  }
}

TEST_CASE("market hours: an unknown market is an error naming the file") {
  const MarketHoursDatabase db = MarketHoursDatabase::open(kSampleDb);
  try {
    db.entry("Equity", "mars", "XYZ");
    FAIL("no error for Equity-mars-XYZ");
  } catch (const InputError& e) {
    CHECK(std::string(e.what()).find(kSampleDb.string()) != std::string::npos);
    CHECK(std::string(e.what()).find("Equity-mars-XYZ") != std::string::npos);
  }
  CHECK_THROWS_AS(MarketHoursDatabase::open("/nonexistent/market-hours-database.json"), InputError);
}

TEST_CASE("market hours: the indexed database answers every lookup as the searched one does") {
  // Tricky text: a key spelled in another case, one that is not followed by
  // an object, a quoted text that only looks like a key, a later duplicate.
  const std::string text = R"({"entries": {
    "equity-USA-[*]": {"exchangeTimeZone": "America/New_York", "monday": [{"start": "09:30:00", "end": "16:00:00"}]},
    "Equity-usa-AAA": "not an object",
    "note": "\"Equity-usa-BBB\": {",
    "Equity-usa-BBB": {"exchangeTimeZone": "Europe/London", "tuesday": [{"start": "08:00:00", "end": "16:30:00"}]},
    "Equity-usa-CCC": {"exchangeTimeZone": "Asia/Tokyo"},
    "EQUITY-usa-ccc": {"exchangeTimeZone": "Europe/Paris"},
    "Forex-oanda-[*]": {"exchangeTimeZone": "UTC"}
  }})";
  const MarketHoursDatabase searched = MarketHoursDatabase::from_text(text, "tricky.json");
  const MarketHoursDatabase indexed = searched.indexed();
  CHECK_FALSE(searched.is_indexed());
  CHECK(indexed.is_indexed());
  auto answer = [](const MarketHoursDatabase& db, const char* type, const char* market, const char* ticker) {
    try {
      const ExchangeHours h = db.entry(type, market, ticker);
      return db.entry_key(type, market, ticker) + " | " + h.key + " | " + h.exchange_zone.name() + " | " +
             std::to_string(h.weekly[1].size()) + std::to_string(h.weekly[2].size());
    } catch (const InputError& e) {
      return std::string("error: ") + e.what();
    }
  };
  for (const auto& [type, market, ticker] : std::vector<std::array<const char*, 3>>{
           {"Equity", "usa", "SPY"}, {"Equity", "usa", "AAA"}, {"Equity", "usa", "BBB"}, {"Equity", "usa", "bbb"},
           {"Equity", "usa", "CCC"}, {"equity", "usa", "ccc"}, {"Equity", "usa", "[*]"}, {"Forex", "oanda", "EURUSD"},
           {"Equity", "mars", "X"}, {"Equity", "usa", "B\"BB"}}) {
    const std::string symbol = ticker;  // as above
    CAPTURE(symbol);
    CHECK(answer(indexed, type, market, ticker) == answer(searched, type, market, ticker));
  }
  CHECK(answer(indexed, "Equity", "usa", "BBB").find("Europe/London") != std::string::npos);
  CHECK(answer(indexed, "Equity", "usa", "CCC").find("Asia/Tokyo") != std::string::npos);
  CHECK(answer(indexed, "Equity", "usa", "SPY").rfind("equity-USA-[*] | equity-USA-[*] | America/New_York | 10", 0) == 0);
  // LEAN's own database: every entry it holds, and tickers it does not.
  if (fs::exists(kLeanDb)) {
    const MarketHoursDatabase lean = MarketHoursDatabase::open(kLeanDb);
    const MarketHoursDatabase lean_indexed = lean.indexed();
    for (const auto& [type, market, ticker] : std::vector<std::array<const char*, 3>>{
             {"Equity", "usa", "SPY"}, {"Equity", "usa", "T123"}, {"Future", "cme", "ES"}, {"future", "CME", "es"},
             {"Forex", "oanda", "EURUSD"}, {"Crypto", "coinbase", "BTCUSD"}, {"Index", "usa", "SPX"}})
      CHECK(answer(lean_indexed, type, market, ticker) == answer(lean, type, market, ticker));
  }
}

TEST_CASE("calendar: late opens and early closes (docs/semantics.md#market-hours)") {
  const MarketHoursDatabase db = MarketHoursDatabase::open(kSampleDb);
  ExchangeHours h = db.entry("Equity", "usa", "SPY");
  const Day late = day_from_ymd(2024, 1, 10), both = day_from_ymd(2024, 1, 11), reopen = day_from_ymd(2024, 1, 12);
  h.late_opens = {{late, 10 * kHour}, {both, 10 * kHour}, {reopen, 12 * kHour}};
  h.early_closes.push_back({both, 13 * kHour});
  h.early_closes.push_back({reopen, 11 * kHour});
  std::sort(h.early_closes.begin(), h.early_closes.end());
  h.index();
  // A late open L: the first bar at L + step.
  const Slices l = day_bars(h, kMinute, false, 2024, 1, 10);
  CHECK(l.count() == 360);
  CHECK(l.times.front() == ny_at(2024, 1, 10, 10, 1));
  // Late open 10:00 and early close 13:00: the intersection, 10:01-13:00.
  const Slices b = day_bars(h, kMinute, false, 2024, 1, 11);
  CHECK(b.count() == 180);
  CHECK(b.times.back() == ny_at(2024, 1, 11, 13));
  // Close at 11:00 <= late open at 12:00: the market reopens (09:31-11:00 and 12:01-16:00).
  const Slices r = day_bars(h, kMinute, false, 2024, 1, 12);
  CHECK(r.count() == 90 + 240);
  const std::set<Instant> rt(r.times.begin(), r.times.end());
  CHECK(rt.count(ny_at(2024, 1, 12, 11, 0)));
  CHECK_FALSE(rt.count(ny_at(2024, 1, 12, 11, 1)));
  CHECK_FALSE(rt.count(ny_at(2024, 1, 12, 12, 0)));
  CHECK(rt.count(ny_at(2024, 1, 12, 12, 1)));
  // The pre-market is dropped before a late open, too.
  CHECK(day_bars(h, kMinute, true, 2024, 1, 10).times.front() == ny_at(2024, 1, 10, 10, 1));
}

TEST_CASE("exchange hours: an early close in a gap between segments drops the segment before it too (LEAN)") {
  // docs/semantics.md#market-hours: GetMarketHours sets index = i - 1 for the first
  // segment starting after the close C and keeps Take(index).
  ExchangeHours h;
  h.exchange_zone = ny();
  h.data_zone = ny();
  const Day monday = day_from_ymd(2018, 12, 24), next = day_from_ymd(2018, 12, 31), plain = day_from_ymd(2018, 12, 17);
  h.weekly[1] = {{0, 16 * kHour + 58 * kMinute, SegmentState::Market}, {17 * kHour + 3 * kMinute, kDay, SegmentState::Market}};
  h.early_closes = {{monday, 17 * kHour}, {next, 12 * kHour}};
  SUBCASE("Oanda's 17:00 close in the 16:58-17:03 break: no segment at all, the date is closed") {
    CHECK(h.segments_on(monday).empty());
    CHECK_FALSE(h.is_date_open(monday));
    CHECK(h.segments_on(plain).count == 2);
  }
  SUBCASE("a close inside a segment still cuts it there") {
    const DaySegments d = h.segments_on(next);
    REQUIRE(d.count == 1);
    CHECK(d.items[0].end == 12 * kHour);
  }
  SUBCASE("three segments, the close in the gap before the last: only the first is left") {
    h.weekly[1] = {{4 * kHour, 9 * kHour + 30 * kMinute, SegmentState::PreMarket},
                   {9 * kHour + 30 * kMinute, 13 * kHour, SegmentState::Market},
                   {14 * kHour, 20 * kHour, SegmentState::PostMarket}};
    h.early_closes = {{monday, 13 * kHour + 30 * kMinute}};
    const DaySegments d = h.segments_on(monday);
    REQUIRE(d.count == 1);
    CHECK(d.items[0].state == SegmentState::PreMarket);
    CHECK(h.is_date_open(monday, true));
    CHECK_FALSE(h.is_date_open(monday, false));
  }
}

TEST_CASE("exchange hours: LEAN's Oanda forex has no segment on 2018-12-24 and 2018-12-31") {
  const auto lean = lean_oanda_eurusd();
  if (!lean) return;
  const ExchangeHours& fx = *lean;
  CHECK(fx.segments_on(day_from_ymd(2018, 12, 24)).empty());
  CHECK(fx.segments_on(day_from_ymd(2018, 12, 31)).empty());
  CHECK_FALSE(fx.is_date_open(day_from_ymd(2018, 12, 24)));
  CHECK(fx.segments_on(day_from_ymd(2018, 12, 26)).count == 2);
  // Minute bars from 2018-12-24 00:00 to 2018-12-25 00:00 New York: only the
  // bar ending Sunday's session at 00:00.
  const Slices s = bars(fx, kMinute, false, ny_midnight(2018, 12, 24), ny_midnight(2018, 12, 25));
  CHECK(s.count() <= 1);
}
