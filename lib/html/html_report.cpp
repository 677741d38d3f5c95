// html/html_report.cpp — the run, sweep and tune pages.
#include "html/html_report.h"

#include "calendar/market_clock.h"
#include "html/odds_chart.h"
#include "html/svg.h"
#include "report/report.h"
#include "report/summary.h"
#include "report/sweep_report.h"

#include <algorithm>
#include <map>

namespace trainsim {
namespace {

using html::esc;
using html::Frame;
using html::num;
using html::Scale;

using html::kCompleted;
using html::kFailed;
using html::kLevel;
using html::mix;
using html::time_ticks;
using html::value_ticks;
constexpr size_t kMaxEmbeddedEvents = 1000;  // the page embeds at most this many of the report's events

double minutes_of(Micros m) { return static_cast<double>(m) / static_cast<double>(kMinute); }

std::string subscriptions_text(const Scenario& s) {
  std::string out;
  for (size_t i = 0; i < s.subscriptions.size(); ++i)
    out += (i ? ", " : "") + esc(s.subscriptions[i].spec.security.text()) + " " + esc(to_string(s.subscriptions[i].spec.resolution));
  return out;
}

std::string short_time(Instant t, const TimeZone& zone) {
  std::string s = format_instant(t, zone);  // 2024-02-04T08:00:00-05:00
  return s.substr(0, 10) + " " + s.substr(11, 5);
}

// --- run page -------------------------------------------------------------

struct LevelPoint {
  Micros wall;
  std::int64_t level;
  char kind;  // 'c' charge, 'r' refill, 'o' other
};

std::vector<LevelPoint> level_series(const RunReport& rep) {
  std::vector<LevelPoint> out;
  const SimulationResult& r = rep.result;
  out.push_back({0, r.events.empty() ? r.bucket.capacity : r.events.front().bucket_before, 'o'});
  if (!rep.timeline.empty()) {
    for (const auto& row : rep.timeline) {
      const std::string_view w = row.what;
      out.push_back({row.wall, row.bucket_level, w == "charge" ? 'c' : w == "refill" ? 'r' : 'o'});
    }
  } else {
    for (const auto& e : r.events) {
      out.push_back({e.wall_start, e.bucket_before, 'o'});
      out.push_back({e.wall_start + e.duration, e.bucket_after, 'c'});
    }
  }
  out.push_back({r.wall, r.bucket.final_level, 'o'});
  // A rise is a refill, whichever row recorded it (a backtest refills before an event starts too).
  for (size_t i = 1; i < out.size(); ++i)
    if (out[i].level > out[i - 1].level) out[i].kind = 'r';
  return out;
}

std::string bucket_chart(const RunReport& rep) {
  const Scenario& s = *rep.scenario;
  const SimulationResult& r = rep.result;
  Frame f;
  const auto series = level_series(rep);
  std::int64_t top = r.bucket.capacity;
  for (const auto& p : series) top = std::max(top, p.level);
  const double span = std::max(minutes_of(r.wall), 1.0);
  const Scale x{0, span, f.x0(), f.x1()};
  const Scale y{0, static_cast<double>(std::max<std::int64_t>(top, 1)), f.y0(), f.y1() + 8};
  // One column per pixel: the lowest, highest and last level in it.
  const int columns = static_cast<int>(f.x1() - f.x0());
  struct Column {
    bool has = false;
    std::int64_t lo = 0, hi = 0, last = 0;
    int charges = 0, refills = 0;
  };
  std::vector<Column> col(static_cast<size_t>(columns));
  auto col_of = [&](Micros w) {
    return static_cast<size_t>(std::clamp<double>(minutes_of(w) / span * columns, 0, columns - 1));
  };
  for (const auto& p : series) {
    Column& c = col[col_of(p.wall)];
    if (!c.has) c.lo = c.hi = p.level;
    c.has = true;
    c.lo = std::min(c.lo, p.level);
    c.hi = std::max(c.hi, p.level);
    c.last = p.level;
    c.charges += p.kind == 'c';
    c.refills += p.kind == 'r';
  }
  std::string svg = html::svg_open(f, "bucket", "bucket level over wall time");
  svg += html::y_axis(f, value_ticks(y, 0, static_cast<double>(top), 5), "bucket minutes");
  std::vector<std::pair<double, std::string>> xt;
  for (const double v : html::nice_ticks(0, span, 8)) xt.push_back({x(v), html::group_number(v, 0)});
  svg += html::x_axis(f, xt, "wall minutes since the run started");
  if (r.warm_up)
    svg += html::warm_up_band(f, x(0), x(minutes_of(r.warm_up->wall)),
                              "warm-up: " + format_minutes(r.warm_up->wall) + " wall minutes before the start date");
  svg += "<line x1=\"" + num(f.x0()) + "\" y1=\"" + num(y(static_cast<double>(r.bucket.capacity))) + "\" x2=\"" +
         num(f.x1()) + "\" y2=\"" + num(y(static_cast<double>(r.bucket.capacity))) +
         "\" stroke=\"#7f8c8d\" stroke-dasharray=\"5 4\"><title>capacity " + std::to_string(r.bucket.capacity) +
         " minutes</title></line>";
  std::string path = "M" + num(f.x0()) + " " + num(y(static_cast<double>(series.front().level)));
  std::string refills;
  for (size_t i = 0; i < col.size(); ++i) {
    const Column& c = col[i];
    if (!c.has) continue;
    const double px = f.x0() + static_cast<double>(i);
    path += "H" + num(px) + "V" + num(y(static_cast<double>(c.hi))) + "V" + num(y(static_cast<double>(c.lo))) + "V" +
            num(y(static_cast<double>(c.last)));
    if (c.refills)
      refills += "M" + num(px) + " " + num(y(static_cast<double>(c.hi)) - 3) + "l-3 -5h6z";
  }
  path += "H" + num(f.x1());
  svg += "<path d=\"" + path + "\" fill=\"none\" stroke=\"" + kLevel + "\" stroke-width=\"1.5\"/>";
  if (!refills.empty()) svg += "<path d=\"" + refills + "\" fill=\"" + std::string(kCompleted) + "\"/>";
  // Hover bands: the exact range of levels in each stretch of wall time.
  constexpr int kBands = 60;
  for (int b = 0; b < kBands; ++b) {
    const size_t c0 = static_cast<size_t>(b) * col.size() / kBands, c1 = static_cast<size_t>(b + 1) * col.size() / kBands;
    bool has = false;
    std::int64_t lo = 0, hi = 0;
    int charges = 0, rf = 0;
    for (size_t c = c0; c < c1; ++c) {
      if (!col[c].has) continue;
      lo = has ? std::min(lo, col[c].lo) : col[c].lo;
      hi = has ? std::max(hi, col[c].hi) : col[c].hi;
      has = true;
      charges += col[c].charges;
      rf += col[c].refills;
    }
    if (!has) continue;
    const double m0 = span * static_cast<double>(c0) / columns, m1 = span * static_cast<double>(c1) / columns;
    svg += "<rect x=\"" + num(f.x0() + static_cast<double>(c0)) + "\" y=\"" + num(f.y1()) + "\" width=\"" +
           num(static_cast<double>(c1 - c0)) + "\" height=\"" + num(f.y0() - f.y1()) +
           "\" fill=\"transparent\"><title>wall minutes " + num(m0, 0) + "–" + num(m1, 0) + ": level " +
           std::to_string(lo) + (hi != lo ? "–" + std::to_string(hi) : "") + " of " +
           std::to_string(r.bucket.capacity) + (charges ? ", " + std::to_string(charges) + " charge(s)" : "") +
           (rf ? ", " + std::to_string(rf) + " refill(s)" : "") + "</title></rect>";
  }
  if (r.failure) {
    const double fx = x(minutes_of(r.failure->wall));
    svg += "<line x1=\"" + num(fx) + "\" y1=\"" + num(f.y1()) + "\" x2=\"" + num(fx) + "\" y2=\"" + num(f.y0()) +
           "\" stroke=\"" + kFailed + "\" stroke-width=\"2\" stroke-dasharray=\"4 3\"/>";
    svg += "<circle cx=\"" + num(fx) + "\" cy=\"" + num(y(static_cast<double>(r.bucket.final_level))) +
           "\" r=\"5\" fill=\"" + kFailed + "\" data-failure=\"1\"><title>failure at wall minute " +
           format_minutes(r.failure->wall) + " (" + format_instant(r.failure->algorithm_time, s.sim.zone) + "): " +
           reason_name(r.failure->reason) + "</title></circle>";
  }
  svg += "</svg>";
  return "<figure><figcaption>Bucket level over wall time</figcaption>" + svg +
         html::legend({{kLevel, "bucket level (down: minutes charged, up: refills)"},
                       {kCompleted, "refill"},
                       {"#7f8c8d", "capacity " + std::to_string(r.bucket.capacity)},
                       {kFailed, "failure"}}) +
         "</figure>";
}

std::vector<std::pair<std::string, std::string>> trainings_legend(std::int64_t most_charged, bool runtime, bool warm_up) {
  std::vector<std::pair<std::string, std::string>> items = {
      {"#9ecae1", "few minutes charged"}, {"#3f007d", "most charged (" + std::to_string(most_charged) + ")"}};
  if (runtime) items.push_back({html::kRuntime, "started by a Train call at run time"});
  if (warm_up) items.push_back({html::kWarmUp, "the warm-up, before the start date"});
  items.push_back({kFailed, "the failing session"});
  return items;
}

std::string trainings_chart(const RunReport& rep) {
  const Scenario& s = *rep.scenario;
  const SimulationResult& r = rep.result;
  const auto declared = declared_events(s.sim);
  Frame f;
  f.height = 240;
  Micros longest = kMinute;
  std::int64_t most_charged = 1;
  for (const auto& e : r.events)
    if (declared[static_cast<size_t>(e.event)]->training) {
      longest = std::max(longest, e.duration);
      most_charged = std::max(most_charged, e.charged);
    }
  const Instant from = s.warm_up_start;  // the warm-up's loops are on the calendar too
  const Instant end = r.failure ? std::max(r.failure->algorithm_time + kDay, from + kDay) : s.end_exclusive;
  const Scale x{static_cast<double>(from), static_cast<double>(end), f.x0(), f.x1()};
  const Scale y{0, minutes_of(longest), f.y0(), f.y1() + 6};
  std::string svg = html::svg_open(f, "trainings", "training sessions on the algorithm's calendar");
  svg += html::y_axis(f, value_ticks(y, 0, minutes_of(longest), 4), "minutes");
  svg += html::x_axis(f, time_ticks(x, from, end, s.sim.zone, 12), "algorithm time (" + s.sim.zone.name() + ")");
  if (s.has_warm_up())
    svg += html::warm_up_band(f, x(static_cast<double>(from)), x(static_cast<double>(s.start)),
                              "warm-up from " + short_time(from, s.sim.zone));
  bool any_runtime = false;
  int n = 0;
  for (size_t i = 0; i < r.events.size(); ++i) {
    const EventRecord& e = r.events[i];
    const ScheduledEventSpec& spec = *declared[static_cast<size_t>(e.event)];
    if (!spec.training) continue;
    ++n;
    const bool failing = r.failure && i + 1 == r.events.size() && r.failure->event == e.event;
    const double px = x(static_cast<double>(e.fired)), top = y(minutes_of(e.duration));
    any_runtime = any_runtime || spec.runtime_call();
    const std::string colour =
        failing ? kFailed
        : spec.runtime_call() ? html::kRuntime
                              : mix("#9ecae1", "#3f007d", static_cast<double>(e.charged) / static_cast<double>(most_charged));
    svg += "<rect data-session=\"" + std::to_string(n) + "\" data-minutes=\"" + format_minutes(e.duration) +
           "\" data-charged=\"" + std::to_string(e.charged) + "\"" + (failing ? " data-failing=\"1\"" : "") +
           (spec.runtime_call() ? " data-runtime=\"1\"" : "") + " x=\"" +
           num(px - 1.5) + "\" y=\"" + num(top) + "\" width=\"3\" height=\"" + num(std::max(f.y0() - top, 1.0)) +
           "\" fill=\"" + colour + "\"" + (failing ? " stroke=\"#000\" stroke-width=\"1\"" : "") + "><title>#" +
           std::to_string(n) + " '" + esc(spec.name) + "' " + short_time(e.fired, s.sim.zone) + ": " +
           format_minutes(e.duration) + " min, " + std::to_string(e.charged) + " charged, bucket " +
           std::to_string(e.bucket_before) + "→" + std::to_string(e.bucket_after) + (failing ? " — FAILED here" : "") +
           "</title></rect>";
  }
  svg += "</svg>";
  return "<figure><figcaption>Trainings on the calendar (" + std::to_string(n) +
         " sessions)</figcaption>" + svg +
         html::legend(trainings_legend(most_charged, any_runtime, s.has_warm_up())) +
         "<p class=\"note\">One bar per session started, at the time it fired; its height is the minutes it ran.</p>"
         "</figure>";
}

std::string budget_chart(const RunReport& rep) {
  const Scenario& s = *rep.scenario;
  const SimulationResult& r = rep.result;
  if (r.events.empty()) return "";
  const auto declared = declared_events(s.sim);
  std::vector<size_t> order(r.events.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return r.events[a].duration > r.events[b].duration; });
  order.resize(std::min<size_t>(order.size(), 10));
  const double loop = s.lean.loop_maximum_minutes;
  Frame f;
  f.left = 230;
  f.height = 40 + static_cast<int>(order.size()) * 22 + 16;
  double top = loop;
  for (size_t i : order) top = std::max(top, minutes_of(r.events[i].duration));
  const Scale x{0, top, f.x0(), f.x1()};
  std::string svg = html::svg_open(f, "budget", "time step budget use of the longest steps");
  std::vector<std::pair<double, std::string>> xt;
  for (const double v : html::nice_ticks(0, top, 8)) xt.push_back({x(v), html::group_number(v, 0)});
  svg += html::x_axis(f, xt, r.live ? "minutes the event ran (on the scheduling thread)" : "minutes of the time step");
  for (size_t k = 0; k < order.size(); ++k) {
    const EventRecord& e = r.events[order[k]];
    const bool failing = r.failure && order[k] + 1 == r.events.size() && r.failure->event == e.event;
    const double y0 = f.y1() + static_cast<double>(k) * 22, d = minutes_of(e.duration);
    const double free_part = std::min(d, loop);
    svg += "<text x=\"" + num(f.x0() - 6) + "\" y=\"" + num(y0 + 13) + "\" text-anchor=\"end\">" +
           esc(declared[static_cast<size_t>(e.event)]->name) + " " + short_time(e.fired, s.sim.zone) + "</text>";
    svg += "<g><title>'" + esc(declared[static_cast<size_t>(e.event)]->name) + "' " + short_time(e.fired, s.sim.zone) +
           ": " + format_minutes(e.duration) + " min in one step; loop maximum " + num(loop, 2) + " min, " +
           std::to_string(e.charged) + " minute(s) granted by the bucket" + (failing ? "; the step that failed" : "") +
           "</title>";
    svg += "<rect x=\"" + num(x(0)) + "\" y=\"" + num(y0 + 3) + "\" width=\"" + num(x(free_part) - x(0)) +
           "\" height=\"14\" fill=\"#95a5a6\"/>";
    if (d > loop)
      svg += "<rect x=\"" + num(x(loop)) + "\" y=\"" + num(y0 + 3) + "\" width=\"" + num(x(d) - x(loop)) +
             "\" height=\"14\" fill=\"" + (failing ? kFailed : "#e67e22") + "\"/>";
    svg += "</g>";
  }
  svg += "<line x1=\"" + num(x(loop)) + "\" y1=\"" + num(f.y1() - 4) + "\" x2=\"" + num(x(loop)) + "\" y2=\"" +
         num(f.y0()) + "\" stroke=\"#2c3e50\" stroke-dasharray=\"3 3\"><title>loop maximum " + num(loop, 2) +
         " minutes</title></line></svg>";
  const std::string caption = r.live ? "The " + std::to_string(order.size()) +
                                          " longest events and the bucket minutes they were granted (live)"
                                    : "Time step budget of the " + std::to_string(order.size()) + " longest steps";
  return "<figure><figcaption>" + caption + "</figcaption>" +
         svg +
         html::legend({{"#95a5a6", "within the loop maximum (" + num(loop, 2) + " min)"},
                       {"#e67e22", "beyond it, paid minute by minute by the bucket"},
                       {kFailed, "the step that failed"}}) +
         "</figure>";
}

std::string readiness_chart(const RunReport& rep) {
  const Scenario& s = *rep.scenario;
  const SimulationResult& r = rep.result;
  if (!r.model) return "";
  const auto declared = declared_events(s.sim);
  // Unready stretches: from the start to the first training's end, and each training.
  std::vector<std::pair<Instant, Instant>> stretches;
  for (const auto& e : r.events) {
    if (!declared[static_cast<size_t>(e.event)]->training) continue;
    if (e.fired < s.start) continue;  // a live warm-up's, on the algorithm thread: the band below shows it
    const Instant a = stretches.empty() ? s.start : e.fired, b = e.fired + e.duration;
    if (!stretches.empty() && a <= stretches.back().second) stretches.back().second = std::max(stretches.back().second, b);
    else stretches.push_back({a, b});
  }
  if (stretches.empty()) stretches.push_back({s.start, r.failure ? r.failure->algorithm_time : s.end_exclusive});
  Frame f;
  f.height = 120;
  const Instant end = r.failure ? std::max(r.failure->algorithm_time + kDay, s.start + kDay) : s.end_exclusive;
  const Scale x{static_cast<double>(s.start), static_cast<double>(end), f.x0(), f.x1()};
  std::string svg = html::svg_open(f, "readiness", "model readiness over market hours");
  svg += html::x_axis(f, time_ticks(x, s.start, end, s.sim.zone, 12), "algorithm time (" + s.sim.zone.name() + ")");
  svg += "<rect x=\"" + num(f.x0()) + "\" y=\"" + num(f.y1() + 10) + "\" width=\"" + num(f.x1() - f.x0()) +
         "\" height=\"40\" fill=\"#d5f5e3\"><title>model ready</title></rect>";
  if (r.warm_up)
    svg += html::warm_up_band(f, x(static_cast<double>(s.start)), x(static_cast<double>(s.start + r.warm_up->wall)),
                              "warm-up on the algorithm thread: " + format_minutes(r.warm_up->wall) + " wall minutes");
  for (const auto& [a, b] : stretches) {
    const Micros open = open_time_between(s.markets, a, b);
    const double x0 = x(static_cast<double>(a)), w = std::max(x(static_cast<double>(b)) - x0, 1.0);
    svg += "<rect x=\"" + num(x0) + "\" y=\"" + num(f.y1() + 10) + "\" width=\"" + num(w) + "\" height=\"40\" fill=\"" +
           (open > 0 ? "#e67e22" : "#f5cba7") + "\"><title>not ready " + short_time(a, s.sim.zone) + " – " +
           short_time(b, s.sim.zone) + ": " + format_minutes(open) + " market minutes</title></rect>";
  }
  svg += "</svg>";
  const auto& m = *r.model;
  return "<figure><figcaption>Model readiness (live)</figcaption>" + svg +
         html::legend({{"#d5f5e3", "ready"}, {"#e67e22", "not ready during market hours"}, {"#f5cba7", "not ready, market closed"}}) +
         "<p class=\"note\">Not ready for " + group_thousands(format_minutes(m.market_time_without_model)) +
         " market minutes, longest " + format_minutes(m.longest_without_model) + " min; " +
         std::to_string(m.timeslices_while_training) + " timeslices arrived while training.</p></figure>";
}

}  // namespace

