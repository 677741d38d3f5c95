// Tests for LEAN's quota machinery at the unit level: the leaky bucket and
// its fixed-interval refill (docs/semantics.md#the-leaky-bucket), the per-timeslice budget and
// its message (#the-time-step), and the per-minute charging that joins them
// (#charging-an-event). The leaky bucket's worked examples are reproduced one by
// one on an injected wall clock. Asks taken at once: quota_asks_at_once_test.cpp.
#include "quota/leaky_bucket.h"
#include "quota/quota_testing.h"
#include "quota/time_step_budget.h"
#include "sim/time_monitor.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace trainsim;
using quota_test::min;

namespace {

// LEAN's default bucket: capacity 120, +18 every 1440 wall minutes from engine start (0).
LeakyBucket default_bucket(std::int64_t capacity = 120, std::int64_t refill = 18, Micros interval = min(1440)) {
  return LeakyBucket(capacity, FixedIntervalRefill(refill, interval, 0));
}

// One scheduled event run in its own time step from `start`, as a backtest
// runs it: new step, new consumer, work until the end or a stop.
struct EventRun {
  bool completed = false;
  MonitorStop stop;
  Micros end = 0;
  std::int64_t charged = 0;
  std::string message;
};

EventRun run_event(LeakyBucket& bucket, double loop_maximum, Micros start, Micros duration) {
  TimeStepBudget budget(loop_maximum);
  TimeMonitor monitor(bucket, budget, BucketClock::Wall, 0);
  budget.start_step(start);
  monitor.begin(start);
  EventRun r;
  Micros wall = start;
  r.completed = monitor.work(wall, duration, 0, true, r.stop, nullptr, 0);
  r.end = wall;
  r.charged = monitor.charged();
  if (!r.completed) r.message = budget.failure_message(wall);
  return r;
}

}  // namespace

// ---------------------------------------------------------------- bucket rules

TEST_CASE("bucket: starts full and takes tokens") {
  LeakyBucket b = default_bucket();
  CHECK(b.capacity() == 120);
  CHECK(b.level() == 120);
  CHECK(b.try_consume(1, 0));
  CHECK(b.level() == 119);
  CHECK(b.try_consume(119, min(1)));
  CHECK(b.level() == 0);
  CHECK_FALSE(b.try_consume(1, min(2)));
  CHECK(b.level() == 0);
  CHECK(b.refilled() == 0);
}

TEST_CASE("bucket: TryConsume throws for 0, negative and above-capacity requests") {
  LeakyBucket b = default_bucket();
  CHECK_THROWS_AS(b.try_consume(0, 0), BucketArgumentError);
  CHECK_THROWS_AS(b.try_consume(-1, 0), BucketArgumentError);
  CHECK_THROWS_AS(b.try_consume(121, 0), BucketArgumentError);
  CHECK(b.level() == 120);  // nothing taken
  CHECK(b.try_consume(120, 0));  // exactly the capacity is allowed

  // Capacity 0: every request is above the capacity and throws.
  LeakyBucket zero = default_bucket(0, 0);
  CHECK(zero.level() == 0);
  CHECK_THROWS_AS(zero.try_consume(1, min(5)), BucketArgumentError);
}

TEST_CASE("bucket: a refusal takes nothing but keeps the refill") {
  LeakyBucket b = default_bucket(120, 3, min(10));
  REQUIRE(b.try_consume(120, 0));
  // At minute 10 three tokens are due; five are asked for: refused, the 3 stay.
  CHECK_FALSE(b.try_consume(5, min(10)));
  CHECK(b.level() == 3);
  CHECK(b.refilled() == 3);
  // The next request before the next grid point sees the kept tokens.
  CHECK(b.try_consume(3, min(15)));
  CHECK(b.level() == 0);
  CHECK(b.refilled() == 3);
}

