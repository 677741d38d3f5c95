// sweep/tune.h — `trainsim tune` without the command line: the boundary
// between completing and failing along one key, found by bisection.
//
// The key's values form an exact decimal grid lo, lo + step, ... <= hi
// (integers for the bucket keys, hundredths of a minute by default for the
// loop maximum). `minimize` assumes larger values complete (a capacity),
// `maximize` that smaller values do (a training duration). The search first
// runs both ends and `probes` evenly spaced values (in parallel), then
// bisects the bracket. Every run is checked against the assumption: a value
// that completes below one that fails (minimize) means the outcome is not
// monotone in the key, and the search says so instead of returning a boundary.
#pragma once
#include "sweep/grid.h"
#include "sweep/point_model.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace trainsim {

struct ConfigDocument;  // config/config_document.h

enum class TuneGoal { Minimize, Maximize };

struct TuneRun {
  std::uint64_t index = 0;  // on the value grid
  std::string value;        // the value's text, as --set takes it
  PointResult result;
};

struct TuneOutcome {
  enum class Status {
    Found,          // boundary (completes) and neighbour (one step beyond it, fails) both ran
    NoneCompletes,  // no value in the range completes
    AllComplete,    // every value tried completes: the boundary lies outside the range
    NotMonotone,    // the runs contradict the assumption; see `message`
  };
  Status status = Status::NoneCompletes;
  std::optional<size_t> boundary;   // into runs
  std::optional<size_t> neighbour;  // into runs
  std::vector<TuneRun> runs;        // in the order they were made
  std::string message;              // one line saying what was found
};

// The search on indices 0..last: `evaluate(indices)` runs a batch (in any
// order, possibly in parallel) and returns results in the same order;
// `text(i)` names value i in messages. Deterministic for a given input.
TuneOutcome tune_search(std::uint64_t last, TuneGoal goal, int probes,
                        const std::function<std::vector<PointResult>(const std::vector<std::uint64_t>&)>& evaluate,
                        const std::function<std::string(std::uint64_t)>& text);

// With trials: a warning when the runs' failure counts are not monotone in
// the key although every value ran the same trials (common random numbers).
std::vector<std::string> tune_noise(const TuneOutcome& outcome, TuneGoal goal);

struct TuneRequest {
  std::string key;
  TuneGoal goal = TuneGoal::Minimize;
  std::string range;  // "lo:hi"; empty: the key's default range (bucket keys, loop maximum)
  std::string step;   // empty: 1 for whole-number ranges, else 0.01 (or the bounds' finest decimal)
  int probes = 3;
  unsigned jobs = 1;
  // Set: a value "completes" when its failure probability over `trials`
  // Monte Carlo trials (the same trial seeds at every value: common random
  // numbers) has a 95 % upper bound <= this.
  std::optional<double> max_failure_probability;
  std::uint64_t trials = 0;
};

struct TuneReport {
  TuneOutcome outcome;
  DecimalRange range;
  std::vector<std::string> warnings;  // from the configs of the values tried, each once
  std::vector<std::string> noise;     // with trials: why the boundary may be uncertain
  // With trials: the values whose 95 % interval contains the target, from
  // the one whose lower bound meets it to the answer (upper bound meets it).
  std::optional<std::pair<std::string, std::string>> band;
};

// Throws InputError (exit 2) for a bad key, range or step, or an endpoint
// value that makes an invalid config.
TuneReport run_tune(const ConfigDocument& base, const TuneRequest& request);

}  // namespace trainsim
