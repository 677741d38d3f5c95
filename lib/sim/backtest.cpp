#include "sim/backtest.h"

#include "calendar/timeslice_stream.h"
#include "sim/event_list.h"
#include "sim/run_record.h"
#include "sim/slice_source.h"
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
        monitor_(bucket_, budget_, s.sim.bucket_clock, s.start),
        events_(s, o.seed_or(s.sim.seed), o.trial),
        on_data_(s.sim.on_data, o.seed_or(s.sim.seed), 0, o.trial),
        rec_(r_, o) {
    r_.bucket.capacity = s.lean.capacity;
    r_.bucket.refill_amount = s.lean.refill_amount;
    r_.bucket.interval_minutes = s.lean.interval_minutes;
    monitor_.note_level();
  }

  SimulationResult run() {
    SliceSource stream(s_, o_.calendar);
    SliceRun run;
    const bool constant_cost = s_.sim.on_data.is_constant();
    const Micros cost = s_.sim.on_data.a;
    Instant last_algorithm_time = s_.start;
    std::int64_t runs = 0;
    while (!r_.failure && stream.next(run)) {
      if (o_.progress && (++runs & 0x3FF) == 0)
        o_.progress(static_cast<double>(run.first - s_.start) / static_cast<double>(s_.end_exclusive - s_.start));
      days_.see(run);
      while (run.count > 0 && !r_.failure) {
        // Slices before the next due event only run OnData: take them in bulk.
        const Instant due = events_.head_time();
        std::int64_t quiet = run.count;
        if (due <= run.last()) quiet = due <= run.first ? 0 : (due - run.first + run.step - 1) / run.step;
        if (quiet > 0) {
          quiet_slices(run, quiet, constant_cost && run.cost < 0, cost);
          last_algorithm_time = run.first + (quiet - 1) * run.step;
          run.first += quiet * run.step;
          run.count -= quiet;
          continue;
        }
        slice(run.first, run.has_data, run.cost);
        last_algorithm_time = run.first;
        run.first += run.step;
        --run.count;
      }
    }
    // The bucket's clock at the end: the failure's algorithm time, or the last slice.
    r_.trading_days = days_.days;
    finish(r_.failure ? r_.failure->algorithm_time : last_algorithm_time);
    return std::move(r_);
  }

 private:
  // `n` slices with no event due: each a fresh step that only runs OnData.
  void quiet_slices(const SliceRun& run, std::int64_t n, bool constant, Micros cost) {
    if (!run.has_data) {
      r_.timeslices += n;
      return;
    }
    if (constant) {
      if (cost > budget_.maximum()) {  // the first of them already fails
        ++r_.timeslices;
        budget_.start_step(wall_);
        on_data_over_limit(run.first);
        return;
      }
      r_.timeslices += n;
      wall_ += n * cost;
      return;
    }
    for (std::int64_t i = 0; i < n; ++i) {
      ++r_.timeslices;
      const Micros c = run.cost >= 0 ? run.cost : on_data_.next();
      if (c > budget_.maximum()) {
        budget_.start_step(wall_);
        on_data_over_limit(run.first + i * run.step);
        return;
      }
      wall_ += c;
    }
  }

  // OnData ran past the step's limit: the stop is when it crossed it.
  void on_data_over_limit(Instant t) {
    wall_ = budget_.deadline();
    fail(t, -1);
  }

  void slice(Instant t, bool has_data, Micros recorded_cost) {
    ++r_.timeslices;
    budget_.start_step(wall_);
    // ScanPastEvents: each past occurrence in its own Scan, stamped with its time.
    while (events_.head_time() < t) {
      const Instant at = events_.head_time();
      if (!scan(events_.head(), at, t)) return;
      events_.reposition_head();
    }
    // SetTime: one Scan per event runs every occurrence due by now.
    while (events_.head_time() <= t) {
      if (!scan(events_.head(), t, t)) return;
      events_.reposition_head();
    }
    if (!has_data) return;
    const Micros c = recorded_cost >= 0 ? recorded_cost : on_data_.next();
    wall_ += c;
    if (wall_ > budget_.deadline()) on_data_over_limit(t);
  }

  // One Scan of `e`: every occurrence <= until, back to back, one consumer.
  // Each callback sees its own scheduled time (in SetTime that is the slice's).
  bool scan(ScheduledEventState& e, Instant until, Instant slice_time) {
    monitor_.begin(wall_);
    while (e.next() <= until) {
      const Instant scheduled = e.next();
      e.occurrences.advance();
      if (!run_occurrence(e, scheduled, slice_time, events_.draw_duration(e, scheduled))) return false;
    }
    return true;
  }

  bool run_occurrence(ScheduledEventState& e, Instant stamp, Instant slice_time, Micros d) {
    if (e.declared < 0) return true;  // LEAN's daily sampling: instantaneous
    bucket_.refill_to(monitor_.bucket_now(wall_, stamp));
    rec_.start(e, stamp, slice_time, stamp, wall_, bucket_.level(), monitor_.charged());
    MonitorStop stop;
    const bool ok = monitor_.work(wall_, d, stamp, true, stop, o_.timeline, e.declared);
    rec_.end(e, stamp, wall_, bucket_.level(), monitor_.charged(), ok);
    if (!ok) {
      fail(stamp, e.declared);
      if (stop.refused) r_.failure->reason = FailureReason::BucketRefused;
    }
    return ok;
  }

  void fail(Instant algorithm_time, int event) {
    rec_.fail(algorithm_time, wall_, event, budget_.failure_message(wall_), bucket_.level());
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
  DurationSampler on_data_;
  Micros wall_ = 0;
  TradingDayCounter days_;
  SimulationResult r_;
  RunRecorder rec_;
};

}  // namespace

SimulationResult run_backtest(const Scenario& scenario, const RunOptions& options) {
  return Backtest(scenario, options).run();
}

BacktestFiringTimes::BacktestFiringTimes(const Scenario& s) : runs_(calendar_runs(s)) {}

Instant BacktestFiringTimes::fires_at(Instant t) const {
  auto it = std::lower_bound(runs_.begin(), runs_.end(), t, [](const SliceRun& run, Instant v) { return run.last() < v; });
  if (it == runs_.end()) return OccurrenceStream::kNever;  // after the last slice: never fires
  return t <= it->first ? it->first : it->first + (t - it->first + it->step - 1) / it->step * it->step;
}

}  // namespace trainsim
