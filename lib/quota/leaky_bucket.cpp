// quota/leaky_bucket.cpp — LEAN's token bucket for scheduled-event minutes,
// refilled on an injected clock.
#include "quota/leaky_bucket.h"

#include <algorithm>

namespace trainsim {

std::int64_t FixedIntervalRefill::refill(Micros now) {
  if (now < next) return 0;
  const std::int64_t n = 1 + (now - next) / interval;
  next += n * interval;
  return std::max<std::int64_t>(0, n * amount);
}

void LeakyBucket::refill_to(Micros now) {
  const std::int64_t due = refill_.refill(now);
  const std::int64_t added = std::min(capacity_ - level_, due);
  if (added > 0) {
    level_ += added;
    refilled_ += added;
  }
}

bool LeakyBucket::try_consume(std::int64_t tokens, Micros now) {
  if (tokens <= 0) throw BucketArgumentError("Number of tokens to consume must be positive");
  if (tokens > capacity_)
    throw BucketArgumentError("Number of tokens to consume must be less than or equal to the capacity");
  refill_to(now);
  if (tokens > level_) return false;
  level_ -= tokens;
  return true;
}

}  // namespace trainsim
