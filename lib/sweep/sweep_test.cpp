// sweep/sweep_test.cpp — unit tests of running sweeps: every point's result
// equals a run of the same config built the plain way (--set, load, simulate),
// whatever the number of jobs or shards; bad points are refused before
// anything runs.
#include "sweep/sweep.h"

#include "input/input_error.h"
#include "sim/simulate.h"
#include "sweep/point_model.h"

#include <doctest/doctest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

using namespace trainsim;

namespace {

// Two months of SPY minutes; a training in Initialize, a weekly one with a
// random duration, a random on-data cost and a refill amount set in the file
// (so a sweep over other bucket keys must keep it).
ConfigDocument two_months() {
  const auto path = std::filesystem::temp_directory_path() / "trainsim-sweep-test-two-months.json";
  std::ofstream(path) << R"JSON({
    "scheduled-event-leaky-bucket-refill-amount": 3,
    "simulation": {
      "start": "2024-01-02", "end": "2024-02-29",
      "security": "Equity-usa-SPY", "resolution": "minute", "seed": 11,
      "on-data": { "cost": { "uniform": { "min": "10ms", "max": "90ms" } } },
      "training": [
        { "name": "initial", "when": "now", "duration": "35m" },
        { "name": "weekly", "date-rule": "DateRules.Every(DayOfWeek.Sunday)", "time-rule": "TimeRules.At(8, 0)",
          "duration": { "lognormal": { "median": "20m", "sigma": 0.3 } } }
      ]
    }
  })JSON";
  return load_config_document(path);
}

// The plain way: --set each assignment, load, simulate.
PointResult reference(const ConfigDocument& base, const std::vector<std::string>& assignments) {
  ConfigDocument doc = base;
  for (const auto& a : assignments) apply_override(doc, a);
  std::vector<std::string> warnings;
  const Scenario s = load_scenario(doc, warnings);
  RunOptions o;
  o.record_events = false;
  return summarize(s, simulate(s, o));
}

void check_same(const PointResult& a, const PointResult& b) {
  CHECK(a.completed == b.completed);
  CHECK(a.failure_text == b.failure_text);
  CHECK(a.failing_event_name == b.failing_event_name);
  CHECK(a.sessions == b.sessions);
  CHECK(a.training == b.training);
  CHECK(a.charged == b.charged);
  CHECK(a.bucket_minimum == b.bucket_minimum);
  CHECK(a.wall == b.wall);
  CHECK(a.timeslices == b.timeslices);
}

