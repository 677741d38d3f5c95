// SetWarmUp through the whole engine (docs/semantics.md#warm-up): where the
// warm-up starts for each spelling, the loops it adds, that its events fire
// and draw on the one bucket before the start date, the pulse at the start,
// and the report's `warm-up` block. The worked example is the issue's,
// computed by hand.
#include "calendar/warm_up.h"
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

std::string config(const std::string& warm_up, const std::string& start, const std::string& end,
                   const std::string& extra = "", const std::string& resolution = "minute") {
  return R"J({
  "algorithm-manager-time-loop-maximum": 10,
  "scheduled-event-leaky-bucket-capacity": 120,
  "scheduled-event-leaky-bucket-refill-amount": 18,
  "scheduled-event-leaky-bucket-time-interval-minutes": 1440,
  "simulation": {
    "start": ")J" + start + R"J(", "end": ")J" + end + R"J(",
    "security": "Equity-usa-SPY", "resolution": ")J" + resolution + R"J(",
    "warm-up": )J" + warm_up + R"J(,
    "on-data": {"cost": "1ms"})J" + extra + R"J(
  }
})J";
}

const std::string kSundayTraining = R"J(,
    "training": [{"name": "weekly", "date-rule": "DateRules.Every(DayOfWeek.Sunday)",
                  "time-rule": "TimeRules.At(8, 0)", "duration": "30m"}])J";

using testing::at;

}  // namespace

TEST_CASE("warm-up start: each spelling of a period is the start's wall clock minus it") {
  for (const char* spelling : {R"("30d")", R"("30 days")", R"({"period": "720h"})", R"("29d24h")"}) {
    CAPTURE(spelling);
    const Scenario s = testing::scenario_from(config(spelling, "2024-02-05", "2024-02-09"));
    CHECK(at(s, s.warm_up_start) == "2024-01-06T00:00:00-05:00");
  }
  // Across the spring DST change the wall clock, not the elapsed time, counts.
  const Scenario dst = testing::scenario_from(config(R"("1d")", "2024-03-11", "2024-03-12"));
  CHECK(at(dst, dst.warm_up_start) == "2024-03-10T00:00:00-05:00");
  for (const char* none : {"0", R"("0d")", R"("0")"}) {
    const Scenario s = testing::scenario_from(config(none, "2024-02-05", "2024-02-09"));
    CHECK_FALSE(s.has_warm_up());
  }
}

TEST_CASE("warm-up start: bar counts step back over open bars (Time.GetStartTimeForTradeBars)") {
  // SPY minute, 200 bars before Mon 2024-02-05: Fri 12:40.
  const Scenario m = testing::scenario_from(config("200", "2024-02-05", "2024-02-09"));
  CHECK(at(m, m.warm_up_start) == "2024-02-02T12:40:00-05:00");
  // 9 hour bars before Tue 2013-10-08: Mon 15..9 (09:00-10:00 overlaps the open), Fri 15, 14.
  const Scenario h = testing::scenario_from(config(R"({"bars": 9, "resolution": "hour"})", "2013-10-08", "2013-10-09"));
  CHECK(at(h, h.warm_up_start) == "2013-10-04T14:00:00-04:00");
  // Daily bars: 200 trading days (the coarsest subscription wins, not the finest).
  const Scenario d = testing::scenario_from(R"J({"simulation": {"start": "2024-02-05", "end": "2024-02-09",
      "securities": [{"security": "Equity-usa-SPY", "resolution": "minute"},
                     {"security": "Equity-usa-AAPL", "resolution": "daily"}], "warm-up": 3}})J");
  CHECK(at(d, d.warm_up_start) == "2024-01-31T00:00:00-05:00");
}

