#include "sim/live.h"

#include "calendar/market_clock.h"
#include "calendar/timeslice_stream.h"
#include "quota/leaky_bucket.h"
#include "quota/time_step_budget.h"
#include "sim/event_list.h"
#include "sim/run_record.h"
#include "sim/slice_source.h"
#include "sim/time_monitor.h"

#include <algorithm>
#include <utility>
#include <vector>

namespace trainsim {

OpenSegments OpenSegments::of(const Scenario& s) {
  bool extended = false;
  for (const auto& sub : s.subscriptions) extended = extended || sub.spec.extended_market_hours;
  return OpenSegments{s.markets, extended};
}
Micros OpenSegments::time_between(Instant a, Instant b) const { return open_time_between(markets, a, b, extended); }
Instant OpenSegments::finish(Instant t, Micros work, double slowdown) const {
  return finish_with_slowdown(markets, t, work, slowdown, extended);
}

Instant live_fires_at(const Scenario& s, Instant scheduled) {
  return scheduled < s.end_exclusive ? scheduled : OccurrenceStream::kNever;
}

namespace {

// LEAN's "RealTime Thread" (SPEC §3, live mode pinned): passes at the instant
// p the thread is free and something is due; in each pass the events in
// declaration order, each whose next occurrence is <= p scanned once: every
// pending occurrence <= p back to back under one time consumer (one free
// minute per scan). Only occurrences before E = end_exclusive exist.
class SchedulerThread {
 public:
  enum class Kind { Start, Ask, End, None };
  struct Activity {
    Kind kind = Kind::None;
    Instant at = OccurrenceStream::kNever;
    const ScheduledEventState* event = nullptr;
  };

  SchedulerThread(const Scenario& s, EventList& events, TimeMonitor& monitor, OpenSegments open)
      : s_(s), events_(events), monitor_(monitor), open_(open) {
    plan();
  }

  Instant peek() const { return next_.at; }
  const Activity& next() const { return next_; }
  // The next activity has been carried out (an ask made by the caller).
  void done() {
    if (next_.kind == Kind::Start) running_ = true;
    if (next_.kind == Kind::End) running_ = false;
    plan();
  }

  bool running() const { return running_; }
  const ScheduledEventState* current() const { return current_; }
  Instant occurrence_scheduled() const { return occurrence_scheduled_; }
  Instant occurrence_end() const { return occurrence_end_; }
  Instant free_at() const { return free_at_; }

 private:
  Instant due(const ScheduledEventState& e) const {
    return e.declared >= 0 && e.next() < s_.end_exclusive ? e.next() : OccurrenceStream::kNever;
  }

  void plan() {
    if (running_) {
      const Instant ask = s_.start + monitor_.next_ask();
      next_ = ask < occurrence_end_ ? Activity{Kind::Ask, ask, current_} : Activity{Kind::End, occurrence_end_, current_};
      return;
    }
    while (true) {
      // More of this scan, the next event of this pass, or a new pass.
      if (current_ && due(*current_) <= pass_) {
        start_occurrence(*current_, /*new_scan=*/false);
        return;
      }
      current_ = nullptr;
      for (; cursor_ < events_.size(); ++cursor_) {
        ScheduledEventState& e = events_.by_id(cursor_);
        if (due(e) <= pass_) {
          current_ = &e;
          ++cursor_;
          start_occurrence(e, /*new_scan=*/true);
          return;
        }
      }
      Instant first_due = OccurrenceStream::kNever;
      for (size_t i = 0; i < events_.size(); ++i) first_due = std::min(first_due, due(events_.by_id(i)));
      if (first_due == OccurrenceStream::kNever) {
        next_ = {};
        return;
      }
      pass_ = std::max(free_at_, first_due);  // LEAN reads the clock once per pass
      cursor_ = 0;
    }
  }

