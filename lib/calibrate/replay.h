// calibrate/replay.h — `trainsim check`: a scenario made to replay the run a
// log came from (its quota settings, loop maximum, mode, and the durations it
// measured, in order), and the comparison of trainsim's outcome with LEAN's.
#pragma once
#include "calibrate/log_evidence.h"
#include "sim/scenario.h"
#include "sim/simulation_result.h"

#include <string>
#include <vector>

namespace trainsim::calibrate {

// LEAN notices a failure at its next isolator poll (README, departures from
// LEAN): up to this much later than the exact instant trainsim reports.
inline constexpr Micros kBacktestPollTolerance = 1'500'000;
inline constexpr Micros kLivePollTolerance = 10'500'000;

// Applies the log's evidence to `s`: each method's measured durations become
// a trace for every event running it (one more duration, as long as trainsim
// allows, follows them in a failed run: the training the failure cut short
// never logged its time), OnData's cost (probe, else the estimate), the
// bucket keys, the loop maximum from the failure message and live mode.
// Returns one note per change, and throws InputError naming `log` when a
// training event still has no duration.
std::vector<std::string> apply_evidence(Scenario& s, const LogEvidence& e, const std::string& log);

struct CheckResult {
  bool matches = true;
  std::vector<std::string> lines;  // what was compared; the first difference last when it does not match
};

// Compares LEAN's run (the log) with trainsim's (the result of `s`).
CheckResult compare_with_log(const Scenario& s, const SimulationResult& r, const LogEvidence& e);

// LEAN's "2024-02-04 08:00:00" (DateFormat.UI) for an instant in `zone`.
std::string lean_ui_time(Instant t, const TimeZone& zone);

}  // namespace trainsim::calibrate