std::string html_run_page(const RunReport& rep) {
  const Scenario& s = *rep.scenario;
  const SimulationResult& r = rep.result;
  const auto declared = declared_events(s.sim);
  const std::string mode = r.live ? "live run" : "backtest";
  std::string verdict;
  if (r.completed()) {
    verdict = "<p class=\"verdict ok\">The " + mode + " completed: " + std::to_string(r.training_sessions) +
              " training sessions, " + format_minutes(r.training_time) + " minutes trained; the bucket never fell below " +
              std::to_string(r.bucket.minimum) + " of " + std::to_string(r.bucket.capacity) + ".</p>";
  } else {
    const auto& fl = *r.failure;
    verdict = "<p class=\"verdict bad\">The " + mode + " failed at " + esc(format_instant(fl.algorithm_time, s.sim.zone)) +
              (fl.event >= 0 ? " during '" + esc(declared[static_cast<size_t>(fl.event)]->name) + "'" : " in OnData") +
              (fl.reason == FailureReason::BucketRefused ? " because the bucket refused a minute"
                                                          : " because the time loop maximum was exceeded") +
              ", " + span_text(fl.wall, "wall") + " into the run.</p><p class=\"note\">Runtime Error: " + esc(fl.message) + "</p>";
  }
  std::string body = "<h1>trainsim " + mode + ": " + (r.completed() ? "completed" : "failed") + "</h1>" + verdict;
  body += "<p class=\"meta\">config <code>" + esc(s.config_file) + "</code> · " + subscriptions_text(s) + " · " + format_date(s.sim.start) + " .. " + format_date(s.sim.end) +
          " · capacity " + std::to_string(s.lean.capacity) + ", refill " + std::to_string(s.lean.refill_amount) +
          " per " + std::to_string(s.lean.interval_minutes) + " min, loop maximum " +
          num(s.lean.loop_maximum_minutes, 2) + " min · " + group_thousands(std::to_string(r.timeslices)) +
          " timeslices, about " + span_text(r.wall, "wall") + "</p>";
  // The run's story (explain/explain.h), when `run --explain` asked for it.
  if (!rep.explanation.empty()) {
    body += "<h2>What happened</h2><div class=\"explanation\">";
    for (const auto& p : rep.explanation) body += "<p>" + esc(p) + "</p>";
    body += "</div>";
  }
  if (!rep.advice.lines.empty()) {
    body += "<h2>Advice</h2><ul class=\"advice\">";
    for (const auto& l : rep.advice.lines) body += "<li>" + esc(l) + "</li>";
    body += "</ul>";
  }
  body += bucket_chart(rep) + trainings_chart(rep) + budget_chart(rep) + readiness_chart(rep);
  nlohmann::ordered_json j = report_json(s, r);
  if (j.contains("events") && j["events"].size() > kMaxEmbeddedEvents) {
    const size_t all = j["events"].size();
    j["events"].erase(j["events"].begin() + static_cast<std::ptrdiff_t>(kMaxEmbeddedEvents), j["events"].end());
    j["events-omitted-from-page"] = all - kMaxEmbeddedEvents;
  }
  return html::page("trainsim " + mode + " — " + s.config_file, body, j.dump());
}

