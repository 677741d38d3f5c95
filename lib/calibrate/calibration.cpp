// calibrate/calibration.cpp — fits, choices, the config block and the summary.
#include "calibrate/calibration.h"

#include "input/input_error.h"
#include "input/json_text.h"
#include "text/number_text.h"

#include <cctype>
#include <cmath>
#include <cstdio>

namespace trainsim::calibrate {

Calibration calibrate(const LogEvidence& evidence) {
  Calibration c;
  c.evidence = &evidence;
  for (const auto& [name, m] : evidence.methods) {
    MethodCalibration mc;
    mc.name = name;
    mc.seconds = m.seconds;
    mc.not_kept = m.not_kept;
    mc.fit = fit_lognormal(m.seconds);
    mc.use_trace = mc.fit.weak;
    if (mc.use_trace) mc.trace_file = trace_file_name(name);
    c.methods.push_back(std::move(mc));
  }
  if (const auto p = evidence.probe_on_data_cost()) {
    c.on_data_seconds = *p;
  } else if (const auto e = evidence.estimated_on_data_cost()) {
    c.on_data_seconds = *e;
    c.on_data_estimated = true;
  }
  return c;
}

std::string trace_file_name(const std::string& method) {
  std::string safe;
  for (char ch : method) safe += (std::isalnum(static_cast<unsigned char>(ch)) || ch == '_' || ch == '-') ? ch : '_';
  return "trainsim-durations/" + safe + ".csv";
}

std::string seconds_text(double seconds) {
  const long long us = std::llround(seconds * 1e6);
  if (us % 1000 != 0) return std::to_string(us) + "us";
  if (us % 1'000'000 != 0) return std::to_string(us / 1000) + "ms";
  return std::to_string(us / 1'000'000) + "s";
}

std::string trace_csv(const std::vector<double>& seconds) {
  std::string out;
  for (double s : seconds) out += seconds_text(s) + "\n";
  return out;
}

nlohmann::ordered_json calibration_block(const Calibration& c) {
  nlohmann::ordered_json block = nlohmann::ordered_json::object();
  if (!c.methods.empty()) {
    nlohmann::ordered_json methods = nlohmann::ordered_json::object();
    for (const auto& m : c.methods) {
      nlohmann::ordered_json d;
      if (m.use_trace) {
        d = {{"trace", m.trace_file}};
      } else {
        // sigma to 4 significant figures: more than the sample can support.
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.4g", m.fit.sigma);
        // The median to the millisecond: far below its sampling error.
        d = {{"lognormal", {{"median", seconds_text(std::round(m.fit.median_seconds * 1e3) / 1e3)}, {"sigma", std::stod(buf)}}}};
      }
      methods[m.name] = {{"duration", d}};
    }
    block["methods"] = methods;
  }
  if (c.on_data_seconds) block["on-data"] = {{"cost", seconds_text(*c.on_data_seconds)}};
  return block;
}

std::string merge_into_project_config(const std::string& project_text, const std::string& file,
                                      const nlohmann::ordered_json& block) {
  nlohmann::ordered_json root = nlohmann::ordered_json::object();
  if (!project_text.empty()) {
    root = nlohmann::ordered_json(parse_json_text(project_text, file));
    if (!root.is_object()) fail_input(file, "", "expected a JSON object (a Lean CLI project's config.json)");
  }
  if (root.contains("trainsim") && !root["trainsim"].is_object())
    fail_input(file, "trainsim", "expected an object of simulation keys; not changed");
  auto& t = root["trainsim"];
  if (t.is_null()) t = nlohmann::ordered_json::object();
  if (block.contains("methods")) {
    auto& m = t["methods"];
    if (!m.is_object()) m = nlohmann::ordered_json::object();
    for (const auto& [name, v] : block["methods"].items()) {
      auto& entry = m[name];
      if (!entry.is_object()) entry = nlohmann::ordered_json::object();
      entry["duration"] = v["duration"];  // its growth, if any, stays
    }
  }
  if (block.contains("on-data")) t["on-data"] = block["on-data"];
  return root.dump(4) + "\n";
}


std::string calibration_text(const Calibration& c) {
  std::string out;
  const LogEvidence& e = *c.evidence;
  out += "logs: " + std::to_string(e.sources.size()) + " (" + std::to_string(e.lines) + " lines, " +
         std::to_string(e.probe_lines) + " probe lines)" + (e.live ? ", live" : "") +
         (e.language.empty() ? "" : ", " + e.language) + "\n";
  if (e.quota)
    out += "quota in force: capacity " + std::to_string(e.quota->capacity) + " min, refill " +
           std::to_string(e.quota->refill_amount) + " min every " + std::to_string(e.quota->interval_minutes) + " min\n";
  if (e.failure)
    out += "failed" + (e.failure->algorithm_time.empty() ? std::string() : " at " + e.failure->algorithm_time) + ": " +
           e.failure->message + "\n";
  else if (e.run_seconds)
    out += "completed in " + fixed_decimals(*e.run_seconds, 2) + " s, " + std::to_string(e.data_points.value_or(0)) +
           " data points\n";
  for (const auto& m : c.methods) {
    const LogNormalFit& f = m.fit;
    out += "method " + m.name + ": " + std::to_string(f.n) + " samples";
    if (m.not_kept) out += " (+" + std::to_string(m.not_kept) + " not kept)";
    out += ", " + fixed_decimals(f.min_seconds, 1) + "-" + fixed_decimals(f.max_seconds, 1) + " s, mean " + fixed_decimals(f.mean_seconds, 1) + " s\n";
    if (f.sigma > 0 || f.median_seconds > 0)
      out += "  lognormal: median " + fixed_decimals(f.median_seconds, 1) + " s, sigma " + fixed_decimals(f.sigma, 4) + " (+/- " +
             fixed_decimals(f.sigma_stderr, 4) + "); Kolmogorov-Smirnov D " + fixed_decimals(f.ks_distance, 4) + ", p " +
             fixed_decimals(f.ks_p_value, 3) + "\n";
    out += m.use_trace ? "  uses the measured trace (" + m.trace_file + "): " + f.why_weak + "\n"
                       : "  uses the lognormal\n";
  }
  if (c.methods.empty()) out += "no trainsim-probe method lines: add the probe (`trainsim probe`) to time training\n";
  if (c.on_data_seconds)
    out += "OnData: " + seconds_text(*c.on_data_seconds) + " per timeslice" +
           (c.on_data_estimated ? " (an estimate: LEAN's run seconds less probed training, per data point)"
                                : " (probe: " + std::to_string(e.on_data_slices) + " timeslices over " +
                                      std::to_string(e.on_data_days) + " days)") +
           "\n";
  else
    out += "OnData: not measured (no probe on-data lines, no end-of-run line)\n";
  return out;
}

std::optional<std::string> on_data_unset_warning(const nlohmann::json& effective) {
  const auto sim = effective.find("simulation");
  if (sim != effective.end() && sim->is_object() && sim->contains("on-data")) return std::nullopt;
  return std::string(kOnDataUnsetWarning);
}

}  // namespace trainsim::calibrate
