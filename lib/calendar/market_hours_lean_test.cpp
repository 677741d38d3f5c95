// Tests for reading LEAN's market-hours database as LEAN does: every key of
// its real file, .NET TimeSpan spellings of a segment's end ("1:00:00:00"),
// and LEAN's fallbacks (a future option on its future's entry, an option
// without holidays taking its underlying's, a wildcard merged only when LEAN
// has built it first).
#include "calendar/market_hours_database.h"
#include "civil/civil_time.h"
#include "input/input_error.h"
#include "testing.h"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

using namespace trainsim;
namespace fs = std::filesystem;

namespace {

using testing::kLeanDb;

// One entry open on Mondays from `start` to `end`, in a database of its own.
ExchangeHours monday(const std::string& start, const std::string& end) {
  const std::string text = R"({"entries": {"Index-usa-X": {"exchangeTimeZone": "America/Chicago",
      "monday": [{"start": ")" + start + R"(", "end": ")" + end + R"(", "state": "market"}]}}})";
  return MarketHoursDatabase::from_text(text, "x.json").entry("Index", "usa", "X");
}

std::string error_of_monday(const std::string& start, const std::string& end) {
  try {
    monday(start, end);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("market hours: segment times are read as .NET TimeSpans, 24:00 spelled every way LEAN does") {
  for (const char* day_end : {"1.00:00:00", "1:00:00:00", "24:00:00", "1", "1.00:00", "1:00:00:00.0000000"}) {
    CAPTURE(day_end);
    const ExchangeHours h = monday("19:15:00", day_end);
    REQUIRE(h.weekly[1].size() == 1);
    CHECK(h.weekly[1][0].start == 19 * kHour + 15 * kMinute);
    CHECK(h.weekly[1][0].end == kDay);
  }
  CHECK(monday("0:08:30:00", "15:15").weekly[1][0].start == 8 * kHour + 30 * kMinute);
  CHECK(monday("0.08:30:00", "15:15").weekly[1][0].end == 15 * kHour + 15 * kMinute);
  CHECK(monday("08:30:00.25", "15:15:00").weekly[1][0].start == 8 * kHour + 30 * kMinute + kSecond / 4);
  // Beyond a day, malformed, or finer than a microsecond: a clear error naming the segment.
  for (const auto& [start, end] : std::vector<std::pair<std::string, std::string>>{
           {"08:00:00", "1:00:00:01"}, {"08:00:00", "2:00:00:00"}, {"08:00", "1::00:00"}, {"08:00:00", "9:60:00"},
           {"08:00:00", "1:00:00:00:00"}, {"08:00:00.00000001", "09:00"}, {"08:00:00.0000001", "09:00"},
           {"-1:00:00", "09:00"}, {"08:00:00", ""}, {"08:00:00", "1:00:00:00 "}}) {
    const auto& start_ = start;  // clang 14 cannot capture a structured binding
    CAPTURE(start_);
    const auto& end_ = end;  // clang 14 cannot capture a structured binding
    CAPTURE(end_);
    CHECK(error_of_monday(start, end).find("entries.Index-usa-X.monday[0]: bad start/end times") != std::string::npos);
  }
}

TEST_CASE("market hours: a future option without an entry uses its future's, as LEAN's lookup does") {
  const std::string text = R"({"entries": {
    "Future-cme-[*]": {"exchangeTimeZone": "America/Chicago", "holidays": ["1/1/2024"]},
    "Future-cme-ES": {"exchangeTimeZone": "America/New_York",
      "monday": [{"start": "09:30:00", "end": "17:00:00", "state": "market"}], "earlyCloses": {"7/3/2024": "13:00:00"}},
    "Future-cbot-ZC": {"exchangeTimeZone": "America/Chicago",
      "monday": [{"start": "08:30:00", "end": "13:20:00", "state": "market"}]},
    "FutureOption-cme-NQ": {"exchangeTimeZone": "Asia/Tokyo"}
  }})";
  const MarketHoursDatabase db = MarketHoursDatabase::from_text(text, "fop.json");
  const MarketHoursDatabase indexed = db.indexed();
  for (const MarketHoursDatabase* d : std::vector<const MarketHoursDatabase*>{&db, &indexed}) {
    const MarketHoursDatabase& x = *d;
    // ES options share ES's ticker; ZC's options are OZC (GLOBEX).
    const ExchangeHours es = x.entry("FutureOption", "cme", "ES");
    CHECK(es.key == "Future-cme-ES");
    CHECK(x.entry_key("FutureOption", "cme", "ES") == "Future-cme-ES");
    CHECK(es.exchange_zone.name() == "America/New_York");
    CHECK(es.holidays == std::vector<Day>{day_from_ymd(2024, 1, 1)});  // merged with Future-cme-[*]
    CHECK(es.early_closes.size() == 1);
    CHECK(x.entry("futureoption", "CBOT", "ozc").key == "Future-cbot-ZC");
    // An option's own entry wins; an unknown future falls to the future wildcard.
    CHECK(x.entry("FutureOption", "cme", "NQ").exchange_zone.name() == "Asia/Tokyo");
    CHECK(x.entry("FutureOption", "cme", "GF").key == "Future-cme-[*]");
    // Nothing at all: the error names every key LEAN tries.
    try {
      x.entry("FutureOption", "cbot", "OZS");
      FAIL("no error for FutureOption-cbot-OZS");
    } catch (const InputError& e) {
      CHECK(std::string(e.what()).find("no market-hours entry for FutureOption-cbot-OZS (nor FutureOption-cbot-[*], "
                                       "Future-cbot-ZS, Future-cbot-[*])") != std::string::npos);
    }
    // Other types have no such fallback.
    CHECK_THROWS_AS(x.entry("Option", "cme", "ES"), InputError);
  }
}

