// explain/explain_test.cpp — the story's paragraphs on small runs whose
// numbers are worked out by hand: the draws, the refill (none, never, some),
// the death (a refused minute, OnData over the limit), the closest call of a
// completed run, live mode, and what the advised capacity does on a re-run.
#include "explain/explain.h"

#include "report/summary.h"
#include "sim/simulate.h"
#include "testing.h"

#include <doctest/doctest.h>

using namespace trainsim;
using trainsim::testing::contains;
using trainsim::testing::scenario_from;

namespace {

struct Story {
  Scenario s;
  RunReport report;
  explicit Story(const std::string& json) : s(scenario_from(json)) {
    report.scenario = &s;
    report.result = simulate(s);
  }
};

// Monday 10:00 31-minute trainings on a fresh bucket of 120 that refills 18 a
// wall day: 30 minutes drawn each, 120 -> 90 -> 60 -> 30 -> 0 (New Year's Day
// and MLK Day are holidays: those two fire at the next day's first bar), the
// fifth, on 2024-01-29, refused its first charge, about two wall hours in.
const char* kWeekly = R"J({
  "simulation": { "start": "2024-01-01", "end": "2024-03-31", "security": "Equity-usa-SPY",
    "resolution": "minute", "on-data": { "cost": "50ms" },
    "training": [ { "name": "weekly", "date-rule": "DateRules.Every(DayOfWeek.Monday)",
                    "time-rule": "TimeRules.At(10, 0)", "duration": "31m" } ] } })J";

}  // namespace

TEST_CASE("explain: a backtest that exhausts one bucketful: the draws, no refill, the refused minute") {
  Story st(kWeekly);
  const SimulationResult& r = st.report.result;
  REQUIRE(r.failure);
  REQUIRE(r.failure->reason == FailureReason::BucketRefused);
  REQUIRE(r.bucket.refilled == 0);

  const std::string draws = explain_draws(st.report);
  CAPTURE(draws);
  CHECK(contains(draws, "first minute of its time step free"));
  CHECK(contains(draws, "the bucket started full at 120 minutes"));
  // Four full runs drew 30 each; the fifth found the bucket empty and drew nothing.
  CHECK(contains(draws, "'weekly', 120 minutes over 4 runs (at most 30 minutes, Tue 2024-01-02 09:31)"));
  CHECK(contains(draws, "; 120 minutes in all."));

  const std::string refill = explain_refill(st.report);
  CAPTURE(refill);
  CHECK(refill.rfind("It never refilled: the bucket adds 18 every 24 wall hours;", 0) == 0);
  CHECK(contains(refill, "not the dates it simulates"));
  CHECK(contains(refill, "before it failed, so all of its training had one bucketful"));

  const std::string death = explain_failure(st.report);
  CAPTURE(death);
  // The fifth Monday, 2024-01-29: fired on time, found nothing, refused at its first charge.
  CHECK(contains(death, "It died in 'weekly', which fired Mon 2024-01-29 10:00 as scheduled: it found the bucket empty, and 1 "
                         "minute in, the bucket refused its next minute"));
  CHECK(contains(death, "the bucket refused its next minute"));
  CHECK(contains(death, "LEAN's rule: a scheduled event may run past its free first minute only by drawing"));
  CHECK(contains(death, "whatever the loop maximum (10 minutes)"));

  CHECK(explain_closest(st.report).empty());
  CHECK(explain_live(st.report).empty());
  CHECK(explain_advice(st.report).empty());  // no advice asked for here

  const auto all = explain_run(st.report);
  REQUIRE(all.size() == 3);
  CHECK(all[0] == draws);
  CHECK(all[1] == refill);
  CHECK(all[2] == death);
}

TEST_CASE("explain: the advised capacity, re-run, completes and says how low the bucket then goes") {
  Story st(kWeekly);
  REQUIRE(st.report.result.failure);
  // 13 Mondays of 30 minutes each (one is a holiday: the rule still fires at
  // the next timeslice) need 390 at most; 400 completes with room to spare.
  st.report.advice.capacity = 400;
  const std::string advice = explain_advice(st.report);
  CAPTURE(advice);
  CHECK(advice.rfind("What the advice changes (each found by re-running the whole run): a capacity of 400 (refill "
                     "held at 18) starts the bucket 280 minutes fuller for the same draws: re-run, it completes,", 0) == 0);
  CHECK(contains(advice, "its bucket lowest at "));
  CHECK(contains(advice, "when 'weekly', fired "));
  // With random durations the odds come first, and the capacity is labelled as this draw's.
  OddsAdvice odds;
  odds.trials = 2000;
  odds.capacity = 1900;
  st.report.advice.odds = odds;
  const std::string with_odds = explain_advice(st.report);
  CAPTURE(with_odds);
  CHECK(contains(with_odds, "run): for the odds, a capacity of 1,900, which keeps P(fail) at most 5.00% over 2,000 trials "
                            "of the random durations; or for this draw, a capacity of 400 "));
  st.report.advice.odds->capacity.reset();
  st.report.advice.odds->configured_meets = true;
  CHECK(contains(explain_advice(st.report), "nothing, for the odds: the configured quota already keeps P(fail) at most 5.00%"));
  st.report.advice.odds.reset();
  // Too small a capacity is not passed off as a fix.
  st.report.advice.capacity = 121;
  CHECK(contains(explain_advice(st.report), "it still fails"));
  st.report.advice.capacity.reset();
  st.report.advice.longest_duration = "1m";
  CHECK(contains(explain_advice(st.report), "'weekly' kept to at most 1m"));
  st.report.advice.schedules = {"time-rule TimeRules.Midnight"};
  CHECK(contains(explain_advice(st.report),
                 "; or 'weekly' scheduled by time-rule TimeRules.Midnight instead, which completes when re-run."));
}

