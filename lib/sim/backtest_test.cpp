// End-to-end backtests built from small configs: docs/semantics.md#the-leaky-bucket's worked
// examples through the whole engine (calendar, event list, time monitor,
// bucket, budget), plus the README's points that are easy to miss: late
// events stamped with their own time, the failing timeslice counted,
// capacity 0, the algorithm bucket clock, on-data failures, determinism.
#include "config/config_document.h"
#include "report/report.h"
#include "sim/backtest.h"
#include "sim/scenario.h"

#include <doctest/doctest.h>

#include "testing.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>
#include <vector>

using namespace trainsim;
namespace fs = std::filesystem;

namespace {

using testing::TempDir;

Scenario scenario(const std::string& json, const std::vector<std::string>& sets = {}) {
  std::vector<std::string> warnings;
  Scenario s = testing::scenario_from(json, sets, &warnings);
  CHECK_MESSAGE(warnings.empty(), (warnings.empty() ? std::string() : warnings.front()));
  return s;
}

using testing::minutes;

std::string instant(const Scenario& s, Instant t) { return format_instant(t, s.sim.zone); }

std::vector<std::int64_t> bucket_after(const SimulationResult& r) {
  std::vector<std::int64_t> v;
  for (const auto& e : r.events) v.push_back(e.bucket_after);
  return v;
}
std::vector<std::int64_t> bucket_before(const SimulationResult& r) {
  std::vector<std::int64_t> v;
  for (const auto& e : r.events) v.push_back(e.bucket_before);
  return v;
}
std::vector<std::int64_t> charges(const SimulationResult& r) {
  std::vector<std::int64_t> v;
  for (const auto& e : r.events) v.push_back(e.charged);
  return v;
}

// A weekly Sunday 08:00 training of `duration` on SPY minute bars, fast on-data.
std::string weekly(const std::string& duration, const std::string& end = "2024-02-29",
                   const std::string& on_data = "0s", const std::string& loop_max = "20") {
  return R"J({
  "algorithm-manager-time-loop-maximum": )J" + loop_max + R"J(,
  "simulation": {
    "start": "2024-01-01", "end": ")J" + end + R"J(",
    "security": "Equity-usa-SPY", "resolution": "minute",
    "on-data": { "cost": ")J" + on_data + R"J(" },
    "training": [ { "name": "weekly", "date-rule": "DateRules.Every(DayOfWeek.Sunday)",
                    "time-rule": "TimeRules.At(8, 0)", "duration": ")J" + duration + R"J(" } ]
  }
})J";
}

}  // namespace

TEST_CASE("backtest example 1: 35-minute trainings leave 86, 52, 18; the fourth fails at its 19th charge") {
  const Scenario s = scenario(weekly("35m"));
  const SimulationResult r = run_backtest(s);
  REQUIRE_FALSE(r.completed());
  REQUIRE(r.events.size() == 4);
  CHECK(bucket_after(r) == std::vector<std::int64_t>{86, 52, 18, 0});
  CHECK(charges(r) == std::vector<std::int64_t>{34, 34, 34, 18});
  CHECK(r.events[3].duration == minutes(19));

  const Failure& f = *r.failure;
  // The fourth session is Sunday 2024-01-28 08:00, run at Monday's first slice
  // but stamped with its own time.
  CHECK(instant(s, f.algorithm_time) == "2024-01-28T08:00:00-05:00");
  CHECK(instant(s, r.events[3].fired) == "2024-01-29T09:31:00-05:00");
  CHECK(f.wall == minutes(3 * 35 + 19));
  CHECK(f.event == 0);
  CHECK(f.message == "Algorithm took longer than 20 minutes on a single time loop. CurrentTimeStepElapsed: 19.0 minutes");

  CHECK(r.training_sessions == 4);
  CHECK(r.training_time == minutes(3 * 35 + 19));
  CHECK(r.bucket.charged == 120);
  CHECK(r.bucket.refilled == 0);
  CHECK(r.bucket.final_level == 0);
  CHECK(r.bucket.minimum == 0);
  CHECK(r.bucket.capacity == 120);
  CHECK(r.bucket.refill_amount == 18);
  // Start slice + 18 full trading days (Jan 2-26 without MLK day) + the failing slice.
  CHECK(r.timeslices == 1 + 18 * 390 + 1);
  CHECK(r.trading_days == 19);
  CHECK(r.wall == f.wall);

  // The JSON report carries the same (README.md#report---report).
  const auto j = report_json(s, r);
  CHECK(j["outcome"] == "failed");
  CHECK(j["mode"] == "backtest");
  CHECK(j["failure"]["algorithm-time"] == "2024-01-28T08:00:00-05:00");
  CHECK(j["failure"]["event"] == "weekly");
  CHECK(j["failure"]["wall-minutes"] == 124);
  CHECK(j["timeslices"] == 7022);
  CHECK(j["trading-days"] == 19);
  CHECK(j["bucket"]["final"] == 0);
  CHECK(j["training"]["sessions"] == 4);
  CHECK(j["events"][0]["scheduled"] == "2024-01-07T08:00:00-05:00");
  CHECK(j["events"][0]["fired"] == "2024-01-08T09:31:00-05:00");
  CHECK(j["events"][0]["bucket-before"] == 120);
  CHECK(j["events"][0]["bucket-after"] == 86);
  CHECK(j["events"][0]["charged"] == 34);
  CHECK(j["events"][1]["wall-start-minutes"] == 35);
}

