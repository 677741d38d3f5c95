// report/report.h — the JSON report of a run (README.md#report---report), and writing outputs
// atomically. The summary, timeline CSV and HTML page are rendered from the
// same run elsewhere (report/summary.h, report/timeline_csv.h, html/).
#pragma once
#include "sim/scenario.h"
#include "sim/simulation_result.h"

#include <nlohmann/json_fwd.hpp>

#include <filesystem>
#include <optional>
#include <ostream>
#include <string>

namespace trainsim {

nlohmann::ordered_json report_json(const Scenario& s, const SimulationResult& r);

// "bucket-refused" or "time-loop", as failure.reason says it.
const char* reason_name(FailureReason reason);

// Writes `content` by output/output_file.h's rules (atomically for a
// regular file). Throws std::runtime_error.
void write_file_atomically(const std::filesystem::path& path, const std::string& content);

}  // namespace trainsim
