// report/timeline_csv.h — the --timeline CSV: one row per event start and
// end, bucket change and failure (algorithm_time, wall_minutes, what, name, bucket).
#pragma once
#include "report/run_report.h"

#include <string>

namespace trainsim {

std::string timeline_csv(const RunReport& report);

}  // namespace trainsim
