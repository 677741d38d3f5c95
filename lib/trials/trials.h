// trials/trials.h — Monte Carlo trials of one scenario: trial k is the run
// with every generator jumped k * 2^128 draws ahead (cost/random.h), so trial
// 0 is the plain run and any trial can be re-run alone. Trials share the one
// parsed scenario, run in parallel batches over a fixed number of jobs and
// are reduced in trial order into a bounded summary (trials/summary.h) as
// they finish, so results never depend on the number of jobs and memory does
// not grow with the number of trials.
#pragma once
#include "parallel/shard.h"
#include "sim/run_options.h"
#include "sim/run_outcome.h"
#include "sim/scenario.h"
#include "sim/simulation_result.h"
#include "trials/estimate.h"
#include "trials/summary.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace trainsim {

TrialRecord record_trial(const Scenario& s, std::uint64_t trial, const SimulationResult& r);

// Whether any duration is drawn at random (a distribution that is not
// degenerate). Without one every trial is the same run.
bool has_randomness(const Scenario& s);

// Trials are run, and `precision` is checked, in batches of this many, so
// where an early stop happens does not depend on the number of jobs.
constexpr std::uint64_t kTrialBatch = 1000;

struct TrialsRequest {
  std::uint64_t count = 1;
  std::optional<std::uint64_t> seed;  // default: simulation.seed
  unsigned jobs = 1;
  double precision = 0;  // > 0: stop after the first batch whose 95 % half-width is below it
  Shard shard;           // run only the trials of this shard (no early stop then)
  std::size_t sample = kTrialSample;  // the summary's sample capacity per kind
  std::function<void(std::uint64_t done, std::uint64_t total)> progress;
};

struct TrialsRun {
  std::uint64_t requested = 0;
  bool random = true;         // false: nothing is random and only trial 0 ran
  bool stopped_early = false;  // `precision` was reached before `requested`
  TrialsSummary summary;       // every trial run, reduced
};

// One trial alone (what `run --trial k` reports); `calendar`: the
// scenario's calendar_runs(), when computed once for many trials.
SimulationResult run_trial(const Scenario& s, std::uint64_t trial, std::optional<std::uint64_t> seed,
                           bool record_events = false, const std::vector<SliceRun>* calendar = nullptr,
                           const EventTimes* event_times = nullptr);

// Runs the request's trials (its shard's, when sharded).
TrialsRun run_trials(const Scenario& s, const TrialsRequest& request);

// What a batch of trials found.
struct TrialStats {
  std::uint64_t requested = 0;
  bool random = true, stopped_early = false;
  Proportion failure, refused, time_loop;  // 95 % Wilson intervals
  std::uint64_t completed = 0;
  // The quantiles at kQuantilePercents, of the summary's samples (exact
  // while a kind has no more trials than the sample's capacity); empty when
  // no trial failed / completed.
  std::vector<TrialRecord> failure_time;  // failed trials at each quantile of algorithm time
  std::vector<Micros> failure_wall;
  std::vector<std::int64_t> bucket_minimum, sessions, charged;  // completed trials
  std::uint64_t failed_sampled = 0, completed_sampled = 0;     // how many trials the quantiles are of
  std::optional<TrialRecord> worst;          // the lowest margin (lower_margin)
  std::optional<TrialRecord> first_failing;  // the lowest trial number that failed
  bool sampled() const { return failed_sampled < failure.hits || completed_sampled < completed; }
};

TrialStats trial_stats(const TrialsRun& run);

}  // namespace trainsim
