#include "sim/live.h"

#include "calendar/market_clock.h"
#include "calendar/timeslice_stream.h"
#include "quota/leaky_bucket.h"
#include "quota/time_step_budget.h"
#include "sim/event_list.h"
#include "sim/slice_source.h"

#include <algorithm>

namespace trainsim {
namespace {

// LEAN's "RealTime Thread": fires events by the clock, in creation order,
// one at a time; each Scan runs all of one event's due occurrences back to
// back under one time consumer (one free minute per Scan).
class SchedulerThread {
 public:
  enum class Kind { Start, Charge, Grant, Refused, End, None };
  struct Activity {
    Kind kind = Kind::None;
    Instant at = OccurrenceStream::kNever;
    const ScheduledEventState* event = nullptr;
  };

  SchedulerThread(const Scenario& s, EventList& events, LeakyBucket& bucket)
      : s_(s), events_(events), bucket_(bucket) {
    plan();
  }

  Instant peek() const { return next_.at; }
  const Activity& next() const { return next_; }

  // Carries out the next activity; returns it (a charge as Grant or Refused).
  Activity step() {
    Activity a = next_;
    switch (a.kind) {
      case Kind::Start:
        running_ = true;
        break;
      case Kind::Charge:
        a.kind = bucket_.try_consume(1, a.at - s_.start) ? Kind::Grant : Kind::Refused;
        next_charge_ += kMinute;
        break;
      case Kind::Grant:
      case Kind::Refused:
        break;
      case Kind::End:
        running_ = false;
        free_at_ = a.at;
        break;
      case Kind::None:
        return a;
    }
    if (a.kind == Kind::Refused) {
      next_ = {};
      return a;
    }
    plan();
    return a;
  }

  bool running() const { return running_; }
  const ScheduledEventState* current() const { return current_; }
  Instant occurrence_start() const { return occurrence_start_; }
  Instant occurrence_end() const { return occurrence_end_; }
  Instant occurrence_scheduled() const { return occurrence_scheduled_; }

 private:
  // Decides the next activity from the current state.
  void plan() {
    if (running_) {
      if (next_charge_ < occurrence_end_) {
        // Capacity 0: LEAN's TryConsume throws and the monitor swallows it.
        if (bucket_.capacity() <= 0) {
          next_charge_ += (occurrence_end_ - next_charge_ + kMinute - 1) / kMinute * kMinute;
          plan();
          return;
        }
        next_ = {Kind::Charge, next_charge_, current_};
        return;
      }
      next_ = {Kind::End, occurrence_end_, current_};
      return;
    }
    // Between occurrences: more of this Scan, the next event of this
    // iteration (id order), or a new iteration at the next due time.
    while (true) {
      if (current_ && current_->next() <= now_) {
        start_occurrence(*current_, /*new_scan=*/false);
        return;
      }
      current_ = nullptr;
      for (; cursor_ < events_.size(); ++cursor_) {
        ScheduledEventState& e = events_.by_id(cursor_);
        if (e.declared >= 0 && e.next() <= now_) {
          current_ = &e;
          ++cursor_;
          start_occurrence(e, /*new_scan=*/true);
          return;
        }
      }
      Instant due = OccurrenceStream::kNever;
      for (size_t i = 0; i < events_.size(); ++i)
        if (events_.by_id(i).declared >= 0) due = std::min(due, events_.by_id(i).next());
      if (due == OccurrenceStream::kNever) {
        next_ = {};
        return;
      }
      now_ = std::max(free_at_, due);
      cursor_ = 0;
    }
  }

  void start_occurrence(ScheduledEventState& e, bool new_scan) {
    occurrence_scheduled_ = e.next();
    e.occurrences.advance();
    occurrence_start_ = free_at_ > occurrence_scheduled_ ? free_at_ : occurrence_scheduled_;
    if (new_scan) next_charge_ = occurrence_start_ + kMinute;  // the first minute of a Scan is free
    const Micros work = events_.draw_duration(e, occurrence_scheduled_);
    occurrence_end_ = finish_with_slowdown(*s_.security_hours, occurrence_start_, work, s_.sim.market_open_slowdown);
    free_at_ = occurrence_end_;
    next_ = {Kind::Start, occurrence_start_, &e};
  }

