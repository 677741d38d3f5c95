// report/summary.cpp — the human summary and the bucket sparkline.
#include "report/summary.h"

#include "report/report.h"

#include <algorithm>

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

void print_summary(std::ostream& out, const RunReport& report) {
  const Scenario& s = *report.scenario;
  const SimulationResult& r = report.result;
  const auto declared = declared_events(s.sim);
  out << "trainsim: " << (r.live ? "live" : "backtest") << " " << format_date(s.sim.start) << " .. "
      << format_date(s.sim.end) << " on ";
  for (size_t i = 0; i < s.subscriptions.size(); ++i)
    out << (i ? ", " : "") << s.subscriptions[i].spec.security.text() << " (" << to_string(s.subscriptions[i].spec.resolution)
        << ")";
  out << "\n";
  if (r.completed()) {
    out << "outcome:  COMPLETED\n";
  } else {
    const auto& f = *r.failure;
    out << "outcome:  FAILED at " << format_instant(f.algorithm_time, s.sim.zone) << " (wall minute "
        << format_minutes(f.wall) << ")"
        << (f.event >= 0 ? " during '" + declared[static_cast<size_t>(f.event)]->name + "'" : " in OnData") << "\n";
    out << "reason:   "
        << (f.reason == FailureReason::BucketRefused ? "the bucket refused a minute of training"
                                                     : "the time loop maximum was exceeded")
        << " (" << reason_name(f.reason) << ")\n";
    out << "          Runtime Error: " << f.message << "\n";
  }
  if (r.warm_up) {
    const bool stopped_in_it = r.failure && r.failure->algorithm_time < s.start;
    out << "warm-up:  from " << format_instant(r.warm_up->start, s.sim.zone) << ", " << r.warm_up->timeslices
        << " timeslices, " << r.warm_up->training_sessions << " training sessions, "
        << format_minutes(r.warm_up->wall) << " wall minutes"
        << (stopped_in_it ? "; the run stopped in the warm-up, before the start date" : "") << "\n";
  }
  out << "training: " << r.training_sessions << " sessions, " << format_minutes(r.training_time) << " minutes";
  if (r.runtime_calls) out << " (" << *r.runtime_calls << " Train calls made at run time)";
  out << "\n";
  out << "bucket:   charged " << r.bucket.charged << ", refilled " << r.bucket.refilled << ", minimum "
      << r.bucket.minimum << ", final " << r.bucket.final_level << " of " << r.bucket.capacity << "\n";
  out << "run:      " << r.timeslices << " timeslices over " << r.trading_days << " trading days, about "
      << format_minutes(r.wall) << " wall minutes";
  // format_minutes(x / 60) reads x in hours.
  if (r.wall >= 2 * kHour) out << " (" << format_minutes(r.wall / 60) << " hours)";
  out << "\n";
  if (r.model) {
    const auto& m = *r.model;
    out << "model:    not ready for " << group_thousands(format_minutes(m.market_time_without_model))
        << " market minutes, longest " << group_thousands(format_minutes(m.longest_without_model)) << " min; "
        << group_thousands(std::to_string(m.timeslices_while_training)) << " timeslices arrived while training\n";
  }
  for (size_t i = 0; i < report.advice.lines.size(); ++i)
    out << (i ? "          " : "advice:   ") << report.advice.lines[i] << "\n";
}

}  // namespace trainsim
