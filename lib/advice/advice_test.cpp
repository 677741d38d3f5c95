// advice/advice_test.cpp — every figure the advice gives is checked by
// re-running: the value completes and one step short of it fails.
#include "advice/advice.h"

#include "sim/simulate.h"
#include "sweep/tune.h"
#include "testing.h"

#include <doctest/doctest.h>

using namespace trainsim;
using trainsim::testing::scenario_from;
using trainsim::testing::TempDir;

namespace {

// Weekly 30-minute trainings on a weekday at 10:00 (in market hours), LEAN's
// default quota: the bucket runs dry within weeks of a fast backtest.
const char* kConfig = R"json({
  "simulation": {
    "start": "2024-01-01", "end": "2024-03-31",
    "security": "Equity-usa-SPY", "resolution": "minute",
    "on-data": { "cost": "50ms" },
    "training": [ { "name": "weekly", "date-rule": "DateRules.Every(DayOfWeek.Wednesday)",
                    "time-rule": "TimeRules.At(10, 0)", "duration": "30m" } ]
  }
})json";

bool completes(const std::vector<std::string>& sets) { return simulate(scenario_from(kConfig, sets)).completed(); }

// A config's document, scenario and plain run, as `run` has them.
struct PlainRun {
  ConfigDocument doc;
  Scenario s;
  SimulationResult r;
};
PlainRun plain_run(TempDir& dir, const std::string& text, const std::vector<std::string>& sets = {}) {
  PlainRun out{load_config_document(dir.write("config.json", text)), {}, {}};
  for (const auto& set : sets) apply_override(out.doc, set);
  std::vector<std::string> warnings;
  out.s = load_scenario(out.doc, warnings);
  out.r = simulate(out.s);
  return out;
}

}  // namespace

TEST_CASE("advice: each figure is the boundary, found by re-runs") {
  TempDir dir;
  const auto [doc, s, r] = plain_run(dir, kConfig);
  REQUIRE_FALSE(r.completed());
  REQUIRE(r.failure->reason == FailureReason::BucketRefused);
  const Advice a = advise(doc, s, r);
  CHECK(a.runs <= kAdviceMaxRuns);

  REQUIRE(a.capacity);  // refill held at 18
  CHECK(completes({"scheduled-event-leaky-bucket-capacity=" + std::to_string(*a.capacity),
                   "scheduled-event-leaky-bucket-refill-amount=18"}));
  CHECK_FALSE(completes({"scheduled-event-leaky-bucket-capacity=" + std::to_string(*a.capacity - 1),
                         "scheduled-event-leaky-bucket-refill-amount=18"}));

  REQUIRE(a.capacity_default_refill);  // the refill key unset: ceil(capacity / 7)
  CHECK(completes({"scheduled-event-leaky-bucket-capacity=" + std::to_string(*a.capacity_default_refill)}));
  CHECK_FALSE(completes({"scheduled-event-leaky-bucket-capacity=" + std::to_string(*a.capacity_default_refill - 1)}));
  CHECK(*a.capacity_default_refill <= *a.capacity);  // a growing refill can only help

  if (a.refill_amount) {
    CHECK(completes({"scheduled-event-leaky-bucket-refill-amount=" + std::to_string(*a.refill_amount)}));
    CHECK_FALSE(completes({"scheduled-event-leaky-bucket-refill-amount=" + std::to_string(*a.refill_amount - 1)}));
  }

  REQUIRE(a.longest_duration);
  const int m = std::stoi(*a.longest_duration);
  CHECK(completes({"simulation.training[0].duration=" + std::to_string(m) + "m"}));
  CHECK_FALSE(completes({"simulation.training[0].duration=" + std::to_string(m + 1) + "m"}));

  // A Wednesday 10:00 training: both schedule moves are tried and reported.
  std::string text;
  for (const auto& l : a.lines) text += l + "\n";
  CHECK(text.find("held at 18") != std::string::npos);
  CHECK(text.find("ceil(capacity / 7)") != std::string::npos);
  CHECK(text.find("outside market hours") != std::string::npos);
  CHECK(text.find("to the weekend") != std::string::npos);
  const bool weekend_helps = completes({"simulation.training[0].date-rule=DateRules.Every(DayOfWeek.Saturday)"});
  CHECK((text.find("to the weekend (date-rule DateRules.Every(DayOfWeek.Saturday)) lets the run complete") !=
         std::string::npos) == weekend_helps);
}

TEST_CASE("advice: a refill already at the capacity cannot help, and says why") {
  TempDir dir;
  const auto [doc, s, r] = plain_run(
      dir, kConfig, {"scheduled-event-leaky-bucket-capacity=20", "scheduled-event-leaky-bucket-refill-amount=20"});
  REQUIRE_FALSE(r.completed());
  const Advice a = advise(doc, s, r);
  CHECK_FALSE(a.refill_amount);
  bool said = false;
  for (const auto& l : a.lines) said = said || l.find("the refill cannot exceed what the capacity holds") != std::string::npos;
  CHECK(said);
}