TEST_CASE("bucket: the refill is capped at the capacity") {
  LeakyBucket b = default_bucket();
  REQUIRE(b.try_consume(100, 0));
  // Ten days later 180 tokens are due, but only 100 fit.
  CHECK(b.try_consume(1, min(10 * 1440)));
  CHECK(b.level() == 119);
  CHECK(b.refilled() == 100);
  // A refill amount above the capacity simply fills the bucket.
  LeakyBucket small = default_bucket(10, 50);
  REQUIRE(small.try_consume(10, 0));
  small.refill_to(min(1440));
  CHECK(small.level() == 10);
  CHECK(small.refilled() == 10);
}

TEST_CASE("refill: quantised on a grid anchored at creation, boundary inclusive") {
  FixedIntervalRefill r(18, min(1440), 0);
  CHECK(r.refill(0) == 0);
  CHECK(r.refill(min(1440) - 1) == 0);
  CHECK(r.refill(min(1440)) == 18);  // inclusive
  CHECK(r.next == min(2880));
  CHECK(r.refill(min(2879)) == 0);
  CHECK(r.refill(min(2880) + 5 * min(1440)) == 6 * 18);  // six grid points passed at once
  CHECK(r.next == min(2880 + 6 * 1440));

  // Anchored at creation, not at zero.
  FixedIntervalRefill late(5, min(60), min(30));
  CHECK(late.refill(min(60)) == 0);
  CHECK(late.refill(min(90)) == 5);
  CHECK(late.refill(min(149)) == 0);
  CHECK(late.refill(min(150)) == 5);

  // A zero amount never refills.
  FixedIntervalRefill none(0, min(1440), 0);
  CHECK(none.refill(min(100000)) == 0);
}

TEST_CASE("refill: refill_to applies what is due without consuming") {
  LeakyBucket b = default_bucket();
  REQUIRE(b.try_consume(50, 0));
  b.refill_to(min(1439));
  CHECK(b.level() == 70);
  b.refill_to(min(1440));
  CHECK(b.level() == 88);
  CHECK(b.refilled() == 18);
  b.refill_to(min(1440));  // nothing more at the same instant
  CHECK(b.level() == 88);
}

// ------------------------------------------------------------- time step budget

TEST_CASE("budget: the allowance is max plus granted minutes; a new step resets it") {
  TimeStepBudget b(20);
  CHECK(b.maximum() == min(20));
  b.start_step(min(100));
  CHECK(b.deadline() == min(120));
  b.grant_minute();
  b.grant_minute();
  CHECK(b.additional_minutes() == 2);
  CHECK(b.deadline() == min(122));
  CHECK(b.elapsed(min(130)) == min(30));
  b.start_step(min(200));
  CHECK(b.additional_minutes() == 0);
  CHECK(b.deadline() == min(220));
  CHECK(TimeStepBudget(1.5).maximum() == min(1.5));
  CHECK(TimeStepBudget(0.05).maximum() == 3 * kSecond);
}

TEST_CASE("budget: LEAN's message wording and its 'additional' quirk") {
  TimeStepBudget b(20);
  b.start_step(0);
  CHECK(b.failure_message(min(20) + kSecond) ==
        "Algorithm took longer than 20 minutes on a single time loop. CurrentTimeStepElapsed: 20.0 minutes");
  // Twenty granted minutes: Y = 20 - 20 = 0, no sentence.
  for (int i = 0; i < 20; ++i) b.grant_minute();
  CHECK(b.failure_message(min(21)) ==
        "Algorithm took longer than 20 minutes on a single time loop. CurrentTimeStepElapsed: 21.0 minutes");
  // Twenty-one: Y = 1.
  b.grant_minute();
  CHECK(b.failure_message(min(22)) ==
        "Algorithm took longer than 20 minutes on a single time loop. An additional 1 minutes were also "
        "allocated and consumed. CurrentTimeStepElapsed: 22.0 minutes");
  // A fractional maximum: Y = additional - (int)1.5.
  TimeStepBudget f(1.5);
  f.start_step(min(7));
  f.grant_minute();
  f.grant_minute();
  f.grant_minute();
  CHECK(f.failure_message(min(11)) ==
        "Algorithm took longer than 1.5 minutes on a single time loop. An additional 2 minutes were also "
        "allocated and consumed. CurrentTimeStepElapsed: 4.0 minutes");
  // The AlgorithmTimeLimitManagerTests value: 0.05 minutes (3 s).
  TimeStepBudget t(0.05);
  t.start_step(0);
  CHECK(t.failure_message(3100 * 1000) ==
        "Algorithm took longer than 0.05 minutes on a single time loop. CurrentTimeStepElapsed: 0.1 minutes");
}

