// html/run_events.h — what the run page draws of a run's events: every
// occurrence (the report lists the first 10,000; the rest come back from the
// timeline the page's run records), each step's minutes split into free,
// charged and beyond the limit, and sessions or stretches of time binned so a
// page of any length stays small.
#pragma once
#include "report/run_report.h"

#include <cstdint>
#include <string>
#include <vector>

namespace trainsim::html {

// Every event occurrence of the run, in the order they started: the report's
// list, then those past its cap rebuilt from rep.timeline (when recorded;
// their `fired` is the timeline's time, the stamp the callbacks saw).
// `missing` counts occurrences that neither holds (no timeline recorded).
struct RunEvents {
  std::vector<EventRecord> all;
  std::int64_t missing = 0;
  bool last_failed = false;  // the last occurrence is the one the run failed in
};
RunEvents every_event(const RunReport& rep);

// One step's minutes, which sum to its duration: the free first minute (and
// any other minute the bucket did not charge while the loop maximum still
// covered it), the minutes the bucket paid for (each granted token buys one
// minute; the last may be cut short by the end), and the minutes beyond the
// loop maximum that nothing paid for. Live, a scan is never stopped by the
// loop maximum, so nothing is beyond it.
struct StepMinutes {
  double free = 0, charged = 0, beyond = 0;
};
StepMinutes split_step(Micros duration, std::int64_t charged, double loop_maximum_minutes, bool live);

// Marks along a time axis [from, to) cut into `bins` equal stretches: each
// non-empty stretch gathers the marks that fall in it (by index into the
// caller's list, in order). A mark before `from` goes to the first stretch,
// at or after `to` to the last.
struct TimeBin {
  int bin = 0;                 // 0 .. bins-1
  std::vector<size_t> marks;   // indices into the caller's list
};
std::vector<TimeBin> bin_by_time(const std::vector<Instant>& at, Instant from, Instant to, int bins);

}  // namespace trainsim::html
