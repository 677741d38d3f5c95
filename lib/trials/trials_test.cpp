// trials/trials_test.cpp — Monte Carlo trials: the estimate agrees with a
// case solved by hand, trial k alone is trial k of the batch, the number of
// jobs and sharding change nothing, early stopping is deterministic, and a
// config with nothing random runs once.
#include "trials/trials.h"
#include "report/trials_report.h"

#include "input/input_error.h"
#include "sim/event_list.h"
#include "sim/simulate.h"
#include "testing.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace trainsim;
using trainsim::testing::scenario_from;

namespace {

// One trading day; `Train` in Initialize with the given duration.
std::string one_training(const std::string& duration, int capacity) {
  return R"({"scheduled-event-leaky-bucket-capacity": )" + std::to_string(capacity) +
         R"(, "scheduled-event-leaky-bucket-refill-amount": 0,
  "simulation": {"start": "2024-01-02", "end": "2024-01-02", "benchmark": false,
    "training": [{"name": "fit", "when": "now", "duration": )" + duration + "}]}}";
}

const char* kUniform = R"({"uniform": {"min": "20m", "max": "40m"}})";

// Every trial a summary's samples keep, ascending by trial number.
std::vector<TrialRecord> kept(const TrialsRun& run) {
  std::vector<TrialRecord> all = run.summary.failed_sample.by_trial();
  for (auto& r : run.summary.completed_sample.by_trial()) all.push_back(std::move(r));
  std::sort(all.begin(), all.end(), [](const TrialRecord& a, const TrialRecord& b) { return a.trial < b.trial; });
  return all;
}

}  // namespace

TEST_CASE("wilson: known intervals") {
  const Proportion half = wilson(5, 10);
  CHECK(half.estimate == doctest::Approx(0.5));
  CHECK(half.low == doctest::Approx(0.2366).epsilon(1e-3));
  CHECK(half.high == doctest::Approx(0.7634).epsilon(1e-3));
  const Proportion none = wilson(0, 10);
  CHECK(none.low == 0);
  CHECK(none.high == doctest::Approx(kZ95 * kZ95 / (10 + kZ95 * kZ95)));  // z²/(n+z²)
  CHECK(wilson(10, 10).high == 1);
  CHECK(wilson(0, 0).high == 1);
}

TEST_CASE("quantiles: nearest rank, always a sample") {
  std::vector<int> v = {50, 10, 40, 20, 30, 60, 70, 80, 90, 100};
  const auto q = quantiles(v);  // 5 25 50 75 95 % of 10 samples: ranks 1 3 5 8 10
  CHECK(q == std::vector<int>{10, 30, 50, 80, 100});
  std::vector<int> one = {7};
  CHECK(quantiles(one) == std::vector<int>(5, 7));
  std::vector<int> none;
  CHECK(quantiles(none).empty());
}

TEST_CASE("trials: uniform training duration, P(fail) = (39 - C) / 20 inside the 99.9% interval") {
  // The training of D minutes asks ceil(D) - 1 times and the bucket (no
  // refill) grants C, so it fails exactly when D > C + 1.
  for (const int c : {19, 24, 29, 34, 39}) {
    CAPTURE(c);
    const Scenario s = scenario_from(one_training(kUniform, c));
    TrialsRequest q;
    q.count = 2000;
    q.jobs = 2;
    const TrialsRun run = run_trials(s, q);
    REQUIRE(run.summary.count == 2000);
    REQUIRE(kept(run).size() == 2000);  // fewer than the sample's capacity: every trial kept
    std::uint64_t failed = 0, refused = 0;
    for (const auto& r : kept(run)) {
      failed += r.completed ? 0 : 1;
      refused += r.refused ? 1 : 0;
    }
    CHECK(refused == failed);  // the bucket, never the time loop
    const Proportion p = wilson(failed, 2000, kZ999);
    const double truth = (39.0 - c) / 20.0;
    CHECK(p.low <= truth);
    CHECK(truth <= p.high);
    const TrialStats st = trial_stats(run);
    CHECK(st.failure.hits == failed);
    CHECK(st.refused.hits == failed);
    CHECK(st.time_loop.hits == 0);
  }
}

