#include "sim/time_monitor.h"

#include <algorithm>

namespace trainsim {

bool TimeMonitor::work(Micros& wall, Micros d, Instant algorithm_time, bool check_deadline, MonitorStop& stop,
                       const TimelineSink* timeline, int event) {
  const Micros end = wall + d;
  while (true) {
    const Micros point = std::min(next_charge_, end);
    // Elapsed > max + granted happens just after the deadline.
    if (check_deadline && budget_.deadline() < point) {
      wall = std::max(wall, budget_.deadline());
      stop = {wall, false};
      return false;
    }
    if (next_charge_ >= end) break;  // the event ends first: no charge at its last minute
    wall = next_charge_;
    next_charge_ += kMinute;
    // Capacity 0: LEAN's TryConsume throws, the monitor swallows it, and the
    // event simply gets no extra minute.
    if (bucket_.capacity() <= 0) continue;
    const std::int64_t refilled = bucket_.refilled();
    const bool granted = bucket_.try_consume(1, bucket_now(wall, algorithm_time));
    if (timeline && bucket_.refilled() > refilled)
      (*timeline)({algorithm_time, wall, "refill", event, bucket_.level() + (granted ? 1 : 0)});
    if (!granted) {
      if (timeline) (*timeline)({algorithm_time, wall, "refused", event, bucket_.level()});
      stop = {wall, true};
      return false;
    }
    ++charged_;
    budget_.grant_minute();
    note_level();
    if (timeline) (*timeline)({algorithm_time, wall, "charge", event, bucket_.level()});
  }
  wall = end;
  return true;
}

}  // namespace trainsim
