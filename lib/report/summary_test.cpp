// report/summary_test.cpp — the summary's reason and model lines, the
// sparkline, and thousands separators.
#include "report/summary.h"

#include "sim/simulate.h"
#include "testing.h"

#include <doctest/doctest.h>

#include <sstream>

using namespace trainsim;
using trainsim::testing::scenario_from;

TEST_CASE("summary: thousands separators") {
  CHECK(group_thousands("7550") == "7,550");
  CHECK(group_thousands("123") == "123");
  CHECK(group_thousands("1234567.25") == "1,234,567.25");
  CHECK(group_thousands("-1000") == "-1,000");
}

TEST_CASE("summary: a refused bucket is the reason, and the sparkline falls to empty") {
  const Scenario s = scenario_from(R"({
    "scheduled-event-leaky-bucket-refill-amount": 0,
    "scheduled-event-leaky-bucket-capacity": 20,
    "simulation": { "start": "2024-01-02", "end": "2024-01-05", "security": "Equity-usa-SPY",
      "resolution": "minute", "on-data": { "cost": "50ms" },
      "training": [ { "name": "initial", "when": "now", "duration": "35m" } ] } })");
  RunReport rep;
  rep.scenario = &s;
  rep.result = simulate(s);
  REQUIRE(rep.result.failure);
  CHECK(rep.result.failure->reason == FailureReason::BucketRefused);
  std::ostringstream out;
  print_summary(out, rep);
  CHECK(out.str().find("reason:   the bucket refused a minute of training (bucket-refused)") != std::string::npos);
  const std::string line = bucket_sparkline(rep, 10);
  // 20 minutes charged over the 35-minute training: from 18 of 20 after the
  // first tenth, down to empty before the end.
  CHECK(line.rfind("\u2587", 0) == 0);  // one block is 3 bytes
  CHECK(line.substr(line.size() - 1) == " ");
}

TEST_CASE("summary: the time loop is the reason when the bucket grants nothing") {
  const Scenario s = scenario_from(R"({
    "scheduled-event-leaky-bucket-capacity": 0,
    "simulation": { "start": "2024-01-02", "end": "2024-01-05", "security": "Equity-usa-SPY",
      "resolution": "minute", "on-data": { "cost": "50ms" },
      "training": [ { "name": "initial", "when": "now", "duration": "35m" } ] } })");
  const SimulationResult r = simulate(s);
  REQUIRE(r.failure);
  CHECK(r.failure->reason == FailureReason::TimeLoop);
}
