// sim/simulation_result.h — what a run found: outcome, failure, bucket,
// training totals and (optionally) each event that fired.
#pragma once
#include "civil/civil_time.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace trainsim {

// Why LEAN stopped the algorithm: a refused bucket charge, or the time step
// running past the loop maximum (plus granted minutes).
enum class FailureReason { TimeLoop, BucketRefused };

struct Failure {
  Instant algorithm_time = 0;
  Micros wall = 0;
  int event = -1;  // index into declared_events(); -1: on-data pushed the step over
  std::string message;
  FailureReason reason = FailureReason::TimeLoop;
};

struct EventRecord {
  int event = 0;
  Instant scheduled = 0;
  Instant fired = 0;       // the timeslice it ran in
  Micros wall_start = 0;
  Micros duration = 0;     // as run (to the failure, for the failing one)
  std::int64_t charged = 0;
  std::int64_t bucket_before = 0, bucket_after = 0;
};

struct BucketSummary {
  std::int64_t capacity = 0, refill_amount = 0, interval_minutes = 0;
  std::int64_t charged = 0, refilled = 0, final_level = 0, minimum = 0;
};

// Live mode only: how often the model was not ready.
struct ModelAvailability {
  std::int64_t timeslices_while_training = 0;
  Micros market_time_without_model = 0;
  Micros longest_without_model = 0;
  Micros training_in_open_market = 0;
  Micros training_total = 0;
};

struct SimulationResult {
  bool live = false;
  std::optional<Failure> failure;
  std::int64_t timeslices = 0;
  std::int64_t trading_days = 0;
  Micros wall = 0;
  BucketSummary bucket;
  std::int64_t training_sessions = 0;
  Micros training_time = 0;
  std::int64_t event_occurrences = 0;  // every scheduled event that fired, training included
  std::vector<EventRecord> events;     // when recorded
  std::optional<ModelAvailability> model;

  bool completed() const { return !failure; }
};

}  // namespace trainsim
