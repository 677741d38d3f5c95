// html/run_events_test.cpp — every event of a run reaches the page, each
// step's minutes split into free, charged and beyond, and the binning that
// keeps a long run's page small.
#include "html/run_events.h"

#include "html/html_report.h"
#include "sim/simulate.h"
#include "testing.h"

#include <doctest/doctest.h>

#include <regex>

using namespace trainsim;
using trainsim::testing::scenario_from;

namespace {

Micros minutes(double m) { return static_cast<Micros>(m * static_cast<double>(kMinute)); }

// Twenty years of weekly trainings and an hourly event: far more events than the report lists.
const char* kLong = R"json({
  "scheduled-event-leaky-bucket-capacity": 100000,
  "simulation": { "start": "2005-01-01", "end": "2024-12-31", "security": "Equity-usa-SPY",
    "resolution": "minute", "on-data": { "cost": "15ms" },
    "training": [ { "name": "weekly", "date-rule": "DateRules.Every(DayOfWeek.Sunday)",
                    "time-rule": "TimeRules.At(8, 0)", "duration": "10m30s" } ],
    "events": [ { "name": "hourly", "training": false, "date-rule": "DateRules.EveryDay(\"SPY\")",
                  "time-rule": "TimeRules.Every(TimeSpan.FromMinutes(60))", "duration": "2s" } ] } })json";

RunReport run_with_timeline(const Scenario& s) {
  RunReport rep;
  rep.scenario = &s;
  const TimelineSink sink = record_timeline(rep.timeline);
  RunOptions o;
  o.timeline = &sink;
  rep.result = simulate(s, o);
  return rep;
}

}  // namespace

TEST_CASE("html events: the page gets every occurrence, past the report's list, from the timeline") {
  const Scenario s = scenario_from(kLong);
  const RunReport rep = run_with_timeline(s);
  REQUIRE(rep.result.events_not_listed > 0);
  const html::RunEvents ev = html::every_event(rep);
  CHECK(ev.missing == 0);
  CHECK(static_cast<std::int64_t>(ev.all.size()) == rep.result.event_occurrences);
  std::int64_t sessions = 0, charged = 0;
  for (const EventRecord& e : ev.all) {
    sessions += e.event == 0;
    charged += e.charged;
    CHECK(e.duration == (e.event == 0 ? minutes(10.5) : 2 * kSecond));
  }
  CHECK(sessions == rep.result.training_sessions);
  CHECK(charged == rep.result.bucket.charged);
  // The listed ones are the report's own, unchanged.
  CHECK(ev.all[9999].fired == rep.result.events[9999].fired);
  // Without a timeline the page knows how many it cannot draw.
  RunReport bare = rep;
  bare.timeline.clear();
  CHECK(html::every_event(bare).missing == rep.result.events_not_listed);
}

TEST_CASE("html events: a 20-year run's page draws every session, binned, and stays small") {
  const Scenario s = scenario_from(kLong);
  const RunReport rep = run_with_timeline(s);
  const std::string page = html_run_page(rep);
  std::int64_t drawn = 0, marks = 0;
  const std::regex mark("data-sessions=\"(\\d+)\" data-first=\"(\\d+)\" data-last=\"(\\d+)\"");
  std::int64_t next = 1;
  for (auto it = std::sregex_iterator(page.begin(), page.end(), mark); it != std::sregex_iterator(); ++it) {
    const std::int64_t k = std::stoll((*it)[1]), first = std::stoll((*it)[2]), last = std::stoll((*it)[3]);
    CHECK(first == next);  // the stretches number the sessions in order, none twice, none skipped
    CHECK(last - first + 1 == k);
    next = last + 1;
    drawn += k;
    ++marks;
  }
  CHECK(drawn == rep.result.training_sessions);
  CHECK(marks <= 420);
  CHECK(page.size() < 1'000'000);
}

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

TEST_CASE("html events: intervals closer than the gap merge, keeping which ones they hold") {
  const auto merged = html::merge_intervals({{30, 40}, {0, 10}, {12, 20}, {41, 45}, {100, 110}}, 2);
  REQUIRE(merged.size() == 3);
  CHECK(merged[0].a == 0);
  CHECK(merged[0].b == 20);
  CHECK(merged[0].parts == std::vector<size_t>{1, 2});
  CHECK(merged[1].b == 45);
  CHECK(merged[1].parts == std::vector<size_t>{0, 3});
  CHECK(merged[2].parts == std::vector<size_t>{4});
}