TEST_CASE("explain: a refill amount of 0, and a bucket with no capacity") {
  Story none(R"J({ "scheduled-event-leaky-bucket-refill-amount": 0, "scheduled-event-leaky-bucket-capacity": 20,
    "simulation": { "start": "2024-01-02", "end": "2024-01-05", "security": "Equity-usa-SPY",
      "resolution": "minute", "on-data": { "cost": "50ms" },
      "training": [ { "name": "initial", "when": "now", "duration": "35m" } ] } })J");
  CHECK(explain_refill(none.report) ==
        "The bucket never refills (its refill amount is 0): the 20 minutes it starts with are all the training gets.");
  const std::string death = explain_failure(none.report);
  CAPTURE(death);
  CHECK(contains(death, "it found 20 minutes in the bucket, drew all of them, and 21 minutes in, the bucket refused"));
  CHECK(contains(explain_draws(none.report), "'initial', 20 minutes in one run (Tue 2024-01-02 00:00)"));

  Story empty(R"J({ "scheduled-event-leaky-bucket-capacity": 0,
    "simulation": { "start": "2024-01-02", "end": "2024-01-05", "security": "Equity-usa-SPY",
      "resolution": "minute", "on-data": { "cost": "50ms" },
      "training": [ { "name": "initial", "when": "now", "duration": "35m" } ] } })J");
  REQUIRE(empty.report.result.failure);
  CHECK(contains(explain_refill(empty.report), "The bucket has no capacity"));
  const std::string loop = explain_failure(empty.report);
  CAPTURE(loop);
  CHECK(contains(loop, "it ran past the loop maximum (10 minutes) with no minute granted by the bucket (capacity 0)"));
  CHECK(contains(loop, "LEAN's rule: a time step fails once it runs longer than the loop maximum plus the minutes"));
}

TEST_CASE("explain: OnData over the limit is told apart from a training") {
  Story st(R"J({ "algorithm-manager-time-loop-maximum": 1,
    "simulation": { "start": "2024-01-02", "end": "2024-01-05", "security": "Equity-usa-SPY",
      "resolution": "minute", "on-data": { "cost": "2m" } } })J");
  REQUIRE(st.report.result.failure);
  REQUIRE(st.report.result.failure->event == -1);
  const std::string death = explain_failure(st.report);
  CAPTURE(death);
  CHECK(death.rfind("It died in OnData at 2024-01-02T", 0) == 0);
  CHECK(contains(death, "ran longer than the loop maximum (1 minute), and OnData draws nothing from the bucket"));
  CHECK(contains(explain_draws(st.report), "No event ran past its free first minute, so nothing was drawn."));
}

TEST_CASE("explain: a completed run's closest call, and refills over a long run") {
  // The weekly 31-minute training on a bucket of 1000: January's five runs
  // draw 30 each, well inside one wall day, so nothing refills.
  Story st(R"J({ "scheduled-event-leaky-bucket-capacity": 1000, "scheduled-event-leaky-bucket-refill-amount": 18,
    "simulation": { "start": "2024-01-01", "end": "2024-01-31", "security": "Equity-usa-SPY",
      "resolution": "minute", "on-data": { "cost": "50ms" },
      "training": [ { "name": "weekly", "date-rule": "DateRules.Every(DayOfWeek.Monday)",
                      "time-rule": "TimeRules.At(10, 0)", "duration": "31m" } ] } })J");
  const SimulationResult& r = st.report.result;
  REQUIRE(r.completed());
  CHECK(explain_failure(st.report).empty());
  const std::string close = explain_closest(st.report);
  CAPTURE(close);
  // Mondays 1, 8, 15, 22, 29 January (the 15th a holiday: it fires on the
  // 16th's first bar): 5 x 30 drawn, no refill inside the first wall day.
  CHECK(r.bucket.minimum == 1000 - 150);
  CHECK(close.rfind("It completed; its closest call left 850 minutes of 1,000 minutes in the bucket, when 'weekly', "
                    "fired Mon 2024-01-29 10:00, had drawn its 30 minutes,", 0) == 0);
  CHECK(contains(close, "851 minutes more drawn there would have stopped it."));
  CHECK(contains(explain_refill(st.report), "It never refilled"));
}

TEST_CASE("explain: live mode, training on its own thread, the model's readiness, the refill since deployment") {
  Story st(R"J({ "live-mode": true,
    "simulation": { "start": "2024-01-02", "end": "2024-01-12", "security": "Equity-usa-SPY",
      "resolution": "minute", "on-data": { "cost": "10ms" },
      "training": [ { "name": "open-refit", "date-rule": "DateRules.EveryDay(\"SPY\")",
                      "time-rule": "TimeRules.AfterMarketOpen(\"SPY\", 15)", "duration": "10m" } ] } })J");
  const SimulationResult& r = st.report.result;
  REQUIRE(r.live);
  REQUIRE(r.model);
  const std::string live = explain_live(st.report);
  CAPTURE(live);
  CHECK(live.rfind("Live, LEAN runs training on its scheduling thread beside the data", 0) == 0);
  CHECK(contains(live, "never fails on the loop maximum"));
  CHECK(contains(live, "Here it was not ready for " + span_text(r.model->market_time_without_model, "market")));
  const std::string refill = explain_refill(st.report);
  CAPTURE(refill);
  CHECK(refill.rfind("The bucket refills on the clock since deployment (live, wall time is the market's), 18 every 24 "
                     "hours: over the run's ", 0) == 0);
  CHECK(contains(refill, "it refilled " + std::to_string(r.bucket.refilled) + " minutes."));
}