// --- sweep page -----------------------------------------------------------

namespace {

struct Cell {
  size_t row = 0, col = 0;  // in the panel
  size_t index = 0;         // into the results
};

std::string heatmap(const SweepPageInput& in, const std::vector<Cell>& cells, size_t rows, size_t cols,
                    const std::string& row_key, const std::vector<std::string>& row_values, const std::string& col_key,
                    const std::vector<std::string>& col_values, std::int64_t best_minimum,
                    const std::map<std::string, double>& failure_rank) {
  const auto& results = *in.results;
  const auto& points = *in.points;
  Frame f;
  f.left = 90;
  f.top = row_key.empty() ? 12 : 30;
  f.bottom = 52;
  const double cell_w = std::clamp(820.0 / static_cast<double>(cols), 4.0, 110.0);
  const double cell_h = rows == 1 ? 40.0 : std::clamp(360.0 / static_cast<double>(rows), 4.0, 36.0);
  // Wide enough for the axis title, whatever the number of columns.
  f.width = std::max(static_cast<int>(f.left + cell_w * static_cast<double>(cols) + f.right),
                     static_cast<int>(f.left + 8 * col_key.size()));
  f.height = static_cast<int>(f.top + cell_h * static_cast<double>(rows) + f.bottom);
  std::string svg = html::svg_open(f, "heatmap", "sweep outcome for each point");
  auto every = [](size_t n, size_t room) { return std::max<size_t>(1, (n + room - 1) / room); };
  std::vector<std::pair<double, std::string>> xt, yt;
  const size_t xs = every(cols, static_cast<size_t>(cell_w * static_cast<double>(cols) / 56));
  for (size_t c = 0; c < cols; c += xs) xt.push_back({f.x0() + (static_cast<double>(c) + 0.5) * cell_w, col_values[c]});
  const size_t ys = every(rows, static_cast<size_t>(cell_h * static_cast<double>(rows) / 14));
  if (!row_key.empty())
    for (size_t r = 0; r < rows; r += ys) yt.push_back({f.y1() + (static_cast<double>(r) + 0.5) * cell_h + 0.0, row_values[r]});
  for (const Cell& c : cells) {
    const PointResult& p = results[c.index];
    std::string colour;
    if (p.trials > 0) {  // --trials: the odds, green (never fails) through white (1 in 2) to red (always)
      colour = p.p_fail <= 0.5 ? mix("#1b7837", "#f7f7f7", p.p_fail * 2) : mix("#f7f7f7", "#b2182b", (p.p_fail - 0.5) * 2);
    } else if (p.completed) {
      colour = mix("#c7e9c0", "#00441b", best_minimum > 0 ? static_cast<double>(p.bucket_minimum) / static_cast<double>(best_minimum) : 1.0);
    } else {
      colour = mix("#67000d", "#fcbba1", failure_rank.at(p.failure_text));  // earlier failures darker
    }
    std::string title;
    for (size_t a = 0; a < in.grid->axes().size(); ++a)
      title += (a ? ", " : "") + in.grid->axes()[a].key + "=" + in.grid->value(points[c.index], a);
    title += p.completed ? ": completed, bucket minimum " + std::to_string(p.bucket_minimum)
                         : ": failed at " + p.failure_text + " during '" + p.failing_event_name + "'";
    std::string odds;
    if (p.trials > 0) {
      title += "; " + odds_text(trial_odds(p));
      odds = " data-p-fail=\"" + nlohmann::json(p.p_fail).dump() + "\"";
    }
    svg += "<rect data-point=\"" + std::to_string(points[c.index]) + "\"" + odds + " data-outcome=\"" +
           (p.completed ? "completed" : "failed") + "\" x=\"" + num(f.x0() + static_cast<double>(c.col) * cell_w) +
           "\" y=\"" + num(f.y1() + static_cast<double>(c.row) * cell_h) + "\" width=\"" + num(cell_w - 1) +
           "\" height=\"" + num(cell_h - 1) + "\" fill=\"" + colour + "\"><title>" + esc(title) + "</title></rect>";
  }
  // The boundary: a dark edge wherever neighbouring cells differ in outcome.
  std::map<std::pair<size_t, size_t>, bool> outcome;
  for (const Cell& c : cells) outcome[{c.row, c.col}] = results[c.index].completed;
  std::string edges;
  for (const auto& [rc, done] : outcome) {
    const auto right = outcome.find({rc.first, rc.second + 1}), below = outcome.find({rc.first + 1, rc.second});
    const double ex = f.x0() + static_cast<double>(rc.second + 1) * cell_w - 0.5,
                 ey = f.y1() + static_cast<double>(rc.first + 1) * cell_h - 0.5;
    if (right != outcome.end() && right->second != done)
      edges += "M" + num(ex) + " " + num(ey - cell_h) + "v" + num(cell_h);
    if (below != outcome.end() && below->second != done)
      edges += "M" + num(ex - cell_w) + " " + num(ey) + "h" + num(cell_w);
  }
  if (!edges.empty())
    svg += "<path d=\"" + edges + "\" stroke=\"#111\" stroke-width=\"2\" fill=\"none\"><title>the boundary between "
           "completing and failing points</title></path>";
  Frame axes = f;
  axes.width = static_cast<int>(f.x0() + cell_w * static_cast<double>(cols) + f.right);
  svg += html::x_axis(axes, xt, col_key);
  if (!row_key.empty()) {
    svg += html::y_axis(axes, yt, "", false);
    svg += "<text class=\"title\" x=\"4\" y=\"14\">rows: " + esc(row_key) + "</text>";
  }
  svg += "</svg>";
  return svg;
}

}  // namespace

