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

TEST_CASE("summary: spans rounded for people, in the unit that reads best") {
  CHECK(span_text(7 * kMinute + 24 * kSecond, "wall") == "7.4 wall minutes");
  CHECK(span_text(kMinute, "") == "1 minute");
  CHECK(span_text(124 * kMinute, "") == "2.1 hours");
  CHECK(span_text(127 * kMinute + 24 * kSecond, "wall") == "2.1 wall hours");
  CHECK(span_text(72 * kHour, "wall") == "3 wall days");
  CHECK(span_text(Micros{2365860} * kMinute, "wall") == "4.5 wall years");
  CHECK(span_text(119 * kMinute + 59 * kSecond, "") == "120 minutes");
}

TEST_CASE("summary: a failed Sunday training says when it was scheduled, when it fired, why, and that the bucket never refilled") {
  const Scenario s = scenario_from(R"J({
    "scheduled-event-leaky-bucket-capacity": 40,
    "simulation": { "start": "2024-01-01", "end": "2024-03-31", "security": "Equity-usa-SPY",
      "resolution": "minute", "on-data": { "cost": "10ms" },
      "training": [ { "name": "weekly", "date-rule": "DateRules.Every(DayOfWeek.Sunday)",
                      "time-rule": "TimeRules.At(8, 0)", "duration": "30m" } ] } })J");
  RunReport rep;
  rep.scenario = &s;
  rep.result = simulate(s);
  REQUIRE(rep.result.failure);
  std::ostringstream out;
  print_summary(out, rep);
  const std::string text = out.str();
  CHECK(text.find("outcome:  FAILED at 2024-01-14T08:00:00-05:00 during 'weekly'") != std::string::npos);
  CHECK(text.find("when:     'weekly', scheduled Sun 2024-01-14 08:00, fired Tue 2024-01-16 09:31 at the first "
                  "timeslice after it") != std::string::npos);
  CHECK(text.find("why:      a time step may take 10 minutes; a training (Train) runs longer only by drawing each "
                  "further minute from the training bucket") != std::string::npos);
  CHECK(text.find("the bucket never refilled: it adds 6 every 24 wall hours") != std::string::npos);
  CHECK(text.find("\033[") == std::string::npos);
  std::ostringstream painted;
  print_summary(painted, rep, true);
  CHECK(painted.str().find("outcome:  \033[1;31mFAILED\033[0m at") != std::string::npos);
}
