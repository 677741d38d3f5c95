// Tests of charging a run of asks at once: the leaky bucket's consume_one_each
// against try_consume at each instant, and the time monitor's asks taken in one
// call against the same asks minute by minute (docs/semantics.md#charging-an-event).
#include "quota/leaky_bucket.h"
#include "quota/quota_testing.h"
#include "quota/time_step_budget.h"
#include "sim/time_monitor.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <vector>

using namespace trainsim;
using quota_test::min;

namespace {

// A timeline sink makes the monitor ask minute by minute; without one it
// takes the asks in one call. Both must come to the same thing.
struct Outcome {
  bool completed = false;
  MonitorStop stop;
  Micros wall = 0;
  std::int64_t charged = 0, minimum = 0, level = 0, additional = 0;
  bool operator==(const Outcome& o) const {
    return completed == o.completed && stop.wall == o.stop.wall && stop.refused == o.stop.refused && wall == o.wall &&
           charged == o.charged && minimum == o.minimum && level == o.level && additional == o.additional;
  }
};

Outcome run_events(bool one_by_one, BucketClock clock, std::int64_t capacity, std::int64_t refill, Micros interval,
                   double loop_maximum, bool check_deadline, const std::vector<Micros>& durations) {
  LeakyBucket bucket(capacity, FixedIntervalRefill(refill, interval, 0));
  TimeStepBudget budget(loop_maximum);
  TimeMonitor monitor(bucket, budget, clock, 0);
  const TimelineSink sink = [](const TimelineRow&) {};
  Outcome o;
  Micros wall = 0;
  Instant algorithm_time = 0;
  for (const Micros d : durations) {
    budget.start_step(wall);
    monitor.begin(wall);
    o.completed = monitor.work(wall, d, algorithm_time, check_deadline, o.stop, one_by_one ? &sink : nullptr, 0);
    if (!o.completed) break;
    algorithm_time += 7 * kHour;  // the next event a few hours later, on the algorithm's clock
  }
  o.wall = wall;
  o.charged = monitor.charged();
  o.minimum = monitor.minimum();
  o.level = bucket.level();
  o.additional = budget.additional_minutes();
  return o;
}

}  // namespace

TEST_CASE("bucket: consume_one_each is try_consume at each instant, stopping at the first refusal") {
  for (const Micros step : {Micros{0}, kMinute, 7 * kSecond})
    for (const std::int64_t capacity : {1, 3, 40})
      for (const std::int64_t amount : {0, 1, 5, 60})
        for (const Micros interval : {kMinute, 13 * kMinute, kDay})
          for (const std::int64_t n : {1, 2, 39, 200, 5000})
            for (const Micros now : {Micros{0}, 59 * kSecond, 3 * kDay + 1}) {
              LeakyBucket bulk(capacity, FixedIntervalRefill(amount, interval, 0));
              LeakyBucket single = bulk;
              bulk.try_consume(capacity, 0);  // start empty: refills decide
              single.try_consume(capacity, 0);
              const LeakyBucket::Taken t = bulk.consume_one_each(n, now, step);
              std::int64_t taken = 0, lowest = INT64_MAX;
              while (taken < n && single.try_consume(1, now + taken * step)) {
                ++taken;
                lowest = std::min(lowest, single.level());
              }
              CAPTURE(step);
              CAPTURE(capacity);
              CAPTURE(amount);
              CAPTURE(interval);
              CAPTURE(n);
              CAPTURE(now);
              REQUIRE(t.taken == taken);
              REQUIRE(t.lowest == lowest);
              REQUIRE(bulk.level() == single.level());
              REQUIRE(bulk.refilled() == single.refilled());
            }
}

TEST_CASE("charging: asks taken at once come to what minute-by-minute asks do (grants, refusals, deadlines)") {
  const std::vector<std::vector<Micros>> runs = {
      {min(35), min(35), min(35), min(35)},  // example 1: the fourth refused at its 19th charge
      {min(30.5), min(9.99), min(10), min(10.01), min(600)},
      {min(2000), min(0.5), min(1440), min(61)},
  };
  int compared = 0, refused = 0, timed_out = 0;
  for (const BucketClock clock : {BucketClock::Wall, BucketClock::Algorithm})
    for (const std::int64_t capacity : {0, 1, 18, 120, 5000})
      for (const std::int64_t refill : {0, 18, 100})
        for (const Micros interval : {min(1), min(60), min(1440)})
          for (const double loop_maximum : {0.05, 10.0, 20.0})
            for (const bool check_deadline : {true, false})
              for (const auto& durations : runs) {
                const Outcome a = run_events(true, clock, capacity, refill, interval, loop_maximum, check_deadline, durations);
                const Outcome b = run_events(false, clock, capacity, refill, interval, loop_maximum, check_deadline, durations);
                CAPTURE(capacity);
                CAPTURE(refill);
                CAPTURE(loop_maximum);
                CAPTURE(check_deadline);
                REQUIRE(a == b);
                ++compared;
                refused += !a.completed && a.stop.refused;
                timed_out += !a.completed && !a.stop.refused;
              }
  // Both ways of stopping, and completion, were among the cases compared.
  CHECK(compared == 2 * 5 * 3 * 3 * 3 * 2 * 3);
  CHECK(refused > 0);
  CHECK(timed_out > 0);
  CHECK(refused + timed_out < compared);
}