std::string html_sweep_page(const SweepPageInput& in) {
  const Grid& grid = *in.grid;
  const auto& results = *in.results;
  const auto& points = *in.points;
  const auto& axes = grid.axes();
  std::uint64_t completed = 0;
  std::int64_t best_minimum = 0;
  std::map<std::string, double> failure_rank;  // ISO times in one zone sort as text
  for (const auto& p : results) {
    if (p.completed) {
      ++completed;
      best_minimum = std::max(best_minimum, p.bucket_minimum);
    } else {
      failure_rank[p.failure_text] = 0;
    }
  }
  {
    double k = 0;
    for (auto& [time, rank] : failure_rank) rank = failure_rank.size() > 1 ? k++ / static_cast<double>(failure_rank.size() - 1) : 0.5;
  }
  std::string body = "<h1>trainsim sweep: " + std::to_string(completed) + " of " + std::to_string(results.size()) +
                     " points complete</h1>";
  body += "<p class=\"meta\">config <code>" + esc(in.config_path) + "</code>";
  for (const auto& a : axes) body += " · <code>" + esc(a.argument) + "</code>";
  if (in.shard) body += " · shard " + in.shard->text();
  body += "</p>";
  // Rows: the first axis (when there are two or more), columns: the last;
  // one panel per combination of the axes in between.
  const size_t n = axes.size();
  const size_t col_axis = n - 1;
  const bool has_rows = n >= 2;
  const size_t row_axis = has_rows ? 0 : 0;
  std::map<std::vector<size_t>, std::vector<Cell>> panels;
  for (size_t i = 0; i < points.size() && i < results.size(); ++i) {
    const auto c = grid.coordinates(points[i]);
    std::vector<size_t> extra(c.begin() + (has_rows ? 1 : 0), c.end() - 1);
    panels[extra].push_back({has_rows ? c[row_axis] : 0, c[col_axis], i});
  }
  constexpr size_t kMaxPanels = 60;
  const std::string col_key = axes[col_axis].key;
  const std::string row_key = has_rows ? axes[row_axis].key : "";
  body += "<h2>" + std::string(n == 1 ? "Outcome and margin along " + esc(col_key)
                                      : "Outcome by " + esc(row_key) + " (rows) × " + esc(col_key) + " (columns)") +
          "</h2>";
  const bool trials = !results.empty() && results.front().trials > 0;
  if (trials)
    body += html::legend({{"#1b7837", "p_fail 0%"}, {"#f7f7f7", "50%"}, {"#b2182b", "100%"}}) +
            "<p class=\"note\">Colour: each point's failure probability over " +
            std::to_string(results.front().trials) +
            " trials (hover for its 95% interval). The outcome and the boundary edge are the plain run's (trial 0).</p>";
  else
    body += html::legend({{"#00441b", "completed, large bucket minimum (margin)"},
                          {"#c7e9c0", "completed, small margin"},
                          {"#67000d", "failed early"},
                          {"#fcbba1", "failed late"}});
  size_t shown = 0;
  for (const auto& [extra, cells] : panels) {
    if (++shown > kMaxPanels) break;
    std::string caption;
    for (size_t k = 0; k < extra.size(); ++k)
      caption += (k ? ", " : "") + axes[k + 1].key + "=" + axes[k + 1].values[extra[k]];
    body += "<figure>" + (caption.empty() ? std::string() : "<figcaption>" + esc(caption) + "</figcaption>") +
            heatmap(in, cells, has_rows ? axes[row_axis].values.size() : 1, axes[col_axis].values.size(), row_key,
                    has_rows ? axes[row_axis].values : std::vector<std::string>{}, col_key, axes[col_axis].values,
                    best_minimum, failure_rank) +
            "</figure>";
  }
  if (panels.size() > kMaxPanels)
    body += "<p class=\"note\">" + std::to_string(panels.size() - kMaxPanels) +
            " more panels are not drawn; every point is in the embedded rows and the CSV.</p>";
  if (n == 1) {
    // The margin along the one axis, and the boundary between its last failing and first completing value.
    Frame f;
    f.height = 220;
    const size_t count = axes[0].values.size();
    const Scale x{0, static_cast<double>(std::max<size_t>(count, 2) - 1), f.x0() + 8, f.x1() - 8};
    std::int64_t top = 1;
    for (const auto& p : results) top = std::max(top, p.bucket_minimum);
    const Scale y{0, static_cast<double>(top), f.y0(), f.y1() + 6};
    std::string svg = html::svg_open(f, "margin", "bucket minimum along the axis");
    svg += html::y_axis(f, value_ticks(y, 0, static_cast<double>(top), 4), "bucket minimum");
    std::vector<std::pair<double, std::string>> xt;
    const size_t step = std::max<size_t>(1, count / 10);
    for (size_t i = 0; i < count; i += step) xt.push_back({x(static_cast<double>(i)), axes[0].values[i]});
    svg += html::x_axis(f, xt, col_key);
    std::string line;
    for (size_t i = 0; i < points.size() && i < results.size(); ++i) {
      const double px = x(static_cast<double>(points[i])), py = y(results[i].completed ? static_cast<double>(results[i].bucket_minimum) : 0);
      line += (line.empty() ? "M" : "L") + num(px) + " " + num(py);
      svg += "<circle cx=\"" + num(px) + "\" cy=\"" + num(py) + "\" r=\"3\" fill=\"" +
             (results[i].completed ? kCompleted : kFailed) + "\"><title>" + esc(col_key + "=" + axes[0].values[points[i]]) +
             (results[i].completed ? ": completed, bucket minimum " + std::to_string(results[i].bucket_minimum)
                                   : ": failed at " + results[i].failure_text) +
             "</title></circle>";
    }
    svg += "<path d=\"" + line + "\" fill=\"none\" stroke=\"" + kLevel + "\" stroke-width=\"1.2\"/>";
    for (size_t i = 1; i < points.size() && i < results.size(); ++i)
      if (results[i].completed != results[i - 1].completed) {
        const double bx = (x(static_cast<double>(points[i])) + x(static_cast<double>(points[i - 1]))) / 2;
        svg += "<line x1=\"" + num(bx) + "\" y1=\"" + num(f.y1()) + "\" x2=\"" + num(bx) + "\" y2=\"" + num(f.y0()) +
               "\" stroke=\"#2c3e50\" stroke-dasharray=\"4 3\"><title>boundary between " +
               esc(axes[0].values[points[i - 1]]) + " and " + esc(axes[0].values[points[i]]) + "</title></line>";
      }
    svg += "</svg>";
    body += "<figure><figcaption>Margin (bucket minimum) along " + esc(col_key) + "</figcaption>" + svg +
            html::legend({{kCompleted, "completed"}, {kFailed, "failed (drawn at 0)"}, {"#2c3e50", "boundary"}}) +
            "</figure>";
    if (trials) {
      std::vector<html::OddsPoint> odds;
      for (size_t i = 0; i < points.size() && i < results.size(); ++i) {
        const PointResult& p = results[i];
        odds.push_back({static_cast<double>(points[i]), axes[0].values[points[i]], trial_odds(p)});
      }
      html::OddsAxis along{0, static_cast<double>(std::max<size_t>(count, 2) - 1), col_key, [&](const Scale& sx) {
                             html::Ticks t;
                             for (size_t i = 0; i < count; i += step) t.push_back({sx(static_cast<double>(i)), axes[0].values[i]});
                             return t;
                           }};
      body += "<figure><figcaption>Failure probability along " + esc(col_key) + " (" +
              std::to_string(results.front().trials) + " trials per point, 95% intervals)</figcaption>" +
              html::odds_chart("p-fail", "failure probability along the axis", odds, along) + "</figure>";
    }
  }
  return html::page("trainsim sweep — " + in.config_path, body, sweep_rows_json(grid, points, results).dump());
}

// --- tune page --------------------------------------------------------------

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
