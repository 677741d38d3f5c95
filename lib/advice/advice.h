// advice/advice.h — what would have let a failed run complete, each figure
// found by real re-runs with tune's search (bisection with a monotonicity
// check), never estimated: the bucket capacity (refill held fixed), the
// refill amount (capacity held fixed), the capacity when the refill follows
// LEAN's default ceil(capacity / 7), the longest duration of the failing
// training that completes, and for a daily/weekly training whether moving it
// outside market hours or to the weekend helps. With a Cloud node's preset,
// whose keys a user cannot set, the smallest node that completes and then the
// capacity a local LEAN run needs take the place of the key advice.
//
// Above sim/ and sweep/ (it re-runs through sweep's PointModel and search);
// report/ prints it.
#pragma once
#include "sim/scenario.h"
#include "sim/simulation_result.h"
#include "trials/estimate.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace trainsim {

struct ConfigDocument;  // config/config_document.h

// The most re-runs one advice makes, all searches together.
inline constexpr int kAdviceMaxRuns = 96;

// A re-run's work, counted from what the failing run did: its trading days
// and scheduled-event firings, plus its timeslices / kTimeslicesPerWorkUnit
// when OnData's cost is drawn per timeslice (a random cost or a recorded
// calendar's), scaled from the part of the range it reached to the whole
// (a re-run with more quota may run to the end). A count, not a clock: the
// same config gets the same advice on every machine, however loaded.
std::int64_t advice_run_work(const Scenario& s, const SimulationResult& failed);
// A drawn timeslice costs about 1/32 of a day or an event firing
// (tests/bench/advice_bench measures both).
inline constexpr std::int64_t kTimeslicesPerWorkUnit = 32;
// `run` gives the full advice when kAdviceMaxRuns re-runs of that work fit
// in this (about 5 s of CPU on a 2-core machine, advice_bench); a longer
// run gets advice_for_long_run's `tune` command instead.
inline constexpr std::int64_t kAdviceMaxWork = 10'000'000;

// With random durations or costs: the quota for a failure probability,
// found over Monte Carlo trials with common random numbers (the same trial
// seeds at every value tried; tune's search, sweep/tune.h): the smallest
// capacity (refill as configured) or, with a Cloud preset, the smallest node
// of its kind whose failure probability's 95 % upper bound is at most
// `max_failure`.
struct OddsAdvice {
  double max_failure = 0.05;
  std::uint64_t trials = 0;
  std::optional<std::int64_t> capacity;  // without a Cloud preset
  std::optional<std::string> node;       // with one
  std::optional<Proportion> odds;        // at the capacity or node found
  bool configured_meets = false;         // the configured quota already meets max_failure
  std::string line;                      // the sentence the summary prints
};

// The trials `run` gives the odds advice with.
inline constexpr std::uint64_t kOddsAdviceTrials = 2000;
// The failure probability `run`'s advice is for when durations are random
// and no --max-failure-probability is given.
inline constexpr double kDefaultMaxFailure = 0.05;
// Whether `run` gives the odds advice without being asked: when its work,
// the range's days times (1 + the scheduled events), is at most
// kDefaultOddsWork (a five-year range with one training: about 4 s of CPU on
// a 2-core machine). A measure of the input, not of a clock, so the report is the same on
// every machine.
inline constexpr std::int64_t kDefaultOddsWork = 4000;
std::int64_t odds_advice_work(const Scenario& s);

struct Advice {
  std::optional<std::int64_t> capacity;                  // smallest capacity, refill held fixed
  std::optional<std::int64_t> refill_amount;             // smallest refill, capacity held fixed
  std::optional<std::int64_t> capacity_default_refill;   // smallest capacity, refill = ceil(capacity / 7)
                                                         // (with a Cloud preset: on local LEAN, loop maximum 20)
  std::optional<std::string> node;  // with a Cloud preset: the smallest node of its kind that completes
  std::optional<std::string> longest_duration;           // of the failing training, as --set takes it ("24m")
  std::optional<OddsAdvice> odds;   // with random durations and a failure probability asked for
  // The failing training's schedule changes whose re-run completes, as the
  // rule key and its value ("time-rule TimeRules.Midnight"); in `lines` too,
  // and not in the JSON report (whose advice lines say it).
  std::vector<std::string> schedules;
  std::vector<std::string> lines;  // one sentence each, in the order above; the summary prints them
  int runs = 0;                    // re-runs made (<= kAdviceMaxRuns)
};

// `doc` is the config `s` was built from (for re-runs that change the
// schedule). An empty Advice for a completed run.
Advice advise(const ConfigDocument& doc, const Scenario& s, const SimulationResult& failed);

// The odds advice for `s` (built from `doc`); `jobs` parallel trials.
// Deterministic for any `jobs`.
OddsAdvice advise_for_odds(const ConfigDocument& doc, const Scenario& s, double max_failure, std::uint64_t trials,
                           unsigned jobs);

// The advice when a run is too long to re-run kAdviceMaxRuns times;
// `config_args` selects the config on the command line ("--config F", or
// "--algorithm P [--config F]"), repeated in the suggested command.
Advice advice_for_long_run(const std::string& config_args, const Scenario& s);

// advise() when kAdviceMaxRuns re-runs fit in kAdviceMaxWork, else
// advice_for_long_run(): what `run` prints for a failed run.
Advice advice_for_failed_run(const ConfigDocument& doc, const Scenario& s, const SimulationResult& failed,
                             const std::string& config_args);

}  // namespace trainsim
