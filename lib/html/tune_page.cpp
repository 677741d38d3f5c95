// html/tune_page.cpp — the tune page: every probe over the range, the boundary,
// the odds against a target, and the runs as a table.
#include "html/html_report.h"

#include "html/odds_chart.h"
#include "html/svg.h"
#include "report/summary.h"
#include "report/sweep_report.h"

#include <algorithm>
#include <cmath>

namespace trainsim {
namespace {

using namespace html;  // the pages' chart kit (svg.h)

// The probed range on the x axis: linear, or logarithmic when it spans more
// than two decades (probes near a small answer would pile up otherwise).
struct ProbeAxis {
  const DecimalRange& range;
  bool log = false;
  double lo = 0, hi = 1, scale = 1;  // `scale`: the range's integers per unit
  explicit ProbeAxis(const DecimalRange& r) : range(r) {
    const double a = static_cast<double>(r.at(0)), b = static_cast<double>(r.at(r.count() - 1));
    log = a > 0 && b / a > 100;
    lo = at(a);
    hi = b > a ? at(b) : lo + 1;
    for (int d = 0; d < r.decimals; ++d) scale *= 10;
  }
  double at(std::int64_t v) const { return at(static_cast<double>(v)); }
  double at(double v) const { return log ? std::log10(v) : v; }
  html::Ticks ticks(const Scale& s) const {
    html::Ticks out;
    const double a = static_cast<double>(range.at(0)), b = static_cast<double>(range.at(range.count() - 1));
    for (const double v : log ? html::log_ticks(a, b) : html::nice_ticks(a, b, 8))
      out.push_back({s(at(v)), html::group_number(v / scale, range.decimals) + range.unit});
    return out;
  }
};

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
  const ProbeAxis axis(t.range);
  const Scale x{axis.lo, axis.hi, f.x0() + 8, f.x1() - 8};
  std::int64_t top = 1;
  for (const auto& r : o.runs) top = std::max(top, r.result.bucket_minimum);
  const Scale y{0, static_cast<double>(top), f.y0() - 10, f.y1() + 6};
  std::string svg = html::svg_open(f, "probes", "tune runs over the range");
  // The scale, for readers and tests: "log" when the range spans more than two decades.
  svg.insert(svg.size() - 1, std::string(" data-scale=\"") + (axis.log ? "log" : "linear") + "\"");
  svg += html::y_axis(f, value_ticks(y, 0, static_cast<double>(top), 4), "bucket minimum");
  const html::Ticks xt = axis.ticks(x);
  svg += html::x_axis(f, xt, req.key);
  if (o.status == TuneOutcome::Status::Found) {
    const double bx = x(axis.at(t.range.at(o.runs[*o.boundary].index)));
    svg += "<line x1=\"" + num(bx) + "\" y1=\"" + num(f.y1()) + "\" x2=\"" + num(bx) + "\" y2=\"" + num(f.y0()) +
           "\" stroke=\"#2c3e50\" stroke-dasharray=\"4 3\" data-boundary=\"" + esc(o.runs[*o.boundary].value) +
           "\"><title>boundary " + esc(o.runs[*o.boundary].value) + ", bucket minimum " +
           std::to_string(o.runs[*o.boundary].result.bucket_minimum) + "</title></line>";
    // The label on the side of the line with room for it.
    const bool left = bx > (f.x0() + f.x1()) / 2;
    svg += "<text x=\"" + num(left ? bx - 4 : bx + 4) + "\" y=\"" + num(f.y1() + 10) + "\" text-anchor=\"" +
           (left ? "end" : "start") + "\">boundary " + esc(o.runs[*o.boundary].value) + " (margin " +
           std::to_string(o.runs[*o.boundary].result.bucket_minimum) + ")</text>";
  }
  for (size_t k = 0; k < o.runs.size(); ++k) {
    const TuneRun& r = o.runs[k];
    const double px = x(axis.at(t.range.at(r.index)));
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
      odds.push_back({axis.at(t.range.at(r.index)), r.value, trial_odds(r.result)});
    const html::OddsAxis along{axis.lo, axis.hi, req.key, [&](const Scale& sx) { return axis.ticks(sx); }};
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
