// sim/event_list.h — the scheduled events of a run and LEAN's ordering of
// them (Engine/RealTime/BacktestingRealTimeHandler.cs).
//
// The list is sorted by (next time, creation id) once; after each firing the
// head is re-positioned with LEAN's SortFirstElement: moved back only when
// its new time is later than the second element's, inserted right after an
// element of equal time found by .NET's binary search. So identical
// schedules rotate (AB, BA, ...) unless another event sits between them.
#pragma once
#include "cost/duration.h"
#include "rules/schedule_rules.h"
#include "sim/event_ring.h"
#include "sim/run_options.h"
#include "sim/scenario.h"

#include <deque>
#include <string>
#include <vector>

namespace trainsim {

struct ScheduledEventState {
  int declared = -1;  // index into declared_events(); -1: LEAN's "Daily Sampling"
  std::string name;
  bool training = false;
  OccurrenceStream occurrences;
  DurationSampler duration;
  Micros growth_per_year = 0;
  Micros fixed_duration = -1;  // a runtime call's: drawn when it was made
  bool runtime = false;        // made by a Train call while the algorithm runs
  Instant created = INT64_MIN; // live: when the call made it (a pass sees it from then on)

  Instant next() const { return occurrences.peek(); }
};

// Every occurrence of each of the scenario's events from the clock's start,
// for runs that share them (trials, sweep points): the rules evaluated once.
EventTimes event_times(const Scenario& s);

class EventList {
 public:
  // Creates the user's events in declaration order, then LEAN's daily
  // sampling event, and skips occurrences before the start (Setup).
  explicit EventList(const Scenario& s) : EventList(s, s.sim.seed, 0) {}
  // With the run's seed and Monte Carlo trial (RunOptions); `times`: the
  // occurrences event_times() computed once for many runs, else the rules
  // are evaluated as the run goes.
  EventList(const Scenario& s, std::uint64_t seed, std::uint64_t trial, const EventTimes* times = nullptr);

  bool empty() const { return order_.empty(); }
  Instant head_time() const { return order_.empty() ? OccurrenceStream::kNever : at(order_[0]).next(); }
  ScheduledEventState& head() { return at(order_[0]); }
  // SortFirstElement, after the head's occurrences were consumed.
  void reposition_head();

  const std::deque<ScheduledEventState>& events() const { return events_; }
  std::deque<ScheduledEventState>& events() { return events_; }
  // Live mode fires events in creation order, not time order.
  ScheduledEventState& by_id(size_t id) { return at(id); }
  size_t size() const { return events_.size(); }

  // The duration of one occurrence scheduled at `t` (growth applied).
  Micros draw_duration(ScheduledEventState& e, Instant t) const;

  // Train(method) while the algorithm runs (ScheduleManager.TrainingNow):
  // a new event, the next id, whose one occurrence is `t`, for the runtime
  // entry `declared`. LEAN's Add only marks the list: it is not seen until
  // the next scan begins (rebuild_if_needed), so references stay valid.
  void call(int declared, Instant t);
  bool has_pending_calls() const { return !pending_.empty(); }
  // At the top of ScanPastEvents and SetTime: a marked list is rebuilt,
  // every event sorted by (time, id), which also ends any rotation.
  void rebuild_if_needed();
  // Live: the calls made so far join the list now, created at `t`, without
  // any sorting (the scheduling thread goes by creation order). References
  // to events stay valid (a deque).
  void release_calls(Instant t);

 private:
  // A runtime entry's own duration stream (its calls draw from it in order).
  struct RuntimeEntry {
    int declared;
    std::string name;
    DurationSampler duration;
    Micros growth_per_year;
  };
  // The order by (next time, id) of every event that has one left.
  void sort_order();
  void add(ScheduledEventState&& e) {
    events_.push_back(std::move(e));
    at_.push_back(&events_.back());
  }
  // By id through a pointer: a deque's own indexing is a call per access,
  // and the head is looked up several times per occurrence.
  ScheduledEventState& at(size_t id) { return *at_[id]; }
  const ScheduledEventState& at(size_t id) const { return *at_[id]; }

  std::deque<ScheduledEventState> events_;  // stable addresses: runs hold references
  std::vector<ScheduledEventState*> at_;
  EventRing order_;  // ids of the events still to fire, in LEAN's list order
  std::vector<RuntimeEntry> runtime_entries_;
  std::vector<ScheduledEventState> pending_;
  Instant start_;
};

}  // namespace trainsim
