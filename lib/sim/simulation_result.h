// sim/simulation_result.h — what a run found: outcome, failure, bucket,
// training totals and (optionally) each event that fired.
#pragma once
#include "civil/civil_time.h"

#include <cstddef>
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

// SetWarmUp: the loops at or before the start date's 00:00.
struct WarmUpSummary {
  Instant start = 0;                   // W
  std::int64_t timeslices = 0;         // the start loop, the warm-up's bars, the loop at the start
  std::int64_t training_sessions = 0;  // trainings started in them
  Micros wall = 0;                     // at the end of the loop at the start (or at a failure before)
};

// The report lists at most this many events; the rest are counted (README
// "Limits and hardening"): memory stays bounded whatever a schedule fires.
inline constexpr std::size_t kMaxListedEvents = 10'000;

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
  std::vector<EventRecord> events;     // when recorded: the first kMaxListedEvents
  std::int64_t events_not_listed = 0;  // recorded events beyond those
  std::optional<ModelAvailability> model;
  std::optional<WarmUpSummary> warm_up;
  std::optional<std::int64_t> runtime_calls;  // with runtime trainings: the Train calls made

  bool completed() const { return !failure; }
  // Where a run records an event it ran: listed, or counted past the cap.
  void record_event(const EventRecord& e) {
    // Room for the whole list at once: address space only (an allocation
    // this large is mapped, its pages touched as events fill them), where
    // growing by doubling touched each size's pages and copied the list.
    if (events.capacity() == 0) events.reserve(kMaxListedEvents);
    if (events.size() < kMaxListedEvents) events.push_back(e);
    else ++events_not_listed;
  }
};

}  // namespace trainsim