  const Scenario& s_;
  EventList& events_;
  LeakyBucket& bucket_;
  Activity next_;
  bool running_ = false;
  ScheduledEventState* current_ = nullptr;
  size_t cursor_ = 0;
  Instant now_ = INT64_MIN;       // the iteration's clock reading
  Instant free_at_ = INT64_MIN;   // when the thread is next free
  Instant next_charge_ = 0;
  Instant occurrence_scheduled_ = 0, occurrence_start_ = 0, occurrence_end_ = 0;
};

class Live {
 public:
  Live(const Scenario& s, const RunOptions& o)
      : s_(s),
        o_(o),
        bucket_(make_bucket(s.lean)),
        budget_(s.lean.loop_maximum_minutes),
        events_(s, o.seed_or(s.sim.seed), o.trial),
        scheduler_(s, events_, bucket_),
        on_data_(s.sim.on_data, o.seed_or(s.sim.seed), 0, o.trial) {
    r_.live = true;
    r_.model = ModelAvailability{};
    minimum_ = bucket_.level();
    has_training_ = !s.sim.training.empty();
    not_ready_from_ = s.start;  // no model until the first training ends
    busy_until_ = s.start;
  }

  SimulationResult run() {
    SliceSource stream(s_, o_.calendar);
    SliceRun run;
    Instant& busy_until = busy_until_;
    while (!r_.failure && stream.next(run)) {
      if (run.has_data && run.day != last_day_) {
        ++r_.trading_days;
        last_day_ = run.day;
      }
      for (std::int64_t i = 0; i < run.count && !r_.failure; ++i) {
        const Instant arrival = run.first + i * run.step;
        const Instant step_start = std::max(arrival, busy_until);
        drain(step_start);  // scheduler work up to this step's start (ties: the scheduler first)
        if (r_.failure) break;
        ++r_.timeslices;
        // A bar with data while a training runs: a prediction to skip or serve stale.
        if (run.has_data && scheduler_.running() && scheduler_.current()->training)
          ++r_.model->timeslices_while_training;
        budget_.start_step(step_start);
        const Micros cost = !run.has_data ? 0 : run.cost >= 0 ? run.cost : on_data_.next();
        // Grants arriving during OnData extend this step, in time order.
        const Instant end = step_start + cost;
        while (!r_.failure && scheduler_.peek() < end && scheduler_.peek() <= budget_.deadline()) take();
        if (r_.failure) break;
        if (end > budget_.deadline()) {
          fail(budget_.deadline(), -1);
          break;
        }
        busy_until = end;
      }
    }
    if (!r_.failure) drain(s_.end_exclusive - 1);
    finish();
    return std::move(r_);
  }

 private:
  void drain(Instant until) {
    while (!r_.failure && scheduler_.peek() <= until) take();
  }

  void take() {
    const std::int64_t refilled = bucket_.refilled();
    const auto a = scheduler_.step();
    if (!a.event) return;
    const ScheduledEventState& e = *a.event;
    if (o_.timeline && bucket_.refilled() > refilled)
      (*o_.timeline)({a.at, a.at - s_.start, "refill", e.name,
                      bucket_.level() + (a.kind == SchedulerThread::Kind::Grant ? 1 : 0)});
    switch (a.kind) {
      case SchedulerThread::Kind::Start:
        ++r_.event_occurrences;
        if (e.training) ++r_.training_sessions;
        rec_ = EventRecord{e.declared, scheduler_.occurrence_scheduled(), a.at, a.at - s_.start, 0, 0,
                           bucket_.level(), 0};
        if (o_.timeline) (*o_.timeline)({a.at, a.at - s_.start, "event-start", e.name, bucket_.level()});
        break;
      case SchedulerThread::Kind::Grant:
        ++charged_;
        ++rec_.charged;
        budget_.grant_minute();  // to whichever step is current
        minimum_ = std::min(minimum_, bucket_.level());
        if (o_.timeline) (*o_.timeline)({a.at, a.at - s_.start, "charge", e.name, bucket_.level()});
        break;
      case SchedulerThread::Kind::Refused:
        if (o_.timeline) (*o_.timeline)({a.at, a.at - s_.start, "refused", e.name, bucket_.level()});
        close_occurrence(e, a.at);
        fail(a.at, e.declared);
        r_.failure->refused = true;
        break;
      case SchedulerThread::Kind::End:
        close_occurrence(e, a.at);
        if (o_.timeline) (*o_.timeline)({a.at, a.at - s_.start, "event-end", e.name, bucket_.level()});
        break;
      case SchedulerThread::Kind::Charge:  // step() resolves a charge to Grant or Refused
      case SchedulerThread::Kind::None:
        break;
    }
  }

