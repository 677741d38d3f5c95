// html/html_report.cpp — the run page: the bucket level, the trainings on the
// calendar, the time-step budget and (live) the model's readiness; the sweep
// and tune pages are html/sweep_page.cpp and html/tune_page.cpp.
#include "html/html_report.h"

#include "calendar/market_clock.h"
#include "html/run_events.h"
#include "html/svg.h"
#include "report/json_writer.h"
#include "report/report.h"
#include "report/summary.h"

#include <algorithm>
#include <tuple>

namespace trainsim {
namespace {

using namespace html;  // the pages' chart kit (svg.h)
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
  std::vector<std::pair<std::string, std::string>> items = {{kLevel, "bucket level (down: minutes charged, up: refills)"},
                                                              {kCompleted, "refill"},
                                                              {"#7f8c8d", "capacity " + std::to_string(r.bucket.capacity)}};
  if (r.failure) items.push_back({kFailed, "failure"});
  return "<figure><figcaption>Bucket level over wall time</figcaption>" + svg + html::legend(items) + "</figure>";
}

std::vector<std::pair<std::string, std::string>> trainings_legend(std::int64_t most_charged, bool runtime, bool warm_up,
                                                                   bool failed) {
  std::vector<std::pair<std::string, std::string>> items = {
      {"#9ecae1", "few minutes charged"}, {"#3f007d", "most charged (" + std::to_string(most_charged) + ")"}};
  if (runtime) items.push_back({html::kRuntime, "started by a Train call at run time"});
  if (warm_up) items.push_back({html::kWarmUp, "the warm-up, before the start date"});
  if (failed) items.push_back({kFailed, "the failing session"});
  return items;
}

// Up to this many sessions are drawn one bar each; more are gathered into
// two-pixel stretches of the calendar, so a page of any length stays small.
constexpr size_t kMaxSessionBars = 400;
constexpr int kBinPixels = 2;

std::string missing_note(const html::RunEvents& ev) {
  if (ev.missing <= 0) return "";
  return "<p class=\"note\">" + group_thousands(std::to_string(ev.missing)) + " events after the report's first " +
         group_thousands(std::to_string(kMaxListedEvents)) +
         " are not drawn here: the page was made without the run's timeline.</p>";
}

// Where a calendar axis from `from` ends: the end date, or a day past the
// failure (its stamp, or the slice its event fired in, whichever is later).
Instant calendar_end(const Scenario& s, const SimulationResult& r, const html::RunEvents& ev, Instant from) {
  if (!r.failure) return s.end_exclusive;
  const Instant last = ev.all.empty() ? r.failure->algorithm_time : std::max(r.failure->algorithm_time, ev.all.back().fired);
  return std::max(last, from) + kDay;
}

std::string trainings_chart(const RunReport& rep, const html::RunEvents& ev) {
  const Scenario& s = *rep.scenario;
  const SimulationResult& r = rep.result;
  const auto declared = declared_events(s.sim);
  Frame f;
  f.height = 240;
  std::vector<size_t> sessions;  // into ev.all
  Micros longest = kMinute;
  std::int64_t most_charged = 1;
  for (size_t i = 0; i < ev.all.size(); ++i)
    if (declared[static_cast<size_t>(ev.all[i].event)]->training) {
      sessions.push_back(i);
      longest = std::max(longest, ev.all[i].duration);
      most_charged = std::max(most_charged, ev.all[i].charged);
    }
  const Instant from = s.warm_up_start;  // the warm-up's loops are on the calendar too
  const Instant end = calendar_end(s, r, ev, from);
  const Scale x{static_cast<double>(from), static_cast<double>(end), f.x0(), f.x1()};
  const Scale y{0, minutes_of(longest), f.y0(), f.y1() + 6};
  std::string svg = html::svg_open(f, "trainings", "training sessions on the algorithm's calendar");
  svg += html::y_axis(f, value_ticks(y, 0, minutes_of(longest), 4), "minutes");
  svg += html::x_axis(f, time_ticks(x, from, end, s.sim.zone, 12), "algorithm time (" + s.sim.zone.name() + ")");
  if (s.has_warm_up())
    svg += html::warm_up_band(f, x(static_cast<double>(from)), x(static_cast<double>(s.start)),
                              "warm-up from " + short_time(from, s.sim.zone));
  auto failing = [&](size_t i) { return ev.last_failed && i + 1 == ev.all.size(); };
  auto colour_of = [&](bool fails, bool runtime, double charged) {
    return fails ? std::string(kFailed)
           : runtime ? std::string(html::kRuntime)
                     : mix("#9ecae1", "#3f007d", charged / static_cast<double>(most_charged));
  };
  bool any_runtime = false;
  const bool binned = sessions.size() > kMaxSessionBars;
  std::string note = "One bar per session started, at the time it fired; its height is the minutes it ran.";
  if (!binned) {
    for (size_t n = 1; n <= sessions.size(); ++n) {
      const size_t i = sessions[n - 1];
      const EventRecord& e = ev.all[i];
      const ScheduledEventSpec& spec = *declared[static_cast<size_t>(e.event)];
      const bool fails = failing(i);
      const double px = x(static_cast<double>(e.fired)), top = y(minutes_of(e.duration));
      any_runtime = any_runtime || spec.runtime_call();
      svg += "<rect data-session=\"" + std::to_string(n) + "\" data-sessions=\"1\" data-minutes=\"" +
             format_minutes(e.duration) + "\" data-charged=\"" + std::to_string(e.charged) + "\"" +
             (fails ? " data-failing=\"1\"" : "") + (spec.runtime_call() ? " data-runtime=\"1\"" : "") + " x=\"" +
             num(px - (fails ? 2.5 : 1.5)) + "\" y=\"" + num(top) + "\" width=\"" + (fails ? "5" : "3") + "\" height=\"" +
             num(std::max(f.y0() - top, 1.0)) + "\" fill=\"" +
             colour_of(fails, spec.runtime_call(), static_cast<double>(e.charged)) + "\"><title>#" + std::to_string(n) + " '" +
             esc(spec.name) + "' " + short_time(e.fired, s.sim.zone) + ": " + format_minutes(e.duration) + " min, " +
             std::to_string(e.charged) + " charged, bucket " + std::to_string(e.bucket_before) + "→" +
             std::to_string(e.bucket_after) + (fails ? " — FAILED here" : "") + "</title></rect>";
    }
  } else {
    // Each stretch: a solid bar up to its shortest session, a pale band up to its longest.
    std::vector<Instant> at;
    for (const size_t i : sessions) at.push_back(ev.all[i].fired);
    const int bins = static_cast<int>((f.x1() - f.x0()) / kBinPixels);
    for (const html::TimeBin& b : html::bin_by_time(at, from, end, bins)) {
      Micros lo = ev.all[sessions[b.marks.front()]].duration, hi = lo;
      std::int64_t charged = 0;
      bool fails = false, all_runtime = true;
      for (const size_t m : b.marks) {
        const EventRecord& e = ev.all[sessions[m]];
        lo = std::min(lo, e.duration);
        hi = std::max(hi, e.duration);
        charged += e.charged;
        fails = fails || failing(sessions[m]);
        all_runtime = all_runtime && declared[static_cast<size_t>(e.event)]->runtime_call();
      }
      any_runtime = any_runtime || all_runtime;
      const size_t count = b.marks.size();
      const double px = f.x0() + static_cast<double>(b.bin * kBinPixels), y_lo = y(minutes_of(lo)), y_hi = y(minutes_of(hi));
      const std::string colour = colour_of(fails, all_runtime, static_cast<double>(charged) / static_cast<double>(count));
      const Instant t0 = at[b.marks.front()], t1 = at[b.marks.back()];
      svg += "<g data-sessions=\"" + std::to_string(count) + "\" data-first=\"" + std::to_string(b.marks.front() + 1) +
             "\" data-last=\"" + std::to_string(b.marks.back() + 1) + "\" data-charged=\"" + std::to_string(charged) +
             "\"" + (fails ? " data-failing=\"1\"" : "") + "><title>" +
             (count == 1 ? "#" + std::to_string(b.marks.front() + 1) + " " + short_time(t0, s.sim.zone) + ": " +
                               format_minutes(lo) + " min"
                         : "#" + std::to_string(b.marks.front() + 1) + "–#" + std::to_string(b.marks.back() + 1) + ", " +
                               std::to_string(count) + " sessions " + short_time(t0, s.sim.zone) + " – " +
                               short_time(t1, s.sim.zone) + ": " + format_minutes(lo) + "–" + format_minutes(hi) + " min") +
             ", " + std::to_string(charged) + " charged" + (fails ? " — the last FAILED" : "") + "</title>";
      if (hi > lo)
        svg += "<rect x=\"" + num(px) + "\" y=\"" + num(y_hi) + "\" width=\"" + std::to_string(kBinPixels) +
               "\" height=\"" + num(y_lo - y_hi) + "\" fill=\"" + colour + "\" fill-opacity=\"0.4\"/>";
      svg += "<rect x=\"" + num(px) + "\" y=\"" + num(y_lo) + "\" width=\"" + std::to_string(kBinPixels) +
             "\" height=\"" + num(std::max(f.y0() - y_lo, 1.0)) + "\" fill=\"" + colour + "\"/></g>";
    }
    const double days = static_cast<double>(end - from) / static_cast<double>(kDay) / bins;
    note = group_thousands(std::to_string(sessions.size())) + " sessions, gathered into stretches of " +
           num(days, days < 10 ? 1 : 0) + " days (" + std::to_string(kBinPixels) +
           " pixels): each bar rises solid to the shortest session in its stretch and pale to the longest; "
           "hover for the count.";
  }
  svg += "</svg>";
  return "<figure><figcaption>Trainings on the calendar (" + group_thousands(std::to_string(sessions.size())) +
         " sessions)</figcaption>" + svg + html::legend(trainings_legend(most_charged, any_runtime, s.has_warm_up(), ev.last_failed)) +
         "<p class=\"note\">" + note + "</p>" + missing_note(ev) + "</figure>";
}

// A label cut to `chars` characters.
std::string cut(const std::string& text, size_t chars) {
  return text.size() <= chars ? text : text.substr(0, chars - 1) + "…";
}

constexpr const char* kFreeMinutes = "#95a5a6";
constexpr const char* kChargedMinutes = "#7b5ea7";
constexpr const char* kBeyondMinutes = "#e67e22";

std::string budget_chart(const RunReport& rep, const html::RunEvents& ev) {
  const Scenario& s = *rep.scenario;
  const SimulationResult& r = rep.result;
  if (ev.all.empty()) return "";
  const auto declared = declared_events(s.sim);
  std::vector<size_t> order(ev.all.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return ev.all[a].duration > ev.all[b].duration; });
  order.resize(std::min<size_t>(order.size(), 10));
  // The failing step is always drawn, in the last row when it is not among the longest.
  const size_t failing = ev.last_failed ? ev.all.size() - 1 : ev.all.size();
  if (failing < ev.all.size() && std::find(order.begin(), order.end(), failing) == order.end()) order.back() = failing;
  const double loop = s.lean.loop_maximum_minutes;
  Frame f;
  f.left = 230;
  f.height = 40 + static_cast<int>(order.size()) * 22 + 16;
  double top = r.live ? 1.0 : loop;
  for (size_t i : order) top = std::max(top, minutes_of(ev.all[i].duration));
  const Scale x{0, top, f.x0(), f.x1()};
  std::string svg = html::svg_open(f, "budget", "time step budget use of the longest steps");
  std::vector<std::pair<double, std::string>> xt;
  for (const double v : html::nice_ticks(0, top, 8)) xt.push_back({x(v), html::group_number(v, 0)});
  svg += html::x_axis(f, xt, r.live ? "minutes the event ran (on the scheduling thread)" : "minutes of the time step");
  bool any_beyond = false;
  for (size_t k = 0; k < order.size(); ++k) {
    const EventRecord& e = ev.all[order[k]];
    const bool fails = order[k] == failing;
    const double y0 = f.y1() + static_cast<double>(k) * 22;
    const html::StepMinutes m = html::split_step(e.duration, e.charged, loop, r.live);
    any_beyond = any_beyond || m.beyond > 0;
    const std::string& name = declared[static_cast<size_t>(e.event)]->name;
    svg += "<text x=\"" + num(f.x0() - 6) + "\" y=\"" + num(y0 + 13) + "\" text-anchor=\"end\"" +
           (fails ? " style=\"fill:" + std::string(kFailed) + ";font-weight:bold\"" : "") + ">" +
           esc(cut(name, 18)) + " " + short_time(e.fired, s.sim.zone) + "</text>";
    svg += "<g data-step=\"" + std::to_string(k + 1) + "\" data-minutes=\"" + nlohmann::json(minutes_of(e.duration)).dump() +
           "\"" + (fails ? " data-failing=\"1\"" : "") + "><title>'" + esc(name) + "' " +
           short_time(e.fired, s.sim.zone) + ": " + format_minutes(e.duration) + " min: " + num(m.free, 2) +
           " free, " + num(m.charged, 2) + " charged to the bucket (" + std::to_string(e.charged) + " token" +
           (e.charged == 1 ? "" : "s") + ")" + (r.live ? "" : ", " + num(m.beyond, 2) + " beyond the loop maximum") +
           (fails ? "; the step that failed" : "") + "</title>";
    double at = 0;
    for (const auto& [part, minutes, colour] : {std::tuple{"free", m.free, kFreeMinutes},
                                                 std::tuple{"charged", m.charged, kChargedMinutes},
                                                 std::tuple{"beyond", m.beyond, kBeyondMinutes}}) {
      if (minutes <= 0) continue;
      svg += "<rect data-segment=\"" + std::string(part) + "\" data-segment-minutes=\"" +
             nlohmann::json(minutes).dump() + "\" x=\"" + num(x(at), 3) + "\" y=\"" + num(y0 + 3) + "\" width=\"" +
             num(x(at + minutes) - x(at), 3) + "\" height=\"14\" fill=\"" + colour + "\"/>";
      at += minutes;
    }
    if (fails)
      svg += "<rect x=\"" + num(x(0) - 1) + "\" y=\"" + num(y0 + 1.5) + "\" width=\"" + num(x(at) - x(0) + 2) +
             "\" height=\"17\" fill=\"none\" stroke=\"" + kFailed + "\" stroke-width=\"2.5\"/>";
    svg += "</g>";
  }
  if (!r.live)
    svg += "<line x1=\"" + num(x(loop)) + "\" y1=\"" + num(f.y1() - 4) + "\" x2=\"" + num(x(loop)) + "\" y2=\"" +
           num(f.y0()) + "\" stroke=\"#2c3e50\" stroke-dasharray=\"3 3\"><title>loop maximum " + num(loop, 2) +
           " minutes</title></line>";
  svg += "</svg>";
  const std::string caption = r.live ? "The " + std::to_string(order.size()) +
                                           " longest events and the bucket minutes they were charged (live)"
                                     : "Time step budget of the " + std::to_string(order.size()) + " longest steps";
  std::vector<std::pair<std::string, std::string>> items;
  if (r.live) {
    items = {{kFreeMinutes, "not charged: the first minute of each scan"},
             {kChargedMinutes, "charged to the bucket, one token a minute"}};
  } else {
    items = {{kFreeMinutes, "not charged, inside the " + num(loop, loop == static_cast<int>(loop) ? 0 : 2) +
                                "-minute loop maximum (a step's first minute is free)"},
             {kChargedMinutes, "charged to the bucket, one token a minute"},
             {kBeyondMinutes, "beyond the loop maximum, paid by nothing"}};
  }
  if (failing < ev.all.size()) items.push_back({kFailed, "outline: the step that failed"});
  return "<figure><figcaption>" + caption + "</figcaption>" + svg + html::legend(items) + missing_note(ev) + "</figure>";
}

