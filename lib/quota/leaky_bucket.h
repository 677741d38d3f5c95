// quota/leaky_bucket.h — LEAN's token bucket for scheduled-event minutes
// (Common/Util/RateLimit: LeakyBucket + FixedIntervalRefillStrategy).
//
// The clock is injected: every call takes "now", so the bucket is a value
// that tests drive without time passing.
#pragma once
#include "civil/civil_time.h"

#include <cstdint>
#include <stdexcept>

namespace trainsim {

// LEAN's FixedIntervalRefillStrategy: refills are quantised on a grid anchored
// at creation, boundary inclusive.
struct FixedIntervalRefill {
  std::int64_t amount = 0;  // tokens per interval
  Micros interval = kDay;   // > 0
  Micros next = 0;          // the next grid point

  FixedIntervalRefill() = default;
  FixedIntervalRefill(std::int64_t amount, Micros interval, Micros created_at)
      : amount(amount), interval(interval), next(created_at + interval) {}

  // Tokens due at `now` (0 before the next grid point); advances the grid.
  std::int64_t refill(Micros now);
};

// Thrown where LEAN's LeakyBucket throws ArgumentOutOfRangeException.
struct BucketArgumentError : std::out_of_range {
  using std::out_of_range::out_of_range;
};

class LeakyBucket {
 public:
  LeakyBucket() = default;
  // Starts full, as LEAN's bucket does.
  LeakyBucket(std::int64_t capacity, FixedIntervalRefill refill)
      : capacity_(capacity), level_(capacity), refill_(refill) {}

  // LEAN's TryConsume: throws for tokens <= 0 or tokens > capacity; applies
  // the refill due (capped at capacity), then takes the tokens if there are
  // enough. A refusal keeps the refill.
  bool try_consume(std::int64_t tokens, Micros now);
  // Applies the refill due at `now` without consuming (for reporting).
  void refill_to(Micros now);

  // try_consume(1, now + k * step) for k = 0, 1, ... n - 1, stopping at the
  // first refusal, in one call: the refill is applied per interval, not per
  // token. `taken` < n means the ask after them was refused; `lowest` is the
  // level after the last grant before each refill (the run's minimum).
  struct Taken {
    std::int64_t taken = 0;
    std::int64_t lowest = INT64_MAX;
  };
  Taken consume_one_each(std::int64_t n, Micros now, Micros step);

  std::int64_t capacity() const { return capacity_; }
  std::int64_t level() const { return level_; }
  std::int64_t refilled() const { return refilled_; }  // tokens actually added

 private:
  std::int64_t capacity_ = 0;
  std::int64_t level_ = 0;
  std::int64_t refilled_ = 0;
  FixedIntervalRefill refill_;
};

}  // namespace trainsim
