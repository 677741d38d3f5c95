// Live mode (docs/semantics.md#live-mode): the scheduling thread beside
// the algorithm thread.
#include "report/report.h"
#include "sim/live.h"
#include "testing.h"

#include <doctest/doctest.h>

#include <string>

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

// docs/semantics.md#live-mode, rule by rule, and issue 8's cases. Every
// expected figure is worked out by hand in the comment above it. All runs are
// SPY minute bars on Monday 2024-01-08 (New York) unless said otherwise:
// regular bars 09:31 .. 16:00, the start loop at 00:00, E = 2024-01-09 00:00.
// The bucket is LEAN's default (120, +18 every 1440 minutes from 00:00).

namespace {
Instant mon(int h, int min, int sec = 0) { return at(2024, 1, 8, h, min, sec); }
using testing::minutes;

// A live run on 2024-01-08; `lean` adds LEAN keys, `sim` simulation keys.
SimulationResult live(const std::string& lean, const std::string& sim) {
  const std::string json = R"J({ "live-mode": true )J" + (lean.empty() ? "" : ", " + lean) +
                           R"J(, "simulation": { "start": "2024-01-08", "end": "2024-01-08", )J" +
                           sim + " } }";
  return run_live(testing::scenario_from(json));
}
}  // namespace

TEST_CASE("live case 1: a slice arriving at the instant of a refusal is taken and counted") {
  // Capacity 2: the training starts 10:00, asks at 10:01 (granted, 1 left),
  // 10:02 (granted, 0 left) and 10:03 (refused: the next refill is at
  // midnight). The 10:03 bar arrives at that instant; the algorithm thread
  // goes first, so it is counted: the start loop + 09:31 .. 10:03 = 1 + 33.
  const SimulationResult r = live(R"J("scheduled-event-leaky-bucket-capacity": 2)J",
                                  R"J("on-data": { "cost": "1ms" },
      "training": [ { "name": "t", "date-rule": "EveryDay()", "time-rule": "At(10, 0)", "duration": "5m" } ])J");
  REQUIRE(r.failure);
  CHECK(r.failure->event == 0);
  CHECK(r.failure->algorithm_time == mon(10, 3));
  CHECK(r.timeslices == 34);
  CHECK(r.bucket.charged == 2);
  CHECK(r.bucket.final_level == 0);
  // Cut at the failure: 3 wall minutes; the run ends there (603 minutes).
  CHECK(r.training_time == minutes(3));
  CHECK(r.wall == minutes(603));
}

TEST_CASE("live case 2: timeslices-while-training counts arrivals, not takings") {
  // On-data 90 s on 1-minute bars: slice i (arriving 09:31 + i min) is taken
  // at 09:31 + 1.5 i min, so the backlog lasts until the 390th slice, taken
  // 19:14:30. The 17:00 training (to 17:30) sees 20 slices taken, but every
  // one arrived by 16:00: none arrived in (17:00, 17:30], so 0. Each step
  // runs 1.5 min <= the 3-minute maximum.
  const SimulationResult r = live(R"J("algorithm-manager-time-loop-maximum": 3)J",
                                  R"J("on-data": { "cost": "90s" },
      "training": [ { "name": "t", "date-rule": "On(2024, 1, 8)", "time-rule": "At(17, 0)", "duration": "30m" } ])J");
  REQUIRE(r.completed());
  CHECK(r.timeslices == 391);
  CHECK(r.model->timeslices_while_training == 0);
  CHECK(r.bucket.charged == 29);
}

TEST_CASE("live case 3: back-to-back trainings count a slice arriving at the hand-over once, by start < a <= end") {
  // A 10:00-10:05 then B 10:05-10:10:30. A counts arrivals 10:01 .. 10:05 (5;
  // the 10:00 slice arrives as A starts: not counted), B 10:06 .. 10:10 (5).
  // The 10:05 slice arrives as A ends and B begins: counted once, by A.
  const SimulationResult r = live("", R"J("training": [
      { "name": "A", "date-rule": "On(2024, 1, 8)", "time-rule": "At(10, 0)", "duration": "5m" },
      { "name": "B", "date-rule": "On(2024, 1, 8)", "time-rule": "At(10, 5)", "duration": "5m30s" } ])J");
  REQUIRE(r.completed());
  REQUIRE(r.events.size() == 2);
  CHECK(r.events[1].fired == mon(10, 5));
  CHECK(r.model->timeslices_while_training == 10);
  // No `now` training: unready only during the two, 10.5 open minutes, one stretch (they touch).
  CHECK(r.model->market_time_without_model == minutes(10.5));
  CHECK(r.model->longest_without_model == minutes(10.5));
}