std::string error_of(const ConfigDocument& doc, const Grid& g, unsigned jobs) {
  try {
    SweepOptions o;
    o.jobs = jobs;
    run_sweep(doc, g, o);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("sweep: every point equals the plain run of its config, for any jobs") {
  const ConfigDocument doc = two_months();
  const Grid g = Grid::parse({"simulation.training[1].duration=10m,25m",
                              "scheduled-event-leaky-bucket-capacity=30:330:100",
                              "algorithm-manager-time-loop-maximum=5,10"});
  SweepOptions o;
  o.jobs = 1;
  const SweepResult one = run_sweep(doc, g, o);
  REQUIRE(one.results.size() == g.size());
  int completed = 0;
  for (std::uint64_t i = 0; i < g.size(); ++i) {
    CAPTURE(i);
    CHECK(one.points[i] == i);
    check_same(one.results[i], reference(doc, g.assignments(i)));
    completed += one.results[i].completed;
  }
  CHECK(completed > 0);  // the grid spans both outcomes
  CHECK(completed < static_cast<int>(g.size()));

  o.jobs = 3;
  const SweepResult three = run_sweep(doc, g, o);
  for (std::uint64_t i = 0; i < g.size(); ++i) check_same(three.results[i], one.results[i]);

  // Shards are the same rows, interleaved.
  for (std::uint64_t k = 1; k <= 4; ++k) {
    o.shard = Shard{k, 4};
    const SweepResult part = run_sweep(doc, g, o);
    REQUIRE(part.points.size() == Shard{k, 4}.count(g.size()));
    for (size_t j = 0; j < part.points.size(); ++j) {
      CHECK(part.points[j] == k - 1 + 4 * j);
      check_same(part.results[j], one.results[part.points[j]]);
    }
  }
}

TEST_CASE("sweep: quota-only grids keep the file's other LEAN keys") {
  const ConfigDocument doc = two_months();
  const Grid g = Grid::parse({"scheduled-event-leaky-bucket-capacity=30,60"});
  SweepOptions o;
  o.jobs = 2;
  const SweepResult r = run_sweep(doc, g, o);
  for (std::uint64_t i = 0; i < g.size(); ++i) check_same(r.results[i], reference(doc, g.assignments(i)));
  // Sweeping the refill amount overrides the file's.
  const Grid refill = Grid::parse({"scheduled-event-leaky-bucket-refill-amount=0,50"});
  const SweepResult q = run_sweep(doc, refill, o);
  for (std::uint64_t i = 0; i < refill.size(); ++i) check_same(q.results[i], reference(doc, refill.assignments(i)));
}

TEST_CASE("sweep: a bad point is refused before anything runs, naming the first one") {
  const ConfigDocument doc = two_months();
  for (unsigned jobs : {1u, 3u}) {
    std::string e = error_of(doc, Grid::parse({"scheduled-event-leaky-bucket-capacity=10,-1,20,-2"}), jobs);
    CHECK(e.find("grid point scheduled-event-leaky-bucket-capacity=-1: ") == 0);
    CHECK(e.find("must not be negative") != std::string::npos);
    e = error_of(doc,
                 Grid::parse({"simulation.training[1].duration=10m,abc,xyz",
                              "scheduled-event-leaky-bucket-capacity=5,-5"}),
                 jobs);
    CHECK(e.find("grid point simulation.training[1].duration=10m, scheduled-event-leaky-bucket-capacity=-5: ") == 0);
    e = error_of(doc, Grid::parse({"simulation.training[7].duration=10m"}), jobs);
    CHECK(e.find("has no element [7]") != std::string::npos);
  }
  CHECK(error_of(doc, Grid::parse({"scheduled-event-leaky-bucket-capacty=1,2"}), 1)
            .find("did you mean 'scheduled-event-leaky-bucket-capacity'") != std::string::npos);
  CHECK(error_of(doc, Grid::parse({"environments.x.live-mode=true,false"}), 1).find("cannot be swept") !=
        std::string::npos);
}

TEST_CASE("sweep: an empty shard still checks the config") {
  ConfigDocument doc = two_months();
  const Grid g = Grid::parse({"scheduled-event-leaky-bucket-capacity=30,60"});
  SweepOptions o;
  o.shard = Shard{4, 4};
  const SweepResult r = run_sweep(doc, g, o);
  CHECK(r.points.empty());
  CHECK(r.results.empty());
  apply_override(doc, "simulation.training[0].duration=soon");
  CHECK_THROWS_AS(run_sweep(doc, g, o), InputError);
}

TEST_CASE("sweep: the config fingerprint follows the effective config") {
  ConfigDocument a = two_months(), b = two_months();
  CHECK(config_fingerprint(a) == config_fingerprint(b));
  CHECK(config_fingerprint(a).size() == 16);
  apply_override(b, "simulation.seed=12");
  CHECK(config_fingerprint(a) != config_fingerprint(b));
}

TEST_CASE("sweep: the seed is given at run time, and each point equals its plain run") {
  const ConfigDocument doc = two_months();
  const Grid g = Grid::parse({"simulation.seed=1,2,3", "scheduled-event-leaky-bucket-capacity=60,400"});
  SweepOptions o;
  o.jobs = 2;
  const SweepResult r = run_sweep(doc, g, o);
  for (std::uint64_t i = 0; i < g.size(); ++i) {
    CAPTURE(i);
    check_same(r.results[i], reference(doc, g.assignments(i)));
  }
  CHECK(r.results[1].training != r.results[3].training);  // seeds 1 and 2 draw differently
  CHECK(error_of(doc, Grid::parse({"simulation.seed=1,-4"}), 2).find("simulation.seed=-4") != std::string::npos);
}

TEST_CASE("sweep --trials: per point, the failure probability of trials with the same seeds") {
  const ConfigDocument doc = two_months();
  const Grid g = Grid::parse({"scheduled-event-leaky-bucket-capacity=60,200,400"});
  SweepOptions o;
  o.jobs = 2;
  o.trials = 40;
  const SweepResult r = run_sweep(doc, g, o);
  for (std::uint64_t i = 0; i < g.size(); ++i) {
    CAPTURE(i);
    const PointResult& p = r.results[i];
    check_same(p, reference(doc, g.assignments(i)));  // the row's other columns: trial 0, the plain run
    CHECK(p.trials == 40);
    CHECK(p.p_fail == doctest::Approx(static_cast<double>(p.trial_failures) / 40));
    CHECK(p.p_fail_lo <= p.p_fail);
    CHECK(p.p_fail <= p.p_fail_hi);
  }
  // Common random numbers: more capacity never fails more trials.
  CHECK(r.results[0].trial_failures >= r.results[1].trial_failures);
  CHECK(r.results[1].trial_failures >= r.results[2].trial_failures);
  o.jobs = 1;
  const SweepResult one = run_sweep(doc, g, o);
  for (std::uint64_t i = 0; i < g.size(); ++i) CHECK(one.results[i].trial_failures == r.results[i].trial_failures);
}

TEST_CASE("sweep: results are handed on in grid order, a bounded chunk at a time, as the collected run has them") {
  const auto path = std::filesystem::temp_directory_path() / "trainsim-sweep-test-one-day.json";
  std::ofstream(path) << R"JSON({"scheduled-event-leaky-bucket-refill-amount": 0,
    "simulation": {"start": "2024-01-02", "end": "2024-01-02",
    "training": [{"name": "fit", "when": "now", "duration": "30m"}]}})JSON";
  const ConfigDocument doc = load_config_document(path);
  const Grid g = Grid::parse({"scheduled-event-leaky-bucket-capacity=1:4101:1"});  // a chunk and 5 points
  SweepOptions o;
  o.jobs = 2;
  std::vector<std::size_t> sizes;
  std::vector<std::uint64_t> points;
  std::vector<PointResult> results;
  run_sweep(doc, g, o, [&](const std::vector<std::uint64_t>& p, const std::vector<PointResult>& r) {
    REQUIRE(p.size() == r.size());
    sizes.push_back(p.size());
    points.insert(points.end(), p.begin(), p.end());
    results.insert(results.end(), r.begin(), r.end());
  });
  CHECK(sizes == std::vector<std::size_t>{kSweepChunk, 5});
  REQUIRE(points.size() == g.size());
  for (std::uint64_t i = 0; i < g.size(); ++i) CHECK(points[i] == i);
  // The 30-minute training asks 29 minutes of the bucket: capacity 29 and up complete.
  CHECK_FALSE(results[27].completed);
  CHECK(results[28].completed);
  CHECK(results.back().completed);
  check_same(results[4100], reference(doc, g.assignments(4100)));
  // A shard streams its own points the same way.
  o.shard = Shard{2, 2};
  sizes.clear();
  points.clear();
  run_sweep(doc, g, o, [&](const std::vector<std::uint64_t>& p, const std::vector<PointResult>&) {
    sizes.push_back(p.size());
    points.insert(points.end(), p.begin(), p.end());
  });
  CHECK(sizes == std::vector<std::size_t>{2050});
  CHECK(points.front() == 1);
  CHECK(points.back() == 4099);
}

