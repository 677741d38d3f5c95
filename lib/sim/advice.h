// sim/advice.h — the one line a user needs after a failure: which quota
// would have let the run complete, found by bisection over re-runs.
#pragma once
#include "report/report.h"
#include "sim/scenario.h"
#include "sim/simulation_result.h"

#include <cstdint>
#include <functional>
#include <optional>

namespace trainsim {

// Smallest integer v in [lo, hi] for which `completes(v)` holds, assuming it
// is monotone; nullopt when even hi fails. `runs` counts the calls.
std::optional<std::int64_t> smallest_completing(std::int64_t lo, std::int64_t hi,
                                                const std::function<bool(std::int64_t)>& completes, int& runs);

// Bisects over re-runs, each no longer than a run that completes. The search
// stops once `budget_seconds` of re-runs have passed (so its total time is that
// plus at most one run) and then returns an Advice with `stopped` set and no text.
Advice advise(const Scenario& s, const SimulationResult& failed, double budget_seconds = 5.0);

}  // namespace trainsim