TEST_CASE("live case 4: without a `now` training the model is ready from the start") {
  // The only training is in 2025: it never occurs in range, so the model is
  // never unready and no market minute lacks it (not the day's 390).
  const SimulationResult r = live("", R"J("training": [
      { "name": "t", "date-rule": "On(2025, 1, 1)", "time-rule": "At(10, 0)", "duration": "5m" } ])J");
  REQUIRE(r.completed());
  CHECK(r.training_sessions == 0);
  CHECK(r.model->market_time_without_model == 0);
  CHECK(r.model->longest_without_model == 0);
  CHECK(r.model->training_total == 0);
}

TEST_CASE("live: a `now` training keeps the model unready from the start until the first training ends") {
  // `now` at 00:00 for 30 min, then a refit 10:00-10:20: unready
  // [00:00, 00:30) (no open minute) and [10:00, 10:20) (20 open minutes).
  const SimulationResult r = live("", R"J("training": [
      { "name": "initial", "when": "now", "duration": "30m" },
      { "name": "refit", "date-rule": "On(2024, 1, 8)", "time-rule": "At(10, 0)", "duration": "20m" } ])J");
  REQUIRE(r.completed());
  CHECK(r.model->market_time_without_model == minutes(20));
  CHECK(r.model->longest_without_model == minutes(20));
  // A `now` training lasting past the open: [00:00, 10:00) holds 30 open
  // minutes (a bucket of 1000 pays its 599 asks).
  const SimulationResult late = live(R"J("scheduled-event-leaky-bucket-capacity": 1000)J", R"J("training": [
      { "name": "initial", "when": "now", "duration": "600m" } ])J");
  REQUIRE(late.completed());
  CHECK(late.model->market_time_without_model == minutes(30));
}

TEST_CASE("live case 5: with extended hours the slowdown and the model figures cover post-market") {
  // Post-market 16:00-20:00 is open with extended hours: a 30-minute
  // training at 17:00 at slowdown 2 takes 60 wall minutes (17:00-18:00) and
  // asks at 17:01 .. 17:59: 59 times. All 60 minutes are open market;
  // post-market bars arriving in (17:00, 18:00]: 60.
  const SimulationResult r = live("", R"J("extended-market-hours": true, "live": { "market-open-slowdown": 2 },
      "training": [ { "name": "t", "date-rule": "On(2024, 1, 8)", "time-rule": "At(17, 0)", "duration": "30m" } ])J");
  REQUIRE(r.completed());
  REQUIRE(r.events.size() == 1);
  CHECK(r.events[0].duration == minutes(60));
  CHECK(r.events[0].charged == 59);
  CHECK(r.model->training_total == minutes(60));
  CHECK(r.model->training_in_open_market == minutes(60));
  CHECK(r.model->market_time_without_model == minutes(60));
  CHECK(r.model->timeslices_while_training == 60);
}

TEST_CASE("live case 6: `model` has exactly the four names of docs/semantics.md#live-mode; the share keeps 4 decimals") {
  // 09:00-09:45: 15 of 45 minutes in open market, 1/3 -> 0.3333.
  const Scenario s = testing::scenario_from(R"J({ "live-mode": true, "simulation": { "start": "2024-01-08",
      "end": "2024-01-08", "training": [ { "name": "t", "date-rule": "On(2024, 1, 8)", "time-rule": "At(9, 0)",
      "duration": "45m" } ] } })J");
  const auto j = report_json(s, run_live(s));
  const auto& m = j["model"];
  REQUIRE(m.size() == 4);
  CHECK(m.contains("timeslices-while-training"));
  CHECK(m.contains("market-minutes-without-model"));
  CHECK(m.contains("longest-without-model-minutes"));
  CHECK(m["training-share-in-open-market"].get<double>() == doctest::Approx(1.0 / 3.0).epsilon(1e-4));
  CHECK(m["training-share-in-open-market"].get<double>() != doctest::Approx(0.333).epsilon(1e-6));
  CHECK(m["market-minutes-without-model"].get<double>() == 15.0);
}

TEST_CASE("live pinned: an event waiting behind a long scan in the same pass is scanned with the pass's time") {
  // Pass p = 09:00: A (training, declared first) runs 09:00-10:00; X (09:30)
  // is not due at p, Y (09:00) is, so Y runs next, 10:00-10:00:30, in the
  // same pass. X fell due meanwhile and waits for the next pass, at
  // 10:00:30 when the thread is free. Order A, Y, X.
  const SimulationResult r = live("", R"J("training": [
      { "name": "A", "date-rule": "On(2024, 1, 8)", "time-rule": "At(9, 0)", "duration": "60m" } ],
      "scheduled-events": [
      { "name": "X", "date-rule": "On(2024, 1, 8)", "time-rule": "At(9, 30)", "duration": "30s" },
      { "name": "Y", "date-rule": "On(2024, 1, 8)", "time-rule": "At(9, 0)", "duration": "30s" } ])J");
  REQUIRE(r.completed());
  REQUIRE(r.events.size() == 3);
  CHECK(r.events[0].event == 0);
  CHECK(r.events[1].event == 2);
  CHECK(r.events[1].fired == mon(10, 0));
  CHECK(r.events[1].scheduled == mon(9, 0));
  CHECK(r.events[2].event == 1);
  CHECK(r.events[2].fired == mon(10, 0, 30));
  CHECK(r.events[2].scheduled == mon(9, 30));
}

