// sim/backtest.cpp — a LEAN backtest replayed: timeslices, scheduled events in
// LEAN's order, each time step charged.
#include "sim/backtest.h"

#include "calendar/timeslice_stream.h"
#include "sim/run_parts.h"
#include "sim/slice_source.h"
#include "sim/synchronous_loop.h"

#include <algorithm>

namespace trainsim {
namespace {

class Backtest {
 public:
  Backtest(const Scenario& s, const RunOptions& o)
      : s_(s),
        o_(o),
        p_(s, o, s.sim.bucket_clock, s.warm_up_start, o.event_times),
        loop_({s, o, p_, wall_}) {}

  SimulationResult run() {
    SliceSource stream(s_, o_.calendar);
    SliceRun run;
    const Instant span_start = s_.warm_up_start;
    Instant last_algorithm_time = span_start;
    std::int64_t runs = 0;
    while (!p_.r.failure && stream.next(run)) {
      if (o_.progress && (++runs & 0x3FF) == 0)
        o_.progress(static_cast<double>(run.first - span_start) / static_cast<double>(s_.end_exclusive - span_start));
      days_.see(run);
      while (run.count > 0 && !p_.r.failure) {
        // Slices before the next due event (or runtime call) only run OnData: taken in bulk.
        last_algorithm_time = loop_.take(run);
        // The loop at the start ends the warm-up (it is always a run of its own).
        if (s_.has_warm_up() && !p_.r.warm_up && last_algorithm_time >= s_.start) note_warm_up_end();
      }
    }
    if (s_.has_warm_up() && !p_.r.warm_up) note_warm_up_end();  // a failure before the start
    if (p_.calls.any()) p_.r.runtime_calls = p_.calls.calls();
    // The bucket's clock at the end: the failure's algorithm time, or the last slice.
    p_.r.trading_days = days_.days;
    finish(p_.r.failure ? p_.r.failure->algorithm_time : last_algorithm_time);
    return std::move(p_.r);
  }

 private:
  void note_warm_up_end() {
    p_.r.warm_up = WarmUpSummary{s_.warm_up_start, p_.r.timeslices, p_.r.training_sessions, wall_};
  }

  void finish(Instant last_algorithm_time) {
    p_.r.wall = wall_;
    p_.close_bucket(p_.monitor.bucket_now(wall_, last_algorithm_time));
  }

  const Scenario& s_;
  const RunOptions& o_;
  Micros wall_ = 0;
  RunParts p_;
  TradingDayCounter days_;
  SynchronousLoop loop_;
};

}  // namespace

SimulationResult run_backtest(const Scenario& scenario, const RunOptions& options) {
  return Backtest(scenario, options).run();
}

BacktestFiringTimes::BacktestFiringTimes(const Scenario& s) : runs_(calendar_runs(s)) {}

Instant BacktestFiringTimes::fires_at(Instant t) const {
  auto it = std::lower_bound(runs_.begin(), runs_.end(), t, [](const SliceRun& run, Instant v) { return run.last() < v; });
  // A time pulse runs only the events strictly before it.
  if (it != runs_.end() && it->pulse && t == it->first) ++it;
  if (it == runs_.end()) return OccurrenceStream::kNever;  // after the last slice: never fires
  return t <= it->first ? it->first : it->first + (t - it->first + it->step - 1) / it->step * it->step;
}

}  // namespace trainsim
