// html/html_report_test.cpp — the pages' test hooks without a browser: one
// session mark per session, one heatmap cell per point, the embedded JSON.
#include "html/html_report.h"

#include "report/report.h"
#include "sim/simulate.h"
#include "testing.h"

#include <doctest/doctest.h>

using namespace trainsim;
using trainsim::testing::scenario_from;

namespace {

size_t count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

nlohmann::json embedded(const std::string& page) {
  const std::string open = "<script type=\"application/json\" id=\"trainsim-report\">";
  const size_t a = page.find(open) + open.size(), b = page.find("</script>", a);
  return nlohmann::json::parse(page.substr(a, b - a));
}

const char* kWeekly = R"json({
  "simulation": { "start": "2024-01-01", "end": "2024-03-31", "security": "Equity-usa-SPY",
    "resolution": "minute", "on-data": { "cost": "50ms" },
    "training": [ { "name": "a <b> & \"c\"", "date-rule": "DateRules.Every(DayOfWeek.Sunday)",
                    "time-rule": "TimeRules.At(8, 0)", "duration": "30m" } ] } })json";

}  // namespace

TEST_CASE("html: a run page has one mark per session, the failing one marked, and its report embedded") {
  const Scenario s = scenario_from(kWeekly);
  RunReport rep;
  rep.scenario = &s;
  const TimelineSink sink = record_timeline(rep.timeline);
  RunOptions o;
  o.timeline = &sink;
  rep.result = simulate(s, o);
  REQUIRE_FALSE(rep.result.completed());
  const std::string page = html_run_page(rep);
  CHECK(count(page, "data-session=\"") == static_cast<size_t>(rep.result.training_sessions));
  CHECK(count(page, "data-failing=\"1\"") == 1);
  for (const char* chart : {"bucket", "trainings", "budget"})
    CHECK(count(page, std::string("data-chart=\"") + chart + "\"") == 1);
  CHECK(count(page, "data-chart=\"readiness\"") == 0);  // backtest
  CHECK(embedded(page) == nlohmann::json::parse(report_json(s, rep.result).dump()));
  // Names are escaped in markup; nothing is fetched.
  CHECK(page.find("a <b>") == std::string::npos);
  CHECK(page.find("a &lt;b&gt; &amp; &quot;c&quot;") != std::string::npos);
  CHECK(page.find("src=") == std::string::npos);
  CHECK(page.find("href=") == std::string::npos);
}

TEST_CASE("html: a sweep page has one cell per point with its outcome") {
  const Grid grid = Grid::parse({"k=1,2,3", "j=x,y"});
  std::vector<std::uint64_t> points;
  std::vector<PointResult> results;
  for (std::uint64_t i = 0; i < grid.size(); ++i) {
    points.push_back(i);
    PointResult p;
    p.completed = i % 2 == 0;
    if (!p.completed) p.failure_time = "2024-01-0" + std::to_string(i) + "T08:00:00-05:00";
    results.push_back(p);
  }
  const std::string page = html_sweep_page({&grid, &points, &results, "c.json", std::nullopt});
  CHECK(count(page, "data-point=\"") == 6);
  CHECK(count(page, "data-outcome=\"completed\"") == 3);
  CHECK(count(page, "data-point=\"3\" data-outcome=\"failed\"") == 1);
  CHECK(embedded(page).size() == 6);
}
