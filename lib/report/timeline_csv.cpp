// report/timeline_csv.cpp — the timeline rows as CSV, event names resolved from their indices.
#include "report/timeline_csv.h"

#include "output/output_file.h"
#include "report/sweep_csv.h"

namespace trainsim {

namespace {

constexpr const char* kHeader = "algorithm_time,wall_minutes,what,name,bucket\n";

std::string csv_row(const TimelineRow& r, const std::vector<const ScheduledEventSpec*>& declared, const TimeZone& zone) {
  const std::string name = r.event < 0 ? "on-data" : declared[static_cast<size_t>(r.event)]->name;
  return format_instant(r.algorithm_time, zone) + "," + format_minutes(r.wall) + "," + std::string(r.what) + "," +
         csv_field(name) + "," + std::to_string(r.bucket_level) + "\n";
}

}  // namespace

std::string timeline_csv(const RunReport& report) {
  const Scenario& s = *report.scenario;
  const auto declared = declared_events(s.sim);
  std::string text = kHeader;
  for (const TimelineRow& r : report.timeline) text += csv_row(r, declared, s.sim.zone);
  return text;
}

TimelineSink stream_timeline_csv(OutputFile& out, const Scenario& s) {
  out.write(kHeader);
  return [&out, &s, declared = declared_events(s.sim)](const TimelineRow& r) {
    out.write(csv_row(r, declared, s.sim.zone));
  };
}

}  // namespace trainsim
