// report/report.h — the JSON report of a run (README.md#report---report). The
// summary, timeline CSV and HTML page are rendered from the
// same run elsewhere (report/summary.h, report/timeline_csv.h, html/).
#pragma once
#include "sim/scenario.h"
#include "sim/simulation_result.h"

#include <nlohmann/json_fwd.hpp>

#include <optional>
#include <ostream>
#include <string>

namespace trainsim {

nlohmann::ordered_json report_json(const Scenario& s, const SimulationResult& r);

// "bucket-refused" or "time-loop", as failure.reason says it.
const char* reason_name(FailureReason reason);

}  // namespace trainsim