std::string readiness_chart(const RunReport& rep, const html::RunEvents& ev) {
  const Scenario& s = *rep.scenario;
  const SimulationResult& r = rep.result;
  if (!r.model) return "";
  const auto declared = declared_events(s.sim);
  // Unready stretches: from the start to the first training's end, and each training.
  std::vector<std::pair<Instant, Instant>> stretches;
  for (const auto& e : ev.all) {
    if (!declared[static_cast<size_t>(e.event)]->training) continue;
    if (e.fired < s.start) continue;  // a live warm-up's, on the algorithm thread: the band below shows it
    const Instant a = stretches.empty() ? s.start : e.fired, b = e.fired + e.duration;
    if (!stretches.empty() && a <= stretches.back().second) stretches.back().second = std::max(stretches.back().second, b);
    else stretches.push_back({a, b});
  }
  if (stretches.empty()) stretches.push_back({s.start, r.failure ? r.failure->algorithm_time : s.end_exclusive});
  Frame f;
  f.height = 120;
  const Instant end = calendar_end(s, r, ev, s.start);
  const Scale x{static_cast<double>(s.start), static_cast<double>(end), f.x0(), f.x1()};
  std::string svg = html::svg_open(f, "readiness", "model readiness over market hours");
  svg += html::x_axis(f, time_ticks(x, s.start, end, s.sim.zone, 12), "algorithm time (" + s.sim.zone.name() + ")");
  svg += "<rect x=\"" + num(f.x0()) + "\" y=\"" + num(f.y1() + 10) + "\" width=\"" + num(f.x1() - f.x0()) +
         "\" height=\"40\" fill=\"#d5f5e3\"><title>model ready</title></rect>";
  if (r.warm_up)
    svg += html::warm_up_band(f, x(static_cast<double>(s.start)), x(static_cast<double>(s.start + r.warm_up->wall)),
                              "warm-up on the algorithm thread: " + format_minutes(r.warm_up->wall) + " wall minutes");
  // Stretches starting in the same two pixels are drawn as one mark, as
  // opaque as the share of its time the model was not ready (a daily
  // training over 20 years is a pale band, not a solid one); its hover sums them.
  std::vector<Instant> starts;
  for (const auto& st : stretches) starts.push_back(st.first);
  const int bins = static_cast<int>((f.x1() - f.x0()) / kBinPixels);
  for (const html::TimeBin& g : html::bin_by_time(starts, s.start, end, bins)) {
    const Instant a = stretches[g.marks.front()].first, b = stretches[g.marks.back()].second;
    Micros open = 0, unready = 0;
    for (const size_t p : g.marks) {
      open += open_time_between(s.markets, stretches[p].first, stretches[p].second);
      unready += stretches[p].second - stretches[p].first;
    }
    const double share = static_cast<double>(unready) / static_cast<double>(std::max<Micros>(b - a, 1));
    const double x0 = x(static_cast<double>(a)), w = std::max(x(static_cast<double>(b)) - x0, 1.0);
    const size_t n = g.marks.size();
    svg += "<rect data-unready=\"" + std::to_string(n) + "\" data-from=\"" + format_instant(a, s.sim.zone) +
           "\" data-to=\"" + format_instant(b, s.sim.zone) + "\" x=\"" + num(x0) + "\" y=\"" + num(f.y1() + 10) +
           "\" width=\"" + num(w) + "\" height=\"40\" fill=\"" + (open > 0 ? "#e67e22" : "#f5cba7") + "\"" +
           (n > 1 ? " fill-opacity=\"" + num(std::clamp(share, 0.2, 1.0), 2) + "\"" : "") + "><title>not ready " +
           (n > 1 ? std::to_string(n) + " times between " : "") + short_time(a, s.sim.zone) + " – " +
           short_time(b, s.sim.zone) + (n > 1 ? " (" + num(share * 100, 1) + "% of that time)" : "") + ": " +
           group_thousands(format_minutes(open)) + " market minutes</title></rect>";
  }
  svg += "</svg>";
  const auto& m = *r.model;
  return "<figure><figcaption>Model readiness (live)</figcaption>" + svg +
         html::legend({{"#d5f5e3", "ready"}, {"#e67e22", "not ready during market hours (pale: part of the time)"},
                       {"#f5cba7", "not ready, market closed"}}) +
         "<p class=\"note\">Not ready for " + group_thousands(format_minutes(m.market_time_without_model)) +
         " market minutes, longest " + format_minutes(m.longest_without_model) + " min; " +
         std::to_string(m.timeslices_while_training) + " timeslices arrived while training.</p>" + missing_note(ev) +
         "</figure>";
}

}  // namespace

