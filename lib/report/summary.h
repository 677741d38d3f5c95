// report/summary.h — the few lines `run` prints for a human: outcome and
// reason, training, bucket, run length, live model readiness, advice, and on
// a terminal a one-line sparkline of the bucket level.
#pragma once
#include "report/run_report.h"

#include <ostream>
#include <string>

namespace trainsim {

// Numbers are rounded for reading (the JSON report keeps them exact); with
// `color`, the verdict is in colour (ANSI, for a terminal).
void print_summary(std::ostream& out, const RunReport& report, bool color = false);

// A span for people: minutes to 0.1 below two hours, then hours, days and
// years ("127.4 wall minutes", "2.1 wall hours", "4.5 wall years"); `kind`
// goes before the unit ("wall", or "" for none).
std::string span_text(Micros span, const std::string& kind);
// "Mon 2024-01-22 09:31" in `zone` (seconds when not whole minutes).
std::string moment_text(Instant t, const TimeZone& zone);
// The record of the failing event's last run, if listed; null for a
// completed run or a failure in OnData.
const EventRecord* failing_record(const SimulationResult& r);
// When the failing event fired and, when it differs, when it was scheduled:
// "'weekly', scheduled Sun 2024-01-21 08:00, fired Mon 2024-01-22 09:31 at
// the first timeslice after it"; empty when no event failed.
std::string failing_event_when(const RunReport& report);

// The bucket level over the run's wall time in `width` characters (block
// elements, the lowest level in each column; empty = 0, full = capacity).
// Built from the recorded events (the level between them is held, so a
// refill shows at the next event).
std::string bucket_sparkline(const RunReport& report, int width);

// 7550 -> "7,550": whole numbers for people.
std::string group_thousands(const std::string& digits);

}  // namespace trainsim