TEST_CASE("live pinned: a scan asks strictly before its end, ceil(D) - 1 times") {
  // 30m -> 29, 30.5m -> 30, 50s -> 0 (each in its own hour, nothing held up).
  const SimulationResult r = live("", R"J("scheduled-events": [
      { "name": "a", "date-rule": "On(2024, 1, 8)", "time-rule": "At(1, 0)", "duration": "30m" },
      { "name": "b", "date-rule": "On(2024, 1, 8)", "time-rule": "At(2, 0)", "duration": "30m30s" },
      { "name": "c", "date-rule": "On(2024, 1, 8)", "time-rule": "At(3, 0)", "duration": "50s" } ])J");
  REQUIRE(r.events.size() == 3);
  CHECK(r.events[0].charged == 29);
  CHECK(r.events[1].charged == 30);
  CHECK(r.events[2].charged == 0);
  CHECK(r.bucket.charged == 59);
  CHECK(r.bucket.minimum == 61);
}

TEST_CASE("live pinned: a grant goes to the step running then, one starting at the ask instant included, or to none") {
  // Daily bars: one data slice at 16:00 with 2.5 min of OnData against a
  // 1-minute loop maximum; the benchmark's 15:00 slice has no OnData.
  const std::string lean = R"J("algorithm-manager-time-loop-maximum": 1)J";
  auto daily = [&](const char* time_rule) {
    return live(lean, std::string(R"J("resolution": "daily", "on-data": { "cost": "150s" },
      "training": [ { "name": "t", "date-rule": "On(2024, 1, 8)", "time-rule": ")J") +
                          time_rule + R"J(", "duration": "3m" } ])J");
  };
  SUBCASE("asks at 16:00 (the step starting then gets it) and 16:01: deadline 16:03, OnData ends 16:02:30") {
    const SimulationResult r = daily("At(15, 59)");
    CHECK(r.completed());
    CHECK(r.bucket.charged == 2);
  }
  SUBCASE("asks at 15:59 (no step runs: lost) and 16:00: deadline 16:02, the step fails there") {
    const SimulationResult r = daily("At(15, 58)");
    REQUIRE(r.failure);
    CHECK(r.failure->event == -1);
    CHECK(r.failure->algorithm_time == mon(16, 2));
    CHECK(r.bucket.charged == 2);
  }
}

TEST_CASE("live pinned: the run goes on past E until all work that started has finished") {
  auto check_end = [](const SimulationResult& r, double wall_minutes, std::int64_t final_level, std::int64_t minimum) {
    REQUIRE(r.completed());
    CHECK(r.wall == minutes(wall_minutes));
    CHECK(r.bucket.final_level == final_level);
    CHECK(r.bucket.minimum == minimum);
  };
  SUBCASE("a backlog past midnight: wall-minutes to the end of the last OnData") {
    // 150 s per slice: slice i is taken at 09:31 + 2.5 i min; the 390th
    // (i = 389) at 09:31 + 972.5 min = 01:43:30 next day, ending 01:46:00:
    // 1546 minutes after the start. Each step: 2.5 <= 3 minutes.
    const SimulationResult r = live(R"J("algorithm-manager-time-loop-maximum": 3)J",
                                    R"J("on-data": { "cost": "150s" })J");
    REQUIRE(r.completed());
    CHECK(r.timeslices == 391);
    CHECK(r.wall == minutes(1546));
  }
  SUBCASE("a training past E: charged to its end, bucket.final settled there") {
    // 23:30-00:30: asks 23:31 .. 23:59 (29: 120 -> 91), the refill of 18 at
    // 00:00 (-> 109) then asks 00:00 .. 00:29 (30 -> 79). wall 1470 minutes.
    const SimulationResult r = live("", R"J("training": [
        { "name": "t", "date-rule": "On(2024, 1, 8)", "time-rule": "At(23, 30)", "duration": "60m" } ])J");
    CHECK(r.training_time == minutes(60));
    CHECK(r.bucket.refilled == 18);
    check_end(r, 1470, 79, 79);
  }
  SUBCASE("nothing runs past E: wall-minutes is E - start, with the refill due at E applied") {
    const SimulationResult r = live("", R"J("training": [
        { "name": "t", "date-rule": "On(2024, 1, 8)", "time-rule": "At(10, 0)", "duration": "11m" } ])J");
    check_end(r, 1440, 120, 110);  // final: 120 - 10 + 18, capped
  }
  SUBCASE("occurrences at or after E never start") {
    const SimulationResult r = live("", R"J("scheduled-events": [
        { "name": "e", "date-rule": "EveryDay()", "time-rule": "At(0, 0)", "duration": "1m" } ])J");
    CHECK(r.event_occurrences == 1);  // 2024-01-08 00:00 only, not 2024-01-09 00:00 = E
  }
}
