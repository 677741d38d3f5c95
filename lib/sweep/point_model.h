// sweep/point_model.h — one simulation per parameter point, built from a
// config that is parsed once.
//
// A point is the base config (read and --set applied once) plus one
// "key=value" override per swept key. Keys split in two kinds:
// - quota keys (loop maximum, bucket capacity, interval, refill amount) only
//   change the scenario's LeanSettings, and `simulation.seed` is given at run
//   time (RunOptions), so a point reuses an already built scenario and
//   re-reads nothing: its cost is the simulation alone;
// - every other key (simulation.* paths, environment, live-mode,
//   data-folder) changes the scenario, which is rebuilt from a copy of the
//   parsed config with the shared MarketHoursCache (the market-hours file is
//   read once). Each worker keeps the scenario of its last such combination,
//   so points that differ only in quota keys share it.
#pragma once
#include "calendar/timeslice_stream.h"
#include "civil/civil_time.h"
#include "config/config_document.h"
#include "sim/run_options.h"
#include "sim/run_outcome.h"
#include "sim/scenario.h"
#include "sim/simulation_result.h"
#include "trials/estimate.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace trainsim {

// What a sweep row records of one simulation.
struct PointResult : RunOutcome {
  // With Monte Carlo trials (the columns above are trial 0's, the plain run):
  // how many ran, how many failed, and the failure probability's 95 % interval.
  std::uint64_t trials = 0, trial_failures = 0;
  double p_fail = 0, p_fail_lo = 0, p_fail_hi = 0;
};

PointResult summarize(const Scenario& s, const SimulationResult& r);

// A point's trial odds as the proportion they are.
inline Proportion trial_odds(const PointResult& r) {
  return {r.trial_failures, r.trials, r.p_fail, r.p_fail_lo, r.p_fail_hi};
}

class PointModel {
 public:
  // How many points validate() checks at a time.
  static constexpr std::size_t kValidationChunk = 1024;

  // `keys`: the swept keys, in the order every point gives its values.
  // Throws InputError, naming `source` (the option that gave the keys), for
  // a key no point can set: an unknown top-level key (--set would ignore it)
  // or a path under `environments` (overrides apply after the overlay).
  PointModel(ConfigDocument base, std::vector<std::string> keys, unsigned workers,
             const std::string& source = "--grid");

  const std::vector<std::string>& keys() const { return keys_; }
  // Whether key k leaves the scenario as it is (a quota key or the seed).
  bool is_quota_key(size_t k) const { return quota_[k]; }
  // Whether every swept key is such a key (one scenario serves every point).
  bool quota_only() const;

  // Checks that every point makes a valid config, before anything runs,
  // kValidationChunk points at a time in order: the chunk's non-quota
  // combinations (each built once, in parallel; one met in a recent chunk is
  // not built again), then the quota keys of its every point (cheap). Memory
  // is bounded by the chunk, not by the points or combinations. `values(i)`
  // gives point i's values. Throws InputError naming the first bad point
  // (lowest i), without looking past its chunk; returns the warnings the
  // points' configs produce, each once.
  std::vector<std::string> validate(std::size_t count,
                                    const std::function<std::vector<std::string>(std::size_t)>& values,
                                    unsigned jobs);

  // Simulates one point on worker `worker` (< workers). Thread-safe across
  // distinct workers. Throws InputError for an invalid point. With
  // `trials` > 0 also runs Monte Carlo trials 0..trials-1 of it, on
  // `trial_jobs` threads (the same trial seeds at every point).
  PointResult run(const std::vector<std::string>& values, unsigned worker, std::uint64_t trials = 0,
                  unsigned trial_jobs = 1);

  // How each of `trials` ends at this point (trial k as run() runs it), on
  // `jobs` threads, in the order given. For searches that skip the trials an
  // earlier point already decides (odds advice, advice/odds_advice.cpp).
  struct TrialEnd {
    bool failed = false;
    std::int64_t bucket_minimum = 0;  // the lowest level the bucket reached
    // At most this many refill intervals passed on the bucket's clock
    // (wall time); none known (an algorithm-time bucket): -1.
    std::int64_t refill_intervals = -1;
  };
  std::vector<TrialEnd> trial_ends(const std::vector<std::string>& values, const std::vector<std::uint64_t>& trials,
                                   unsigned jobs);

  // The "key=value" text of a point, for messages.
  std::string describe(const std::vector<std::string>& values) const;

 private:
  // What one combination of non-quota values gives: its scenario, and its
  // LEAN keys (effective, overlay and --set applied) to read quota values into.
  struct Structure {
    Scenario scenario;
    ConfigDocument lean;  // only `effective` (LEAN root keys), `file` and `origin` are used
    // The scenario's calendar runs, derived on its first run and shared by
    // every point of the structure: quota keys and the seed leave the
    // calendar as it is, so a point then pays for its simulation alone.
    std::shared_ptr<const std::vector<SliceRun>> calendar;
    std::shared_ptr<const EventTimes> event_times;  // the same for its events' occurrences
  };
  struct Worker {
    bool has = false;
    std::vector<std::string> structural;  // the non-quota values `current` was built with
    Structure current;
  };
  std::vector<std::string> structural_values(const std::vector<std::string>& values) const;
  // Worker `worker`'s structure for the point, its quota values read in.
  Structure& prepare(const std::vector<std::string>& values, unsigned worker);
  Structure build(const std::vector<std::string>& structural, std::vector<std::string>& warnings);
  // Sets the point's quota values in `lean` (as --set would) and reads the settings.
  LeanSettings read_quota(ConfigDocument& lean, const std::vector<std::string>& values) const;
  // The point's simulation.seed when it is swept. Throws InputError.
  std::optional<std::uint64_t> read_seed(const std::vector<std::string>& values) const;

  ConfigDocument base_;  // the config with --set applied
  std::vector<std::string> keys_;
  std::vector<bool> quota_;
  MarketHoursCache cache_;
  std::shared_ptr<const Structure> shared_;  // when quota_only(): the one structure every point uses
  std::vector<Worker> workers_;
};

}  // namespace trainsim
