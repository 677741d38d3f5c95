// html/tune_page.cpp — the tune page: every probe over the range, the boundary,
// the odds against a target, and the runs as a table.
#include "html/html_report.h"

#include "html/odds_chart.h"
#include "html/svg.h"
#include "report/summary.h"
#include "report/sweep_report.h"

#include <algorithm>

namespace trainsim {
namespace {

using html::esc;
using html::Frame;
using html::num;
using html::Scale;

using html::kCompleted;
using html::kFailed;
using html::value_ticks;

}  // namespace

std::string html_tune_page(const TuneRequest& req, const TuneReport& t, const std::string& config_path) {
  const auto& o = t.outcome;
  std::string body = "<h1>trainsim tune: " + std::string(req.goal == TuneGoal::Minimize ? "minimize " : "maximize ") +
                     esc(req.key) + "</h1>";
  if (o.status == TuneOutcome::Status::Found) {
    const TuneRun& b = o.runs[*o.boundary];
    const std::string which = req.goal == TuneGoal::Minimize ? "smallest" : "largest";
    if (req.max_failure_probability)
      body += "<p class=\"verdict ok\">Boundary " + esc(b.value) + ": the " + which +
              " value whose 95% upper bound on the failure probability is at most " +
              esc(percent(*req.max_failure_probability)) + " (" + esc(o.runs[*o.neighbour].value) +
              " is above it); " + esc(odds_text(trial_odds(b.result))) + ".</p>";
    else
      body += "<p class=\"verdict ok\">Boundary " + esc(b.value) + ": the " + which + " value that completes (" +
              esc(o.runs[*o.neighbour].value) + " fails); bucket minimum " + std::to_string(b.result.bucket_minimum) +
              " at the boundary.</p>";
  } else {
    body += "<p class=\"verdict bad\">No boundary: " + esc(o.message) + "</p>";
  }
  body += "<p class=\"meta\">config <code>" + esc(config_path) + "</code> · range " + esc(t.range.text(0)) + " .. " +
          esc(t.range.text(t.range.count() - 1)) + " · " + std::to_string(o.runs.size()) + " runs</p>";
  Frame f;
  f.height = 280;
  const double lo = static_cast<double>(t.range.at(0)), hi = static_cast<double>(t.range.at(t.range.count() - 1));
  const Scale x{lo, hi > lo ? hi : lo + 1, f.x0() + 8, f.x1() - 8};
  std::int64_t top = 1;
  for (const auto& r : o.runs) top = std::max(top, r.result.bucket_minimum);
  const Scale y{0, static_cast<double>(top), f.y0() - 10, f.y1() + 6};
  std::string svg = html::svg_open(f, "probes", "tune runs over the range");
  svg += html::y_axis(f, value_ticks(y, 0, static_cast<double>(top), 4), "bucket minimum");
  std::vector<std::pair<double, std::string>> xt;
  const double scale = [&] {
    double s = 1;
    for (int d = 0; d < t.range.decimals; ++d) s *= 10;
    return s;
  }();
  for (const double v : html::nice_ticks(lo, hi, 8)) xt.push_back({x(v), html::group_number(v / scale, t.range.decimals) + t.range.unit});
  svg += html::x_axis(f, xt, req.key);
  if (o.status == TuneOutcome::Status::Found) {
    const double bx = x(static_cast<double>(t.range.at(o.runs[*o.boundary].index)));
    svg += "<line x1=\"" + num(bx) + "\" y1=\"" + num(f.y1()) + "\" x2=\"" + num(bx) + "\" y2=\"" + num(f.y0()) +
           "\" stroke=\"#2c3e50\" stroke-dasharray=\"4 3\" data-boundary=\"" + esc(o.runs[*o.boundary].value) +
           "\"><title>boundary " + esc(o.runs[*o.boundary].value) + ", bucket minimum " +
           std::to_string(o.runs[*o.boundary].result.bucket_minimum) + "</title></line>";
    svg += "<text x=\"" + num(bx + 4) + "\" y=\"" + num(f.y1() + 10) + "\">boundary " + esc(o.runs[*o.boundary].value) +
           " (margin " + std::to_string(o.runs[*o.boundary].result.bucket_minimum) + ")</text>";
  }
  for (size_t k = 0; k < o.runs.size(); ++k) {
    const TuneRun& r = o.runs[k];
    const double px = x(static_cast<double>(t.range.at(r.index)));
    const double py = r.result.completed ? y(static_cast<double>(r.result.bucket_minimum)) : f.y0() - 2;
    svg += "<circle data-value=\"" + esc(r.value) + "\" data-outcome=\"" + (r.result.completed ? "completed" : "failed") +
           "\" cx=\"" + num(px) + "\" cy=\"" + num(py) + "\" r=\"4.5\" fill=\"" + (r.result.completed ? kCompleted : kFailed) +
           "\"><title>run " + std::to_string(k + 1) + ": " + esc(req.key + "=" + r.value) +
           (r.result.completed ? " completed, bucket minimum " + std::to_string(r.result.bucket_minimum)
                               : " failed at " + r.result.failure_text) +
           "</title></circle>";
  }
  svg += "</svg>";
  body += std::string("<figure><figcaption>") +
          (req.max_failure_probability ? "Runs over the range (trial 0's bucket minimum; values above the target on the floor)"
                                       : "Runs over the range (bucket minimum; failures on the floor)") +
          "</figcaption>" + svg +
          (req.max_failure_probability
               ? html::legend({{kCompleted, "meets the target"}, {kFailed, "above the target"}, {"#2c3e50", "boundary"}})
               : html::legend({{kCompleted, "completed"}, {kFailed, "failed"}, {"#2c3e50", "boundary"}})) +
          "</figure>";
  if (req.max_failure_probability) {
    std::vector<html::OddsPoint> odds;
    for (const TuneRun& r : o.runs)
      odds.push_back({static_cast<double>(t.range.at(r.index)), r.value, trial_odds(r.result)});
    html::OddsAxis along{lo, hi > lo ? hi : lo + 1, req.key, [&](const Scale& sx) {
                           html::Ticks ticks;
                           for (const double v : html::nice_ticks(lo, hi, 8))
                             ticks.push_back({sx(v), html::group_number(v / scale, t.range.decimals) + t.range.unit});
                           return ticks;
                         }};
    body += "<figure><figcaption>Failure probability of each probe (" + std::to_string(req.trials) +
            " trials, the same seeds at every value; 95% intervals) against the target</figcaption>" +
            html::odds_chart("odds", "failure probability of each probe", odds, along, req.max_failure_probability) +
            html::legend({{kCompleted, "upper bound meets the target"}, {kFailed, "above the target"},
                          {"#2c3e50", "target"}}) +
            "</figure>";
    for (const auto& w : t.noise) body += "<p class=\"note\">" + esc(w) + "</p>";
  }
  const bool odds = req.max_failure_probability.has_value();
  body += std::string("<table><tr><th>#</th><th>value</th><th>outcome</th><th>bucket minimum</th><th>failure</th>") +
          (odds ? "<th>odds</th>" : "") + "</tr>";
  for (size_t k = 0; k < o.runs.size(); ++k) {
    const TuneRun& r = o.runs[k];
    const char* outcome = odds ? (r.result.completed ? "meets the target" : "above the target")
                               : (r.result.completed ? "completed" : "failed");
    body += "<tr><td>" + std::to_string(k + 1) + "</td><td>" + esc(r.value) + "</td><td>" + outcome + "</td><td>" +
            std::to_string(r.result.bucket_minimum) + "</td><td>" + esc(r.result.failure_text) + "</td>" +
            (odds ? "<td>" + esc(odds_text(trial_odds(r.result))) + "</td>" : "") + "</tr>";
  }
  body += "</table>";
  return html::page("trainsim tune — " + req.key, body, tune_json(req, t).dump());
}

}  // namespace trainsim
