// calibrate/calibration.h — from the evidence in LEAN logs to trainsim
// durations: each method's fit and the choice between the lognormal and the
// measured trace, OnData's cost per timeslice, and the project config's
// `trainsim` block that carries them.
#pragma once
#include "calibrate/fit.h"
#include "calibrate/log_evidence.h"

#include <nlohmann/json_fwd.hpp>

#include <optional>
#include <string>
#include <vector>

namespace trainsim::calibrate {

struct MethodCalibration {
  std::string name;
  std::vector<double> seconds;  // as measured, in log order
  std::int64_t not_kept = 0;
  LogNormalFit fit;
  bool use_trace = false;       // the fit is weak: replay the measured durations
  std::string trace_file;       // relative to the project (set by the caller when use_trace)
};

struct Calibration {
  std::vector<MethodCalibration> methods;
  std::optional<double> on_data_seconds;  // per timeslice
  bool on_data_estimated = false;         // from LEAN's end-of-run line, not the probe
  const LogEvidence* evidence = nullptr;
};

Calibration calibrate(const LogEvidence& evidence);

// "fit" -> "trainsim-durations/fit.csv": where a method's trace is written.
std::string trace_file_name(const std::string& method);
// One duration per line ("612.4s"), as cost/duration.h reads traces.
std::string trace_csv(const std::vector<double>& seconds);
// Seconds as a duration string trainsim reads, to the microsecond ("612.4s", "1.25ms").
std::string seconds_text(double seconds);

// The `trainsim` block: {"methods": {NAME: {"duration": ...}}, "on-data": {"cost": ...}}.
nlohmann::ordered_json calibration_block(const Calibration& c);
// `project_text` (a project's config.json, "" when absent) with the block
// merged under its `trainsim` key: methods by name, on-data replaced, every
// other key as it was. Throws InputError naming `file` when it is not a JSON object.
std::string merge_into_project_config(const std::string& project_text, const std::string& file,
                                      const nlohmann::ordered_json& block);

// The human summary: per method n, median, sigma, KS, the choice; OnData.
std::string calibration_text(const Calibration& c);

// The warning for a run whose OnData cost is 0.
inline constexpr const char* kOnDataUnsetWarning =
    "OnData cost is 0: wall time, and the refills that depend on it, are underestimated; measure it with "
    "`trainsim probe`";

// kOnDataUnsetWarning when the effective config sets no `simulation.on-data`
// (an explicit cost, even 0, is the user's choice).
std::optional<std::string> on_data_unset_warning(const nlohmann::json& effective);

}  // namespace trainsim::calibrate
