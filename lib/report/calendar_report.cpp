// report/calendar_report.cpp — the calendar's summary (one walk over the
// timeslices) and the events listing, streamed as text or as JSON.
#include "report/calendar_report.h"

#include "calendar/timeslice_stream.h"
#include "report/report.h"
#include "sim/backtest.h"
#include "sim/event_list.h"
#include "sim/live.h"
#include "sim/run_record.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <iomanip>
#include <optional>
#include <string>
#include <nlohmann/json.hpp>

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

// The summary as text (the events listing follows it).
void print_summary(std::ostream& out, const nlohmann::ordered_json& c) {
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
}

// The events listing, produced by one loop for both formats: per event,
// begin(event, total), occurrence(scheduled, fires) for each listed one
// (fires: nullptr when it never fires), end(not_listed). Nothing is kept
// between occurrences, so memory does not grow with their number.
template <class Listing>
void produce_listing(const Scenario& s, std::size_t max_listed, Listing& w) {
  // When each occurrence fires: the mode says (a backtest at the next
  // timeslice, live mode by the clock).
  std::optional<BacktestFiringTimes> backtest;
  if (!s.lean.live_mode) backtest.emplace(s);
  // What `run` fires: a backtest fires what is due by its last timeslice,
  // which can come after the end date (a crypto daily bar arriving the next
  // evening), as LEAN's schedule runs to the end of time; live mode covers
  // the occurrences before 00:00 after the end date. Those before it that
  // come after the last timeslice are listed as never firing.
  auto listed_time = [&](Instant t) {
    return t != OccurrenceStream::kNever &&
           (t < s.end_exclusive || (backtest && backtest->fires_at(t) != OccurrenceStream::kNever));
  };
  EventList list(s);
  for (auto& e : list.events()) {
    if (e.declared < 0) continue;
    std::int64_t total = -1;
    if constexpr (Listing::kTotalFirst) {
      // Text prints the count before the list: count on a copy of the stream
      // (it holds one date's times, not all the occurrences).
      total = 0;
      for (OccurrenceStream c = e.occurrences; listed_time(c.peek()); c.advance()) ++total;
    }
    w.begin(e, total);
    std::size_t listed = 0;
    std::int64_t not_listed = 0;
    for (; listed_time(e.next()); e.occurrences.advance()) {
      if (listed == max_listed) {
        ++not_listed;
        continue;
      }
      ++listed;
      const Instant t = e.next();
      const Instant at = backtest ? backtest->fires_at(t) : live_fires_at(s, t);
      const std::string scheduled = format_instant(t, s.sim.zone);
      if (at == OccurrenceStream::kNever) {
        w.occurrence(scheduled, nullptr, false);
      } else {
        const std::string fires = format_instant(at, s.sim.zone);
        w.occurrence(scheduled, &fires, s.has_warm_up() && at <= s.start);
      }
    }
    w.end(not_listed);
  }
  // Train called at run time: dated calls as they would fire (a call at a
  // loop's own time fires in the next loop); the others depend on the run.
  const auto declared = declared_events(s.sim);
  for (const auto* spec : declared) {
    if (!spec->runtime_call()) continue;
    ScheduledEventState e;
    e.name = spec->name;
    e.training = true;
    const RuntimeTrigger& rt = spec->runtime;
    w.begin(e, rt.kind == RuntimeCall::Dates ? static_cast<std::int64_t>(rt.dates.size()) : 0);
    w.runtime(rt.kind == RuntimeCall::After ? "called after each occurrence of '" + rt.after + "'" +
                                                  (rt.probability < 1 ? " with probability " + nlohmann::json(rt.probability).dump() : "")
              : rt.kind == RuntimeCall::OnData ? "called from OnData, at most once a day, with probability " +
                                                     nlohmann::json(rt.probability).dump()
                                               : "called at the dates given");
    for (Instant t : rt.dates) {
      Instant at = OccurrenceStream::kNever;
      if (backtest) {
        at = backtest->fires_at(t);
        if (at == t) at = backtest->fires_at(t + 1);  // from that loop's OnData: the next loop
      } else if (t < s.end_exclusive) {
        at = t;
      }
      const std::string scheduled = format_instant(t, s.sim.zone);
      const std::string fires = at == OccurrenceStream::kNever ? "" : format_instant(at, s.sim.zone);
      w.occurrence(scheduled, at == OccurrenceStream::kNever ? nullptr : &fires, s.has_warm_up() && at <= s.start);
    }
    w.end(0);
  }
}

