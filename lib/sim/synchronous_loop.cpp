// sim/synchronous_loop.cpp — one loop of LEAN's AlgorithmManager with the
// backtest real-time handler (Engine/AlgorithmManager.cs,
// Engine/RealTime/BacktestingRealTimeHandler.cs).
#include "sim/synchronous_loop.h"

#include <algorithm>

namespace trainsim {

Instant SynchronousLoop::next_due(const SliceRun& run) const {
  if (st_.p.events.has_pending_calls()) return run.first;
  Instant due = std::min(st_.p.events.head_time(), st_.p.calls.next_date());
  if (run.has_data && st_.p.calls.has_on_data()) {
    if (st_.p.calls.draws_on(st_.p.calls.date_of(run.first))) return run.first;
    due = std::min(due, st_.p.calls.next_date_start(run.first));
  }
  return due;
}

Instant SynchronousLoop::take(SliceRun& run, Instant no_set_time_at) {
  const Instant due = next_due(run);
  std::int64_t quiet = run.count;
  if (due <= run.last()) quiet = due <= run.first ? 0 : (due - run.first + run.step - 1) / run.step;
  if (run.first == no_set_time_at) quiet = 0;
  if (quiet > 0) {
    const DurationSpec& cost = st_.s.sim.on_data;
    quiet_slices(run, quiet, cost.is_constant() && run.cost < 0, cost.a);
    const Instant last = run.first + (quiet - 1) * run.step;
    run.first += quiet * run.step;
    run.count -= quiet;
    return last;
  }
  const Instant t = run.first;
  slice(t, run.has_data, run.cost, run.pulse, t != no_set_time_at);
  run.first += run.step;
  --run.count;
  return t;
}

void SynchronousLoop::quiet_slices(const SliceRun& run, std::int64_t n, bool constant, Micros cost) {
  SimulationResult& r = st_.p.r;
  if (!run.has_data) {
    r.timeslices += n;
    return;
  }
  if (constant) {
    if (cost > st_.p.budget.maximum()) {  // the first of them already fails
      ++r.timeslices;
      st_.p.budget.start_step(st_.wall);
      on_data_over_limit(run.first);
      return;
    }
    r.timeslices += n;
    st_.wall += n * cost;
    return;
  }
  for (std::int64_t i = 0; i < n; ++i) {
    ++r.timeslices;
    const Micros c = run.cost >= 0 ? run.cost : st_.p.on_data.next();
    if (c > st_.p.budget.maximum()) {
      st_.p.budget.start_step(st_.wall);
      on_data_over_limit(run.first + i * run.step);
      return;
    }
    st_.wall += c;
  }
}

void SynchronousLoop::slice(Instant t, bool has_data, Micros recorded_cost, bool pulse, bool set_time) {
  ++st_.p.r.timeslices;
  st_.p.budget.start_step(st_.wall);
  EventList& events = st_.p.events;
  // ScanPastEvents: each past occurrence in its own Scan, stamped with its
  // time; the callbacks' clock reads that stamp. Calls made here are seen
  // from the next scan on (LEAN's Add only marks the list).
  events.rebuild_if_needed();
  while (events.head_time() < t) {
    const Instant at = events.head_time();
    st_.p.calls.dates_before(at, false, events);  // dated calls follow the callbacks stamped <= them
    if (!scan(events.head(), at, t, at)) return;
    events.reposition_head();
  }
  st_.p.calls.dates_before(t, pulse, events);
  // A time pulse (the warm-up's end) runs nothing else.
  if (pulse) return;
  if (set_time) {
    // SetTime: one Scan per event runs every occurrence due by now.
    events.rebuild_if_needed();
    while (events.head_time() <= t) {
      if (!scan(events.head(), t, t, t)) return;
      events.reposition_head();
    }
    st_.p.calls.dates_before(t, true, events);  // at the loop's own time, as from its OnData
  }
  if (!has_data) return;
  const Micros c = recorded_cost >= 0 ? recorded_cost : st_.p.on_data.next();
  st_.wall += c;
  if (st_.wall > st_.p.budget.deadline()) {
    on_data_over_limit(t);
    return;
  }
  if (st_.p.calls.has_on_data()) st_.p.calls.on_data(t, st_.p.calls.date_of(t), events);
}

// One Scan of `e`: every occurrence <= until, back to back, one consumer.
bool SynchronousLoop::scan(ScheduledEventState& e, Instant until, Instant slice_time, Instant clock) {
  st_.p.monitor.begin(st_.wall);
  while (e.next() <= until) {
    const Instant scheduled = e.next();
    e.occurrences.advance();
    if (!run_occurrence(e, scheduled, slice_time, st_.p.events.draw_duration(e, scheduled))) return false;
    st_.p.calls.completed(e, clock, st_.p.events);
  }
  return true;
}

bool SynchronousLoop::run_occurrence(ScheduledEventState& e, Instant stamp, Instant slice_time, Micros d) {
  if (e.declared < 0) return true;  // LEAN's daily sampling: instantaneous
  Micros& wall = st_.wall;
  st_.p.bucket.refill_to(st_.p.monitor.bucket_now(wall, stamp));
  st_.p.rec.start(e, stamp, slice_time, stamp, wall, st_.p.bucket.level(), st_.p.monitor.charged());
  const Micros started = wall;
  MonitorStop stop;
  const bool ok = st_.p.monitor.work(wall, d, stamp, true, stop, st_.o.timeline, e.declared);
  st_.p.rec.end(e, stamp, wall, st_.p.bucket.level(), st_.p.monitor.charged(), ok);
  if (e.training && training_intervals) training_intervals->emplace_back(started, wall);
  if (!ok) {
    fail(stamp, e.declared);
    if (stop.refused) st_.p.r.failure->reason = FailureReason::BucketRefused;
  }
  return ok;
}

// OnData ran past the step's limit: the stop is when it crossed it.
void SynchronousLoop::on_data_over_limit(Instant t) {
  st_.wall = st_.p.budget.deadline();
  fail(t, -1);
}

void SynchronousLoop::fail(Instant algorithm_time, int event) {
  st_.p.rec.fail(algorithm_time, st_.wall, event, st_.p.budget.failure_message(st_.wall), st_.p.bucket.level());
}

}  // namespace trainsim
