// report/timeline_csv.h — the --timeline CSV: one row per event start and
// end, bucket change and failure (algorithm_time, wall_minutes, what, name, bucket).
#pragma once
#include "report/run_report.h"

#include <string>

namespace trainsim {

std::string timeline_csv(const RunReport& report);

class OutputFile;
// The same CSV written to `out` row by row as the run produces it, so memory
// stays flat however many rows there are (`out` and `s` outlive the run).
TimelineSink stream_timeline_csv(OutputFile& out, const Scenario& s);

}  // namespace trainsim