TEST_CASE("warm-up: the issue's worked example stops in the warm-up, before the start date's first timeslice") {
  // LEAN's local defaults (120, +18 per 1440 wall minutes, loop maximum 10),
  // 1 ms OnData, SPY minute 2024-02-05..09, a 30-day warm-up, a Sunday 08:00
  // 30-minute training.
  const Scenario s = testing::scenario_from(config(R"("30d")", "2024-02-05", "2024-02-09", kSundayTraining));
  CHECK(at(s, s.warm_up_start) == "2024-01-06T00:00:00-05:00");
  const SimulationResult r = run_backtest(s);
  REQUIRE(r.events.size() == 5);
  const char* fired[] = {"2024-01-08T09:31:00-05:00", "2024-01-16T09:31:00-05:00", "2024-01-22T09:31:00-05:00",
                         "2024-01-29T09:31:00-05:00", "2024-02-05T00:00:00-05:00"};
  const std::int64_t after[] = {91, 62, 33, 4, 0};
  for (size_t i = 0; i < 4; ++i) {
    CAPTURE(i);
    CHECK(at(s, r.events[i].fired) == fired[i]);
    CHECK(r.events[i].charged == 29);
    CHECK(r.events[i].bucket_after == after[i]);
  }
  // The Feb 4 training fires in the loop at the start (the time pulse), stamped Sunday 08:00.
  CHECK(at(s, r.events[4].fired) == fired[4]);
  CHECK(at(s, r.events[4].scheduled) == "2024-02-04T08:00:00-05:00");
  // 4 x 30 min + 19 days x 390 slices x 1 ms = 120.1235 min; 4 asks granted, the 5th refused.
  CHECK(r.events[4].wall_start == 120 * kMinute + 7'410'000);
  REQUIRE(r.failure);
  CHECK(r.failure->reason == FailureReason::BucketRefused);
  CHECK(r.failure->wall == 125 * kMinute + 7'410'000);
  CHECK(at(s, r.failure->algorithm_time) == "2024-02-04T08:00:00-05:00");
  REQUIRE(r.warm_up);
  CHECK(r.warm_up->training_sessions == 5);
  CHECK(r.warm_up->wall == r.failure->wall);
  CHECK(r.warm_up->timeslices == r.timeslices);
  const auto j = report_json(s, r);
  CHECK(j["warm-up"]["start"] == "2024-01-06T00:00:00-05:00");
  CHECK(j["warm-up"]["training-sessions"] == 5);
  CHECK(j["events"][0]["warm-up"] == true);
}

TEST_CASE("warm-up: timeslices and trading days include it; a zero warm-up equals none") {
  const Scenario plain = testing::scenario_from(config("0", "2024-02-05", "2024-02-09", kSundayTraining));
  const Scenario zero = testing::scenario_from(config(R"("0d")", "2024-02-05", "2024-02-09", kSundayTraining));
  const auto a = report_json(plain, run_backtest(plain)), b = report_json(zero, run_backtest(zero));
  CHECK(a.dump() == b.dump());
  CHECK_FALSE(a.contains("warm-up"));

  // 1-day warm-up before Mon Feb 5: W = Sun Feb 4 00:00, no bars; the Sunday
  // training fires past due in the pulse at Feb 5 00:00.
  const Scenario s = testing::scenario_from(config(R"("1d")", "2024-02-05", "2024-02-09", kSundayTraining),
                                            {"scheduled-event-leaky-bucket-capacity=1000"});
  const SimulationResult r = run_backtest(s);
  CHECK(r.completed());
  REQUIRE(r.warm_up);
  CHECK(r.warm_up->timeslices == 2);  // the start loop at W and the pulse at S
  CHECK(r.warm_up->training_sessions == 1);
  const SimulationResult p = run_backtest(plain);
  CHECK(r.timeslices == p.timeslices + 1);  // W's start loop; S is the pulse instead of the start loop
  CHECK(r.trading_days == p.trading_days);
}

TEST_CASE("warm-up: a 3-day warm-up's bars are loops with OnData, counted as trading days") {
  const Scenario s = testing::scenario_from(config(R"("3d")", "2024-02-05", "2024-02-09"));
  const Scenario plain = testing::scenario_from(config("0", "2024-02-05", "2024-02-09"));
  const SimulationResult r = run_backtest(s), p = run_backtest(plain);
  // W = Fri Feb 2 00:00: Friday's 390 minute bars (the benchmark's hours lie on them).
  CHECK(r.trading_days == p.trading_days + 1);
  CHECK(r.timeslices == p.timeslices + 390 + 1);  // Friday's minutes, the start loop at W (S is a pulse, as S's start loop was)
  CHECK(r.wall == p.wall + 390 * 1000);
}
