// Train(method) called while the algorithm runs (docs/semantics.md#training-started-at-run-time):
// the draw function's test vectors, when each form of call fires in a
// backtest, its time step, and cross-checks against hand-built event lists.
#include "cost/random.h"
#include "report/report.h"
#include "sim/backtest.h"
#include "sim/live.h"
#include "sim/scenario.h"

#include <doctest/doctest.h>

#include "testing.h"

#include <string>
#include <vector>

using namespace trainsim;

namespace {

using testing::at;

// The issue's second worked example: loop maximum 2, 15 s OnData, SPY minute
// 2024-02-03..05, a Sunday 08:00 `check` of 50 s and a 30-minute training `when`.
std::string check_and_retrain(const std::string& when) {
  return R"J({
  "algorithm-manager-time-loop-maximum": 2,
  "scheduled-event-leaky-bucket-capacity": 120,
  "simulation": {
    "start": "2024-02-03", "end": "2024-02-05",
    "on-data": {"cost": "15s"},
    "scheduled-events": [{"name": "check", "date-rule": "DateRules.Every(DayOfWeek.Sunday)",
                          "time-rule": "TimeRules.At(8, 0)", "duration": "50s"}],
    "training": [{"name": "retrain", "when": )J" + when + R"J(, "duration": "30m"}]
  }
})J";
}

}  // namespace

TEST_CASE("runtime draws: the contract's test vectors") {
  CHECK(runtime_draw(0, "retrain", 0) == doctest::Approx(0.11127129488487164).epsilon(1e-16));
  CHECK(runtime_draw(1, "retrain", 0) == doctest::Approx(0.8796005899402238).epsilon(1e-16));
  CHECK(runtime_draw(1, "retrain", 1) == doctest::Approx(0.14860190085593084).epsilon(1e-16));
  // Exactly, not just closely: they are part of the contract.
  CHECK(runtime_draw(0, "retrain", 0) == 0.11127129488487164);
  CHECK(runtime_draw(1, "retrain", 1) == 0.14860190085593084);
  // Trial 0 is the plain run; other trials draw other numbers.
  CHECK(runtime_draw(1, "retrain", 0, 0) == runtime_draw(1, "retrain", 0));
  CHECK(runtime_draw(1, "retrain", 0, 1) != runtime_draw(1, "retrain", 0));
}

TEST_CASE("runtime training from a past-due callback runs in the caller's time step (worked example)") {
  const Scenario s = testing::scenario_from(check_and_retrain(R"({"after": "check"})"));
  const SimulationResult r = run_backtest(s);
  REQUIRE(r.events.size() == 2);
  CHECK(at(s, r.events[0].scheduled) == "2024-02-04T08:00:00-05:00");
  CHECK(at(s, r.events[0].fired) == "2024-02-05T09:31:00-05:00");
  // The training: called at the check's stamp, fired in the same loop's SetTime.
  CHECK(at(s, r.events[1].scheduled) == "2024-02-04T08:00:00-05:00");
  CHECK(at(s, r.events[1].fired) == "2024-02-05T09:31:00-05:00");
  CHECK(r.events[1].charged == 29);
  REQUIRE(r.failure);
  CHECK(r.failure->event == -1);  // in OnData
  CHECK(r.failure->message ==
        "Algorithm took longer than 2 minutes on a single time loop. An additional 27 minutes were also allocated "
        "and consumed. CurrentTimeStepElapsed: 31.0 minutes");
  CHECK(r.runtime_calls == 1);
  const auto j = report_json(s, r);
  CHECK(j["training"]["runtime-calls"] == 1);
  CHECK(j["events"][1]["runtime"] == true);
}

TEST_CASE("runtime training dated at a loop's own time fires alone in the next loop") {
  const Scenario s = testing::scenario_from(check_and_retrain(R"({"dates": ["2024-02-05T09:31"]})"));
  const SimulationResult r = run_backtest(s);
  CHECK(r.completed());
  REQUIRE(r.events.size() == 2);
  CHECK(at(s, r.events[1].scheduled) == "2024-02-05T09:31:00-05:00");
  CHECK(at(s, r.events[1].fired) == "2024-02-05T09:32:00-05:00");
  CHECK(r.training_sessions == 1);
}

