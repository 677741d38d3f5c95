// Tests for inputs that were once accepted silently and simulated wrongly: a
// recorded calendar beyond the dates, an impossible UTC offset, a market-hours
// entry that is never open.
#include "sim/scenario.h"

#include <doctest/doctest.h>

#include "testing.h"

#include <string>
#include <vector>

using namespace trainsim;
using testing::contains;
using testing::error_of;
using testing::TempDir;

namespace {

std::string load_error(const TempDir& dir, const std::string& config) {
  const auto cfg = dir.write("config.json", config);
  return error_of([&] {
    std::vector<std::string> w;
    (void)load_scenario(load_config_document(cfg), w);
  });
}

constexpr const char* kRecorded = R"({"simulation": {"start": "2024-01-02", "end": "2024-01-03",
    "benchmark": false, "calendar": {"trace": "calendar.csv"}}})";

}  // namespace

TEST_CASE("recorded calendar: rows outside start..end are refused, naming how many and the first") {
  TempDir dir;
  dir.write("calendar.csv", "2024-01-02T09:31:00\n2024-01-03T09:31:00\n2024-01-04T09:31:00\n2024-01-05T09:31:00\n");
  const std::string e = load_error(dir, kRecorded);
  CHECK(contains(e, "simulation.calendar.trace"));
  CHECK(contains(e, "2 of 4 rows lie outside simulation.start..end (2024-01-02 to 2024-01-03)"));
  CHECK(contains(e, "2024-01-04"));
  dir.write("calendar.csv", "2024-01-02T09:31:00\n2024-01-03T09:31:00\n");
  CHECK(load_error(dir, kRecorded).empty());
}

TEST_CASE("recorded calendar: a UTC offset beyond +-14:00 or with trailing text is refused") {
  TempDir dir;
  dir.write("calendar.csv", "2024-01-02T09:31:00+99:00\n");
  const std::string e = load_error(dir, kRecorded);
  CHECK(contains(e, "calendar.csv:1"));
  CHECK(contains(e, "out of range"));
  dir.write("calendar.csv", "2024-01-02T09:31:00-05:00junk\n");
  CHECK(contains(load_error(dir, kRecorded), "bad UTC offset"));
  dir.write("calendar.csv", "2024-01-02T23:31:00+14:00\n2024-01-02T09:31:00-05:00\n");
  CHECK(load_error(dir, kRecorded).empty());
}

TEST_CASE("market hours: an entry with no open hours on any day is warned about") {
  TempDir dir;
  dir.write("data/market-hours/market-hours-database.json",
            R"({"entries": {"Equity-usa-[*]": {"exchangeTimeZone": "America/New_York", "dataTimeZone": "America/New_York",
               "sunday": [], "monday": [], "tuesday": [], "wednesday": [], "thursday": [], "friday": [], "saturday": [],
               "holidays": []}}})");
  const auto cfg = dir.write("config.json", R"({"data-folder": "data", "simulation": {"start": "2024-01-02",
    "end": "2024-01-05", "training": [{"name": "t", "when": "now", "duration": "1m"}]}})");
  std::vector<std::string> w;
  (void)load_scenario(load_config_document(cfg), w);
  bool warned = false;
  for (const auto& x : w) warned = warned || contains(x, "has no open hours on any day");
  CHECK(warned);
}
