// The report's event list is capped (kMaxListedEvents) and the rest counted,
// so memory stays bounded however often a schedule fires.
#include "report/report.h"
#include "sim/backtest.h"
#include "sim/scenario.h"

#include <doctest/doctest.h>

#include "testing.h"

using namespace trainsim;

TEST_CASE("events: the report lists the first 10,000 events and counts the rest") {
  // Every minute of 2024-01-02 .. 2024-01-08 (7 days x 1,440 and the closing
  // 24:00 slice): 10,081 occurrences.
  const Scenario s = testing::scenario_from(R"J({ "scheduled-event-leaky-bucket-capacity": 0,
    "simulation": { "start": "2024-01-02", "end": "2024-01-08", "security": "Crypto-coinbase-BTCUSD", "benchmark": false,
      "scheduled-events": [ { "name": "tick", "date-rule": "EveryDay()", "time-rule": "TimeRules.Every(TimeSpan.FromMinutes(1))",
                              "duration": "1s" } ] } })J");
  const SimulationResult r = run_backtest(s);
  REQUIRE(r.completed());
  REQUIRE(r.event_occurrences > 10000);
  CHECK(r.events.size() == kMaxListedEvents);
  CHECK(r.events_not_listed == r.event_occurrences - 10000);
  const auto j = report_json(s, r);
  CHECK(j["events"].size() == 10000);
  CHECK(j["events-not-listed"] == r.event_occurrences - 10000);
  CHECK(j["events-note"].get<std::string>().find("first 10000 of " + std::to_string(r.event_occurrences)) !=
        std::string::npos);
}