TEST_CASE("market hours: options without lists take their underlying's; a wildcard after an entry is not merged") {
  const std::string text = R"({"entries": {
    "Index-usa-[*]": {"exchangeTimeZone": "America/Chicago", "holidays": ["1/1/2024", "12/25/2024"],
      "earlyCloses": {"11/29/2024": "12:15:00"}},
    "Index-usa-SPX": {"exchangeTimeZone": "America/Chicago", "holidays": ["7/4/2024"]},
    "IndexOption-usa-[*]": {"exchangeTimeZone": "America/Chicago"},
    "IndexOption-usa-SPX": {"exchangeTimeZone": "America/Chicago", "lateOpens": {"3/1/2024": "10:00:00"}},
    "IndexOption-usa-SPXW": {"exchangeTimeZone": "America/Chicago"},
    "Index-eurex-DAX": {"exchangeTimeZone": "Europe/Berlin", "holidays": ["5/1/2024"]},
    "Index-eurex-[*]": {"exchangeTimeZone": "Europe/Berlin", "holidays": ["12/24/2024"]},
    "Option-usa-[*]": {"exchangeTimeZone": "America/New_York"},
    "Equity-usa-[*]": {"exchangeTimeZone": "America/New_York", "holidays": ["1/15/2024"]}
  }})";
  const MarketHoursDatabase db = MarketHoursDatabase::from_text(text, "options.json");
  const std::vector<Day> spx_holidays = {day_from_ymd(2024, 1, 1), day_from_ymd(2024, 7, 4), day_from_ymd(2024, 12, 25)};
  CHECK(db.entry("Index", "usa", "SPX").holidays == spx_holidays);
  // SPX options: the underlying's holidays and early close (its own late open kept).
  const ExchangeHours spx = db.entry("IndexOption", "usa", "SPX");
  CHECK(spx.holidays == spx_holidays);
  CHECK(spx.early_closes.size() == 1);
  CHECK(spx.late_opens.size() == 1);
  // SPXW's underlying is SPX.
  CHECK(db.entry("IndexOption", "usa", "SPXW").holidays == spx_holidays);
  // An index option without an index entry: the index wildcard's lists.
  CHECK(db.entry("IndexOption", "usa", "XYZ").holidays.size() == 2);
  // Equity options on the option wildcard, which takes the equity wildcard's.
  CHECK(db.entry("Option", "usa", "AAPL").holidays == std::vector<Day>{day_from_ymd(2024, 1, 15)});
  // DAX comes before its market's wildcard in the file: LEAN never merges them.
  CHECK(db.entry("Index", "eurex", "DAX").holidays == std::vector<Day>{day_from_ymd(2024, 5, 1)});
}

// segments_on reads the table index() builds; compute_segments_on works the
// day out from the entry's lists. They must agree on every special day, the
// days beside each, and every day of some ordinary years; so must the
// questions the rules ask (is_date_open, first_open, last_close), read off
// the table's facts, against the same entry never indexed.
static void check_index_agrees(const ExchangeHours& h) {
  ExchangeHours plain;  // the same fields, no table
  plain.key = h.key;
  plain.exchange_zone = h.exchange_zone;
  plain.data_zone = h.data_zone;
  plain.weekly = h.weekly;
  plain.holidays = h.holidays;
  plain.early_closes = h.early_closes;
  plain.late_opens = h.late_opens;
  std::vector<Day> days;
  for (Day d : h.holidays) days.push_back(d);
  for (const auto& [d, t] : h.early_closes) days.push_back(d);
  for (const auto& [d, t] : h.late_opens) days.push_back(d);
  const size_t specials = days.size();
  for (size_t i = 0; i < specials; ++i) {
    days.push_back(days[i] - 1);
    days.push_back(days[i] + 1);
  }
  for (Day d = day_from_ymd(2020, 1, 1); d <= day_from_ymd(2025, 12, 31); ++d) days.push_back(d);
  days.push_back(day_from_ymd(1900, 1, 1));
  days.push_back(day_from_ymd(2100, 1, 1));
  for (Day d : days) {
    const DaySegments a = h.segments_on(d), b = h.compute_segments_on(d);
    CAPTURE(d);
    REQUIRE(a.count == b.count);
    for (int i = 0; i < a.count; ++i) {
      const MarketSegment &x = a.items[static_cast<size_t>(i)], &y = b.items[static_cast<size_t>(i)];
      CHECK(x.start == y.start);
      CHECK(x.end == y.end);
      CHECK(x.state == y.state);
    }
    for (bool extended : {false, true}) {
      CAPTURE(extended);
      CHECK(h.is_date_open(d, extended) == plain.is_date_open(d, extended));
      Micros t1 = -1, t2 = -1;
      CHECK(h.first_open(d, extended, t1) == plain.first_open(d, extended, t2));
      CHECK(t1 == t2);
      t1 = t2 = -1;
      CHECK(h.last_close(d, extended, t1) == plain.last_close(d, extended, t2));
      CHECK(t1 == t2);
    }
  }
}