struct TextListing {
  static constexpr bool kTotalFirst = true;
  std::ostream& out;

  void begin(const ScheduledEventState& e, std::int64_t total) {
    out << "event '" << e.name << "'" << (e.training ? " (training)" : "") << ": " << total << " occurrences\n";
  }
  void runtime(const std::string& how) { out << "    (Train at run time: " << how << ")\n"; }
  void occurrence(const std::string& scheduled, const std::string* fires, bool warm_up) {
    out << "    " << scheduled;
    if (!fires) out << "  never fires (after the last timeslice)";
    else if (*fires != scheduled) out << "  fires at " << *fires;
    if (warm_up) out << "  (warm-up)";
    out << "\n";
  }
  void end(std::int64_t not_listed) {
    if (not_listed > 0) out << "    ... and " << not_listed << " more (calendar --events --all lists every one)\n";
  }
};

// `v.dump(2)` as it appears `indent` spaces deep inside a larger dump(2).
void dump_at(std::ostream& out, const nlohmann::ordered_json& v, std::size_t indent) {
  const std::string text = v.dump(2), pad(indent, ' ');
  out << pad;
  for (std::size_t from = 0;;) {
    const std::size_t nl = text.find('\n', from);
    if (nl == std::string::npos) {
      out.write(text.data() + from, static_cast<std::streamsize>(text.size() - from));
      return;
    }
    out.write(text.data() + from, static_cast<std::streamsize>(nl + 1 - from));
    out << pad;
    from = nl + 1;
  }
}

// The "events" array, written as dump(2) would write it inside the document
// (depth 1): separators by hand, each occurrence dumped by nlohmann.
struct JsonListing {
  static constexpr bool kTotalFirst = false;
  std::ostream& out;
  std::size_t events = 0, occurrences = 0;  // written so far: where separators go

  void begin(const ScheduledEventState& e, std::int64_t /*total: after the list, as not-listed*/) {
    out << (events++ ? ",\n" : "\n") << "    {\n      \"name\": " << nlohmann::ordered_json(e.name).dump()
        << ",\n      \"training\": " << (e.training ? "true" : "false");
    occurrences = 0;
    opened = false;
  }
  void runtime(const std::string& how) { out << ",\n      \"runtime\": " << nlohmann::ordered_json(how).dump(); }
  void open() {
    if (!opened) out << ",\n      \"occurrences\": [";
    opened = true;
  }
  void occurrence(const std::string& scheduled, const std::string* fires, bool warm_up) {
    open();
    out << (occurrences++ ? ",\n" : "\n");
    nlohmann::ordered_json o = {{"scheduled", scheduled}, {"fires", fires ? nlohmann::ordered_json(*fires) : nullptr}};
    if (warm_up) o["warm-up"] = true;
    dump_at(out, o, 8);
  }
  void end(std::int64_t not_listed) {
    open();
    out << (occurrences ? "\n      ]" : "]");
    if (not_listed > 0) out << ",\n      \"occurrences-not-listed\": " << not_listed;
    out << "\n    }";
  }
  bool opened = false;
};

}  // namespace

nlohmann::ordered_json calendar_json(const Scenario& s) {
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
  return j;
}

void write_calendar(std::ostream& out, const Scenario& s, const CalendarReportOptions& o) {
  const nlohmann::ordered_json c = calendar_json(s);
  if (o.format == CalendarFormat::Text) {
    print_summary(out, c);
    if (o.events) {
      TextListing w{out};
      produce_listing(s, o.max_listed, w);
    }
    return;
  }
  std::string head = c.dump(2);
  if (o.events) {
    // "events" is the document's last key: reopen it after the summary.
    head.resize(head.size() - 2);  // "\n}"
    out << head << ",\n  \"events\": [";
    JsonListing w{out};
    produce_listing(s, o.max_listed, w);
    out << (w.events ? "\n  ]" : "]") << "\n}\n";
  } else {
    out << head << "\n";
  }
}

}  // namespace trainsim
