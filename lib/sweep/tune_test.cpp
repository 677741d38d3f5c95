// sweep/tune_test.cpp — unit tests of the boundary search: on synthetic
// outcomes for every boundary position, and on real simulations whose
// boundary is known by hand.
#include "sweep/tune.h"

#include "input/input_error.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

using namespace trainsim;

namespace {

using Predicate = std::function<bool(std::uint64_t)>;

TuneOutcome search(std::uint64_t last, TuneGoal goal, int probes, const Predicate& completes) {
  auto evaluate = [&](const std::vector<std::uint64_t>& batch) {
    std::vector<PointResult> out(batch.size());
    for (size_t j = 0; j < batch.size(); ++j) out[j].completed = completes(batch[j]);
    return out;
  };
  return tune_search(last, goal, probes, evaluate, [](std::uint64_t i) { return std::to_string(i); });
}

int bisection_bound(std::uint64_t last, int probes) {
  return probes + 2 + static_cast<int>(std::ceil(std::log2(static_cast<double>(last) + 1))) + 1;
}

// A config with a single `Train(method)` in Initialize of 35 minutes and no
// refill (see the test below for why its boundaries are known).
ConfigDocument now35() {
  const auto path = std::filesystem::temp_directory_path() / "trainsim-tune-test-now35.json";
  std::ofstream(path) << R"JSON({
    "scheduled-event-leaky-bucket-refill-amount": 0,
    "simulation": {
      "start": "2024-01-02", "end": "2024-01-05",
      "security": "Equity-usa-SPY", "resolution": "minute",
      "on-data": { "cost": "50ms" },
      "training": [ { "name": "initial", "when": "now", "duration": "35m" } ]
    }
  })JSON";
  return load_config_document(path);
}

}  // namespace

TEST_CASE("tune: bisection finds every boundary position, minimizing and maximizing") {
  for (std::uint64_t last : {0u, 1u, 2u, 3u, 5u, 10u, 99u, 1000u}) {
    for (int probes : {0, 3}) {
      for (std::uint64_t t = 0; t <= last + 1; ++t) {
        CAPTURE(last);
        CAPTURE(probes);
        CAPTURE(t);
        // Minimize: values >= t complete.
        const TuneOutcome lo = search(last, TuneGoal::Minimize, probes, [t](std::uint64_t i) { return i >= t; });
        if (t == 0) {
          CHECK(lo.status == TuneOutcome::Status::AllComplete);
        } else if (t == last + 1) {
          CHECK(lo.status == TuneOutcome::Status::NoneCompletes);
        } else {
          REQUIRE(lo.status == TuneOutcome::Status::Found);
          CHECK(lo.runs[*lo.boundary].index == t);
          CHECK(lo.runs[*lo.boundary].result.completed);
          CHECK(lo.runs[*lo.neighbour].index == t - 1);
          CHECK_FALSE(lo.runs[*lo.neighbour].result.completed);
        }
        CHECK(static_cast<int>(lo.runs.size()) <= bisection_bound(last, probes));

        // Maximize: values < t complete (t - 1 is the largest that does).
        const TuneOutcome hi = search(last, TuneGoal::Maximize, probes, [t](std::uint64_t i) { return i < t; });
        if (t == 0) {
          CHECK(hi.status == TuneOutcome::Status::NoneCompletes);
        } else if (t == last + 1) {
          CHECK(hi.status == TuneOutcome::Status::AllComplete);
        } else {
          REQUIRE(hi.status == TuneOutcome::Status::Found);
          CHECK(hi.runs[*hi.boundary].index == t - 1);
          CHECK(hi.runs[*hi.neighbour].index == t);
        }
        CHECK(static_cast<int>(hi.runs.size()) <= bisection_bound(last, probes));
      }
    }
  }
}

TEST_CASE("tune: outcomes that are not monotone in the key are reported, not bisected") {
  // Completes only inside [40, 60]: the probes at 25, 50, 75 see fail, complete, fail.
  const auto window = [](std::uint64_t i) { return i >= 40 && i <= 60; };
  TuneOutcome o = search(100, TuneGoal::Minimize, 3, window);
  CHECK(o.status == TuneOutcome::Status::NotMonotone);
  CHECK_FALSE(o.boundary);
  CHECK(o.message.find("not monotone: 50 completes but 75 fails") != std::string::npos);
  o = search(100, TuneGoal::Maximize, 3, window);
  CHECK(o.status == TuneOutcome::Status::NotMonotone);
  CHECK(o.message.find("0 fails but 50 completes") != std::string::npos);
  // Minimizing something that completes below and fails above is reported too.
  o = search(100, TuneGoal::Minimize, 0, [](std::uint64_t i) { return i < 50; });
  CHECK(o.status == TuneOutcome::Status::NotMonotone);
}

