#include "report/calendar_report.h"

#include "calendar/timeslice_stream.h"
#include "report/report.h"
#include "sim/backtest.h"
#include "sim/event_list.h"
#include "sim/live.h"
#include "sim/run_record.h"

#include <algorithm>
#include <iomanip>
#include <optional>

namespace trainsim {
namespace {

std::string hhmm(Micros t) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02lld:%02lld", static_cast<long long>(t / kHour),
                static_cast<long long>((t / kMinute) % 60));
  return buf;
}

// Several subscriptions: each one's own bars (no benchmark, no fill-forward).
nlohmann::ordered_json securities_json(const Scenario& s) {
  nlohmann::ordered_json a = nlohmann::ordered_json::array();
  for (size_t i = 0; i < s.subscriptions.size(); ++i) {
    const Subscription& sub = s.subscriptions[i];
    std::int64_t bars = 0, days = 0;
    TimesliceStream stream(s.calendar_of(i));
    SliceRun r;
    Day last_day = INT32_MIN;
    while (stream.next(r)) {
      bars += r.count;
      if (r.day != last_day) ++days, last_day = r.day;
    }
    a.push_back({{"security", sub.spec.security.text()},
                 {"entry", sub.hours->key},
                 {"exchange-time-zone", sub.hours->exchange_zone.name()},
                 {"resolution", to_string(sub.spec.resolution)},
                 {"extended-market-hours", sub.spec.extended_market_hours},
                 {"trading-days", days},
                 {"bars", bars}});
  }
  return a;
}

}  // namespace

nlohmann::ordered_json calendar_json(const Scenario& s, const CalendarReportOptions& o) {
  nlohmann::ordered_json j;
  const ExchangeHours& h = s.primary_hours();
  const SubscriptionSpec& primary = s.subscriptions.front().spec;
  j["security"] = primary.security.text();
  j["entry"] = h.key;
  j["exchange-time-zone"] = h.exchange_zone.name();
  j["algorithm-time-zone"] = s.sim.zone.name();
  j["resolution"] = to_string(primary.resolution);
  j["extended-market-hours"] = primary.extended_market_hours;
  j["start"] = format_date(s.sim.start);
  j["end"] = format_date(s.sim.end);

  // Walk every slice once: counts, first and last.
  std::int64_t slices = 0, data_slices = 0;
  TradingDayCounter days;
  Instant first = 0, last = 0;
  TimesliceStream stream(s.calendar());
  SliceRun r;
  while (stream.next(r)) {
    if (slices == 0) first = r.first;
    last = r.last();
    slices += r.count;
    if (r.has_data) data_slices += r.count;
    days.see(r);
  }
  j["trading-days"] = days.days;
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
  if (s.subscriptions.size() > 1) j["securities"] = securities_json(s);

  if (o.events) {
    // When each occurrence fires: the mode says (a backtest at the next
    // timeslice, live mode by the clock).
    std::optional<BacktestFiringTimes> backtest;
    if (!s.lean.live_mode) backtest.emplace(s);
    auto fires_at = [&](Instant t) -> nlohmann::ordered_json {
      const Instant at = backtest ? backtest->fires_at(t) : live_fires_at(s, t);
      if (at == OccurrenceStream::kNever) return nullptr;  // never fires
      return format_instant(at, s.sim.zone);
    };
    EventList list(s);
    nlohmann::ordered_json events = nlohmann::ordered_json::array();
    for (auto& e : list.events()) {
      if (e.declared < 0) continue;
      nlohmann::ordered_json occurrences = nlohmann::ordered_json::array();
      for (Instant t = e.next(); t < s.end_exclusive && t != OccurrenceStream::kNever;
           e.occurrences.advance(), t = e.next())
        occurrences.push_back({{"scheduled", format_instant(t, s.sim.zone)}, {"fires", fires_at(t)}});
      events.push_back({{"name", e.name}, {"training", e.training}, {"occurrences", occurrences}});
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
  if (c.contains("securities")) {
    out << "securities:    " << c["securities"].size() << " (the calendar is the union of their bars and the benchmark's)\n";
    for (const auto& x : c["securities"])
      out << "    " << str(x["security"]) << " (entry " << str(x["entry"]) << ", " << str(x["exchange-time-zone"]) << ", "
          << str(x["resolution"]) << (x["extended-market-hours"].get<bool>() ? ", extended hours" : "") << "): "
          << x["trading-days"] << " trading days, " << x["bars"] << " bars\n";
  }
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
      out << "event '" << str(e["name"]) << "'" << (e["training"].get<bool>() ? " (training)" : "") << ": "
          << e["occurrences"].size() << " occurrences\n";
      for (const auto& oc : e["occurrences"]) {
        out << "    " << str(oc["scheduled"]);
        if (oc["fires"].is_null()) out << "  never fires (after the last timeslice)";
        else if (oc["fires"] != oc["scheduled"]) out << "  fires at " << str(oc["fires"]);
        out << "\n";
      }
    }
  }
}

}  // namespace trainsim