  void start_occurrence(ScheduledEventState& e, bool new_scan) {
    occurrence_scheduled_ = e.next();
    e.occurrences.advance();
    const Instant start = std::max(free_at_, occurrence_scheduled_);
    if (new_scan) monitor_.begin(start - s_.start);
    const Micros work = events_.draw_duration(e, occurrence_scheduled_);
    occurrence_end_ = open_.finish(start, work, s_.sim.market_open_slowdown);
    free_at_ = occurrence_end_;
    next_ = {Kind::Start, start, &e};
  }

  const Scenario& s_;
  EventList& events_;
  TimeMonitor& monitor_;
  OpenSegments open_;
  Activity next_;
  bool running_ = false;
  ScheduledEventState* current_ = nullptr;
  size_t cursor_ = 0;
  Instant pass_ = INT64_MIN;     // the pass's clock reading
  Instant free_at_ = INT64_MIN;  // when the thread is next free
  Instant occurrence_scheduled_ = 0, occurrence_end_ = 0;
};

class Live {
 public:
  Live(const Scenario& s, const RunOptions& o)
      : s_(s),
        o_(o),
        bucket_(make_bucket(s.lean)),
        budget_(s.lean.loop_maximum_minutes),
        monitor_(bucket_, budget_, BucketClock::Wall, s.start),  // wall time is algorithm time
        events_(s, o.seed_or(s.sim.seed), o.trial),
        open_(OpenSegments::of(s)),
        scheduler_(s, events_, monitor_, open_),
        on_data_(s.sim.on_data, o.seed_or(s.sim.seed), 0, o.trial),
        rec_(r_, o) {
    r_.live = true;
    r_.model = ModelAvailability{};
    monitor_.note_level();
    for (const auto& t : s.sim.events) now_training_ = now_training_ || (t.training && t.now);
  }

  SimulationResult run() {
    SliceSource stream(s_, o_.calendar);
    SliceRun run;
    while (!failed() && stream.next(run)) {
      for (std::int64_t i = 0; i < run.count && !failed(); ++i) {
        const Instant arrival = run.first + i * run.step;
        const Instant taken = std::max(arrival, busy_until_);
        drain_before(taken);  // at a tie the algorithm thread goes first
        if (!failed()) slice(run, arrival, taken);
      }
    }
    drain_before(OccurrenceStream::kNever);  // the run goes on until all that started has finished
    finish();
    return std::move(r_);
  }

 private:
  bool failed() const { return r_.failure.has_value(); }

  void drain_before(Instant t) {
    while (!failed() && scheduler_.peek() < t) take();
  }

  void slice(const SliceRun& run, Instant arrival, Instant taken) {
    ++r_.timeslices;
    days_.see(run);
    if (arrived_while_training(arrival)) ++r_.model->timeslices_while_training;
    budget_.start_step(taken);
    step_start_ = taken;
    busy_until_ = taken + (!run.has_data ? 0 : run.cost >= 0 ? run.cost : on_data_.next());
    // Scheduler work while this step runs, in time order; its grants extend it.
    while (!failed() && scheduler_.peek() < busy_until_ && scheduler_.peek() <= budget_.deadline()) take();
    if (!failed() && busy_until_ > budget_.deadline()) fail(budget_.deadline(), -1);
  }

  // Timeslices arriving in (start, end] of a training occurrence. Trainings
  // run one at a time and arrivals increase, so one cursor walks them.
  bool arrived_while_training(Instant a) {
    while (training_cursor_ < trainings_.size() && trainings_[training_cursor_].second < a) ++training_cursor_;
    return training_cursor_ < trainings_.size() && trainings_[training_cursor_].first < a;
  }

  // A grant goes to the step running at `t` (one starting at t included), or to none.
  bool step_running_at(Instant t) const { return t == step_start_ || (t >= step_start_ && t < busy_until_); }