TEST_CASE("backtest example 1: a 35.5-minute training costs 35") {
  const Scenario s = scenario(weekly("35m30s", "2024-01-12"));
  const SimulationResult r = run_backtest(s);
  CHECK(r.completed());
  REQUIRE(r.events.size() == 1);
  CHECK(r.events[0].charged == 35);
  CHECK(r.bucket.final_level == 85);
  CHECK(r.bucket.minimum == 85);
}

TEST_CASE("backtest example 3: weekly 30.5-minute trainings cost 30 each; session 5 fails 1 minute in") {
  const Scenario s = scenario(weekly("30.5m"));
  const SimulationResult r = run_backtest(s);
  REQUIRE_FALSE(r.completed());
  CHECK(bucket_after(r) == std::vector<std::int64_t>{90, 60, 30, 0, 0});
  CHECK(charges(r) == std::vector<std::int64_t>{30, 30, 30, 30, 0});
  const Failure& f = *r.failure;
  CHECK(instant(s, f.algorithm_time) == "2024-02-04T08:00:00-05:00");
  CHECK(f.wall == minutes(4 * 30.5 + 1));
  CHECK(f.message == "Algorithm took longer than 20 minutes on a single time loop. CurrentTimeStepElapsed: 1.0 minutes");
  CHECK(r.training_sessions == 5);
}

TEST_CASE("backtest example 3: with slow on-data, wall days pass and the bucket refills on the wall grid") {
  // One minute of OnData per slice: 390 wall minutes per trading day. The
  // sessions fire on Jan 8, 16, 22, 29 and Feb 5 at wall 1560, 3540.5, 5131,
  // 7111.5 and 9092: refills of 0 (full), 18, 18, 18 and 36.
  const Scenario s = scenario(weekly("30.5m", "2024-02-09", "1m"));
  const SimulationResult r = run_backtest(s);
  CHECK(r.completed());
  REQUIRE(r.events.size() == 5);
  CHECK(bucket_before(r) == std::vector<std::int64_t>{120, 108, 96, 84, 90});
  CHECK(bucket_after(r) == std::vector<std::int64_t>{90, 78, 66, 54, 60});
  CHECK(r.events[0].wall_start == minutes(1560));
  CHECK(r.events[4].wall_start == minutes(9092));
  CHECK(r.wall == minutes(28 * 390 + 5 * 30.5));
  // The last refill is due at 10080, before the run ends at 11072.5.
  CHECK(r.bucket.final_level == 78);
  CHECK(r.bucket.refilled == 108);
  CHECK(r.bucket.charged == 150);
  CHECK(r.bucket.minimum == 54);
  CHECK(r.trading_days == 28);
  CHECK(r.timeslices == 1 + 28 * 390);
}

