// report/calendar_report.h — `trainsim calendar`: the timeslice calendar of
// a scenario (trading days, counts, holidays, early closes, late opens) and,
// on request, when each configured event fires.
#pragma once
#include "sim/scenario.h"

#include <nlohmann/json_fwd.hpp>

#include <cstddef>
#include <ostream>

namespace trainsim {

// `calendar --events` lists at most this many occurrences per event unless
// asked for all (README "Limits and hardening"); the rest are counted.
inline constexpr std::size_t kListedOccurrences = 1000;

enum class CalendarFormat { Text, Json };

struct CalendarReportOptions {
  bool events = false;  // list the firings of every configured event
  std::size_t max_listed = kListedOccurrences;  // per event; SIZE_MAX: every one
  CalendarFormat format = CalendarFormat::Text;
};

// The calendar without the events listing: small whatever the schedule.
nlohmann::ordered_json calendar_json(const Scenario& s);

// Writes the calendar (and, with o.events, the listing) to `out`. The listing
// is written as each occurrence is produced, never held, so memory stays flat
// however many occurrences there are; the JSON is what dump(2) of the whole
// document would be, byte for byte.
void write_calendar(std::ostream& out, const Scenario& s, const CalendarReportOptions& o);

}  // namespace trainsim
