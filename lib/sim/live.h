// sim/live.h — LEAN live trading, replayed: wall time is algorithm time; the
// algorithm thread takes timeslices as they arrive while a scheduling thread
// fires events by the clock, in creation order, one at a time (training is
// asynchronous). Both draw on the one bucket.
#pragma once
#include "sim/run_options.h"
#include "sim/scenario.h"
#include "sim/simulation_result.h"

namespace trainsim {

SimulationResult run_live(const Scenario& scenario, const RunOptions& options = {});

}  // namespace trainsim
