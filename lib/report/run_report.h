// report/run_report.h — the one value a run's outputs are rendered from: the
// JSON report (report.h), the summary (summary.h), the timeline CSV
// (timeline_csv.h) and the HTML page (html/). A new output reads this; a new
// figure of the run is added here once.
#pragma once
#include "advice/advice.h"
#include "sim/scenario.h"
#include "sim/simulation_result.h"
#include "sim/timeline.h"

#include <string>
#include <vector>

namespace trainsim {

struct RunReport {
  const Scenario* scenario = nullptr;  // outlives the report
  SimulationResult result;
  Advice advice;                       // empty for a completed run
  std::vector<TimelineRow> timeline;   // recorded when an output needs it (--timeline, --html)
  std::vector<std::string> explanation;  // the run's story (explain/), when asked for (--explain)
};

// A sink appending rows to `rows` (which must outlive the run).
inline TimelineSink record_timeline(std::vector<TimelineRow>& rows) {
  return [&rows](const TimelineRow& r) { rows.push_back(r); };
}

}  // namespace trainsim