TEST_CASE("backtest example 6: TrainingInitializeRegressionAlgorithm stops at 2:00 of the start slice") {
  const Scenario s = scenario(R"J({
  "algorithm-manager-time-loop-maximum": "1.5",
  "scheduled-event-leaky-bucket-capacity": "1",
  "scheduled-event-leaky-bucket-refill-amount": "0",
  "simulation": {
    "start": "2013-10-07", "end": "2013-10-11",
    "training": [ { "name": "train-now", "when": "now", "duration": "2m30s" } ]
  }
})J");
  CHECK(s.lean.loop_maximum_minutes == 1.5);
  const SimulationResult r = run_backtest(s);
  REQUIRE_FALSE(r.completed());
  const Failure& f = *r.failure;
  CHECK(instant(s, f.algorithm_time) == "2013-10-07T00:00:00-04:00");
  CHECK(f.wall == minutes(2));
  CHECK(f.event == 0);
  CHECK(f.message == "Algorithm took longer than 1.5 minutes on a single time loop. CurrentTimeStepElapsed: 2.0 minutes");
  CHECK(r.timeslices == 1);     // the start slice is the failing one
  CHECK(r.trading_days == 0);   // no market data reached
  CHECK(r.training_sessions == 1);
  CHECK(r.bucket.charged == 1);
  CHECK(r.bucket.final_level == 0);
  CHECK(r.bucket.minimum == 0);
  REQUIRE(r.events.size() == 1);
  CHECK(r.events[0].scheduled == s.start);
  CHECK(r.events[0].fired == s.start);
  CHECK(r.events[0].charged == 1);
  const auto j = report_json(s, r);
  CHECK(j["failure"]["event"] == "train-now");
  CHECK(j["failure"]["wall-minutes"] == 2);
}

TEST_CASE("backtest example 7: a bucket of 25 gives the 'additional 5 minutes' sentence") {
  const Scenario s = scenario(R"J({
  "algorithm-manager-time-loop-maximum": 20,
  "scheduled-event-leaky-bucket-capacity": 25,
  "simulation": { "start": "2024-01-02", "end": "2024-01-05",
                  "training": [ { "name": "big", "when": "now", "duration": "40m" } ] }
})J");
  const SimulationResult r = run_backtest(s);
  REQUIRE_FALSE(r.completed());
  CHECK(r.failure->wall == minutes(26));
  CHECK(r.failure->message ==
        "Algorithm took longer than 20 minutes on a single time loop. An additional 5 minutes were also allocated "
        "and consumed. CurrentTimeStepElapsed: 26.0 minutes");
  CHECK(r.bucket.charged == 25);
  CHECK(r.bucket.refill_amount == 4);  // ceil(25 / 7)
}

TEST_CASE("backtest: capacity 0 never stops on the bucket; only the loop maximum applies") {
  const std::string base = R"J({
  "algorithm-manager-time-loop-maximum": 20,
  "scheduled-event-leaky-bucket-capacity": 0,
  "simulation": { "start": "2024-01-02", "end": "2024-01-12",
                  "training": [ { "name": "daily", "date-rule": "DateRules.EveryDay(\"SPY\")",
                                  "time-rule": "TimeRules.AfterMarketOpen(\"SPY\", 30)", "duration": "19m30s" } ] }
})J";
  const Scenario ok = scenario(base);
  const SimulationResult r = run_backtest(ok);
  CHECK(r.completed());
  CHECK(r.training_sessions == 9);  // Jan 2-5 and 8-12
  CHECK(r.bucket.charged == 0);
  CHECK(r.bucket.final_level == 0);
  CHECK(r.bucket.refill_amount == 0);
  CHECK(r.training_time == 9 * minutes(19.5));

  // A 25-minute event fails on time at 20:00 elapsed.
  const Scenario bad = scenario(base, {"simulation.training[0].duration=25m"});
  const SimulationResult f = run_backtest(bad);
  REQUIRE_FALSE(f.completed());
  CHECK(instant(bad, f.failure->algorithm_time) == "2024-01-02T10:00:00-05:00");
  CHECK(f.failure->wall == minutes(20));
  CHECK(f.failure->event == 0);
  CHECK(f.failure->message ==
        "Algorithm took longer than 20 minutes on a single time loop. CurrentTimeStepElapsed: 20.0 minutes");
  CHECK(f.bucket.charged == 0);
  CHECK(f.training_sessions == 1);
}

