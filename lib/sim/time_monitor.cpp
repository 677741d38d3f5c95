// sim/time_monitor.cpp — LEAN's TimeMonitor and isolator limit: which time
// step dies, and with which message.
#include "sim/time_monitor.h"

#include <algorithm>

namespace trainsim {

Ask TimeMonitor::ask(Instant algorithm_time, const TimelineSink* timeline, int event) {
  const Micros wall = next_charge_;
  next_charge_ += kMinute;
  if (bucket_.capacity() <= 0) return Ask::Swallowed;
  const std::int64_t refilled = bucket_.refilled();
  const bool granted = bucket_.try_consume(1, bucket_now(wall, algorithm_time));
  if (timeline && bucket_.refilled() > refilled)
    (*timeline)({algorithm_time, wall, "refill", event, bucket_.level() + (granted ? 1 : 0)});
  if (!granted) {
    if (timeline) (*timeline)({algorithm_time, wall, "refused", event, bucket_.level()});
    return Ask::Refused;
  }
  ++charged_;
  note_level();
  if (timeline) (*timeline)({algorithm_time, wall, "charge", event, bucket_.level()});
  return Ask::Granted;
}

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
    const Ask a = ask(algorithm_time, timeline, event);
    if (a == Ask::Refused) {
      stop = {wall, true};
      return false;
    }
    if (a == Ask::Granted && check_deadline) budget_.grant_minute();
  }
  wall = end;
  return true;
}

}  // namespace trainsim
