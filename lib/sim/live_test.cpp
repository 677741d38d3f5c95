// Live mode (SPEC §3, lean-semantics §5 live): the scheduling thread beside
// the algorithm thread.
#include "report/report.h"
#include "sim/live.h"
#include "testing.h"

#include <doctest/doctest.h>

using namespace trainsim;

namespace {
const TimeZone& ny() {
  static const TimeZone z = *TimeZone::find("America/New_York");
  return z;
}
Instant at(int y, unsigned m, unsigned d, int h, int min, int sec = 0) {
  return ny().to_utc(day_from_ymd(y, m, d), h * kHour + min * kMinute + sec * kSecond);
}
}  // namespace

TEST_CASE("live: a long training holds up other events; their missed occurrences run in one Scan") {
  const Scenario s = testing::scenario_from(R"J({ "live-mode": true, "scheduled-event-leaky-bucket-capacity": 1000,
    "simulation": { "start": "2024-01-08", "end": "2024-01-08", "resolution": "minute",
      "training": [ { "name": "A", "date-rule": "On(2024, 1, 8)", "time-rule": "At(9, 0)", "duration": "3h" } ],
      "scheduled-events": [ { "name": "B", "date-rule": "On(2024, 1, 8)",
          "time-rule": "Every(TimeSpan.FromMinutes(30))", "duration": "90s" } ] } })J");
  const SimulationResult r = run_live(s);
  REQUIRE(r.completed());
  // B's occurrences 00:00 .. 08:30 each ran on time (90 s: one token each).
  // At 09:00 A (created first) runs to 12:00, then B's 09:00 in the same
  // loop iteration; then one Scan runs 09:30 .. 12:00 back to back: six
  // occurrences, 9 minutes under one consumer, 8 tokens.
  std::int64_t b_before_nine = 0, b_after = 0;
  for (const auto& e : r.events) {
    if (e.event == 0) {
      CHECK(e.fired == at(2024, 1, 8, 9, 0));
      CHECK(e.charged == 179);
      continue;
    }
    if (e.scheduled < at(2024, 1, 8, 9, 0)) {
      CHECK(e.fired == e.scheduled);
      b_before_nine += e.charged;
    } else if (e.scheduled == at(2024, 1, 8, 9, 0)) {
      CHECK(e.fired == at(2024, 1, 8, 12, 0));
      CHECK(e.charged == 1);
    } else if (e.scheduled <= at(2024, 1, 8, 12, 0)) {
      b_after += e.charged;
      CHECK(e.fired >= at(2024, 1, 8, 12, 1, 30));
    }
  }
  CHECK(b_before_nine == 18);
  CHECK(b_after == 8);
}

TEST_CASE("live: training does not block data; the model report counts what it costs") {
  const std::string base = R"J({ "live-mode": true,
    "simulation": { "start": "2024-01-08", "end": "2024-01-09", "resolution": "minute",
      "on-data": { "cost": "10ms" }, "live": { "market-open-slowdown": SLOW },
      "training": [ { "name": "initial", "when": "now", "duration": "45m" },
                    { "name": "refit", "date-rule": "EveryDay(\"SPY\")",
                      "time-rule": "AfterMarketOpen(\"SPY\", 10)", "duration": "20m" } ] } })J";
  auto with = [&](const char* slow) {
    std::string t = base;
    t.replace(t.find("SLOW"), 4, slow);
    return run_live(testing::scenario_from(t));
  };
  const SimulationResult r = with("1");
  REQUIRE(r.completed());
  REQUIRE(r.model);
  CHECK(r.timeslices == 1 + 2 * 390);  // every bar still runs
  CHECK(r.training_sessions == 3);
  CHECK(r.model->timeslices_while_training == 40);  // 09:40 .. 09:59, two days
  CHECK(r.model->market_time_without_model == 40 * kMinute);
  CHECK(r.model->longest_without_model == 20 * kMinute);
  CHECK(r.model->training_in_open_market == 40 * kMinute);
  CHECK(r.model->training_total == 85 * kMinute);

  // Twice as slow while the market is open: each refit takes 40 minutes.
  const SimulationResult slow = with("2");
  REQUIRE(slow.completed());
  CHECK(slow.model->market_time_without_model == 80 * kMinute);
  CHECK(slow.training_time == 45 * kMinute + 80 * kMinute);
  CHECK(slow.events[1].charged == 39);
}

TEST_CASE("live: a refused charge stops the algorithm at that instant") {
  const Scenario s = testing::scenario_from(R"J({ "live-mode": true, "scheduled-event-leaky-bucket-capacity": 10,
    "scheduled-event-leaky-bucket-refill-amount": 0, "algorithm-manager-time-loop-maximum": 20,
    "simulation": { "start": "2024-01-08", "end": "2024-01-09", "resolution": "minute",
      "training": [ { "name": "big", "date-rule": "On(2024, 1, 8)", "time-rule": "At(11, 0)", "duration": "30m" } ] } })J");
  const SimulationResult r = run_live(s);
  REQUIRE(r.failure);
  CHECK(r.failure->event == 0);
  CHECK(r.failure->algorithm_time == at(2024, 1, 8, 11, 11));  // charges at 1..10 paid, 11 refused
  CHECK(r.bucket.minimum == 0);
  CHECK(r.failure->message.rfind("Algorithm took longer than 20 minutes on a single time loop.", 0) == 0);
  // The algorithm thread is between bars: its current step has just begun.
  CHECK(r.failure->message.find("CurrentTimeStepElapsed: 0.0 minutes") != std::string::npos);
  // Slices after the stop never ran: the 00:00 start loop, then 09:31 .. 11:11
  // (the 11:11 bar arrives with the refusal; at a tie the algorithm thread
  // goes first, so it is taken and counted).
  CHECK(r.timeslices == 1 + 101);
}