  void take() {
    const SchedulerThread::Activity a = scheduler_.next();
    if (a.kind == SchedulerThread::Kind::None) return;
    const ScheduledEventState& e = *a.event;
    switch (a.kind) {
      case SchedulerThread::Kind::Start:
        bucket_.refill_to(a.at - s_.start);
        rec_.start(e, scheduler_.occurrence_scheduled(), a.at, a.at, a.at - s_.start, bucket_.level(),
                   monitor_.charged());
        if (e.training) trainings_.emplace_back(a.at, scheduler_.occurrence_end());
        break;
      case SchedulerThread::Kind::Ask: {
        const Ask result = monitor_.ask(a.at, o_.timeline, e.declared);
        if (result == Ask::Granted && step_running_at(a.at)) budget_.grant_minute();
        if (result == Ask::Refused) {
          fail(a.at, e.declared);
          r_.failure->reason = FailureReason::BucketRefused;
          return;
        }
        break;
      }
      case SchedulerThread::Kind::End:
        rec_.end(e, a.at, a.at - s_.start, bucket_.level(), monitor_.charged(), true);
        break;
      case SchedulerThread::Kind::None:
        break;
    }
    scheduler_.done();
  }

  // Everything stops at `at`: a running occurrence is cut there.
  void fail(Instant at, int event) {
    if (scheduler_.running()) {
      const ScheduledEventState& e = *scheduler_.current();
      rec_.end(e, at, at - s_.start, bucket_.level(), monitor_.charged(), false);
      if (e.training) trainings_.back().second = at;
    }
    // The message reports the algorithm thread's current step. Between bars
    // LEAN's live feed keeps the loop turning (time pulses), so unless OnData
    // is running the current step has just begun.
    if (at >= busy_until_) budget_.start_step(at);
    rec_.fail(at, at - s_.start, event, budget_.failure_message(at), bucket_.level());
  }

  void finish() {
    const Instant end = failed() ? r_.failure->algorithm_time
                                 : std::max({s_.end_exclusive, busy_until_, scheduler_.free_at()});
    r_.trading_days = days_.days;
    r_.wall = end - s_.start;
    bucket_.refill_to(end - s_.start);
    r_.bucket = {s_.lean.capacity, s_.lean.refill_amount, s_.lean.interval_minutes, monitor_.charged(),
                 bucket_.refilled(), bucket_.level(), monitor_.minimum()};
    model(end);
  }

  // SPEC §3 `model`: unready during each training occurrence and, with a
  // `now` training, from the start until the first occurrence ends.
  void model(Instant end) {
    auto& m = *r_.model;
    for (const auto& [a, b] : trainings_) {
      m.training_total += b - a;
      m.training_in_open_market += open_.time_between(a, b);
    }
    Instant from = 0, to = INT64_MIN;  // the maximal unready stretch being merged
    auto close = [&] {
      if (to <= from) return;
      const Micros open = open_.time_between(from, to);
      m.market_time_without_model += open;
      m.longest_without_model = std::max(m.longest_without_model, open);
    };
    if (now_training_) {
      from = s_.start;
      to = trainings_.empty() ? end : trainings_.front().second;
    }
    for (const auto& [a, b] : trainings_) {
      if (a > to) {
        close();
        from = a;
      }
      to = std::max(to, b);
    }
    close();
  }

  const Scenario& s_;
  const RunOptions& o_;
  LeakyBucket bucket_;
  TimeStepBudget budget_;
  TimeMonitor monitor_;
  EventList events_;
  OpenSegments open_;
  SchedulerThread scheduler_;
  DurationSampler on_data_;
  SimulationResult r_;
  RunRecorder rec_;
  TradingDayCounter days_;
  bool now_training_ = false;
  Instant step_start_ = INT64_MIN;
  Instant busy_until_ = INT64_MIN;  // the algorithm thread's backlog: OnData runs until then
  std::vector<std::pair<Instant, Instant>> trainings_;  // each training occurrence [start, end)
  size_t training_cursor_ = 0;
};

}  // namespace

SimulationResult run_live(const Scenario& scenario, const RunOptions& options) {
  return Live(scenario, options).run();
}

}  // namespace trainsim