TEST_CASE("backtest: on-data over the loop maximum fails with no event") {
  const Scenario s = scenario(R"J({
  "algorithm-manager-time-loop-maximum": 20,
  "simulation": { "start": "2024-01-02", "end": "2024-01-05", "on-data": { "cost": "25m" } }
})J");
  const SimulationResult r = run_backtest(s);
  REQUIRE_FALSE(r.completed());
  CHECK(r.failure->event == -1);
  CHECK(instant(s, r.failure->algorithm_time) == "2024-01-02T09:31:00-05:00");
  CHECK(r.failure->wall == minutes(20));
  CHECK(r.failure->message ==
        "Algorithm took longer than 20 minutes on a single time loop. CurrentTimeStepElapsed: 20.0 minutes");
  CHECK(r.timeslices == 2);  // the start slice and the failing one
  CHECK(r.trading_days == 1);
  const auto j = report_json(s, r);
  CHECK(j["failure"]["event"].is_null());

  // Just at the maximum is within it (elapsed must exceed it).
  const Scenario edge = scenario(R"J({
  "algorithm-manager-time-loop-maximum": 20,
  "simulation": { "start": "2024-01-02", "end": "2024-01-02", "on-data": { "cost": "20m" } }
})J");
  const SimulationResult e = run_backtest(edge);
  CHECK(e.completed());
  CHECK(e.wall == 390 * minutes(20));
}

TEST_CASE("backtest: training and on-data share a step; granted minutes cover both") {
  // Crypto: the start slice has data, so Train(now) and OnData run in one step.
  // 10.5 minutes of training earn 10 minutes; with 15 minutes of OnData the
  // step takes 25.5 <= 20 + 10.
  const std::string base = R"J({
  "algorithm-manager-time-loop-maximum": 20,
  "simulation": { "start": "2024-01-02", "end": "2024-01-02", "security": "Crypto-coinbase-BTCUSD",
                  "benchmark": false,
                  "on-data": { "cost": { "trace": "costs.csv" } },
                  "training": [ { "name": "t", "when": "now", "duration": "10m30s" } ] }
})J";
  TempDir dir;
  std::ofstream(dir.path / "costs.csv") << "15m\n0s\n";
  std::ofstream(dir.path / "config.json") << base;
  ConfigDocument doc = load_config_document(dir.path / "config.json");
  std::vector<std::string> w;
  const Scenario s = load_scenario(doc, w);
  const SimulationResult r = run_backtest(s);
  CHECK(r.completed());
  CHECK(r.bucket.charged == 10);
  CHECK(r.timeslices == 1441);

  // 9.5 minutes of training earn 9: 9.5 + 21 = 30.5 > 20 + 9 fails in OnData.
  std::ofstream(dir.path / "costs.csv") << "21m\n0s\n";
  apply_override(doc, "simulation.training[0].duration=9m30s");
  const Scenario s2 = load_scenario(doc, w);
  const SimulationResult r2 = run_backtest(s2);
  REQUIRE_FALSE(r2.completed());
  CHECK(r2.failure->event == -1);
  CHECK(r2.failure->wall == minutes(29));
  CHECK(r2.failure->message ==
        "Algorithm took longer than 20 minutes on a single time loop. CurrentTimeStepElapsed: 29.0 minutes");
}

