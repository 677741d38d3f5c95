// report/summary.cpp — the human summary and the bucket sparkline.
#include "report/summary.h"

#include "report/report.h"

#include <algorithm>
#include <cstdio>

namespace trainsim {

std::string group_thousands(const std::string& number) {
  const size_t point = std::min(number.find('.'), number.size());
  const size_t first = number.empty() || number[0] != '-' ? 0 : 1;
  std::string out = number.substr(point);
  for (size_t i = point, n = 0; i > first; --i, ++n) {
    if (n && n % 3 == 0) out.insert(out.begin(), ',');
    out.insert(out.begin(), number[i - 1]);
  }
  return number.substr(0, first) + out;
}

std::string bucket_sparkline(const RunReport& report, int width) {
  const SimulationResult& r = report.result;
  if (width <= 0 || r.events.empty() || r.bucket.capacity <= 0) return {};
  static const char* const kBlocks[] = {" ", "\u2581", "\u2582", "\u2583", "\u2584", "\u2585", "\u2586", "\u2587", "\u2588"};
  const Micros span = std::max<Micros>(r.wall, 1);
  std::vector<std::int64_t> low(static_cast<size_t>(width), r.bucket.capacity);
  auto column = [&](Micros t) {
    return static_cast<size_t>(std::clamp<Micros>(t * width / span, 0, width - 1));
  };
  // Each column holds the lowest level seen in it; a column no event touches
  // keeps the level the previous one ended at.
  std::vector<bool> touched(static_cast<size_t>(width), false);
  for (const auto& e : r.events) {
    const size_t a = column(e.wall_start), b = column(e.wall_start + e.duration);
    for (size_t c = a; c <= b; ++c) {
      // The level falls about evenly through an event: take it where the column ends.
      const Micros end = static_cast<Micros>(c + 1) * span / width;
      const Micros into = std::clamp<Micros>(end - e.wall_start, 0, e.duration);
      const std::int64_t level =
          e.duration > 0 ? e.bucket_before + (e.bucket_after - e.bucket_before) * into / e.duration : e.bucket_after;
      low[c] = touched[c] ? std::min(low[c], level) : level;
      touched[c] = true;
    }
  }
  std::int64_t carry = r.bucket.capacity;
  std::string out;
  for (size_t c = 0; c < low.size(); ++c) {
    if (!touched[c]) low[c] = carry;
    carry = low[c];
    const auto step = std::clamp<std::int64_t>((low[c] * 8 + r.bucket.capacity / 2) / r.bucket.capacity, 0, 8);
    out += kBlocks[step];
  }
  return out;
}

namespace {

// One decimal, without a trailing ".0".
std::string one_decimal(double x) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.1f", x);
  std::string t = buf;
  if (t.size() > 2 && t.compare(t.size() - 2, 2, ".0") == 0) t.resize(t.size() - 2);
  return group_thousands(t);
}

std::string painted(const std::string& text, const char* ansi, bool color) {
  return color ? std::string("\033[") + ansi + "m" + text + "\033[0m" : text;
}

}  // namespace

std::string span_text(Micros span, const std::string& kind) {
  const double minutes = static_cast<double>(span) / static_cast<double>(kMinute);
  const std::string k = kind.empty() ? "" : kind + " ";
  auto unit = [&](double v, const char* name) { return one_decimal(v) + " " + k + name + (one_decimal(v) == "1" ? "" : "s"); };
  if (minutes < 120) return unit(minutes, "minute");
  if (minutes < 48 * 60) return unit(minutes / 60, "hour");
  if (minutes < 365 * 1440) return unit(minutes / 1440, "day");
  return unit(minutes / (365.25 * 1440), "year");
}

const EventRecord* failing_record(const SimulationResult& r) {
  if (!r.failure || r.failure->event < 0) return nullptr;
  for (auto it = r.events.rbegin(); it != r.events.rend(); ++it)
    if (it->event == r.failure->event) return &*it;
  return nullptr;
}

std::string failing_event_when(const RunReport& report) {
  // When it was scheduled and when a timeslice let it run.
  const EventRecord* rec = failing_record(report.result);
  if (!rec) return "";
  const Scenario& s = *report.scenario;
  const std::string name = declared_events(s.sim)[static_cast<size_t>(rec->event)]->name;
  if (rec->fired != rec->scheduled)
    return "'" + name + "', scheduled " + moment_text(rec->scheduled, s.sim.zone) + ", fired " +
           moment_text(rec->fired, s.sim.zone) + " at the first timeslice after it";
  return "'" + name + "' fired " + moment_text(rec->fired, s.sim.zone) + ", as scheduled";
}

std::string moment_text(Instant t, const TimeZone& zone) {
  static const char* const kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  const LocalTime l = zone.to_local(t);
  const std::int64_t seconds = l.time_of_day / kSecond;
  char buf[32];
  if (seconds % 60 == 0)
    std::snprintf(buf, sizeof buf, " %02lld:%02lld", static_cast<long long>(seconds / 3600),
                  static_cast<long long>(seconds / 60 % 60));
  else
    std::snprintf(buf, sizeof buf, " %02lld:%02lld:%02lld", static_cast<long long>(seconds / 3600),
                  static_cast<long long>(seconds / 60 % 60), static_cast<long long>(seconds % 60));
  return std::string(kDays[weekday_of(l.day)]) + " " + format_date(l.day) + buf;
}