TEST_CASE("sweep validation: a chunk at a time, stopping at the first bad point's chunk") {
  const auto path = std::filesystem::temp_directory_path() / "trainsim-sweep-test-validate.json";
  std::ofstream(path) << R"JSON({"simulation": {"start": "2024-01-02", "end": "2024-01-02",
    "training": [{"name": "fit", "when": "now", "duration": "30m"}]}})JSON";
  const ConfigDocument doc = load_config_document(path);
  const std::size_t chunk = PointModel::kValidationChunk;
  for (unsigned jobs : {1u, 2u}) {
    CAPTURE(jobs);
    PointModel model(doc, {"simulation.training[0].duration", "scheduled-event-leaky-bucket-capacity"}, jobs);
    // Point i: a duration of (i % 7 + 1) minutes and a capacity of 10; the
    // points `bad_quota` (capacity -1) and `bad_structure` (a duration that
    // is not one) are bad. The count says 10^8: only what is read counts.
    std::size_t bad_quota = 0, bad_structure = 0;
    std::atomic<std::size_t> highest{0};
    auto values = [&](std::size_t i) {
      std::size_t seen = highest.load();
      while (i > seen && !highest.compare_exchange_weak(seen, i)) {
      }
      return std::vector<std::string>{i == bad_structure ? "soon" : std::to_string(i % 7 + 1) + "m",
                                      i == bad_quota ? "-1" : "10"};
    };
    auto error = [&](std::size_t quota, std::size_t structure) {
      bad_quota = quota;
      bad_structure = structure;
      highest = 0;
      try {
        model.validate(100'000'000, values, jobs);
      } catch (const InputError& e) {
        return std::string(e.what());
      }
      return std::string();
    };
    // A bad capacity in the third chunk, before a bad duration in the same chunk.
    std::string e = error(2 * chunk + 5, 2 * chunk + 9);
    CHECK(e.find("grid point simulation.training[0].duration=" + std::to_string((2 * chunk + 5) % 7 + 1) +
                 "m, scheduled-event-leaky-bucket-capacity=-1: ") == 0);
    CHECK(highest.load() == 3 * chunk - 1);  // nothing past the bad point's chunk was read
    // The bad duration first: named by its own point (a combination met only there).
    e = error(2 * chunk + 9, 2 * chunk + 5);
    CHECK(e.find("grid point simulation.training[0].duration=soon, scheduled-event-leaky-bucket-capacity=10: ") == 0);
    CHECK(highest.load() == 3 * chunk - 1);
    // In the first chunk.
    e = error(3, 1'000'000);
    CHECK(e.find("scheduled-event-leaky-bucket-capacity=-1: ") != std::string::npos);
    CHECK(highest.load() == chunk - 1);
  }
}