TEST_CASE("exchange hours: the indexed day table gives every entry's computed segments (LEAN's file, the sample)") {
  std::vector<fs::path> files{fs::path(TRAINSIM_SOURCE_DIR) / "sample_data" / "market-hours" / "market-hours-database.json"};
  if (fs::exists(kLeanDb)) files.push_back(kLeanDb);
  else MESSAGE("LEAN's market-hours database is not at " << kLeanDb.string() << "; the sample only");
  int entries = 0, with_specials = 0;
  for (const fs::path& file : files) {
    std::ifstream in(file);
    const nlohmann::json json = nlohmann::json::parse(in, nullptr, true, true);
    const MarketHoursDatabase db = MarketHoursDatabase::open(file);
    for (const auto& [key, value] : json.at("entries").items()) {
      const auto& key_ = key;  // clang 14 cannot capture a structured binding
      CAPTURE(key_);
      const size_t a = key.find('-'), b = key.find('-', a + 1);
      REQUIRE(b != std::string::npos);
      const ExchangeHours h = db.entry(key.substr(0, a), key.substr(a + 1, b - a - 1), key.substr(b + 1));
      check_index_agrees(h);
      ++entries;
      with_specials += !h.holidays.empty() && !h.early_closes.empty();
    }
  }
  CHECK(entries > 0);
  CHECK(with_specials > 0);
  // An entry changed after it was indexed answers from the change once indexed again.
  ExchangeHours h = MarketHoursDatabase::open(files.front()).entry("Equity", "usa", "SPY");
  const Day monday = day_from_ymd(2024, 1, 8);
  REQUIRE(h.segments_on(monday).count > 0);
  h.holidays.insert(std::lower_bound(h.holidays.begin(), h.holidays.end(), monday), monday);
  h.late_opens = {{monday + 1, 10 * kHour}};
  h.index();
  CHECK(h.segments_on(monday).empty());
  check_index_agrees(h);
}

TEST_CASE("market hours: every entry of LEAN's own database loads and gives its hours") {
  if (!fs::exists(kLeanDb)) {
    MESSAGE("LEAN's market-hours database is not at " << kLeanDb.string() << "; skipped");
    return;
  }
  std::ifstream in(kLeanDb);
  const nlohmann::json file = nlohmann::json::parse(in, nullptr, true, true);
  const MarketHoursDatabase db = MarketHoursDatabase::open(kLeanDb);
  int entries = 0, trading = 0;
  for (const auto& [key, value] : file.at("entries").items()) {
    const auto& key_ = key;  // clang 14 cannot capture a structured binding
    CAPTURE(key_);
    const size_t a = key.find('-'), b = key.find('-', a + 1);
    REQUIRE(b != std::string::npos);
    ExchangeHours h;
    REQUIRE_NOTHROW(h = db.entry(key.substr(0, a), key.substr(a + 1, b - a - 1), key.substr(b + 1)));
    CHECK(h.key == key);
    ++entries;
    // Its hours over 2024: every open segment within the day, in order.
    bool any_open = false;
    for (Day d = day_from_ymd(2024, 1, 1); d <= day_from_ymd(2024, 12, 31); ++d) {
      Micros previous_end = 0;
      for (const auto& s : h.segments_on(d)) {
        CHECK(s.start >= previous_end);
        CHECK(s.end <= kDay);
        CHECK(s.start < s.end);
        previous_end = s.end;
      }
      any_open = any_open || h.is_date_open(d, true);
    }
    // An entry with segments of its own trades on some day of the year.
    bool has_segments = false;
    for (const auto& w : h.weekly) has_segments = has_segments || !w.empty();
    CHECK(any_open == has_segments);
    trading += any_open;
  }
  CHECK(entries == static_cast<int>(file.at("entries").size()));
  MESSAGE(entries << " entries read, " << trading << " with trading days in 2024");
  // The two the issue names: SPX index options' 24:00 written "1:00:00:00",
  // and ES options, which have no entry of their own.
  const ExchangeHours spx = db.entry("IndexOption", "usa", "SPX");
  CHECK(spx.weekly[1].back().end == kDay);
  CHECK(spx.holidays.size() == db.entry("Index", "usa", "SPX").holidays.size());
  CHECK_FALSE(spx.holidays.empty());
  CHECK(db.entry("FutureOption", "cme", "ES").key == "Future-cme-ES");
  // Equity options take the equity wildcard's holidays.
  CHECK(db.entry("Option", "usa", "SPY").holidays == db.entry("Equity", "usa", "SPY").holidays);
}