TEST_CASE("backtest: bucket-clock \"algorithm\" refills on the algorithm calendar from the start date's 00:00") {
  const std::string base = R"J({
  "simulation": {
    "start": "2024-01-01", "end": "2024-01-05",
    "training": [
      { "name": "now", "when": "now", "duration": "100m" },
      { "name": "late", "date-rule": "DateRules.On(2024, 1, 1)", "time-rule": "TimeRules.At(23, 59)", "duration": "5m" },
      { "name": "midnight", "date-rule": "DateRules.On(2024, 1, 2)", "time-rule": "TimeRules.Midnight", "duration": "5m" }
    ]
  }
})J";
  const Scenario wall = scenario(base);
  const SimulationResult rw = run_backtest(wall);
  CHECK(rw.completed());
  CHECK(bucket_before(rw) == std::vector<std::int64_t>{120, 21, 17});
  CHECK(bucket_after(rw) == std::vector<std::int64_t>{21, 17, 13});
  CHECK(rw.bucket.final_level == 13);  // 110 wall minutes: no refill
  CHECK(rw.bucket.refilled == 0);

  const Scenario alg = scenario(base, {"simulation.bucket-clock=algorithm"});
  const SimulationResult ra = run_backtest(alg);
  CHECK(ra.completed());
  // 23:59 is before the first grid point (Jan 2 00:00, inclusive); midnight is on it.
  CHECK(bucket_before(ra) == std::vector<std::int64_t>{120, 21, 35});
  CHECK(bucket_after(ra) == std::vector<std::int64_t>{21, 17, 31});
  // The run ends at Jan 5 16:00: grid points Jan 2, 3, 4 and 5 have passed.
  CHECK(ra.bucket.final_level == 85);
  CHECK(ra.bucket.refilled == 72);
  CHECK(ra.bucket.minimum == 17);
  // Both late events fire at Tuesday's first slice, each with its own stamp.
  REQUIRE(ra.events.size() == 3);
  CHECK(instant(alg, ra.events[1].scheduled) == "2024-01-01T23:59:00-05:00");
  CHECK(instant(alg, ra.events[2].scheduled) == "2024-01-02T00:00:00-05:00");
  CHECK(instant(alg, ra.events[1].fired) == "2024-01-02T09:31:00-05:00");
  CHECK(instant(alg, ra.events[2].fired) == "2024-01-02T09:31:00-05:00");
  const auto j = report_json(alg, ra);
  CHECK(j["limits"]["bucket-clock"] == "algorithm");
}

TEST_CASE("backtest: bucket.final applies every refill due by the end of the run (algorithm clock)") {
  // Interval 12 h from Jan 1 00:00: grid points at 00:00 and 12:00 up to the
  // last slice, Jan 5 16:00, nine in all (the last at Jan 5 12:00).
  const Scenario s = scenario(R"J({
  "scheduled-event-leaky-bucket-refill-amount": 5,
  "scheduled-event-leaky-bucket-time-interval-minutes": 720,
  "simulation": { "start": "2024-01-01", "end": "2024-01-05", "bucket-clock": "algorithm",
                  "training": [ { "name": "now", "when": "now", "duration": "100m" } ] }
})J");
  const SimulationResult r = run_backtest(s);
  CHECK(r.completed());
  CHECK(r.bucket.charged == 99);
  CHECK(r.bucket.minimum == 21);
  CHECK(r.bucket.refilled == 45);
  CHECK(r.bucket.final_level == 66);
}

TEST_CASE("backtest: at a failure, bucket.final has the refills due by the failure's algorithm time") {
  // Algorithm clock, +1 a day from Mon Jan 1 00:00. Train(now) leaves 21; the
  // Sunday Jan 7 08:00 session sees six grid points (27) and is refused at
  // 28:00. It runs at Monday Jan 8's first slice, but its algorithm time (and
  // the bucket's clock) is Sunday 08:00: the Jan 8 00:00 refill is not due.
  const Scenario s = scenario(R"J({
  "scheduled-event-leaky-bucket-refill-amount": 1,
  "simulation": { "start": "2024-01-01", "end": "2024-01-31", "bucket-clock": "algorithm",
                  "training": [ { "name": "now", "when": "now", "duration": "100m" },
                                { "name": "weekly", "date-rule": "DateRules.Every(DayOfWeek.Sunday)",
                                  "time-rule": "TimeRules.At(8, 0)", "duration": "60m" } ] }
})J");
  const SimulationResult r = run_backtest(s);
  REQUIRE_FALSE(r.completed());
  CHECK(instant(s, r.failure->algorithm_time) == "2024-01-07T08:00:00-05:00");
  REQUIRE(r.events.size() == 2);
  CHECK(r.events[1].bucket_before == 27);
  CHECK(r.events[1].bucket_after == 0);
  CHECK(r.bucket.final_level == 0);
  CHECK(r.bucket.refilled == 6);
}

TEST_CASE("backtest: events due after the last timeslice never fire") {
  const Scenario s = scenario(R"J({
  "simulation": { "start": "2024-01-02", "end": "2024-01-05",
                  "training": [ { "name": "evening", "date-rule": "DateRules.On(2024, 1, 5)",
                                  "time-rule": "TimeRules.At(17, 0)", "duration": "30m" },
                                { "name": "friday-close", "date-rule": "DateRules.On(2024, 1, 5)",
                                  "time-rule": "TimeRules.At(16, 0)", "duration": "1m" } ] }
})J");
  const SimulationResult r = run_backtest(s);
  CHECK(r.completed());
  CHECK(r.training_sessions == 1);  // 16:00 is the last slice; 17:00 is after it
  REQUIRE(r.events.size() == 1);
  CHECK(instant(s, r.events[0].fired) == "2024-01-05T16:00:00-05:00");
  CHECK(r.timeslices == 1 + 4 * 390);
}