TEST_CASE("trials: trial k alone is trial k of the batch; jobs change nothing") {
  const Scenario s = scenario_from(one_training(kUniform, 29));
  TrialsRequest q;
  q.count = 300;
  q.jobs = 1;
  const TrialsRun one = run_trials(s, q);
  q.jobs = 2;
  const TrialsRun two = run_trials(s, q);
  const auto context = trials_context(s, s.sim.seed);
  CHECK(trials_report_json(make_trials_report(context, one)).dump() ==
        trials_report_json(make_trials_report(context, two)).dump());
  for (const std::uint64_t k : {0ULL, 1ULL, 17ULL, 299ULL}) {
    CAPTURE(k);
    const TrialRecord alone = record_trial(s, k, run_trial(s, k, std::nullopt));
    const TrialRecord batch = kept(one).at(k);
    CHECK(batch.trial == k);
    CHECK(alone.completed == batch.completed);
    CHECK(alone.failure_time == batch.failure_time);
    CHECK(alone.failure_wall == batch.failure_wall);
    CHECK(alone.training == batch.training);
    CHECK(alone.charged == batch.charged);
  }
  // Trial 0 is the plain run; other trials differ (a bucket that never
  // refuses, so each trial trains its whole draw).
  const Scenario roomy = scenario_from(one_training(kUniform, 100));
  const TrialRecord plain = record_trial(roomy, 0, simulate(roomy));
  CHECK(plain.training == record_trial(roomy, 0, run_trial(roomy, 0, std::nullopt)).training);
  CHECK(record_trial(roomy, 1, run_trial(roomy, 1, std::nullopt)).training != plain.training);
  // A seed given at run time changes the draws without rebuilding the scenario.
  CHECK(record_trial(roomy, 0, run_trial(roomy, 0, 99)).training != plain.training);
}

TEST_CASE("trials: early stopping at batch boundaries, the same for any jobs") {
  const Scenario s = scenario_from(one_training(kUniform, 29));
  TrialsRequest q;
  q.count = 5000;
  q.precision = 0.02;  // p = 1/2: half-width 0.031 after 1000, 0.0219 after 2000, 0.0179 after 3000
  q.jobs = 1;
  const TrialsRun a = run_trials(s, q);
  q.jobs = 2;
  const TrialsRun b = run_trials(s, q);
  CHECK(a.stopped_early);
  CHECK(a.summary.count % kTrialBatch == 0);
  CHECK(a.summary.count == b.summary.count);
  CHECK(a.summary.count < 5000);
  const TrialStats st = trial_stats(a);
  CHECK(st.failure.half_width() < 0.02);
  // One batch earlier it was not yet within the precision.
  std::uint64_t failed = 0;
  const auto all = kept(a);
  REQUIRE(all.size() == a.summary.count);
  for (std::uint64_t i = 0; i + kTrialBatch < all.size(); ++i) failed += all[i].completed ? 0 : 1;
  CHECK(wilson(failed, all.size() - kTrialBatch).half_width() >= 0.02);
}

TEST_CASE("trials: a config with nothing random runs one trial and says so") {
  const Scenario s = scenario_from(one_training("\"30m\"", 10));
  CHECK_FALSE(has_randomness(s));
  TrialsRequest q;
  q.count = 1000;
  const TrialsRun run = run_trials(s, q);
  CHECK_FALSE(run.random);
  REQUIRE(run.summary.count == 1);
  const TrialStats st = trial_stats(run);
  CHECK(st.failure.estimate == 1);
  CHECK(st.failure.low == 1);  // exact, not an interval
  const auto j = trials_report_json(make_trials_report(trials_context(s, 1), run));
  CHECK(j["trials"]["random"] == false);
  CHECK(j["trials"]["requested"] == 1000);
  CHECK(j["trials"]["count"] == 1);
  CHECK(has_randomness(scenario_from(one_training(kUniform, 10))));
}

