// report/calendar_report.h — `trainsim calendar`: the timeslice calendar of
// a scenario (trading days, counts, holidays, early closes, late opens) and,
// on request, when each configured event fires.
#pragma once
#include "sim/scenario.h"

#include <nlohmann/json.hpp>

#include <ostream>

namespace trainsim {

struct CalendarReportOptions {
  bool events = false;  // list every firing of every configured event
};

nlohmann::ordered_json calendar_json(const Scenario& s, const CalendarReportOptions& o);
void print_calendar(std::ostream& out, const nlohmann::ordered_json& calendar);

}  // namespace trainsim