TEST_CASE("backtest: a daily-resolution run loops on the benchmark hours; a late event fires at 10:00") {
  const Scenario s = scenario(R"J({
  "simulation": { "start": "2024-01-08", "end": "2024-01-12", "resolution": "daily",
                  "training": [ { "name": "sunday", "date-rule": "DateRules.Every(DayOfWeek.Sunday)",
                                  "time-rule": "TimeRules.At(8, 0)", "duration": "5m" },
                                { "name": "morning", "date-rule": "DateRules.On(2024, 1, 10)",
                                  "time-rule": "TimeRules.At(9, 45)", "duration": "5m" } ] }
})J");
  const SimulationResult r = run_backtest(s);
  CHECK(r.completed());
  CHECK(r.timeslices == 1 + 5 * 7);
  CHECK(r.trading_days == 5);
  REQUIRE(r.events.size() == 1);  // Sunday Jan 14 is after the last slice
  CHECK(instant(s, r.events[0].scheduled) == "2024-01-10T09:45:00-05:00");
  CHECK(instant(s, r.events[0].fired) == "2024-01-10T10:00:00-05:00");

  const Scenario nob = scenario(R"J({
  "simulation": { "start": "2024-01-08", "end": "2024-01-12", "resolution": "daily", "benchmark": false,
                  "training": [ { "name": "morning", "date-rule": "DateRules.On(2024, 1, 10)",
                                  "time-rule": "TimeRules.At(9, 45)", "duration": "5m" } ] }
})J");
  const SimulationResult rn = run_backtest(nob);
  CHECK(rn.timeslices == 1 + 5);
  REQUIRE(rn.events.size() == 1);
  CHECK(instant(nob, rn.events[0].fired) == "2024-01-10T16:00:00-05:00");
}

TEST_CASE("backtest: ties follow declaration order: two daily 08:00 trainings always run A then B") {
  const Scenario s = scenario(R"J({
  "simulation": { "start": "2024-01-02", "end": "2024-01-05",
                  "training": [ { "name": "A", "date-rule": "DateRules.EveryDay()", "time-rule": "TimeRules.At(8, 0)", "duration": "1m" },
                                { "name": "B", "date-rule": "DateRules.EveryDay()", "time-rule": "TimeRules.At(8, 0)", "duration": "1m" } ] }
})J");
  const SimulationResult r = run_backtest(s);
  CHECK(r.completed());
  REQUIRE(r.events.size() == 8);
  for (size_t i = 0; i < r.events.size(); ++i) {
    CAPTURE(i);
    CHECK(r.events[i].event == static_cast<int>(i % 2));
  }
}

TEST_CASE("backtest: determinism: the same config and seed give byte-identical reports") {
  const std::string cfg = R"J({
  "simulation": { "start": "2024-01-01", "end": "2024-06-30", "seed": 7,
                  "on-data": { "cost": { "uniform": { "min": "10ms", "max": "90ms" } } },
                  "training": [ { "name": "initial", "when": "now", "duration": "45m" },
                                { "name": "weekly", "date-rule": "DateRules.Every(DayOfWeek.Sunday)",
                                  "time-rule": "TimeRules.At(8, 0)",
                                  "duration": { "lognormal": { "median": "20m", "sigma": 0.25 } } } ] }
})J";
  const Scenario a = scenario(cfg);
  const Scenario b = scenario(cfg);
  const std::string ra = report_json(a, run_backtest(a)).dump(2);
  const std::string rb = report_json(b, run_backtest(b)).dump(2);
  CHECK(ra == rb);
  const std::string again = report_json(a, run_backtest(a)).dump(2);
  CHECK(ra == again);
  // The seed matters (the test is not vacuous).
  const Scenario c = scenario(cfg, {"simulation.seed=8"});
  CHECK(report_json(c, run_backtest(c)).dump(2) != ra);
}
