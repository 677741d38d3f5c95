#include "report/calendar_report.h"

#include "calendar/timeslice_stream.h"
#include "report/report.h"
#include "sim/event_list.h"

#include <algorithm>
#include <iomanip>

namespace trainsim {
namespace {

std::string hhmm(Micros t) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02lld:%02lld", static_cast<long long>(t / kHour),
                static_cast<long long>((t / kMinute) % 60));
  return buf;
}

}  // namespace

nlohmann::ordered_json calendar_json(const Scenario& s, const CalendarReportOptions& o) {
  nlohmann::ordered_json j;
  const ExchangeHours& h = *s.security_hours;
  j["security"] = s.sim.security.text();
  j["entry"] = h.key;
  j["exchange-time-zone"] = h.exchange_zone.name();
  j["algorithm-time-zone"] = s.sim.zone.name();
  j["resolution"] = to_string(s.sim.resolution);
  j["extended-market-hours"] = s.sim.extended_market_hours;
  j["start"] = format_date(s.sim.start);
  j["end"] = format_date(s.sim.end);

  // Walk every slice once: counts, first and last, and event firing times.
  std::int64_t slices = 0, data_slices = 0, days = 0;
  Day last_day = INT32_MIN;
  Instant first = 0, last = 0;
  std::vector<Instant> slice_starts;  // first instant of each run, for firing lookups
  std::vector<SliceRun> runs;
  TimesliceStream stream(s.calendar());
  SliceRun r;
  while (stream.next(r)) {
    if (slices == 0) first = r.first;
    last = r.last();
    slices += r.count;
    if (r.has_data) {
      data_slices += r.count;
      if (r.day != last_day) {
        ++days;
        last_day = r.day;
      }
    }
    if (o.events) runs.push_back(r);
  }
  j["trading-days"] = days;
  j["timeslices"] = slices;
  j["data-timeslices"] = data_slices;
  j["first-timeslice"] = slices ? nlohmann::ordered_json(format_instant(first, s.sim.zone)) : nullptr;
  j["last-timeslice"] = slices ? nlohmann::ordered_json(format_instant(last, s.sim.zone)) : nullptr;

  nlohmann::ordered_json holidays = nlohmann::ordered_json::array(), early = nlohmann::ordered_json::array(),
                         late = nlohmann::ordered_json::array();
  for (Day d : h.holidays)
    if (d >= s.sim.start && d <= s.sim.end) holidays.push_back(format_date(d));
  for (const auto& [d, t] : h.early_closes)
    if (d >= s.sim.start && d <= s.sim.end) early.push_back({{"date", format_date(d)}, {"close", hhmm(t)}});
  for (const auto& [d, t] : h.late_opens)
    if (d >= s.sim.start && d <= s.sim.end) late.push_back({{"date", format_date(d)}, {"open", hhmm(t)}});
  j["holidays"] = holidays;
  j["early-closes"] = early;
  j["late-opens"] = late;

  if (o.events) {
    // When each occurrence runs in a backtest: the first slice at or after it.
    auto fires_at = [&](Instant t) -> nlohmann::ordered_json {
      auto it = std::lower_bound(runs.begin(), runs.end(), t,
                                 [](const SliceRun& run, Instant v) { return run.last() < v; });
      if (it == runs.end()) return nullptr;  // after the last slice: never fires
      const Instant at = t <= it->first ? it->first : it->first + (t - it->first + it->step - 1) / it->step * it->step;
      return format_instant(at, s.sim.zone);
    };
    EventList list(s);
    nlohmann::ordered_json events = nlohmann::ordered_json::array();
    for (auto& e : list.events()) {
      if (e.declared < 0) continue;
      nlohmann::ordered_json occurrences = nlohmann::ordered_json::array();
      std::int64_t not_listed = 0;
      for (Instant t = e.next(); t < s.end_exclusive && t != OccurrenceStream::kNever;
           e.occurrences.advance(), t = e.next()) {
        if (occurrences.size() < o.max_listed)
          occurrences.push_back({{"scheduled", format_instant(t, s.sim.zone)}, {"fires", fires_at(t)}});
        else
          ++not_listed;  // counted, not kept: memory stays bounded
      }
      nlohmann::ordered_json ev = {{"name", e.name}, {"training", e.training}, {"occurrences", occurrences}};
      if (not_listed > 0) ev["occurrences-not-listed"] = not_listed;
      events.push_back(std::move(ev));
    }
    j["events"] = events;
  }
  return j;
}

void print_calendar(std::ostream& out, const nlohmann::ordered_json& c) {
  auto str = [](const nlohmann::ordered_json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); };
  out << "security:      " << str(c["security"]) << " (entry " << str(c["entry"]) << ", exchange zone "
      << str(c["exchange-time-zone"]) << ")\n";
  out << "range:         " << str(c["start"]) << " .. " << str(c["end"]) << " in " << str(c["algorithm-time-zone"])
      << ", " << str(c["resolution"]) << (c["extended-market-hours"].get<bool>() ? ", extended hours" : "") << "\n";
  out << "trading days:  " << c["trading-days"] << "\n";
  out << "timeslices:    " << c["timeslices"] << " (" << c["data-timeslices"] << " with data)\n";
  out << "first / last:  " << str(c["first-timeslice"]) << " / " << str(c["last-timeslice"]) << "\n";
  auto list = [&](const char* title, const nlohmann::ordered_json& a, const char* field) {
    out << title << a.size();
    for (size_t i = 0; i < a.size(); ++i) {
      out << (i % 6 == 0 ? "\n    " : "  ");
      if (field) out << str(a[i]["date"]) << " " << str(a[i][field]);
      else out << str(a[i]);
    }
    out << "\n";
  };
  list("holidays:      ", c["holidays"], nullptr);
  list("early closes:  ", c["early-closes"], "close");
  list("late opens:    ", c["late-opens"], "open");
  if (c.contains("events")) {
    for (const auto& e : c["events"]) {
      const std::int64_t more = e.contains("occurrences-not-listed") ? e["occurrences-not-listed"].get<std::int64_t>() : 0;
      out << "event '" << str(e["name"]) << "'" << (e["training"].get<bool>() ? " (training)" : "") << ": "
          << static_cast<std::int64_t>(e["occurrences"].size()) + more << " occurrences\n";
      for (const auto& oc : e["occurrences"]) {
        out << "    " << str(oc["scheduled"]);
        if (oc["fires"].is_null()) out << "  never fires (after the last timeslice)";
        else if (oc["fires"] != oc["scheduled"]) out << "  fires at " << str(oc["fires"]);
        out << "\n";
      }
      if (more > 0) out << "    ... and " << more << " more (calendar --events --all lists every one)\n";
    }
  }
}

}  // namespace trainsim
