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
  // Without a timeline the asks up to the end are taken in one call: between
  // them the deadline moves with each grant as the next ask does, so the
  // first ask's check stands for all (the loop below checks the end).
  if (!timeline && bucket_.capacity() > 0 && next_charge_ < end &&
      !(check_deadline && budget_.deadline() < next_charge_)) {
    const std::int64_t n = (end - next_charge_ + kMinute - 1) / kMinute;
    const Micros step = clock_ == BucketClock::Wall ? kMinute : 0;
    const LeakyBucket::Taken t = bucket_.consume_one_each(n, bucket_now(next_charge_, algorithm_time), step);
    charged_ += t.taken;
    minimum_ = std::min(minimum_, t.lowest);
    if (check_deadline) budget_.grant_minutes(t.taken);
    next_charge_ += t.taken * kMinute;
    if (t.taken < n) {  // refused at the next ask
      wall = next_charge_;
      next_charge_ += kMinute;
      stop = {wall, true};
      return false;
    }
  }
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
