// sim/time_monitor.h — LEAN's TimeMonitor and IsolatorLimitResultProvider,
// the one per-minute charging both modes use: while a scheduled event runs,
// ask the bucket for one minute at each whole minute it has run, strictly
// before it ends (the first minute is free, per Scan). A refused request
// stops the algorithm; a granted one extends the current time step.
#pragma once
#include "config/simulation_config.h"
#include "quota/leaky_bucket.h"
#include "quota/time_step_budget.h"
#include "sim/timeline.h"

#include <cstdint>
#include <string_view>

namespace trainsim {

struct MonitorStop {
  Micros wall = 0;
  bool refused = false;  // a refused charge (else the step's time limit)
};

// What one ask came to.
enum class Ask { Granted, Refused, Swallowed };

class TimeMonitor {
 public:
  TimeMonitor(LeakyBucket& bucket, TimeStepBudget& budget, BucketClock clock, Instant clock_anchor)
      : bucket_(bucket), budget_(budget), clock_(clock), anchor_(clock_anchor) {}

  // A new consumer (one Scan call) starts at `wall`.
  void begin(Micros wall) { next_charge_ = wall + kMinute; }

  // The wall time of the consumer's next ask.
  Micros next_ask() const { return next_charge_; }

  // Makes the ask due at next_ask() (LEAN's RequestAdditionalTime(1)) and
  // moves to the next minute. A grant is counted and the level noted; giving
  // the minute to a time step is the caller's (live mode may have none).
  // Capacity 0: LEAN's TryConsume throws, the monitor swallows it.
  Ask ask(Instant algorithm_time, const TimelineSink* timeline, int event);

  // Backtest: the consumer works `d` more microseconds from `wall`. Returns false and
  // fills `stop` when the run stops inside that work; `wall` is advanced to
  // the end of the work or to the stop. `check_deadline`: the work belongs to
  // the current time step, and grants extend it.
  bool work(Micros& wall, Micros d, Instant algorithm_time, bool check_deadline, MonitorStop& stop,
            const TimelineSink* timeline, int event);

  // The bucket's clock at this moment.
  Micros bucket_now(Micros wall, Instant algorithm_time) const {
    return clock_ == BucketClock::Wall ? wall : algorithm_time - anchor_;
  }

  std::int64_t charged() const { return charged_; }
  std::int64_t minimum() const { return minimum_; }
  void note_level() {
    if (bucket_.level() < minimum_) minimum_ = bucket_.level();
  }

 private:
  LeakyBucket& bucket_;
  TimeStepBudget& budget_;
  BucketClock clock_;
  Instant anchor_;
  Micros next_charge_ = 0;
  std::int64_t charged_ = 0;
  std::int64_t minimum_ = INT64_MAX;
};

}  // namespace trainsim