TEST_CASE("format: C# double and \"0.0\" minutes") {
  CHECK(format_csharp_double(20) == "20");
  CHECK(format_csharp_double(10) == "10");
  CHECK(format_csharp_double(1.5) == "1.5");
  CHECK(format_csharp_double(0.05) == "0.05");
  CHECK(format_csharp_double(15) == "15");
  CHECK(format_csharp_double(1440) == "1440");
  CHECK(format_csharp_double(0.1 + 0.2) == "0.30000000000000004");  // .NET Core 3+: shortest round-trip
  CHECK(format_csharp_double(1e15) == "1E+15");
  CHECK(format_csharp_double(1e-5) == "1E-05");

  CHECK(format_minutes_one_decimal(0) == "0.0");
  CHECK(format_minutes_one_decimal(min(4)) == "4.0");
  CHECK(format_minutes_one_decimal(min(26)) == "26.0");
  CHECK(format_minutes_one_decimal(3 * kSecond) == "0.1");       // 0.05 rounds away from zero
  CHECK(format_minutes_one_decimal(2 * kSecond) == "0.0");       // 0.0333
  CHECK(format_minutes_one_decimal(135 * kSecond) == "2.3");     // 2.25 rounds away from zero
  CHECK(format_minutes_one_decimal(min(19) + 2 * kSecond) == "19.0");
  CHECK(format_minutes_one_decimal(min(59.96)) == "60.0");
}

TEST_CASE("format: C# prints doubles below 1E+15 and down to 1E-05 without an exponent") {
  // .NET Core 3.0+ double.ToString(): scientific notation only for exponents
  // >= 15 or < -5, so a loop maximum of 100000 minutes prints "100000", not
  // the shorter "1E+05" that std::to_chars would choose.
  CHECK(format_csharp_double(100000) == "100000");
  CHECK(format_csharp_double(1000000) == "1000000");
  CHECK(format_csharp_double(1e9) == "1000000000");
  CHECK(format_csharp_double(0.0001) == "0.0001");
}

// --------------------------------------------------------- worked examples (#the-leaky-bucket)

TEST_CASE("example 1: a 35-minute training on a full bucket costs 34") {
  LeakyBucket b = default_bucket();
  const EventRun r = run_event(b, 20, 0, min(35));
  CHECK(r.completed);
  CHECK(r.charged == 34);
  CHECK(b.level() == 86);
  CHECK(r.end == min(35));

  LeakyBucket c = default_bucket();
  const EventRun half = run_event(c, 20, 0, min(35.5));
  CHECK(half.completed);
  CHECK(half.charged == 35);
  CHECK(c.level() == 85);
}

TEST_CASE("example 1: three trainings leave 86, 52, 18; a fourth fails at its 19th charge") {
  LeakyBucket b = default_bucket();
  std::vector<std::int64_t> levels;
  Micros wall = 0;
  for (int i = 0; i < 3; ++i) {
    const EventRun r = run_event(b, 20, wall, min(35));
    REQUIRE(r.completed);
    wall = r.end;
    levels.push_back(b.level());
  }
  CHECK(levels == std::vector<std::int64_t>{86, 52, 18});
  CHECK(wall == min(105));
  const EventRun fourth = run_event(b, 20, wall, min(35));
  CHECK_FALSE(fourth.completed);
  CHECK(fourth.stop.refused);
  CHECK(fourth.charged == 18);              // the 19th request is the refused one
  CHECK(fourth.end == min(105 + 19));
  CHECK(b.level() == 0);
  CHECK(fourth.message ==
        "Algorithm took longer than 20 minutes on a single time loop. CurrentTimeStepElapsed: 19.0 minutes");
}

