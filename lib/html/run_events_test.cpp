// html/run_events_test.cpp — each step's minutes split into free, charged and
// beyond, and the binning that keeps a long run's page small (a whole run's
// events reaching the page: html_report_test.cpp).
#include "html/run_events.h"


#include <doctest/doctest.h>


using namespace trainsim;

namespace {

Micros minutes(double m) { return static_cast<Micros>(m * static_cast<double>(kMinute)); }

}  // namespace

TEST_CASE("html events: a step's free, charged and beyond minutes sum to its duration") {
  // LEAN's rule: the first minute free, then a token a minute while the event runs.
  auto sum = [](const html::StepMinutes& m) { return m.free + m.charged + m.beyond; };
  const html::StepMinutes twelve = html::split_step(minutes(12), 11, 10, false);
  CHECK(twelve.free == doctest::Approx(1));
  CHECK(twelve.charged == doctest::Approx(11));
  CHECK(twelve.beyond == 0);
  // 12.5 minutes asks 12 tokens; the last buys only the half minute left.
  const html::StepMinutes half = html::split_step(minutes(12.5), 12, 10, false);
  CHECK(half.free == doctest::Approx(1));
  CHECK(half.charged == doctest::Approx(11.5));
  CHECK(sum(half) == doctest::Approx(12.5));
  // Refused at the fourth minute with 3 tokens: the run stops there.
  const html::StepMinutes refused = html::split_step(minutes(4), 3, 10, false);
  CHECK(refused.charged == doctest::Approx(3));
  CHECK(refused.beyond == 0);
  // A bucket that never charges (capacity 0): free up to the loop maximum, the rest beyond it.
  const html::StepMinutes uncharged = html::split_step(minutes(25), 0, 10, false);
  CHECK(uncharged.free == doctest::Approx(10));
  CHECK(uncharged.beyond == doctest::Approx(15));
  // A fractional loop maximum below a minute: the step fails inside its first minute.
  const html::StepMinutes tight = html::split_step(minutes(0.5), 0, 0.05, false);
  CHECK(tight.free == doctest::Approx(0.05));
  CHECK(tight.beyond == doctest::Approx(0.45));
  // Live: nothing stops a scan on the loop maximum.
  const html::StepMinutes live = html::split_step(minutes(25), 0, 10, true);
  CHECK(live.free == doctest::Approx(25));
  CHECK(live.beyond == 0);
  CHECK(sum(html::split_step(minutes(0.3), 0, 10, false)) == doctest::Approx(0.3));
}

TEST_CASE("html events: marks are binned by time, each into one stretch, edges included") {
  const std::vector<Instant> at = {-5, 0, 9, 10, 55, 99, 100, 250};
  const auto bins = html::bin_by_time(at, 0, 100, 10);
  REQUIRE(bins.size() == 4);
  CHECK(bins[0].bin == 0);
  CHECK(bins[0].marks == std::vector<size_t>{0, 1, 2});  // before the start: the first stretch
  CHECK(bins[1].bin == 1);
  CHECK(bins[1].marks == std::vector<size_t>{3});
  CHECK(bins[2].bin == 5);
  CHECK(bins[2].marks == std::vector<size_t>{4});
  CHECK(bins[3].bin == 9);
  CHECK(bins[3].marks == std::vector<size_t>{5, 6, 7});  // at or past the end: the last
  CHECK(html::bin_by_time(at, 0, 100, 0).empty());
}