TEST_CASE("runtime training: probability 0 never calls; probability 1 equals a hand-built event list") {
  const Scenario never = testing::scenario_from(check_and_retrain(R"({"after": "check", "probability": 0})"));
  const SimulationResult n = run_backtest(never);
  CHECK(n.training_sessions == 0);
  CHECK(n.runtime_calls == 0);

  // A daily 10:00 check calling a 3-minute training every time, against the
  // same training dated at each 10:00 by hand: the same sessions and bucket.
  auto daily = [](const std::string& when) {
    return R"J({"scheduled-event-leaky-bucket-capacity": 1000, "simulation": {
      "start": "2024-03-04", "end": "2024-03-15", "on-data": {"cost": "10ms"},
      "scheduled-events": [{"name": "check", "date-rule": "EveryDay(\"SPY\")", "time-rule": "At(10, 0)", "duration": "5s"}],
      "training": [{"name": "retrain", "when": )J" + when + R"J(, "duration": "3m"}]}})J";
  };
  std::string dates = "[";
  for (const char* d : {"04", "05", "06", "07", "08", "11", "12", "13", "14", "15"})
    dates += std::string(dates.size() > 1 ? "," : "") + "\"2024-03-" + d + "T10:00\"";
  dates += "]";
  const Scenario a = testing::scenario_from(daily(R"({"after": "check"})"));
  const Scenario b = testing::scenario_from(daily(R"({"dates": )" + dates + "}"));
  const SimulationResult ra = run_backtest(a), rb = run_backtest(b);
  CHECK(ra.training_sessions == 10);
  CHECK(rb.training_sessions == 10);
  CHECK(ra.bucket.charged == rb.bucket.charged);
  CHECK(ra.wall == rb.wall);
  REQUIRE(ra.events.size() == rb.events.size());
  for (size_t i = 0; i < ra.events.size(); ++i) {
    CAPTURE(i);
    CHECK(ra.events[i].fired == rb.events[i].fired);
    CHECK(ra.events[i].scheduled == rb.events[i].scheduled);
  }
}

TEST_CASE("runtime training from OnData draws once per algorithm-zone date") {
  auto cfg = [](const std::string& p) {
    return R"J({"scheduled-event-leaky-bucket-capacity": 100000, "simulation": {
      "start": "2024-01-01", "end": "2024-12-31", "seed": 7, "on-data": {"cost": "1ms"},
      "training": [{"name": "degraded", "when": {"on-data": {"per-day-probability": )J" + p + R"J(}}, "duration": "2m"}]}})J";
  };
  const Scenario all = testing::scenario_from(cfg("1"));
  const SimulationResult r = run_backtest(all);
  CHECK(r.runtime_calls == r.trading_days);
  CHECK(r.training_sessions == r.trading_days);
  // Each call fires at the next loop, stamped at the day's first OnData (09:31).
  REQUIRE(!r.events.empty());
  CHECK(at(all, r.events[0].scheduled) == "2024-01-02T09:31:00-05:00");
  CHECK(at(all, r.events[0].fired) == "2024-01-02T09:32:00-05:00");
  // With p = 0.2 the number of calls is exactly the number of draws below it.
  const Scenario some = testing::scenario_from(cfg("0.2"));
  const SimulationResult q = run_backtest(some);
  std::int64_t expected = 0;
  for (std::int64_t k = 0; k < q.trading_days; ++k) expected += runtime_draw(7, "degraded", static_cast<std::uint64_t>(k)) < 0.2;
  CHECK(q.runtime_calls == expected);
  CHECK(q.training_sessions == expected);
  CHECK(expected > 20);
  CHECK(expected < 80);
}

