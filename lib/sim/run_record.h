// sim/run_record.h — what both modes (and the calendar) record the same way:
// trading days, one entry per event occurrence (the report's `events`), and
// the failure. One place, so a change to what is recorded lands in both.
#pragma once
#include "calendar/timeslice_stream.h"
#include "sim/event_list.h"
#include "sim/run_options.h"
#include "sim/simulation_result.h"

#include <climits>
#include <string>

namespace trainsim {

// The report's `trading-days` (README.md#report---report): the days with market timeslices.
struct TradingDayCounter {
  Day last = INT32_MIN;
  std::int64_t days = 0;
  void see(bool has_data, Day day) {
    if (has_data && day != last) {
      ++days;
      last = day;
    }
  }
  void see(const SliceRun& r) { see(r.has_data, r.day); }
};

class RunRecorder {
 public:
  RunRecorder(SimulationResult& r, const RunOptions& o) : r_(r), o_(o) {}

  // An occurrence of `e` starts: counted (and a training session), its
  // record opened. `row_time`: the timeline's algorithm time for its rows.
  void start(const ScheduledEventState& e, Instant scheduled, Instant fired, Instant row_time, Micros wall,
             std::int64_t bucket_level, std::int64_t charged_so_far);
  // The open occurrence ends at `wall`, or is cut there by the failure
  // (`finished` false: no event-end row).
  void end(const ScheduledEventState& e, Instant row_time, Micros wall, std::int64_t bucket_level,
           std::int64_t charged_so_far, bool finished);
  const EventRecord& current() const { return rec_; }

  // The run stops: `event` is the running event's index, -1 for on-data.
  void fail(Instant algorithm_time, Micros wall, int event, std::string message, std::int64_t bucket_level);

 private:
  SimulationResult& r_;
  const RunOptions& o_;
  EventRecord rec_;
  std::int64_t charged_at_start_ = 0;
};

}  // namespace trainsim
