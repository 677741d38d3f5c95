// sim/backtest.h — a LEAN backtest, replayed: per timeslice a new time step,
// past events (each in its own Scan), events due now, then OnData; training
// blocks the algorithm and draws on the bucket minute by minute.
#pragma once
#include "calendar/timeslice_stream.h"
#include "sim/run_options.h"
#include "sim/scenario.h"
#include "sim/simulation_result.h"

#include <vector>

namespace trainsim {

SimulationResult run_backtest(const Scenario& scenario, const RunOptions& options = {});

// When occurrences fire in a backtest: at the first timeslice at or after
// their scheduled time (OccurrenceStream::kNever after the last timeslice).
class BacktestFiringTimes {
 public:
  explicit BacktestFiringTimes(const Scenario& s);
  Instant fires_at(Instant scheduled) const;

 private:
  std::vector<SliceRun> runs_;
};

}  // namespace trainsim
