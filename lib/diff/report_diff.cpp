// diff/report_diff.cpp — verdict, figures, then events per name.
#include "diff/report_diff.h"

#include "input/input_error.h"
#include "text/number_text.h"

#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <nlohmann/json.hpp>

namespace trainsim {
namespace {

using nlohmann::json;

std::string text(const json& v) {
  if (v.is_null()) return "none";
  if (v.is_string()) return v.get<std::string>();
  return v.dump();
}

const json& at(const json& j, const std::string& pointer) {
  static const json null;
  const json::json_pointer p(pointer);
  return j.contains(p) ? j.at(p) : null;
}

struct EventTotals {
  std::int64_t runs = 0, charged = 0;
  double minutes = 0;
};

std::map<std::string, EventTotals> by_name(const json& events) {
  std::map<std::string, EventTotals> out;
  if (!events.is_array()) return out;
  for (const auto& e : events) {
    auto& t = out[e.value("name", std::string("?"))];
    ++t.runs;
    t.charged += e.value("charged", std::int64_t{0});
    t.minutes += e.value("minutes", 0.0);
  }
  return out;
}

}  // namespace

void check_run_report(const json& report, const std::string& file) {
  if (!report.is_object() || !report.contains("outcome"))
    fail_input(file, "", "not a trainsim run report (no \"outcome\")");
  const json& events = at(report, "/events");
  if (events.is_null()) return;
  if (!events.is_array()) fail_input(file, "events", "expected a list of events, got " + std::string(events.type_name()));
  for (size_t i = 0; i < events.size(); ++i) {
    const json& e = events[i];
    const std::string key = "events[" + std::to_string(i) + "]";
    if (!e.is_object()) fail_input(file, key, "expected an event object, got " + std::string(e.type_name()));
    auto expect = [&](const char* name, bool ok, const char* what) {
      if (e.contains(name) && !ok)
        fail_input(file, key + "." + name, std::string("expected ") + what + ", got " + e.at(name).type_name());
    };
    expect("name", e.contains("name") && e.at("name").is_string(), "a string");
    expect("scheduled", e.contains("scheduled") && e.at("scheduled").is_string(), "a string");
    expect("charged", e.contains("charged") && e.at("charged").is_number_integer(), "a whole number");
    expect("minutes", e.contains("minutes") && e.at("minutes").is_number(), "a number");
  }
}

ReportDiff diff_reports(const json& a, const json& b, const DiffOptions& o) {
  ReportDiff d;
  auto differ = [&](const std::string& what, const json& x, const json& y) {
    d.equal = false;
    d.lines.push_back(what + ": " + text(x) + " -> " + text(y));
  };
  // Exact figures: the verdict and counts.
  for (const char* p : {"/outcome", "/mode", "/failure/algorithm-time", "/failure/event", "/failure/reason",
                        "/training/sessions", "/timeslices", "/trading-days", "/scheduled-event-runs",
                        "/bucket/capacity", "/bucket/refill-amount", "/bucket/interval-minutes"}) {
    const json &x = at(a, p), &y = at(b, p);
    if (x != y) differ(std::string(p).substr(1), x, y);
  }
  // Minute figures, within the tolerance.
  for (const char* p : {"/failure/wall-minutes", "/training/minutes", "/wall-minutes", "/bucket/charged",
                        "/bucket/refilled", "/bucket/minimum", "/bucket/final", "/model/market-minutes-without-model",
                        "/model/longest-without-model-minutes", "/model/timeslices-while-training"}) {
    const json &x = at(a, p), &y = at(b, p);
    if (x.is_number() && y.is_number()) {
      if (std::abs(x.get<double>() - y.get<double>()) > o.tolerance_minutes + 1e-9) differ(std::string(p).substr(1), x, y);
    } else if (x != y) {
      differ(std::string(p).substr(1), x, y);
    }
  }
  // Any other top-level part (e.g. a newer report's own object). The
  // report's identity (which trainsim, config, quota, warnings, advice) says
  // where a run came from, not what it did: two builds of one config diff equal.
  static const std::set<std::string> known = {"outcome", "mode", "failure", "timeslices", "trading-days", "wall-minutes",
                                              "bucket", "training", "limits", "scheduled-event-runs", "events", "model",
                                              "schema-version", "trainsim", "config", "quota", "warnings", "advice"};
  std::set<std::string> keys;
  for (const auto* j : {&a, &b})
    if (j->is_object())
      for (auto it = j->begin(); it != j->end(); ++it) keys.insert(it.key());
  for (const auto& k : keys) {
    if (known.count(k)) continue;
    // By name, not by JSON pointer: a key may hold '~' or '/' (a fuzz finding).
    auto member = [&k](const json& j) -> const json& {
      static const json null;
      return j.is_object() && j.contains(k) ? j.at(k) : null;
    };
    const json &x = member(a), &y = member(b);
    if (x != y) {
      d.equal = false;
      d.lines.push_back(k + ": differs");
    }
  }
  if (at(a, "/limits") != at(b, "/limits")) differ("limits", at(a, "/limits"), at(b, "/limits"));
  // Events: totals per name, and where the lists first part.
  const json &ea = at(a, "/events"), &eb = at(b, "/events");
  if (ea != eb) {
    const auto ta = by_name(ea), tb = by_name(eb);
    std::set<std::string> names;
    for (const auto& [n, t] : ta) names.insert(n);
    for (const auto& [n, t] : tb) names.insert(n);
    bool any = false;
    for (const auto& n : names) {
      const EventTotals x = ta.count(n) ? ta.at(n) : EventTotals{}, y = tb.count(n) ? tb.at(n) : EventTotals{};
      if (x.runs == y.runs && x.charged == y.charged && std::abs(x.minutes - y.minutes) <= o.tolerance_minutes + 1e-9)
        continue;
      any = true;
      d.lines.push_back("events '" + n + "': " + std::to_string(x.runs) + " -> " + std::to_string(y.runs) + " runs, " +
                        significant_digits(x.minutes, 6) + " -> " + significant_digits(y.minutes, 6) + " minutes, " +
                        std::to_string(x.charged) + " -> " + std::to_string(y.charged) + " charged");
    }
    const size_t na = ea.is_array() ? ea.size() : 0, nb = eb.is_array() ? eb.size() : 0;
    size_t first = 0;
    while (first < na && first < nb && ea[first] == eb[first]) ++first;
    if (first < na || first < nb) {
      const json& e = first < na ? ea[first] : eb[first];
      const std::string where = "events: " + std::to_string(na) + " -> " + std::to_string(nb) + " listed; first difference at #" +
                                std::to_string(first + 1) + " ('" + e.value("name", std::string("?")) + "' scheduled " +
                                e.value("scheduled", std::string("?")) + ")";
      // Within a tolerance, only totals or counts that differ count.
      if (any || na != nb || o.tolerance_minutes == 0) {
        d.equal = false;
        d.lines.push_back(where);
      }
    }
  }
  if (d.lines.empty()) {
    d.lines.push_back("equal: " + text(at(b, "/outcome")) +
                      (at(b, "/failure/algorithm-time").is_null() ? "" : " at " + text(at(b, "/failure/algorithm-time"))) +
                      ", " + text(at(b, "/training/sessions")) + " sessions, bucket minimum " +
                      text(at(b, "/bucket/minimum")));
  }
  return d;
}

}  // namespace trainsim