  void close_occurrence(const ScheduledEventState& e, Instant end) {
    rec_.duration = end - rec_.fired;
    rec_.bucket_after = bucket_.level();
    if (o_.record_events) r_.events.push_back(rec_);
    if (!e.training) return;
    r_.training_time += rec_.duration;
    auto& m = *r_.model;
    m.training_total += rec_.duration;
    m.training_in_open_market += open_time_between(*s_.security_hours, rec_.fired, end);
    // The model is not ready from the start until the first training ends,
    // and while any training runs.
    if (rec_.fired > not_ready_to_) {
      close_not_ready_stretch();
      not_ready_from_ = rec_.fired;
    }
    not_ready_to_ = end;
  }

  void close_not_ready_stretch() {
    if (not_ready_to_ <= not_ready_from_) return;
    const Micros open = open_time_between(*s_.security_hours, not_ready_from_, not_ready_to_);
    r_.model->market_time_without_model += open;
    r_.model->longest_without_model = std::max(r_.model->longest_without_model, open);
  }

  void fail(Instant at, int event) {
    Failure f;
    f.algorithm_time = at;
    f.wall = at - s_.start;
    f.event = event;
    // The message reports the algorithm thread's current step. Between bars
    // LEAN's live feed keeps the loop turning (time pulses), so unless OnData
    // is running the current step has just begun.
    if (at >= busy_until_) budget_.start_step(at);
    f.message = budget_.failure_message(at);
    if (o_.timeline) (*o_.timeline)({at, f.wall, "failure", event < 0 ? "on-data" : events_.events()[static_cast<size_t>(event)].name, bucket_.level()});
    r_.failure = std::move(f);
  }

  void finish() {
    const Instant end = r_.failure ? r_.failure->algorithm_time : s_.end_exclusive;
    if (scheduler_.running() && !r_.failure) close_occurrence(*scheduler_.current(), end);
    if (!has_training_) {
      not_ready_to_ = not_ready_from_;  // no model is trained: nothing to wait for
    } else if (not_ready_to_ < not_ready_from_ || r_.training_sessions == 0) {
      not_ready_to_ = end;  // the first training never finished
    }
    close_not_ready_stretch();
    r_.wall = end - s_.start;
    bucket_.refill_to(end - s_.start);
    r_.bucket = {s_.lean.capacity, s_.lean.refill_amount, s_.lean.interval_minutes, charged_,
                 bucket_.refilled(), bucket_.level(), minimum_};
  }

  const Scenario& s_;
  const RunOptions& o_;
  LeakyBucket bucket_;
  TimeStepBudget budget_;
  EventList events_;
  SchedulerThread scheduler_;
  DurationSampler on_data_;
  SimulationResult r_;
  EventRecord rec_;
  std::int64_t charged_ = 0, minimum_ = 0;
  Day last_day_ = INT32_MIN;
  Instant busy_until_ = 0;  // the algorithm thread's backlog: OnData runs until then
  bool has_training_ = false;
  Instant not_ready_from_ = 0, not_ready_to_ = INT64_MIN;
};

}  // namespace

SimulationResult run_live(const Scenario& scenario, const RunOptions& options) {
  return Live(scenario, options).run();
}

}  // namespace trainsim