TEST_CASE("example 2: the same training on a bucket at 3 stops at 4:00") {
  LeakyBucket b = default_bucket();
  REQUIRE(b.try_consume(117, 0));
  REQUIRE(b.level() == 3);
  const EventRun r = run_event(b, 20, 0, min(35));
  CHECK_FALSE(r.completed);
  CHECK(r.stop.refused);
  CHECK(r.charged == 3);
  CHECK(r.end == min(4));
  CHECK(b.level() == 0);
  CHECK(r.message ==
        "Algorithm took longer than 20 minutes on a single time loop. CurrentTimeStepElapsed: 4.0 minutes");

  // B tokens allow one event of up to B + 1 minutes.
  LeakyBucket c = default_bucket();
  REQUIRE(c.try_consume(117, 0));
  const EventRun four = run_event(c, 20, 0, min(4));
  CHECK(four.completed);
  CHECK(four.charged == 3);
  CHECK(c.level() == 0);
  LeakyBucket d = default_bucket();
  REQUIRE(d.try_consume(117, 0));
  CHECK_FALSE(run_event(d, 20, 0, min(4) + 1).completed);
}

TEST_CASE("charging: an event of D minutes asks ceil(D) - 1 times") {
  const std::pair<Micros, std::int64_t> cases[] = {
      {min(30), 29}, {min(30.5), 30}, {50 * kSecond, 0}, {min(1), 0}, {min(1) + 1, 1},
      {min(0.99), 0}, {min(2), 1},     {min(3) + 1, 3},  {0, 0}};
  for (const auto& [d, charges] : cases) {
    const auto& d_ = d;  // clang 14 cannot capture a structured binding
    CAPTURE(d_);
    LeakyBucket b = default_bucket();
    const EventRun r = run_event(b, 20, min(7), d);
    CHECK(r.completed);
    CHECK(r.charged == charges);
    CHECK(b.level() == 120 - charges);
  }
}

TEST_CASE("example 3: weekly 30.5-minute trainings cost 30 each; session 5 fails 1 minute in") {
  LeakyBucket b = default_bucket();
  std::vector<std::int64_t> levels;
  Micros wall = 0;
  for (int i = 0; i < 4; ++i) {
    const EventRun r = run_event(b, 20, wall, min(30.5));
    REQUIRE(r.completed);
    CHECK(r.charged == 30);
    wall = r.end;
    levels.push_back(b.level());
  }
  CHECK(levels == std::vector<std::int64_t>{90, 60, 30, 0});
  const EventRun fifth = run_event(b, 20, wall, min(30.5));
  CHECK_FALSE(fifth.completed);
  CHECK(fifth.stop.refused);
  CHECK(fifth.end == wall + min(1));
  CHECK(fifth.message ==
        "Algorithm took longer than 20 minutes on a single time loop. CurrentTimeStepElapsed: 1.0 minutes");

  // Unless 1440 wall minutes have passed: then the fifth gets 18 and runs 19 minutes.
  const EventRun later = run_event(b, 20, min(1440) - min(0.5), min(30.5));
  CHECK_FALSE(later.completed);
  CHECK(later.charged == 18);
  CHECK(later.end == min(1440) - min(0.5) + min(19));
}

TEST_CASE("example 4: quantised refill: +54 at 5000, +0 at 5700, +18 at 5760") {
  LeakyBucket b = default_bucket();
  REQUIRE(b.try_consume(120, min(1)));
  CHECK(b.try_consume(1, min(5000)));
  CHECK(b.refilled() == 54);
  CHECK(b.level() == 53);
  CHECK(b.try_consume(1, min(5700)));
  CHECK(b.refilled() == 54);
  CHECK(b.level() == 52);
  CHECK(b.try_consume(1, min(5760)));
  CHECK(b.refilled() == 72);
  CHECK(b.level() == 69);

  // The same grid, read directly: n = 1 + floor(3560 / 1440) = 3, next = 5760.
  FixedIntervalRefill r(18, min(1440), 0);
  CHECK(r.refill(min(5000)) == 54);
  CHECK(r.next == min(5760));
  CHECK(r.refill(min(5700)) == 0);
  CHECK(r.refill(min(5760)) == 18);
}