std::string html_run_page(const RunReport& rep) {
  const Scenario& s = *rep.scenario;
  const SimulationResult& r = rep.result;
  const auto declared = declared_events(s.sim);
  const std::string mode = r.live ? "live run" : "backtest";
  std::string verdict;
  if (r.completed()) {
    verdict = "<p class=\"verdict ok\">The " + mode + " completed: " + group_thousands(std::to_string(r.training_sessions)) +
              " training sessions, " + span_text(r.training_time, "") + " trained; the bucket never fell below " +
              std::to_string(r.bucket.minimum) + " of " + std::to_string(r.bucket.capacity) + ".</p>";
  } else {
    const auto& fl = *r.failure;
    verdict = "<p class=\"verdict bad\">The " + mode + " failed at " + esc(format_instant(fl.algorithm_time, s.sim.zone)) +
              (fl.event >= 0 ? " during '" + esc(declared[static_cast<size_t>(fl.event)]->name) + "'" : " in OnData") +
              (fl.reason == FailureReason::BucketRefused ? " because the bucket refused a minute"
                                                          : " because the time loop maximum was exceeded") +
              ", " + span_text(fl.wall, "wall") + " into the run.</p>";
    if (const std::string when = failing_event_when(rep); !when.empty())
      verdict += "<p class=\"when\">" + esc(when) + ".</p>";
    verdict += "<p class=\"note\">Runtime Error: " + esc(fl.message) + "</p>";
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
  // The page's sections, in order; a new view of the run adds one here.
  const html::RunEvents ev = html::every_event(rep);
  for (const std::string& section : {bucket_chart(rep), trainings_chart(rep, ev), budget_chart(rep, ev), readiness_chart(rep, ev)})
    body += section;
  JsonWriter j(-1);
  j.begin_object();
  write_report_members(j, s, r, kMaxEmbeddedEvents);
  if (r.events.size() > kMaxEmbeddedEvents) j.key("events-omitted-from-page").integer(r.events.size() - kMaxEmbeddedEvents);
  j.end_object();
  return html::page("trainsim " + mode + " — " + s.config_file, body, j.take());
}

}  // namespace trainsim
