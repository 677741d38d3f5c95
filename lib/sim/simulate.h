// sim/simulate.h — run a scenario in the mode its config asks for.
#pragma once
#include "sim/backtest.h"
#include "sim/live.h"

namespace trainsim {

inline SimulationResult simulate(const Scenario& s, const RunOptions& o = {}) {
  return s.lean.live_mode ? run_live(s, o) : run_backtest(s, o);
}

}  // namespace trainsim
