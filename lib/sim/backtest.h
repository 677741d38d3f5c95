// sim/backtest.h — a LEAN backtest, replayed: per timeslice a new time step,
// past events (each in its own Scan), events due now, then OnData; training
// blocks the algorithm and draws on the bucket minute by minute.
#pragma once
#include "sim/run_options.h"
#include "sim/scenario.h"
#include "sim/simulation_result.h"

namespace trainsim {

SimulationResult run_backtest(const Scenario& scenario, const RunOptions& options = {});

}  // namespace trainsim
