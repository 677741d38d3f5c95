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

LeakyBucket::Taken LeakyBucket::consume_one_each(std::int64_t n, Micros now, Micros step) {
  if (capacity_ < 1) throw BucketArgumentError("Number of tokens to consume must be less than or equal to the capacity");
  Taken out;
  while (out.taken < n) {
    const Micros t = now + out.taken * step;
    refill_to(t);
    // The asks before the next grid point see no refill (refill_.next > t now).
    std::int64_t run = n - out.taken;
    if (step > 0) run = std::min(run, (refill_.next - t + step - 1) / step);
    const std::int64_t granted = std::min(run, level_);
    level_ -= granted;
    out.taken += granted;
    if (granted > 0) out.lowest = std::min(out.lowest, level_);
    if (granted < run) break;  // the next ask found the bucket empty
  }
  return out;
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
