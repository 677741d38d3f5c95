// sim/synchronous_loop.h — LEAN's algorithm loop when scheduled events run on
// the algorithm thread: every loop of a backtest, and a live algorithm's
// warm-up (LEAN's live handler is the backtest handler while warming up).
// Per loop a new time step: past-due events (each in its own Scan, stamped
// with its time), the events due now (SetTime), OnData; runtime Train calls
// made in between (docs/semantics.md#the-algorithm-loop).
#pragma once
#include "sim/run_options.h"
#include "sim/run_parts.h"
#include "sim/scenario.h"

#include <utility>
#include <vector>

namespace trainsim {

// The state one run's loops share; owned by the mode that runs them.
struct LoopState {
  const Scenario& s;
  const RunOptions& o;
  RunParts& p;
  Micros& wall;  // the wall clock: compute time since the run (or deployment) began
};

class SynchronousLoop {
 public:
  explicit SynchronousLoop(LoopState st) : st_(st) {}

  // The first instant of `run` that needs a loop of its own: an event due, a
  // runtime call pending or dated, the first OnData of an algorithm-zone
  // date with on-data calls. Slices before it only run OnData.
  Instant next_due(const SliceRun& run) const;
  // `n` slices of `run` with nothing due: each a fresh step that only runs OnData.
  void quiet_slices(const SliceRun& run, std::int64_t n, bool constant, Micros cost);
  // One loop at `t`. `set_time`: run the events due at t (a live warm-up's
  // loop at the start leaves them to the scheduling thread).
  void slice(Instant t, bool has_data, Micros recorded_cost, bool pulse, bool set_time = true);
  // Takes the front of `run`: the slices before the next due instant in
  // bulk, or else one loop; returns the algorithm time of the last slice
  // taken. A loop at `no_set_time_at` leaves its due events alone (a live
  // warm-up's loop at the start).
  Instant take(SliceRun& run, Instant no_set_time_at = INT64_MIN);

  // Each training occurrence's wall interval is appended here when set (live `model`).
  std::vector<std::pair<Micros, Micros>>* training_intervals = nullptr;

 private:
  bool scan(ScheduledEventState& e, Instant until, Instant slice_time, Instant clock);
  bool run_occurrence(ScheduledEventState& e, Instant stamp, Instant slice_time, Micros d);
  void on_data_over_limit(Instant t);
  void fail(Instant algorithm_time, int event);

  LoopState st_;
};

}  // namespace trainsim
