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
#include "sim/scenario.h"

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

  Instant next() const { return occurrences.peek(); }
};

class EventList {
 public:
  // Creates the user's events in declaration order, then LEAN's daily
  // sampling event, and skips occurrences before the start (Setup).
  explicit EventList(const Scenario& s) : EventList(s, s.sim.seed, 0) {}
  // With the run's seed and Monte Carlo trial (RunOptions).
  EventList(const Scenario& s, std::uint64_t seed, std::uint64_t trial);

  bool empty() const { return order_.empty(); }
  Instant head_time() const { return order_.empty() ? OccurrenceStream::kNever : events_[order_[0]].next(); }
  ScheduledEventState& head() { return events_[order_[0]]; }
  // SortFirstElement, after the head's occurrences were consumed.
  void reposition_head();

  const std::vector<ScheduledEventState>& events() const { return events_; }
  std::vector<ScheduledEventState>& events() { return events_; }
  // Live mode fires events in creation order, not time order.
  ScheduledEventState& by_id(size_t id) { return events_[id]; }
  size_t size() const { return events_.size(); }

  // The duration of one occurrence scheduled at `t` (growth applied).
  Micros draw_duration(ScheduledEventState& e, Instant t) const;

 private:
  std::vector<ScheduledEventState> events_;
  std::vector<size_t> order_;
  Instant start_;
};

}  // namespace trainsim
