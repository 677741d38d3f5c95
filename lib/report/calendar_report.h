// report/calendar_report.h — `trainsim calendar`: the timeslice calendar of
// a scenario (trading days, counts, holidays, early closes, late opens) and,
// on request, when each configured event fires.
#pragma once
#include "sim/scenario.h"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <ostream>

namespace trainsim {

// `calendar --events` lists at most this many occurrences per event unless
// asked for all (README "Limits and hardening"); the rest are counted.
inline constexpr std::size_t kListedOccurrences = 1000;

struct CalendarReportOptions {
  bool events = false;  // list the firings of every configured event
  std::size_t max_listed = kListedOccurrences;  // per event; SIZE_MAX: every one
};

nlohmann::ordered_json calendar_json(const Scenario& s, const CalendarReportOptions& o);
void print_calendar(std::ostream& out, const nlohmann::ordered_json& calendar);

}  // namespace trainsim