TEST_CASE("runtime training: config errors name the key") {
  using testing::error_of;
  auto load = [](const std::string& when, const std::string& list = "training") {
    return error_of([&] {
      testing::scenario_from(R"J({"simulation": {"start": "2024-03-04", "end": "2024-03-08",
        "scheduled-events": [{"name": "check", "date-rule": "EveryDay()", "time-rule": "At(10, 0)", "duration": "1s"}],
        ")J" + list + R"J(": [{"name": "r", "when": )J" + when + R"J(, "duration": "1m"}]}})J");
    });
  };
  CHECK(testing::contains(load(R"({"after": "chek"})"), "simulation.training[0].when.after"));
  CHECK(testing::contains(load(R"({"after": "chek"})"), "did you mean \"check\""));
  CHECK(testing::contains(load(R"({"after": "check", "dates": []})"), "not several"));
  CHECK(testing::contains(load(R"({"after": "check", "probability": 1.5})"), "between 0 and 1"));
  CHECK(testing::contains(load(R"({"dates": ["2024-03-04 10:00:61"]})"), "simulation.training[0].when.dates[0]"));
  CHECK(testing::contains(load(R"({"dates": ["2024-03-01T10:00"]})"), "before the first loop"));
  CHECK(testing::contains(load(R"({"on-data": {"probability": 0.1}})"), "per-day-probability"));
  CHECK(testing::contains(load(R"({"when": 1})"), "unknown key"));
  CHECK(testing::contains(load(R"({"after": "check"})", "scheduled-events"), "only a training entry"));
}

TEST_CASE("runtime training in live mode: due at the end of the calling occurrence, next pass") {
  const Scenario s = testing::scenario_from(check_and_retrain(R"({"after": "check"})"), {"live-mode=true"});
  const SimulationResult r = run_live(s);
  REQUIRE(r.events.size() == 2);
  // The check runs 50 s from Sunday 08:00; the training starts when it ends.
  CHECK(at(s, r.events[0].fired) == "2024-02-04T08:00:00-05:00");
  CHECK(at(s, r.events[1].scheduled) == "2024-02-04T08:00:50-05:00");
  CHECK(at(s, r.events[1].fired) == "2024-02-04T08:00:50-05:00");
  CHECK(r.completed());  // a live training never fails on the loop maximum
  CHECK(r.runtime_calls == 1);
  // Dated calls: at the date, scanned by the first pass from then on.
  const Scenario d = testing::scenario_from(check_and_retrain(R"({"dates": ["2024-02-05T11:00:00.5"]})"), {"live-mode=true"});
  const SimulationResult rd = run_live(d);
  REQUIRE(rd.events.size() == 2);
  CHECK(rd.events[1].fired == parse_date_time("2024-02-05T11:00:00.5", d.sim.zone));
}

TEST_CASE("runtime training in trials: trial 0 draws as the plain run, others independently") {
  auto cfg = R"J({"scheduled-event-leaky-bucket-capacity": 100000, "simulation": {
      "start": "2024-01-01", "end": "2024-03-31", "on-data": {"cost": "1ms"},
      "training": [{"name": "degraded", "when": {"on-data": {"per-day-probability": 0.3}}, "duration": "2m"}]}})J";
  const Scenario s = testing::scenario_from(cfg);
  RunOptions plain, t0, t1, t2;
  t0.trial = 0;
  t1.trial = 1;
  t2.trial = 2;
  const SimulationResult p = run_backtest(s, plain), a = run_backtest(s, t0), b = run_backtest(s, t1),
                         c = run_backtest(s, t2);
  CHECK(a.runtime_calls == p.runtime_calls);
  CHECK(a.bucket.charged == p.bucket.charged);
  // Different trials see different calls (with 60 chances at 0.3, equal counts
  // and equal days would be a coincidence; the days are compared).
  auto days = [](const SimulationResult& r) {
    std::vector<Instant> v;
    for (const auto& e : r.events) v.push_back(e.scheduled);
    return v;
  };
  CHECK(days(b) != days(p));
  CHECK(days(c) != days(b));
}

