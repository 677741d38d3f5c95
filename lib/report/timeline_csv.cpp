// report/timeline_csv.cpp — the timeline rows as CSV, event names resolved from their indices.
#include "report/timeline_csv.h"

#include "sweep/results_csv.h"

namespace trainsim {

std::string timeline_csv(const RunReport& report) {
  const Scenario& s = *report.scenario;
  const auto declared = declared_events(s.sim);
  std::string text = "algorithm_time,wall_minutes,what,name,bucket\n";
  for (const TimelineRow& r : report.timeline) {
    const std::string name = r.event < 0 ? "on-data" : declared[static_cast<size_t>(r.event)]->name;
    text += format_instant(r.algorithm_time, s.sim.zone) + "," + format_minutes(r.wall) + "," + std::string(r.what) +
            "," + csv_field(name) + "," + std::to_string(r.bucket_level) + "\n";
  }
  return text;
}

}  // namespace trainsim
