// quota/time_step_budget.h — LEAN's per-timeslice time limit
// (Engine/AlgorithmTimeLimitManager.cs), on an injected wall clock.
//
// A step may run `algorithm-manager-time-loop-maximum` minutes plus every
// minute granted from the bucket during it; it fails when its elapsed time
// exceeds that (strictly).
#pragma once
#include "civil/civil_time.h"

#include <cstdint>
#include <string>

namespace trainsim {

class TimeStepBudget {
 public:
  explicit TimeStepBudget(double loop_maximum_minutes);

  // StartNewTimeStep: the step is timed from `wall`; granted minutes reset.
  void start_step(Micros wall) {
    step_start_ = wall;
    additional_ = 0;
  }
  void grant_minute() { ++additional_; }
  void grant_minutes(std::int64_t n) { additional_ += n; }

  // The last instant still within the limit: elapsed == max + additional.
  Micros deadline() const { return step_start_ + maximum_ + additional_ * kMinute; }
  Micros elapsed(Micros wall) const { return wall - step_start_; }
  std::int64_t additional_minutes() const { return additional_; }
  Micros maximum() const { return maximum_; }

  // LEAN's wording, including its quirk: the "additional" sentence shows
  // additional - (int)max minutes, and only when that is positive.
  std::string failure_message(Micros wall) const;

 private:
  double maximum_minutes_;
  Micros maximum_;
  Micros step_start_ = 0;
  std::int64_t additional_ = 0;
};

// A double as C#'s ToString() prints it: 20, 1.5, 0.05.
std::string format_csharp_double(double v);
// C#'s "0.0" format of a duration in minutes (half away from zero).
std::string format_minutes_one_decimal(Micros d);

}  // namespace trainsim