TEST_CASE("example 5: a refill during a training: the charge at 1440.5 leaves 20") {
  LeakyBucket b = default_bucket();
  REQUIRE(b.try_consume(117, 0));
  const EventRun r = run_event(b, 20, min(1439.5), min(2));
  CHECK(r.completed);
  CHECK(r.charged == 1);
  CHECK(b.refilled() == 18);
  CHECK(b.level() == 20);
}

TEST_CASE("example 6: TrainingInitializeRegressionAlgorithm stops at 2:00") {
  // max "1.5", capacity "1", refill "0"; Train(now) sleeps 2.5 minutes.
  LeakyBucket b = default_bucket(1, 0);
  const EventRun r = run_event(b, 1.5, 0, min(2.5));
  CHECK_FALSE(r.completed);
  CHECK(r.stop.refused);
  CHECK(r.charged == 1);  // the charge at 1:00 succeeds, allowance 2.5
  CHECK(b.level() == 0);
  CHECK(r.end == min(2));
  CHECK(r.message ==
        "Algorithm took longer than 1.5 minutes on a single time loop. CurrentTimeStepElapsed: 2.0 minutes");
}

TEST_CASE("example 6b: a 0.05-minute maximum stops a step on elapsed time alone") {
  LeakyBucket b = default_bucket();
  const EventRun r = run_event(b, 0.05, 0, 10 * kSecond);
  CHECK_FALSE(r.completed);
  CHECK_FALSE(r.stop.refused);
  CHECK(r.end == 3 * kSecond);
  CHECK(r.charged == 0);
  CHECK(b.level() == 120);
  CHECK(r.message ==
        "Algorithm took longer than 0.05 minutes on a single time loop. CurrentTimeStepElapsed: 0.1 minutes");
}

TEST_CASE("example 7: bucket at 25: the refusal at 26:00 shows the extra sentence") {
  LeakyBucket b = default_bucket();
  REQUIRE(b.try_consume(95, 0));
  const EventRun r = run_event(b, 20, 0, min(40));
  CHECK_FALSE(r.completed);
  CHECK(r.stop.refused);
  CHECK(r.charged == 25);
  CHECK(r.end == min(26));
  CHECK(r.message ==
        "Algorithm took longer than 20 minutes on a single time loop. An additional 5 minutes were also "
        "allocated and consumed. CurrentTimeStepElapsed: 26.0 minutes");

  // The same with a bucket whose capacity is 25.
  LeakyBucket c = default_bucket(25);
  const EventRun s = run_event(c, 20, 0, min(40));
  CHECK(s.message == r.message);
}

TEST_CASE("capacity 0: never stopped by the bucket, only by the loop maximum") {
  LeakyBucket b = default_bucket(0, 0);
  const EventRun r = run_event(b, 20, min(3), min(25));
  CHECK_FALSE(r.completed);
  CHECK_FALSE(r.stop.refused);
  CHECK(r.charged == 0);
  CHECK(r.end == min(23));  // 20 minutes into the step
  CHECK(r.message ==
        "Algorithm took longer than 20 minutes on a single time loop. CurrentTimeStepElapsed: 20.0 minutes");

  LeakyBucket c = default_bucket(0, 0);
  const EventRun ok = run_event(c, 20, 0, min(19.5));
  CHECK(ok.completed);
  CHECK(ok.charged == 0);
  LeakyBucket d = default_bucket(0, 0);
  CHECK(run_event(d, 20, 0, min(20)).completed);  // elapsed must exceed the maximum
}

TEST_CASE("charging: granted minutes keep a long event within its step") {
  // A 100-minute event on a full bucket: 99 charges, never stopped on time.
  LeakyBucket b = default_bucket();
  const EventRun r = run_event(b, 20, 0, min(100));
  CHECK(r.completed);
  CHECK(r.charged == 99);
  CHECK(b.level() == 21);
}
