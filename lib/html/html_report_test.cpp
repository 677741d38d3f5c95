// html/html_report_test.cpp — the pages' test hooks without a browser: every
// session of a run drawn (one mark each, or counted in stretches on a long
// run), one heatmap cell per point, the trials page's odds as the report
// gives them, the embedded JSON.
#include "html/html_report.h"
#include "html/run_events.h"
#include "html/trials_page.h"

#include "report/report.h"
#include "sim/simulate.h"
#include "trials/trials.h"
#include "testing.h"

#include <doctest/doctest.h>

#include <regex>

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
    CHECK(e.duration == (e.event == 0 ? 10 * kMinute + 30 * kSecond : 2 * kSecond));
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

TEST_CASE("html: a run page has one mark per session, the failing one marked, and its report embedded") {
  const Scenario s = scenario_from(kWeekly);
  const RunReport rep = run_with_timeline(s);
  REQUIRE_FALSE(rep.result.completed());
  const std::string page = html_run_page(rep);
  CHECK(count(page, "data-session=\"") == static_cast<size_t>(rep.result.training_sessions));
  // The failing session on the calendar, and its step in the budget chart.
  CHECK(count(page, "data-failing=\"1\"") == 2);
  CHECK(count(page, "data-session=\"5\" data-sessions=\"1\" data-minutes=\"5\" data-charged=\"4\" data-failing=\"1\"") == 1);
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
    if (!p.completed) p.failure_text = "2024-01-0" + std::to_string(i) + "T08:00:00-05:00";
    results.push_back(p);
  }
  const std::string page = html_sweep_page({&grid, &points, &results, "c.json", std::nullopt});
  CHECK(count(page, "data-point=\"") == 6);
  CHECK(count(page, "data-outcome=\"completed\"") == 3);
  CHECK(count(page, "data-point=\"3\" data-outcome=\"failed\"") == 1);
  CHECK(embedded(page).size() == 6);
}

// --- trials page --------------------------------------------------------------

namespace {

std::vector<std::string> attribute_values(const std::string& page, const std::string& attr) {
  std::vector<std::string> out;
  const std::string key = " " + attr + "=\"";
  for (size_t at = page.find(key); at != std::string::npos; at = page.find(key, at + 1)) {
    const size_t a = at + key.size();
    out.push_back(page.substr(a, page.find('"', a) - a));
  }
  return out;
}

const char* kOdds = R"json({
  "scheduled-event-leaky-bucket-capacity": 29, "scheduled-event-leaky-bucket-refill-amount": 0,
  "simulation": { "start": "2024-01-02", "end": "2024-01-05", "security": "Equity-usa-SPY", "resolution": "minute",
    "training": [ { "name": "fit", "when": "now", "duration": { "uniform": { "min": "20m", "max": "40m" } } } ] } })json";

}  // namespace

TEST_CASE("html: a trials page shows the odds the report gives, every trial counted once") {
  const Scenario s = scenario_from(kOdds);
  TrialsRequest q;
  q.count = 400;
  const TrialsReport rep = make_trials_report(trials_context(s, s.sim.seed), run_trials(s, q), "odds.json",
                                              "trainsim run --config odds.json");
  REQUIRE(rep.stats.failure.hits > 0);
  REQUIRE(rep.stats.completed > 0);
  const std::string page = html_trials_page(rep);
  for (const char* chart : {"odds", "failure-times", "margins"})
    CHECK(count(page, std::string("data-chart=\"") + chart + "\"") == 1);
  const nlohmann::json j = embedded(page);
  CHECK(j == nlohmann::json::parse(trials_report_json(rep).dump()));
  // The odds bars carry the report's numbers, as it writes them.
  const auto reasons = attribute_values(page, "data-reason");
  const auto probability = attribute_values(page, "data-probability");
  REQUIRE(reasons == std::vector<std::string>{"any", "bucket-refused", "time-loop"});
  CHECK(nlohmann::json::parse(probability[0]) == j["trials"]["failure-probability"]);
  CHECK(nlohmann::json::parse(attribute_values(page, "data-high")[0]) == j["trials"]["failure-probability-high"]);
  CHECK(nlohmann::json::parse(probability[1]) == j["trials"]["by-reason"]["bucket-refused"]["probability"]);
  // The curve ends at the failure probability; the histogram holds every completed trial.
  CHECK(attribute_values(page, "data-final") == std::vector<std::string>{probability[0]});
  std::uint64_t histogram = 0;
  for (const auto& c : attribute_values(page, "data-count")) histogram += std::stoull(c);
  CHECK(histogram == rep.stats.completed);
  CHECK(count(page, "data-quantile=\"") == 5);
  // The worst trial is named with its replay command.
  CHECK(page.find("data-trial=\"" + std::to_string(rep.stats.worst->trial) + "\"") != std::string::npos);
  CHECK(page.find("--trial " + std::to_string(rep.stats.worst->trial) + " --timeline") != std::string::npos);
}

TEST_CASE("html: a trials page's size does not grow with the number of trials") {
  // 200,000 synthetic trials spread over a year: one step per pixel column, at most 40 bars.
  const Scenario s = scenario_from(kOdds);
  TrialsRun run;
  run.requested = 200000;
  for (std::uint64_t k = 0; k < run.requested; ++k) {
    TrialRecord r;
    r.trial = k;
    r.completed = k % 3 != 0;
    r.refused = true;
    r.failure_time = s.start + static_cast<Instant>(k) * 157 * kSecond;
    r.failure_text = "2024-01-02T00:00:00-05:00";
    r.bucket_minimum = static_cast<std::int64_t>(k % 997);
    run.summary.add(r);
  }
  const TrialsReport rep = make_trials_report(trials_context(s, 1), std::move(run));
  const std::string page = html_trials_page(rep);
  CHECK(page.size() < 150000);
  CHECK(count(page, "data-count=\"") <= 40);
  // More trials of each kind than the summary's sample holds: the charts say
  // they are drawn from a sample, and their totals are still exact.
  CHECK(attribute_values(page, "data-sample") ==
        std::vector<std::string>(2, std::to_string(kTrialSample)));
  CHECK(attribute_values(page, "data-failures").back() == std::to_string(rep.stats.failure.hits));  // the curve's
  std::uint64_t histogram = 0;
  for (const auto& c : attribute_values(page, "data-count")) histogram += std::stoull(c);
  CHECK(histogram == rep.stats.completed);
}

TEST_CASE("html: a trials page without failures, or without randomness, says so") {
  const Scenario roomy = scenario_from(std::string(kOdds).replace(std::string(kOdds).find("29"), 2, "99"));
  TrialsRequest q;
  q.count = 50;
  const std::string none = html_trials_page(make_trials_report(trials_context(roomy, 1), run_trials(roomy, q)));
  CHECK(count(none, "data-chart=\"failure-times\"") == 0);
  CHECK(none.find("No trial failed") != std::string::npos);
  const Scenario fixed = scenario_from(kWeekly);
  const std::string exact = html_trials_page(make_trials_report(trials_context(fixed, 1), run_trials(fixed, q)));
  CHECK(exact.find("Nothing in this config is random") != std::string::npos);
  CHECK(count(exact, "data-chart=\"margins\"") == 0);  // its one trial fails
}
