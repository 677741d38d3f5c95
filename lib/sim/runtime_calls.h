// sim/runtime_calls.h — Train(method) called while the algorithm runs
// (`"when": {...}` entries): which calls are made, when, and with what
// draw; the event each call makes goes to the EventList
// (docs/semantics.md#training-started-at-run-time).
#pragma once
#include "sim/event_list.h"
#include "sim/scenario.h"

#include <cstdint>
#include <string>
#include <vector>

namespace trainsim {

class RuntimeCalls {
 public:
  // `seed`: the draws' seed; `trial`: the Monte Carlo trial (0: the plain run).
  RuntimeCalls(const Scenario& s, std::uint64_t seed, std::uint64_t trial);

  bool any() const { return !entries_.empty(); }
  bool has_on_data() const { return has_on_data_; }
  // The earliest `dates` call not made yet (OccurrenceStream::kNever: none).
  Instant next_date() const { return next_date_; }

  // An occurrence of `e` completed; its callback's clock read `t`. (Both
  // are asked per occurrence and per slice: inline, they cost a comparison
  // when no entry calls.)
  void completed(const ScheduledEventState& e, Instant t, EventList& list) {
    if (has_after_ && e.declared >= 0) make_after_calls(e, t, list);
  }
  // The `dates` calls at times < limit (<= limit when `inclusive`), in time
  // order, entries in listed order at one instant.
  void dates_before(Instant limit, bool inclusive, EventList& list) {
    if (next_date_ < limit || (inclusive && next_date_ == limit)) make_date_calls(limit, inclusive, list);
  }
  // OnData ran at `t`, a timeslice of the algorithm-zone date `date`: the
  // date's first one draws once per `on-data` entry.
  void on_data(Instant t, Day date, EventList& list);
  // The algorithm-zone date of `t`, and the next date's first instant.
  Day date_of(Instant t) const;
  Instant next_date_start(Instant t) const;
  // Whether OnData at a slice of `date` would draw (its first of the date).
  bool draws_on(Day date) const { return has_on_data_ && date > last_on_data_date_; }

  std::int64_t calls() const { return calls_; }

 private:
  struct Entry {
    int declared;
    RuntimeCall kind;
    std::string name;   // the draw's key
    std::string after;  // After: the calling events' name
    double probability;
    const std::vector<Instant>* dates;
    size_t next = 0;    // Dates: the next one
    std::uint64_t chances = 0;
  };
  void make(Entry& e, Instant t, EventList& list);
  void make_after_calls(const ScheduledEventState& done, Instant t, EventList& list);
  void make_date_calls(Instant limit, bool inclusive, EventList& list);
  bool chance(Entry& e);
  void update_next_date();

  const Scenario& s_;
  std::uint64_t seed_, trial_;
  std::vector<Entry> entries_;
  bool has_on_data_ = false;
  bool has_after_ = false;
  Instant next_date_;
  Day last_on_data_date_ = INT32_MIN;
  std::int64_t calls_ = 0;
  // The algorithm-zone date last asked about, [from, to) in UTC: one zone
  // lookup per date, not per run of slices.
  mutable Day cached_date_ = 0;
  mutable Instant cached_from_ = 1, cached_to_ = 0;
  void cache_date(Instant t) const;
};

}  // namespace trainsim
