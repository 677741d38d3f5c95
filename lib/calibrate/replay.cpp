// calibrate/replay.cpp — the log's run replayed, and the verdict.
#include "calibrate/replay.h"

#include "cost/duration.h"
#include "input/input_error.h"
#include "text/number_text.h"

#include <cmath>
#include <cstdio>
#include <memory>

namespace trainsim::calibrate {
namespace {

Micros to_micros(double seconds) {
  const double us = std::round(seconds * 1e6);
  return us < static_cast<double>(kMaxDuration) ? static_cast<Micros>(us) : kMaxDuration;
}

// "2024-02-04 08:00:00" to an instant in `zone`; nullopt when malformed.
std::optional<Instant> parse_ui_time(const std::string& text, const TimeZone& zone) {
  if (text.size() != 19) return std::nullopt;
  const auto day = parse_date(text.substr(0, 10));
  if (!day) return std::nullopt;
  int h = 0, m = 0, sec = 0;
  if (std::sscanf(text.c_str() + 11, "%2d:%2d:%2d", &h, &m, &sec) != 3) return std::nullopt;
  return zone.to_utc(*day, h * kHour + m * kMinute + sec * kSecond);
}

// The message without its last sentence (the elapsed time, which depends on when LEAN polled).
std::string without_elapsed(const std::string& m) {
  const auto p = m.find(" CurrentTimeStepElapsed: ");
  return p == std::string::npos ? m : m.substr(0, p);
}

double elapsed_minutes(const std::string& m) {
  const auto p = m.find("CurrentTimeStepElapsed: ");
  return p == std::string::npos ? 0 : std::atof(m.c_str() + p + 24);
}


}  // namespace

std::string lean_ui_time(Instant t, const TimeZone& zone) {
  const LocalTime l = zone.to_local(t);
  const Micros s = l.time_of_day / kSecond;
  char buf[16];
  std::snprintf(buf, sizeof buf, " %02d:%02d:%02d", static_cast<int>(s / 3600), static_cast<int>(s / 60 % 60),
                static_cast<int>(s % 60));
  return format_date(l.day) + buf;
}

std::vector<std::string> apply_evidence(Scenario& s, const LogEvidence& e, const std::string& log) {
  std::vector<std::string> notes;
  for (const auto& [name, m] : e.methods) {
    if (m.seconds.empty()) continue;
    auto trace = std::make_shared<std::vector<Micros>>();
    for (double sec : m.seconds) trace->push_back(to_micros(sec));
    if (e.failure) trace->push_back(kMaxDuration);
    DurationSpec spec;
    spec.kind = DurationSpec::Kind::Trace;
    spec.trace = trace;
    spec.trace_path = log + " (" + name + ")";
    int used = 0;
    for (auto& ev : s.sim.events)
      if (ev.method == name || (ev.method.empty() && ev.name == name)) {
        ev.duration = spec;
        ev.duration_missing = false;
        ++used;
      }
    notes.push_back(used ? "method " + name + ": the " + std::to_string(m.seconds.size()) + " measured durations, in order" +
                               (e.failure ? ", then one cut short by the failure" : "")
                         : "method " + name + ": measured in the log, but no event of the config runs it");
  }
  if (const auto c = e.probe_on_data_cost()) {
    s.sim.on_data = DurationSpec::constant(to_micros(*c));
    notes.push_back("OnData: " + format_duration(s.sim.on_data.a) + " per timeslice (probe)");
  } else if (const auto est = e.estimated_on_data_cost()) {
    s.sim.on_data = DurationSpec::constant(to_micros(*est));
    notes.push_back("OnData: " + format_duration(s.sim.on_data.a) + " per timeslice (an estimate from LEAN's end-of-run line)");
  }
  if (e.quota) {
    s.lean.capacity = e.quota->capacity;
    s.lean.refill_amount = e.quota->refill_amount;
    s.lean.interval_minutes = e.quota->interval_minutes;
    notes.push_back("quota: capacity " + std::to_string(e.quota->capacity) + ", refill " +
                    std::to_string(e.quota->refill_amount) + " every " + std::to_string(e.quota->interval_minutes) +
                    " min (the log's)");
  } else {
    notes.push_back("quota: the config's (the log has no LeakyBucket line)");
  }
  if (e.failure && e.failure->loop_maximum_minutes > 0) {
    s.lean.loop_maximum_minutes = e.failure->loop_maximum_minutes;
    notes.push_back("loop maximum: " + fixed_decimals(e.failure->loop_maximum_minutes, 1) + " min (the failure message's)");
  }
  if (e.live && !s.lean.live_mode) {
    s.lean.live_mode = true;
    notes.push_back("live mode (the log is a live run's)");
  }
  std::string missing;
  for (const auto& ev : s.sim.events)
    if (ev.training && ev.duration_missing) missing += (missing.empty() ? "" : ", ") + ev.name;
  if (!missing.empty())
    fail_input(log, "", "no measured durations for training " + missing +
                             ": the log has no trainsim-probe lines for it, and the config gives no duration");
  return notes;
}

CheckResult compare_with_log(const Scenario& s, const SimulationResult& r, const LogEvidence& e) {
  CheckResult out;
  auto differ = [&](const std::string& line) {
    out.matches = false;
    out.lines.push_back("differs: " + line);
  };
  const bool lean_failed = e.failure.has_value();
  const std::string lean_outcome = lean_failed ? "failed" : "completed";
  const std::string sim_outcome = r.failure ? "failed" : "completed";
  if (lean_outcome != sim_outcome) {
    differ("outcome: LEAN " + lean_outcome +
           (lean_failed && !e.failure->algorithm_time.empty() ? " at " + e.failure->algorithm_time : "") +
           ", trainsim " + sim_outcome +
           (r.failure ? " at " + lean_ui_time(r.failure->algorithm_time, s.sim.zone) : ""));
    return out;
  }
  out.lines.push_back("outcome: " + lean_outcome + " in both");
  if (!lean_failed) return out;

  const Failure& f = *r.failure;
  const Micros tolerance = s.lean.live_mode ? kLivePollTolerance : kBacktestPollTolerance;
  if (!e.failure->algorithm_time.empty()) {
    const auto lean_at = parse_ui_time(e.failure->algorithm_time, s.sim.zone);
    // LEAN prints whole seconds: its instant is in [t, t + 1 s).
    const Micros sim_at = f.algorithm_time;
    const bool close = lean_at && sim_at <= *lean_at + kSecond && *lean_at <= sim_at + tolerance;
    const std::string both =
        "LEAN " + e.failure->algorithm_time + ", trainsim " + lean_ui_time(sim_at, s.sim.zone);
    if (!close) {
      differ("failure time: " + both + " (tolerance: LEAN's poll, " + fixed_decimals(tolerance / 1e6, 1) + " s)");
      return out;
    }
    out.lines.push_back("failure time: " + both);
  } else {
    out.lines.push_back("failure time: not in the log (no algorithm time before 'Runtime Error'); not compared");
  }
  if (without_elapsed(e.failure->message) != without_elapsed(f.message)) {
    differ("message: LEAN \"" + e.failure->message + "\", trainsim \"" + f.message + "\"");
    return out;
  }
  // The elapsed time: printed to 0.1 min, and later in LEAN by up to a poll.
  const double lean_el = e.failure->elapsed_minutes, sim_el = elapsed_minutes(f.message);
  if (!(lean_el >= sim_el - 0.1 - 1e-9 && lean_el <= sim_el + 0.1 + tolerance / 6e7 + 1e-9)) {
    differ("elapsed: LEAN " + fixed_decimals(lean_el, 1) + " min, trainsim " + fixed_decimals(sim_el, 1) + " min");
    return out;
  }
  out.lines.push_back("message: " + f.message);
  return out;
}

}  // namespace trainsim::calibrate