TEST_CASE("advice: none for a completed run") {
  TempDir dir;
  const auto [doc, s, r] = plain_run(dir, kConfig, {"scheduled-event-leaky-bucket-capacity=100000"});
  REQUIRE(r.completed());
  CHECK(advise(doc, s, r).lines.empty());
}

TEST_CASE("advice: whether run advises is counted from the failing run, never timed") {
  TempDir dir;
  const auto [doc, s, r] = plain_run(dir, kConfig);
  REQUIRE_FALSE(r.completed());
  const std::int64_t work = advice_run_work(s, r);
  // Days and event firings, scaled from the failure to the range's end: the
  // failure is part way through, so the estimate is more than what was done.
  CHECK(work > r.trading_days + r.event_occurrences);
  CHECK(work == advice_run_work(s, simulate(s)));  // the same on every run
  SimulationResult halfway = r;
  halfway.failure->algorithm_time = s.warm_up_start + (s.end_exclusive - s.warm_up_start) / 2;
  CHECK(advice_run_work(s, halfway) == 2 * (1 + r.trading_days + r.event_occurrences));
  // A fixed OnData cost is paid per run of quiet bars; a drawn one per timeslice.
  std::string drawn = kConfig;
  drawn.replace(drawn.find("\"cost\": \"50ms\""), 14, "\"cost\": { \"uniform\": { \"min\": \"40ms\", \"max\": \"60ms\" } }");
  TempDir drawn_dir;
  const PlainRun d = plain_run(drawn_dir, drawn);
  halfway.timeslices = 3200;
  CHECK(advice_run_work(d.s, halfway) == 2 * (1 + r.trading_days + r.event_occurrences + 3200 / kTimeslicesPerWorkUnit));

  // Short enough: the full advice. Past kAdviceMaxWork: the tune command.
  const Advice full = advice_for_failed_run(doc, s, r, "--config config.json");
  CHECK(full.runs > 0);
  CHECK(full.lines == advise(doc, s, r).lines);
  SimulationResult long_run = halfway;
  long_run.event_occurrences = kAdviceMaxWork / kAdviceMaxRuns;
  const Advice suggested = advice_for_failed_run(doc, s, long_run, "--config config.json");
  CHECK(suggested.runs == 0);
  REQUIRE(suggested.lines.size() == 1);
  CHECK(suggested.lines[0].find("`trainsim tune --config config.json") != std::string::npos);
}

TEST_CASE("advice: a long run's suggested tune repeats how the config was selected") {
  TempDir dir;
  ConfigDocument doc = load_config_document(dir.write("config.json", kConfig));
  std::vector<std::string> warnings;
  const Scenario s = load_scenario(doc, warnings);
  const Advice a = advice_for_long_run("--algorithm main.py --config lean.json", s);
  REQUIRE(a.lines.size() == 1);
  CHECK(a.lines[0].find("`trainsim tune --algorithm main.py --config lean.json --minimize ") != std::string::npos);
}

TEST_CASE("odds advice: the search that skips decided trials finds tune's boundary, with its odds") {
  // Lognormal trainings: each capacity fails some of the trials.
  std::string config = kConfig;
  config.replace(config.find("\"duration\": \"30m\""), 17,
                 "\"duration\": { \"lognormal\": { \"median\": \"30m\", \"sigma\": 0.4 } }");
  // The refill following ceil(capacity / 7), or held at 3 a day (the bound
  // that skips re-runs then holds whatever the refills).
  std::string fixed_refill = config;
  fixed_refill.replace(fixed_refill.find("{") + 1, 0, " \"scheduled-event-leaky-bucket-refill-amount\": 3,");
  for (const std::string& text : {config, fixed_refill})
  for (const double target : {0.02, 0.25}) {
    CAPTURE(text);
    CAPTURE(target);
    TempDir dir;
    ConfigDocument doc = load_config_document(dir.write("config.json", text));
    std::vector<std::string> warnings;
    const Scenario s = load_scenario(doc, warnings);
    const OddsAdvice a = advise_for_odds(doc, s, target, 300, 2);
    TuneRequest q;
    q.key = "scheduled-event-leaky-bucket-capacity";
    q.max_failure_probability = target;
    q.trials = 300;
    q.jobs = 2;
    const TuneReport t = run_tune(doc, q);
    REQUIRE(t.outcome.status == TuneOutcome::Status::Found);
    const TuneRun& boundary = t.outcome.runs[*t.outcome.boundary];
    REQUIRE(a.capacity);
    CHECK(std::to_string(*a.capacity) == boundary.value);
    REQUIRE(a.odds);
    CHECK(a.odds->hits == boundary.result.trial_failures);
    CHECK(a.odds->high <= target);
    CHECK(a.odds->high == doctest::Approx(boundary.result.p_fail_hi));
  }
}