// The hand-known case. A single Train(method) in Initialize of 35 minutes
// runs in the start timeslice (00:00, no bar, so no on-data in that step).
// LEAN's time monitor asks the bucket for one minute at each whole minute
// the event has run, strictly before it ends: at minutes 1..34, 34 requests.
// With refill 0 (and refills on wall time only, which is 35 minutes here)
// the bucket pays exactly `capacity` of them, so capacity >= 34 completes
// and 33 fails at the 34th request. Capacity 0 is LEAN's "never stopped by
// the bucket" but grants nothing, so the 10-minute loop maximum stops it:
// the outcome is monotone in the capacity over the whole range.
// With capacity 34 fixed, a duration of D minutes asks ceil(D) - 1 times:
// 35m completes, 36m (35 requests) fails. With capacity 0 only the loop
// maximum applies, and the step fails when its elapsed time exceeds it:
// 35 minutes completes, 34.99 does not.
TEST_CASE("tune: a boundary known by hand") {
  const ConfigDocument doc = now35();
  TuneRequest req;
  req.key = "scheduled-event-leaky-bucket-capacity";
  req.goal = TuneGoal::Minimize;
  req.range = "0:100";
  req.jobs = 2;
  TuneReport t = run_tune(doc, req);
  REQUIRE(t.outcome.status == TuneOutcome::Status::Found);
  CHECK(t.outcome.runs[*t.outcome.boundary].value == "34");
  CHECK(t.outcome.runs[*t.outcome.boundary].result.bucket_minimum == 0);
  CHECK(t.outcome.runs[*t.outcome.boundary].result.charged == 34);
  CHECK(t.outcome.runs[*t.outcome.neighbour].value == "33");
  CHECK(t.outcome.runs[*t.outcome.neighbour].result.failing_event_name == "initial");
  const size_t runs = t.outcome.runs.size();
  // The same with one job and with the default (whole 32-bit) range.
  req.jobs = 1;
  CHECK(run_tune(doc, req).outcome.runs.size() == runs);
  req.range = "";
  t = run_tune(doc, req);
  REQUIRE(t.outcome.status == TuneOutcome::Status::Found);
  CHECK(t.outcome.runs[*t.outcome.boundary].value == "34");

  ConfigDocument fixed = doc;
  apply_override(fixed, "scheduled-event-leaky-bucket-capacity=34");
  req = TuneRequest{};
  req.key = "simulation.training[0].duration";
  req.goal = TuneGoal::Maximize;
  req.range = "10m:60m";
  t = run_tune(fixed, req);
  REQUIRE(t.outcome.status == TuneOutcome::Status::Found);
  CHECK(t.outcome.runs[*t.outcome.boundary].value == "35m");
  CHECK(t.outcome.runs[*t.outcome.neighbour].value == "36m");

  ConfigDocument unlimited = doc;
  apply_override(unlimited, "scheduled-event-leaky-bucket-capacity=0");
  req = TuneRequest{};
  req.key = "algorithm-manager-time-loop-maximum";
  req.goal = TuneGoal::Minimize;
  req.range = "1:100";
  t = run_tune(unlimited, req);
  REQUIRE(t.outcome.status == TuneOutcome::Status::Found);
  CHECK(t.outcome.runs[*t.outcome.boundary].value == "35");
  CHECK(t.outcome.runs[*t.outcome.neighbour].value == "34.99");
}

TEST_CASE("tune: bad requests are input errors") {
  const ConfigDocument doc = now35();
  TuneRequest req;
  req.key = "scheduled-event-leaky-bucket-capacity";
  req.range = "0:10.5";
  CHECK_THROWS_AS(run_tune(doc, req), InputError);  // an integer key
  req.range = "10:0";
  CHECK_THROWS_AS(run_tune(doc, req), InputError);
  req.range = "-5:10";  // a negative capacity is invalid: refused before anything runs
  CHECK_THROWS_AS(run_tune(doc, req), InputError);
  req.range = "0:10:1";
  CHECK_THROWS_AS(run_tune(doc, req), InputError);
  req.key = "simulation.seed";
  req.range = "";
  CHECK_THROWS_AS(run_tune(doc, req), InputError);  // no default range
  req.key = "scheduled-event-leaky-bucket-capacty";
  req.range = "0:10";
  CHECK_THROWS_AS(run_tune(doc, req), InputError);
}

TEST_CASE("tune: to a target failure probability, with the same trials at every value") {
  // One training of D ~ uniform [20m, 40m], no refill: P(fail) = (39 - C) / 20.
  // P <= 5% needs C >= 38, where P is exactly 5%: its upper bound misses, and
  // 39 (P = 0) is the answer; the band starts at 38 or below.
  const auto path = std::filesystem::temp_directory_path() / "trainsim-tune-test-uniform.json";
  std::ofstream(path) << R"JSON({
    "scheduled-event-leaky-bucket-refill-amount": 0,
    "simulation": {
      "start": "2024-01-02", "end": "2024-01-02", "benchmark": false,
      "training": [ { "name": "fit", "when": "now", "duration": { "uniform": { "min": "20m", "max": "40m" } } } ]
    }
  })JSON";
  const ConfigDocument doc = load_config_document(path);
  TuneRequest req;
  req.key = "scheduled-event-leaky-bucket-capacity";
  req.range = "0:60";
  req.jobs = 2;
  req.trials = 2000;
  req.max_failure_probability = 0.05;
  const TuneReport t = run_tune(doc, req);
  REQUIRE(t.outcome.status == TuneOutcome::Status::Found);
  const TuneRun& b = t.outcome.runs[*t.outcome.boundary];
  CHECK(b.value == "39");
  CHECK(b.result.trial_failures == 0);
  CHECK(t.outcome.runs[*t.outcome.neighbour].value == "38");
  REQUIRE(t.band);
  CHECK(t.band->second == "39");
  CHECK(std::stoi(t.band->first) <= 38);
  CHECK(t.noise.empty());  // a narrow band, failures monotone in the capacity
  // Common random numbers: failures never grow with the capacity.
  std::vector<std::pair<int, std::uint64_t>> runs;
  for (const auto& r : t.outcome.runs) runs.emplace_back(std::stoi(r.value), r.result.trial_failures);
  std::sort(runs.begin(), runs.end());
  for (size_t i = 1; i < runs.size(); ++i) CHECK(runs[i].second <= runs[i - 1].second);

  req.trials = 0;  // a target needs trials
  CHECK_THROWS_AS(run_tune(doc, req), InputError);
  req.trials = 10;
  req.max_failure_probability = 1.5;
  CHECK_THROWS_AS(run_tune(doc, req), InputError);
}
