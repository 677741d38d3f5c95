// report/summary.h — the few lines `run` prints for a human: outcome and
// reason, training, bucket, run length, live model readiness, advice, and on
// a terminal a one-line sparkline of the bucket level.
#pragma once
#include "report/run_report.h"

#include <ostream>
#include <string>

namespace trainsim {

void print_summary(std::ostream& out, const RunReport& report);

// The bucket level over the run's wall time in `width` characters (block
// elements, the lowest level in each column; empty = 0, full = capacity).
// Built from the recorded events (the level between them is held, so a
// refill shows at the next event).
std::string bucket_sparkline(const RunReport& report, int width);

// 7550 -> "7,550": whole numbers for people.
std::string group_thousands(const std::string& digits);

}  // namespace trainsim
