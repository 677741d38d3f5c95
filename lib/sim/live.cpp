// sim/live.cpp — LEAN live trading replayed: wall time is algorithm time,
// Train runs on its own thread.
#include "sim/live.h"

#include "calendar/market_clock.h"
#include "calendar/timeslice_stream.h"
#include "sim/run_parts.h"
#include "sim/slice_source.h"
#include "sim/synchronous_loop.h"

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

// LEAN's "RealTime Thread" (docs/semantics.md#live-mode): passes at the instant
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
  // The planned Start is being carried out: its occurrence begins (planning
  // has no side effects, so that a call made meanwhile can change the plan).
  void begin_occurrence() { start_occurrence(); }
  // The next activity has been carried out (an ask made by the caller).
  void done() {
    if (next_.kind == Kind::Start) running_ = true;
    if (next_.kind == Kind::End) running_ = false;
    plan();
  }
  // A runtime call added an event: an idle thread may now have a pass sooner.
  void replan() {
    if (!running_) plan();
  }
  // The live part starts at `h` (after a warm-up on the algorithm thread).
  void free_from(Instant h) {
    free_at_ = h;
    plan();
  }

  bool running() const { return running_; }
  const ScheduledEventState* current() const { return current_; }
  Instant occurrence_scheduled() const { return occurrence_scheduled_; }
  Instant occurrence_end() const { return occurrence_end_; }
  Instant free_at() const { return free_at_; }

 private:
  // When `e` next wants a scan: its occurrence, but not before the call that made it.
  Instant due(const ScheduledEventState& e) const {
    if (e.declared < 0 || e.next() >= s_.end_exclusive) return OccurrenceStream::kNever;
    return std::max(e.next(), e.created);
  }
  // A pass takes its event list when it starts: events made later wait.
  bool in_pass(const ScheduledEventState& e, Instant pass) const { return e.created <= pass && due(e) <= pass; }

  void plan() {
    if (running_) {
      const Instant ask = s_.start + monitor_.next_ask();
      next_ = ask < occurrence_end_ ? Activity{Kind::Ask, ask, current_} : Activity{Kind::End, occurrence_end_, current_};
      return;
    }
    // More of this scan, the next event of this pass, or a new pass.
    if (current_ && in_pass(*current_, pass_)) return propose(current_, false, pass_, cursor_);
    for (size_t c = cursor_; c < events_.size(); ++c)
      if (in_pass(events_.by_id(c), pass_)) return propose(&events_.by_id(c), true, pass_, c + 1);
    Instant first_due = OccurrenceStream::kNever;
    for (size_t i = 0; i < events_.size(); ++i) first_due = std::min(first_due, due(events_.by_id(i)));
    if (first_due == OccurrenceStream::kNever) {
      next_ = {};
      return;
    }
    const Instant pass = std::max(free_at_, first_due);  // LEAN reads the clock once per pass
    for (size_t c = 0; c < events_.size(); ++c)
      if (in_pass(events_.by_id(c), pass)) return propose(&events_.by_id(c), true, pass, c + 1);
    next_ = {};
  }

  void propose(ScheduledEventState* e, bool new_scan, Instant pass, size_t cursor_after) {
    proposal_ = {e, new_scan, pass, cursor_after};
    next_ = {Kind::Start, std::max(free_at_, e->next()), e};
  }

  void start_occurrence() {
    ScheduledEventState& e = *proposal_.event;
    if (proposal_.new_scan) current_ = &e;
    pass_ = proposal_.pass;
    cursor_ = proposal_.cursor_after;
    occurrence_scheduled_ = e.next();
    e.occurrences.advance();
    const Instant start = next_.at;
    if (proposal_.new_scan) monitor_.begin(start - s_.start);
    const Micros work = events_.draw_duration(e, occurrence_scheduled_);
    occurrence_end_ = open_.finish(start, work, s_.sim.market_open_slowdown);
    free_at_ = occurrence_end_;
  }

  struct Proposal {
    ScheduledEventState* event = nullptr;
    bool new_scan = false;
    Instant pass = INT64_MIN;
    size_t cursor_after = 0;
  };

  const Scenario& s_;
  EventList& events_;
  TimeMonitor& monitor_;
  OpenSegments open_;
  Activity next_;
  Proposal proposal_;
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
        p_(s, o, BucketClock::Wall, s.start),  // wall time is algorithm time
        open_(OpenSegments::of(s)),
        scheduler_(s, p_.events, p_.monitor, open_) {
    p_.r.live = true;
    p_.r.model = ModelAvailability{};
    for (const auto& t : s.sim.events) now_training_ = now_training_ || (t.training && t.now);
  }

  SimulationResult run() {
    SliceSource stream(s_, o_.calendar);
    SliceRun run;
    bool have = stream.next(run);
    if (s_.has_warm_up()) have = warm_up(stream, run, have);
    while (!failed() && have) {
      for (std::int64_t i = 0; i < run.count && !failed(); ++i) {
        const Instant arrival = run.first + i * run.step;
        const Instant taken = std::max(arrival, busy_until_);
        drain_before(taken);  // at a tie the algorithm thread goes first
        if (!failed()) slice(run, arrival, taken);
      }
      have = stream.next(run);
    }
    drain_before(OccurrenceStream::kNever);  // the run goes on until all that started has finished
    if (p_.calls.any()) p_.r.runtime_calls = p_.calls.calls();
    finish();
    return std::move(p_.r);
  }

 private:
  bool failed() const { return p_.r.failure.has_value(); }

  // While warming up LEAN's live handler is the backtest handler: the loops
  // up to the start run on the algorithm thread, timed from the deployment
  // (wall 0 = the start, where the bucket is created), without the slowdown;
  // the start loop's due events and every later one go to the scheduling
  // thread, whose first pass is when the warm-up ends (docs/semantics.md#warm-up-live).
  // Returns whether `run` holds the first run after the start.
  bool warm_up(SliceSource& stream, SliceRun& run, bool have) {
    Micros wall = 0;
    SynchronousLoop loop({s_, o_, p_, wall});
    std::vector<std::pair<Micros, Micros>> trainings;
    loop.training_intervals = &trainings;
    while (have && !failed() && run.first <= s_.start) {
      days_.see(run);
      // The loop at the start leaves SetTime to the scheduling thread.
      while (run.count > 0 && !failed()) loop.take(run, s_.start);
      have = stream.next(run);
    }
    p_.r.warm_up = WarmUpSummary{s_.warm_up_start, p_.r.timeslices, p_.r.training_sessions, wall};
    for (const auto& [a, b] : trainings) trainings_.emplace_back(s_.start + a, s_.start + b);
    if (failed()) {
      warm_up_failure_wall_ = wall;
      return false;
    }
    // Calls made in the warm-up and not fired join the first pass.
    live_from_ = s_.start + wall;
    p_.events.release_calls(live_from_);
    busy_until_ = live_from_;
    scheduler_.free_from(live_from_);
    return have;
  }

  // The next dated runtime call: from E on, none is made.
  Instant next_call() const { return p_.calls.next_date() < s_.end_exclusive ? p_.calls.next_date() : OccurrenceStream::kNever; }
  // The scheduling thread's next activity, or a dated runtime call (first on a tie).
  Instant next_activity() const { return std::min(scheduler_.peek(), next_call()); }

  void drain_before(Instant t) {
    while (!failed() && next_activity() < t) take();
  }

  void slice(const SliceRun& run, Instant arrival, Instant taken) {
    ++p_.r.timeslices;
    days_.see(run);
    if (arrived_while_training(arrival)) ++p_.r.model->timeslices_while_training;
    p_.budget.start_step(taken);
    step_start_ = taken;
    busy_until_ = taken + (!run.has_data ? 0 : run.cost >= 0 ? run.cost : p_.on_data.next());
    // Scheduler work while this step runs, in time order; its grants extend it.
    while (!failed() && next_activity() < busy_until_ && next_activity() <= p_.budget.deadline()) take();
    if (!failed() && busy_until_ > p_.budget.deadline()) fail(p_.budget.deadline(), -1);
    // OnData's runtime call: at its end, the day's first OnData.
    if (!failed() && run.has_data && p_.calls.has_on_data()) {
      const Day date = p_.calls.date_of(arrival);
      if (p_.calls.draws_on(date)) {
        p_.calls.on_data(arrival, date, p_.events);
        release_calls(busy_until_);
      }
    }
  }

  // The calls made so far become events the scheduling thread sees from `t` on.
  void release_calls(Instant t) {
    if (!p_.events.has_pending_calls()) return;
    p_.events.release_calls(t);
    scheduler_.replan();
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
    if (next_call() <= scheduler_.peek() && next_call() != OccurrenceStream::kNever) {
      const Instant t = next_call();
      p_.calls.dates_before(t, true, p_.events);
      release_calls(t);
      return;
    }
    const SchedulerThread::Activity a = scheduler_.next();
    if (a.kind == SchedulerThread::Kind::None) return;
    const ScheduledEventState& e = *a.event;
    switch (a.kind) {
      case SchedulerThread::Kind::Start:
        scheduler_.begin_occurrence();
        p_.bucket.refill_to(a.at - s_.start);
        p_.rec.start(e, scheduler_.occurrence_scheduled(), a.at, a.at, a.at - s_.start, p_.bucket.level(),
                   p_.monitor.charged());
        if (e.training) trainings_.emplace_back(a.at, scheduler_.occurrence_end());
        break;
      case SchedulerThread::Kind::Ask: {
        const Ask result = p_.monitor.ask(a.at, o_.timeline, e.declared);
        if (result == Ask::Granted && step_running_at(a.at)) p_.budget.grant_minute();
        if (result == Ask::Refused) {
          fail(a.at, e.declared);
          p_.r.failure->reason = FailureReason::BucketRefused;
          return;
        }
        break;
      }
      case SchedulerThread::Kind::End:
        p_.rec.end(e, a.at, a.at - s_.start, p_.bucket.level(), p_.monitor.charged(), true);
        // The callback completed: `after` calls, seen from the next pass on.
        p_.calls.completed(e, a.at, p_.events);
        p_.events.release_calls(a.at);
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
      p_.rec.end(e, at, at - s_.start, p_.bucket.level(), p_.monitor.charged(), false);
      if (e.training) trainings_.back().second = at;
    }
    // The message reports the algorithm thread's current step. Between bars
    // LEAN's live feed keeps the loop turning (time pulses), so unless OnData
    // is running the current step has just begun.
    if (at >= busy_until_) p_.budget.start_step(at);
    p_.rec.fail(at, at - s_.start, event, p_.budget.failure_message(at), p_.bucket.level());
  }

  void finish() {
    p_.r.trading_days = days_.days;
    if (warm_up_failure_wall_ >= 0) {  // stopped in the warm-up: its own clock
      p_.r.wall = warm_up_failure_wall_;
      p_.close_bucket(p_.r.wall);
      model(s_.start + p_.r.wall);
      return;
    }
    const Instant end = failed() ? p_.r.failure->algorithm_time
                                 : std::max({s_.end_exclusive, busy_until_, scheduler_.free_at()});
    p_.r.wall = end - s_.start;
    p_.close_bucket(end - s_.start);
    model(end);
  }

  // docs/semantics.md#live-mode `model`: unready during each training occurrence and, with a
  // `now` training, from the start until the first occurrence ends; with a
  // warm-up, also from the start until the live part begins.
  void model(Instant end) {
    auto& m = *p_.r.model;
    std::vector<std::pair<Instant, Instant>> unready = trainings_;
    for (const auto& [a, b] : trainings_) {
      m.training_total += b - a;
      m.training_in_open_market += open_.time_between(a, b);
    }
    if (now_training_) unready.emplace_back(s_.start, trainings_.empty() ? end : trainings_.front().second);
    if (live_from_ > s_.start) unready.emplace_back(s_.start, live_from_);
    std::sort(unready.begin(), unready.end());
    Instant from = 0, to = INT64_MIN;  // the maximal unready stretch being merged
    auto close = [&] {
      if (to <= from) return;
      const Micros open = open_.time_between(from, to);
      m.market_time_without_model += open;
      m.longest_without_model = std::max(m.longest_without_model, open);
    };
    for (const auto& [a, b] : unready) {
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
  RunParts p_;
  OpenSegments open_;
  SchedulerThread scheduler_;
  TradingDayCounter days_;
  bool now_training_ = false;
  Instant step_start_ = INT64_MIN;
  Instant busy_until_ = INT64_MIN;  // the algorithm thread's backlog: OnData runs until then
  Instant live_from_ = INT64_MIN;   // H: when the live part starts after a warm-up
  Micros warm_up_failure_wall_ = -1;
  std::vector<std::pair<Instant, Instant>> trainings_;  // each training occurrence [start, end)
  size_t training_cursor_ = 0;
};

}  // namespace

SimulationResult run_live(const Scenario& scenario, const RunOptions& options) {
  return Live(scenario, options).run();
}

}  // namespace trainsim