TEST_CASE("trials: shards merge into the unsharded report; foreign, missing and duplicated shards are refused") {
  const Scenario s = scenario_from(one_training(kUniform, 29));
  const auto context = trials_context(s, s.sim.seed);
  TrialsRequest q;
  q.count = 250;
  q.jobs = 2;
  const std::string whole = trials_report_json(make_trials_report(context, run_trials(s, q))).dump(2);
  std::vector<TrialsShard> shards;
  for (std::uint64_t k = 3; k >= 1; --k) {  // any order
    q.shard = Shard{k, 3};
    const std::string text = trials_shard_csv(context, "00000000000000aa", q.shard, run_trials(s, q));
    CHECK(is_trials_shard(text));
    shards.push_back(parse_trials_shard(text, "shard-" + std::to_string(k) + ".csv"));
  }
  CHECK(trials_report_json(make_trials_report(shards[0].context, merge_trials_shards(shards))).dump(2) == whole);

  auto refused = [](std::vector<TrialsShard> set, const std::string& needle) {
    try {
      merge_trials_shards(set);
      FAIL("merged");
    } catch (const InputError& e) {
      CHECK(std::string(e.what()).find(needle) != std::string::npos);
    }
  };
  refused({shards[0], shards[1]}, "shard 1/3 missing");
  refused({shards[0], shards[1], shards[2], shards[2]}, "given twice");
  auto foreign = shards;
  foreign[1].id.config = "00000000000000bb";
  refused(foreign, "different configs");
  foreign = shards;
  foreign[1].run.requested = 251;
  refused(foreign, "different trial runs");
  foreign = shards;
  foreign[2].run.summary.count -= 1;
  refused(foreign, "an interrupted run");
  CHECK_THROWS_AS(parse_trials_shard("# trainsim sweep\n", "x.csv"), InputError);

  // A shard's declared count is checked against its rows before memory is
  // given to it; its figures are checked as they are read.
  q.shard = Shard{1, 1};
  const std::string text = trials_shard_csv(context, "00000000000000aa", q.shard, run_trials(s, q));
  auto edited = [&](const std::string& from, const std::string& to) {
    std::string t = text;
    const auto at = t.find(from);
    REQUIRE(at != std::string::npos);
    return t.replace(at, from.size(), to);
  };
  refused({parse_trials_shard(edited("# trials: 250\n", "# trials: 1099511627776\n"), "big.csv")},
          "has 250 trials, not the 1099511627776");
  const auto first_row = text.find("\n0,") + 1;
  const auto row_end = text.find('\n', first_row);
  const std::string row = text.substr(first_row, row_end - first_row);
  std::vector<std::string> fields;
  for (size_t a = 0, b; a <= row.size(); a = b + 1) {
    b = row.find(',', a);
    if (b == std::string::npos) b = row.size();
    fields.push_back(row.substr(a, b - a));
  }
  REQUIRE(fields.size() == 13);
  auto with_field = [&](size_t k, const std::string& v) {
    auto f = fields;
    f[k] = v;
    std::string r;
    for (const auto& x : f) r += (r.empty() ? "" : ",") + x;
    return edited(row, r);
  };
  CHECK_THROWS_WITH_AS(parse_trials_shard(with_field(6, "99999"), "x.csv"), doctest::Contains("row 1"), InputError);
  CHECK_THROWS_WITH_AS(parse_trials_shard(with_field(5, "-9223372036854775808"), "x.csv"),
                       doctest::Contains("does not read as a trial"), InputError);
  CHECK_NOTHROW(parse_trials_shard(with_field(6, "-1"), "x.csv"));
}

TEST_CASE("trials: occurrences computed once for the batch give each trial the events it computes alone") {
  // Market, zone, interval and daily rules, a holiday week and a DST change:
  // the shared occurrences (event_times) must be the very instants each
  // trial's own rules give, so every trial's events are the same.
  const Scenario s = scenario_from(R"json({"scheduled-event-leaky-bucket-capacity": 100000,
  "simulation": {"start": "2024-03-01", "end": "2024-04-05", "time-zone": "America/New_York",
    "on-data": {"cost": {"uniform": {"min": "1ms", "max": "50ms"}}},
    "training": [{"name": "weekly", "date-rule": "DateRules.Every(DayOfWeek.Sunday)",
                  "time-rule": "TimeRules.At(8, 0)", "duration": {"uniform": {"min": "5m", "max": "40m"}}}],
    "scheduled-events": [
      {"name": "open", "date-rule": "DateRules.EveryDay(\"SPY\")", "time-rule": "TimeRules.AfterMarketOpen(\"SPY\", 10)", "duration": "2s"},
      {"name": "close", "date-rule": "DateRules.EveryDay(\"SPY\")", "time-rule": "TimeRules.BeforeMarketClose(\"SPY\", 5)", "duration": {"uniform": {"min": "1s", "max": "9s"}}},
      {"name": "tokyo", "date-rule": "DateRules.EveryDay()", "time-rule": "TimeRules.At(9, 0, TimeZones.Tokyo)", "duration": "1s"},
      {"name": "hourly", "date-rule": "DateRules.MonthStart(\"SPY\")", "time-rule": "TimeRules.Every(TimeSpan.FromHours(1))", "duration": "1s"}]}})json");
  const EventTimes shared = event_times(s);
  REQUIRE(shared.size() == 6);  // the training, four events and LEAN's daily sampling
  CHECK(shared[1].size() > 20);
  for (const std::uint64_t trial : {0, 1, 7}) {
    CAPTURE(trial);
    const SimulationResult alone = run_trial(s, trial, std::nullopt, true);
    const SimulationResult batch = run_trial(s, trial, std::nullopt, true, nullptr, &shared);
    REQUIRE(alone.events.size() == batch.events.size());
    REQUIRE(alone.events.size() > 100);
    for (size_t i = 0; i < alone.events.size(); ++i) {
      CHECK(alone.events[i].event == batch.events[i].event);
      CHECK(alone.events[i].scheduled == batch.events[i].scheduled);
      CHECK(alone.events[i].fired == batch.events[i].fired);
      CHECK(alone.events[i].duration == batch.events[i].duration);
      CHECK(alone.events[i].bucket_after == batch.events[i].bucket_after);
    }
    CHECK(alone.completed() == batch.completed());
  }
}
