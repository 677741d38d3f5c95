// sim/backtest.cpp — a LEAN backtest replayed: timeslices, scheduled events in
// LEAN's order, each time step charged.
#include "sim/backtest.h"

#include "calendar/timeslice_stream.h"
#include "sim/event_list.h"
#include "sim/run_record.h"
#include "sim/runtime_calls.h"
#include "sim/slice_source.h"
#include "sim/synchronous_loop.h"
#include "sim/time_monitor.h"

#include <algorithm>

namespace trainsim {
namespace {

class Backtest {
 public:
  Backtest(const Scenario& s, const RunOptions& o)
      : s_(s),
        o_(o),
        bucket_(make_bucket(s.lean)),
        budget_(s.lean.loop_maximum_minutes),
        monitor_(bucket_, budget_, s.sim.bucket_clock, s.warm_up_start),
        events_(s, o.seed_or(s.sim.seed), o.trial, o.event_times),
        calls_(s, o.seed_or(s.draw_seed()), o.trial),
        on_data_(s.sim.on_data, o.seed_or(s.sim.seed), 0, o.trial),
        rec_(r_, o),
        loop_({s, o, bucket_, budget_, monitor_, events_, calls_, on_data_, r_, rec_, wall_}) {
    r_.bucket.capacity = s.lean.capacity;
    r_.bucket.refill_amount = s.lean.refill_amount;
    r_.bucket.interval_minutes = s.lean.interval_minutes;
    monitor_.note_level();
  }

  SimulationResult run() {
    SliceSource stream(s_, o_.calendar);
    SliceRun run;
    const Instant span_start = s_.warm_up_start;
    Instant last_algorithm_time = span_start;
    std::int64_t runs = 0;
    while (!r_.failure && stream.next(run)) {
      if (o_.progress && (++runs & 0x3FF) == 0)
        o_.progress(static_cast<double>(run.first - span_start) / static_cast<double>(s_.end_exclusive - span_start));
      days_.see(run);
      while (run.count > 0 && !r_.failure) {
        // Slices before the next due event (or runtime call) only run OnData: taken in bulk.
        last_algorithm_time = loop_.take(run);
        // The loop at the start ends the warm-up (it is always a run of its own).
        if (s_.has_warm_up() && !r_.warm_up && last_algorithm_time >= s_.start) note_warm_up_end();
      }
    }
    if (s_.has_warm_up() && !r_.warm_up) note_warm_up_end();  // a failure before the start
    if (calls_.any()) r_.runtime_calls = calls_.calls();
    // The bucket's clock at the end: the failure's algorithm time, or the last slice.
    r_.trading_days = days_.days;
    finish(r_.failure ? r_.failure->algorithm_time : last_algorithm_time);
    return std::move(r_);
  }

 private:
  void note_warm_up_end() {
    r_.warm_up = WarmUpSummary{s_.warm_up_start, r_.timeslices, r_.training_sessions, wall_};
  }

  void finish(Instant last_algorithm_time) {
    r_.wall = wall_;
    bucket_.refill_to(monitor_.bucket_now(wall_, last_algorithm_time));
    r_.bucket.charged = monitor_.charged();
    r_.bucket.refilled = bucket_.refilled();
    r_.bucket.final_level = bucket_.level();
    r_.bucket.minimum = monitor_.minimum();
  }

  const Scenario& s_;
  const RunOptions& o_;
  LeakyBucket bucket_;
  TimeStepBudget budget_;
  TimeMonitor monitor_;
  EventList events_;
  RuntimeCalls calls_;
  DurationSampler on_data_;
  Micros wall_ = 0;
  TradingDayCounter days_;
  SimulationResult r_;
  RunRecorder rec_;
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