TEST_CASE("runtime training: a dated call between loops fires in the next loop's SetTime, after the callbacks stamped before it") {
  // The check fires past due at Monday 09:31 (stamped Sunday 08:00); a call
  // dated Sunday 09:00 is made in that past-due scan after it, so the
  // training fires in the same loop's SetTime, stamped Sunday 09:00.
  const Scenario s = testing::scenario_from(check_and_retrain(R"({"dates": ["2024-02-04T09:00"]})"),
                                            {"algorithm-manager-time-loop-maximum=60"});
  const SimulationResult r = run_backtest(s);
  REQUIRE(r.events.size() == 2);
  CHECK(r.events[0].scheduled < r.events[1].scheduled);
  CHECK(at(s, r.events[1].scheduled) == "2024-02-04T09:00:00-05:00");
  CHECK(at(s, r.events[1].fired) == "2024-02-05T09:31:00-05:00");
  // A call dated before the check's stamp is made in the same scan, before
  // the check's callback, but is seen only from SetTime on: it still fires
  // after the check, in the same loop.
  const Scenario e = testing::scenario_from(check_and_retrain(R"({"dates": ["2024-02-04T07:00"]})"),
                                            {"algorithm-manager-time-loop-maximum=60"});
  const SimulationResult q = run_backtest(e);
  REQUIRE(q.events.size() == 2);
  CHECK(q.events[0].event == 1);  // the check (declared after the training entry)
  CHECK(at(e, q.events[1].scheduled) == "2024-02-04T07:00:00-05:00");
  CHECK(at(e, q.events[1].fired) == "2024-02-05T09:31:00-05:00");
}

TEST_CASE("runtime training: calls at one instant are made callbacks, then dates, then OnData, ids following") {
  // At Monday 10:00 the check completes (an `after` call), a dated call is
  // due and OnData draws: all three fire at 10:01 in that order.
  const std::string cfg = R"J({"scheduled-event-leaky-bucket-capacity": 1000, "simulation": {
      "start": "2024-03-04", "end": "2024-03-04", "on-data": {"cost": "1ms"},
      "scheduled-events": [{"name": "check", "date-rule": "EveryDay()", "time-rule": "At(10, 0)", "duration": "1s"}],
      "training": [{"name": "from-ondata", "when": {"on-data": {"per-day-probability": 1}}, "duration": "1s"},
                   {"name": "dated", "when": {"dates": ["2024-03-04T10:00"]}, "duration": "1s"},
                   {"name": "after-check", "when": {"after": "check"}, "duration": "1s"}]}})J";
  const Scenario s = testing::scenario_from(cfg);
  const SimulationResult r = run_backtest(s);
  const auto declared = declared_events(s.sim);
  std::vector<std::string> names;
  for (const auto& e : r.events) names.push_back(declared[static_cast<size_t>(e.event)]->name);
  // OnData's one call of the day is at 09:31 (it fires at 09:32); at 10:00
  // the check's callback calls, then the date: both fire at 10:01, in that order.
  REQUIRE(names.size() == 4);
  CHECK(names == std::vector<std::string>{"from-ondata", "check", "after-check", "dated"});
  CHECK(at(s, r.events[2].fired) == "2024-03-04T10:01:00-05:00");
  CHECK(at(s, r.events[3].fired) == "2024-03-04T10:01:00-05:00");
}

TEST_CASE("warm-up: bucket-clock algorithm anchors its refill grid at the warm-up start") {
  const std::string cfg = R"J({"scheduled-event-leaky-bucket-capacity": 10,
    "scheduled-event-leaky-bucket-refill-amount": 5, "scheduled-event-leaky-bucket-time-interval-minutes": 1440,
    "simulation": {"start": "2024-02-05", "end": "2024-02-09", "warm-up": "3d", "bucket-clock": "algorithm",
      "training": [{"name": "daily", "date-rule": "EveryDay(\"SPY\")", "time-rule": "At(12, 0)", "duration": "6m"}]}})J";
  const Scenario s = testing::scenario_from(cfg);
  const SimulationResult r = run_backtest(s);
  // W = Fri Feb 2 00:00: refills come at Sat, Sun, Mon 00:00, ... of the
  // algorithm clock, so the first training (Fri 12:00) sees no refill and
  // Monday's sees the refills of three days (capped at the capacity).
  REQUIRE(r.events.size() >= 2);
  CHECK(at(s, r.events[0].fired) == "2024-02-02T12:00:00-05:00");
  CHECK(r.events[0].bucket_before == 10);
  CHECK(r.events[0].bucket_after == 5);
  CHECK(at(s, r.events[1].fired) == "2024-02-05T12:00:00-05:00");
  CHECK(r.events[1].bucket_before == 10);
}
