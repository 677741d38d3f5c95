// report/report.h — the JSON report of a run (README.md#report---report). The
// summary, timeline CSV and HTML page are rendered from the
// same run elsewhere (report/summary.h, report/timeline_csv.h, html/).
#pragma once
#include "sim/scenario.h"
#include "sim/simulation_result.h"

#include <nlohmann/json_fwd.hpp>

#include <cstddef>
#include <limits>
#include <optional>
#include <ostream>
#include <string>

namespace trainsim {

class JsonWriter;  // report/json_writer.h

// The run's figures (outcome, mode, failure, ..., events) as members of the
// object `w` has open; the events array lists the first `max_events`.
void write_report_members(JsonWriter& w, const Scenario& s, const SimulationResult& r,
                          std::size_t max_events = std::numeric_limits<std::size_t>::max());

// The same figures as a tree (read back from their text), for code that
// looks values up.
nlohmann::ordered_json report_json(const Scenario& s, const SimulationResult& r);

// "bucket-refused" or "time-loop", as failure.reason says it.
const char* reason_name(FailureReason reason);

}  // namespace trainsim
