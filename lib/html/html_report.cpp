// html/html_report.cpp — the run page: the bucket level, the trainings on the
// calendar, the time-step budget and (live) the model's readiness; the sweep
// and tune pages are html/sweep_page.cpp and html/tune_page.cpp.
#include "html/html_report.h"

#include "calendar/market_clock.h"
#include "html/svg.h"
#include "report/report.h"
#include "report/summary.h"

#include <algorithm>

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

}  // namespace trainsim
