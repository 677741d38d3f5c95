// trials/gate.h — a CI gate on the odds of failure: pass when the 95 %
// interval's upper bound is at most the allowed failure probability, fail
// when its lower bound is above it, undecided (more trials needed) when the
// interval straddles it. `run --trials N --max-failure-probability P` and
// `merge` of trial shards exit with its status.
#pragma once
#include "trials/trials.h"

#include <optional>
#include <string>

namespace trainsim {

enum class GateVerdict { Pass = 0, Fail = 1, Undecided = 3 };  // the exit status

struct Gate {
  GateVerdict verdict = GateVerdict::Undecided;
  std::string text;  // "gate: ... -> pass (exit 0)", for the summary
};

// `stats` of trials; `max_failure` the allowed probability (0 < P < 1). A
// config with nothing random has one outcome: pass when it completed, fail
// when it did not.
Gate failure_gate(const TrialStats& stats, double max_failure);

// The exit status of a batch of trials (`run --trials`, `merge` of trial
// shards), one rule for both: with `max_failure`, failure_gate's; without,
// pass when no trial failed and fail when any did, so a merge where trials
// failed never reads as success.
Gate trials_gate(const TrialStats& stats, const std::optional<double>& max_failure);

// Throws InputError naming --max-failure-probability unless 0 < p < 1.
void check_failure_probability(double p);

}  // namespace trainsim
