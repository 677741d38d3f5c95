// Tests for the calendar's "no silently wrong answer" rules: the bundled US
// equity holidays (1998-2030) against LEAN's own database year by year, the
// warning when a run goes beyond the years an entry's holidays cover, a
// recorded calendar counting trading days by the exchange's date, and
// market-hours values of the wrong type named by key path.
#include "calendar/exchange_hours.h"
#include "calendar/market_hours_database.h"
#include "input/input_error.h"
#include "sim/backtest.h"
#include "sim/scenario.h"

#include <doctest/doctest.h>

#include "calendar/calendar_testing.h"
#include "testing.h"

#include <filesystem>
#include <string>
#include <vector>

using namespace trainsim;
namespace fs = std::filesystem;

namespace {

using testing::kSampleDb;
using testing::kLeanDb;

using testing::contains;
using calendar_test::open_days;

}  // namespace

TEST_CASE("holidays: the bundled US equity entry covers 1998-2030 with NYSE's unscheduled closures") {
  const ExchangeHours h = MarketHoursDatabase::open(kSampleDb).entry("Equity", "usa", "SPY");
  CHECK(ymd_of(h.holidays.front()).year == 1998);
  CHECK(ymd_of(h.holidays.back()).year == 2030);
  for (const auto& [y, m, d] : std::vector<std::tuple<int, unsigned, unsigned>>{
           {2001, 9, 11}, {2001, 9, 12}, {2001, 9, 13}, {2001, 9, 14}, {2004, 6, 11}, {2007, 1, 2},
           {2012, 10, 29}, {2012, 10, 30}, {2018, 12, 5}, {2025, 1, 9}}) {
    const auto& y_ = y;  // clang 14 cannot capture a structured binding
    CAPTURE(y_);
    const auto& d_ = d;  // clang 14 cannot capture a structured binding
    CAPTURE(d_);
    CHECK_FALSE(h.is_date_open(day_from_ymd(y, m, d)));
  }
  CHECK(open_days(h, 2001) == 248);
  CHECK(open_days(h, 2012) == 250);
  CHECK(open_days(h, 2008) == 253);
  CHECK(h.is_date_open(day_from_ymd(1999, 12, 31)));  // New Year's Day 2000 fell on a Saturday
  CHECK(h.early_close_on(day_from_ymd(2002, 7, 5)) != nullptr);
}

TEST_CASE("holidays: the bundled US equity trading days agree with LEAN's database every year both cover") {
  if (!fs::exists(kLeanDb)) {
    MESSAGE("LEAN's market-hours database not found at " << kLeanDb.string() << "; comparison skipped");
    return;
  }
  const ExchangeHours mine = MarketHoursDatabase::open(kSampleDb).entry("Equity", "usa", "SPY");
  const ExchangeHours lean = MarketHoursDatabase::open(kLeanDb).entry("Equity", "usa", "SPY");
  const int from = std::max(ymd_of(mine.holidays.front()).year, ymd_of(lean.holidays.front()).year);
  const int to = std::min(ymd_of(mine.holidays.back()).year, ymd_of(lean.holidays.back()).year);
  CHECK(to - from >= 30);  // 1998-2028
  for (int y = from; y <= to; ++y) {
    CAPTURE(y);
    CHECK(open_days(mine, y) == open_days(lean, y));
  }
}

TEST_CASE("holidays: a run beyond the years an entry's holidays cover warns once, naming entry and years") {
  std::vector<std::string> w;
  testing::scenario_from(R"({"simulation": {"start": "1990-01-02", "end": "2024-12-31"}})", {}, &w);
  int coverage = 0;
  for (const auto& x : w)
    if (contains(x, "lists holidays for")) {
      ++coverage;
      CHECK(contains(x, "Equity-usa-[*]"));
      CHECK(contains(x, "1998-2030"));
    }
  CHECK(coverage == 1);  // the security and the benchmark share the entry: one warning
  std::vector<std::string> none;
  testing::scenario_from(R"({"simulation": {"start": "2005-01-01", "end": "2024-12-31"}})", {}, &none);
  for (const auto& x : none) CHECK_FALSE(contains(x, "lists holidays for"));
  // A market without holidays (24/7 crypto) never warns.
  std::vector<std::string> crypto;
  testing::scenario_from(R"({"simulation": {"start": "1990-01-01", "end": "1990-01-05", "security": "Crypto-coinbase-BTCUSD",
                             "benchmark": false}})", {}, &crypto);
  for (const auto& x : crypto) CHECK_FALSE(contains(x, "lists holidays for"));
}

TEST_CASE("recorded calendar: trading days are counted by the exchange's date, not the UTC date") {
  testing::TempDir dir;
  // 18:59 and 19:01 New York on one day straddle midnight UTC (EST, UTC-5).
  dir.write("calendar.csv", "2024-01-02T18:59:00\n2024-01-02T19:01:00\n");
  const auto cfg = dir.write("config.json", R"({"simulation": {"start": "2024-01-02", "end": "2024-01-02",
    "benchmark": false, "calendar": {"trace": "calendar.csv"}}})");
  std::vector<std::string> w;
  const Scenario s = load_scenario(load_config_document(cfg), w);
  const SimulationResult r = run_backtest(s);
  CHECK(r.trading_days == 1);
}

TEST_CASE("market hours: a segment time of the wrong type names the file and key path") {
  std::string text = R"({"entries": {"Equity-usa-[*]": {"exchangeTimeZone": "America/New_York",
    "monday": [{"start": 930, "end": "16:00:00", "state": "market"}]}}})";
  try {
    MarketHoursDatabase::from_text(text, "mhdb.json").entry("Equity", "usa", "SPY");
    FAIL("no error");
  } catch (const InputError& e) {
    const std::string m = e.what();
    CHECK(contains(m, "mhdb.json"));
    CHECK(contains(m, "entries.Equity-usa-[*].monday[0].start"));
    CHECK(contains(m, "expected a string, got 930"));
  }
}
