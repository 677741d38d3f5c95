// html/run_events.cpp — every event of a run, step minutes, time bins.
#include "html/run_events.h"

#include <algorithm>
#include <string_view>

namespace trainsim::html {

RunEvents every_event(const RunReport& rep) {
  const SimulationResult& r = rep.result;
  RunEvents out;
  out.all = r.events;
  if (r.events_not_listed > 0 && !rep.timeline.empty()) {
    // The k-th event-start row opens the k-th occurrence (one runs at a
    // time in both modes); the listed ones are already in `all`.
    size_t started = 0;
    bool open = false;
    EventRecord e;
    for (const TimelineRow& row : rep.timeline) {
      const std::string_view what = row.what;
      if (what == "event-start") {
        open = started++ >= r.events.size();
        if (open) e = EventRecord{row.event, row.algorithm_time, row.algorithm_time, row.wall, 0, 0, row.bucket_level, 0};
      } else if (!open) {
        continue;
      } else if (what == "charge") {
        ++e.charged;
      } else if (what == "event-end" || what == "failure") {
        e.duration = row.wall - e.wall_start;
        e.bucket_after = row.bucket_level;
        out.all.push_back(e);
        open = false;
      }
    }
  }
  out.missing = r.events_not_listed - static_cast<std::int64_t>(out.all.size() - r.events.size());
  out.last_failed = r.failure && out.missing == 0 && !out.all.empty() && r.failure->event == out.all.back().event;
  return out;
}

StepMinutes split_step(Micros duration, std::int64_t charged, double loop_maximum_minutes, bool live) {
  const double d = static_cast<double>(duration) / static_cast<double>(kMinute);
  // Token k is asked for at minute k and buys the minute from k to k + 1.
  const double paid = std::clamp(d - 1.0, 0.0, static_cast<double>(std::max<std::int64_t>(charged, 0)));
  const double unpaid = d - paid;
  const double free = live ? unpaid : std::min(unpaid, std::max(loop_maximum_minutes, 0.0));
  return {free, paid, unpaid - free};
}

std::vector<TimeBin> bin_by_time(const std::vector<Instant>& at, Instant from, Instant to, int bins) {
  std::vector<TimeBin> out;
  if (bins < 1) return out;
  std::vector<std::vector<size_t>> marks(static_cast<size_t>(bins));
  const double span = static_cast<double>(std::max<Instant>(to - from, 1));
  for (size_t i = 0; i < at.size(); ++i) {
    const double where = static_cast<double>(at[i] - from) / span * bins;
    marks[static_cast<size_t>(std::clamp(where, 0.0, static_cast<double>(bins - 1)))].push_back(i);
  }
  for (size_t b = 0; b < marks.size(); ++b)
    if (!marks[b].empty()) out.push_back({static_cast<int>(b), std::move(marks[b])});
  return out;
}

}  // namespace trainsim::html