void print_summary(std::ostream& out, const RunReport& report, bool color) {
  const Scenario& s = *report.scenario;
  const SimulationResult& r = report.result;
  const auto declared = declared_events(s.sim);
  const double loop_max = s.lean.loop_maximum_minutes;
  out << "trainsim: " << (r.live ? "live" : "backtest") << " " << format_date(s.sim.start) << " .. "
      << format_date(s.sim.end) << " on ";
  for (size_t i = 0; i < s.subscriptions.size(); ++i)
    out << (i ? ", " : "") << s.subscriptions[i].spec.security.text() << " (" << to_string(s.subscriptions[i].spec.resolution)
        << ")";
  out << "\n";
  if (r.completed()) {
    out << "outcome:  " << painted("COMPLETED", "1;32", color) << "\n";
  } else {
    const auto& f = *r.failure;
    const std::string name = f.event >= 0 ? declared[static_cast<size_t>(f.event)]->name : "";
    out << "outcome:  " << painted("FAILED", "1;31", color) << " at " << format_instant(f.algorithm_time, s.sim.zone)
        << (f.event >= 0 ? " during '" + name + "'" : " in OnData") << ", " << span_text(f.wall, "wall")
        << " into the run\n";
    if (const std::string when = failing_event_when(report); !when.empty()) out << "when:     " << when << "\n";
    out << "reason:   "
        << (f.reason == FailureReason::BucketRefused ? "the bucket refused a minute of training"
                                                     : "the time loop maximum was exceeded")
        << " (" << reason_name(f.reason) << ")\n";
    out << "          Runtime Error: " << f.message << "\n";
    // LEAN's message in plain words.
    const std::string limit = one_decimal(loop_max) + "-minute";
    if (f.reason == FailureReason::BucketRefused)
      out << "why:      a time step may take " << one_decimal(loop_max) << " minutes; a training (Train) runs longer only by "
          << "drawing each further minute from the training bucket, and " << (name.empty() ? "this step" : "'" + name + "'")
          << " needed a minute when the bucket was empty\n";
    else if (f.event >= 0 && declared[static_cast<size_t>(f.event)]->training)
      out << "why:      '" << name << "' ran past the " << limit << " limit of a time step and the bucket had no minute to "
          << "give it (its capacity is " << r.bucket.capacity << ")\n";
    else
      out << "why:      the time step ran past its " << limit << " limit in "
          << (name.empty() ? "OnData" : "'" + name + "', which is not a training (only Train draws on the bucket)")
          << ", so nothing could extend it\n";
  }
  if (r.warm_up) {
    const bool stopped_in_it = r.failure && r.failure->algorithm_time < s.start;
    out << "warm-up:  from " << format_instant(r.warm_up->start, s.sim.zone) << ", " << r.warm_up->timeslices
        << " timeslices, " << r.warm_up->training_sessions << " training sessions, " << span_text(r.warm_up->wall, "wall")
        << (stopped_in_it ? "; the run stopped in the warm-up, before the start date" : "") << "\n";
  }
  // Minutes, to compare with the bucket's; in hours or days too when long.
  out << "training: " << r.training_sessions << (r.training_sessions == 1 ? " session, " : " sessions, ")
      << one_decimal(static_cast<double>(r.training_time) / static_cast<double>(kMinute)) << " minutes";
  if (r.training_time >= 120 * kMinute) out << " (" << span_text(r.training_time, "") << ")";
  if (r.runtime_calls) out << " (" << *r.runtime_calls << " Train calls made at run time)";
  out << "\n";
  out << "bucket:   charged " << r.bucket.charged << ", refilled " << r.bucket.refilled << ", minimum "
      << r.bucket.minimum << ", final " << r.bucket.final_level << " of " << r.bucket.capacity << "\n";
  // The plain reason most backtests die: the refill is on wall-clock time.
  const Micros interval = r.bucket.interval_minutes * kMinute;
  if (s.sim.bucket_clock == BucketClock::Wall && interval > 0 && r.wall < interval && r.bucket.refilled == 0)
    out << "          the bucket never refilled: it adds " << r.bucket.refill_amount << " every "
        << span_text(interval, "wall") << " and the " << (r.completed() ? "whole run took " : "run failed after ")
        << span_text(r.wall, "wall")
        << ", so all of its training had one bucketful (" << r.bucket.capacity
        << " minutes beyond the time steps' limits), however long the backtest's dates\n";
  out << "run:      " << group_thousands(std::to_string(r.timeslices)) << " timeslices over " << r.trading_days
      << " trading days, about " << span_text(r.wall, "wall") << "\n";
  if (r.model) {
    const auto& m = *r.model;
    out << "model:    not ready for " << span_text(m.market_time_without_model, "market") << ", longest "
        << span_text(m.longest_without_model, "") << "; " << group_thousands(std::to_string(m.timeslices_while_training))
        << " timeslices arrived while training\n";
  }
  for (size_t i = 0; i < report.advice.lines.size(); ++i)
    out << (i ? "          " : "advice:   ") << report.advice.lines[i] << "\n";
}

}  // namespace trainsim
