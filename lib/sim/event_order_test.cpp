// LEAN's event ordering (docs/semantics.md#when-scheduled-events-fire), seen through the report's
// event list: ties by creation order, re-positioning by SortFirstElement.
#include "sim/backtest.h"
#include "testing.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace trainsim;

namespace {

std::string run_order(const std::string& events_json, const char* extra = "") {
  const Scenario s = testing::scenario_from(std::string(R"J({ "scheduled-event-leaky-bucket-capacity": 100000,
    "simulation": { "start": "2024-01-08", "end": "2024-01-09", "resolution": "minute", )J") + extra +
                                            R"J( "training": )J" + events_json + "}}");
  const SimulationResult r = run_backtest(s);
  REQUIRE(r.completed());
  std::string order;
  const auto declared = declared_events(s.sim);
  for (const auto& e : r.events) order += declared[static_cast<size_t>(e.event)]->name;
  return order;
}

}  // namespace

TEST_CASE("two daily 08:00 trainings always run in creation order (Daily Sampling sits between)") {
  const std::string order = run_order(R"J([
      { "name": "A", "date-rule": "EveryDay()", "time-rule": "At(8, 0)", "duration": "1s" },
      { "name": "B", "date-rule": "EveryDay()", "time-rule": "At(8, 0)", "duration": "1s" } ])J");
  CHECK(order == "ABAB");
}

TEST_CASE("identical hourly schedules rotate once no event sits between them") {
  // Worked by hand with LEAN's SortFirstElement: at 00:00 A, B, then Daily
  // Sampling; from 01:00 the pair alternates its lead: AB, BA, AB, ...
  const std::string order = run_order(R"J([
      { "name": "A", "date-rule": "On(2024, 1, 8)", "time-rule": "Every(TimeSpan.FromHours(1))", "duration": "1s" },
      { "name": "B", "date-rule": "On(2024, 1, 8)", "time-rule": "Every(TimeSpan.FromHours(1))", "duration": "1s" } ])J");
  REQUIRE(order.size() == 48);
  CHECK(order.substr(0, 12) == "ABABBAABBAAB");
}

TEST_CASE("past events fire one Scan each, in time order, stamped with their own time") {
  const Scenario s = testing::scenario_from(R"J({ "scheduled-event-leaky-bucket-capacity": 100000,
    "simulation": { "start": "2024-01-06", "end": "2024-01-08", "resolution": "minute",
      "training": [
        { "name": "late", "date-rule": "On(2024, 1, 7)", "time-rule": "At(9, 0)", "duration": "90s" },
        { "name": "early", "date-rule": "On(2024, 1, 7)", "time-rule": "At(8, 0)", "duration": "90s" } ] } })J");
  const SimulationResult r = run_backtest(s);
  REQUIRE(r.events.size() == 2);
  const TimeZone ny = *TimeZone::find("America/New_York");
  // Sunday's events run in Monday's first slice, earliest first, each in its own Scan
  // (its own free minute): 90 s costs one token each.
  CHECK(r.events[0].event == 1);
  CHECK(r.events[0].scheduled == ny.to_utc(day_from_ymd(2024, 1, 7), 8 * kHour));
  CHECK(r.events[0].fired == ny.to_utc(day_from_ymd(2024, 1, 8), 9 * kHour + 31 * kMinute));
  CHECK(r.events[1].event == 0);
  CHECK(r.events[0].charged == 1);
  CHECK(r.events[1].charged == 1);
}

TEST_CASE("events due in the same SetTime are separate Scans, each with its own free minute") {
  // Train(now) and a Midnight training both run in the start slice's SetTime.
  const Scenario s = testing::scenario_from(R"J({ "scheduled-event-leaky-bucket-capacity": 100000,
    "simulation": { "start": "2024-01-08", "end": "2024-01-08", "resolution": "minute",
      "training": [
        { "name": "now", "when": "now", "duration": "150s" },
        { "name": "midnight", "date-rule": "EveryDay()", "time-rule": "Midnight", "duration": "150s" } ] } })J");
  const SimulationResult r = run_backtest(s);
  REQUIRE(r.events.size() == 2);
  CHECK(r.events[0].charged == 2);
  CHECK(r.events[1].charged == 2);
  CHECK(r.events[0].fired == r.events[1].fired);
}
