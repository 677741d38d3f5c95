// config/simulation_keys.cpp — the `simulation` block's vocabulary: its key
// names in the order a config is written, and which simulation.* paths exist.
#include "config/simulation_keys.h"

#include "input/nearest.h"

#include <algorithm>
#include <string>

namespace trainsim {
namespace {

// In the order a config is written (and `extract` writes it): the dates, the
// subscriptions, the algorithm's settings, the events, then the rest.
const std::vector<std::string> kSimulationKeys = {
    "start", "end", "time-zone", "security", "resolution", "extended-market-hours", "securities", "benchmark",
    "daily-precise-end-time", "seed", "on-data", "events", "training", "scheduled-events", "methods", "brokerage",
    "bucket-clock", "calendar", "live", "quota", "warm-up"};
const std::vector<std::string> kEventKeys = {"name", "method", "when", "date-rule", "time-rule", "duration", "growth",
                                             "source"};
const std::vector<std::string> kListEventKeys = {"training",  "name",     "method", "when",  "date-rule",
                                                 "time-rule", "duration", "growth", "source"};
const std::vector<std::string> kMethodKeys = {"duration", "growth"};
const std::vector<std::string> kSubscriptionKeys = {"security", "resolution", "extended-market-hours", "source"};

// What may follow each level of a simulation.* path ("[]": an array index).
// Below a duration anything goes: distribution objects are checked when read.
struct PathLevel {
  const std::vector<std::string>* keys;
  bool indexed;  // a list: the next segment is [n]
  bool opaque;   // anything below is the value's business
};

PathLevel path_level(const std::string& pattern) {
  static const std::vector<std::string> kNone, kPerYear = {"per-year"}, kCost = {"cost"}, kTrace = {"trace"},
                                               kLive = {"market-open-slowdown"},
                                               kWarmUp = {"period", "bars", "resolution"},
                                               kWhen = {"after", "probability", "dates", "on-data"},
                                               kOnDataCall = {"per-day-probability"};
  auto ends_with = [&](const char* tail) {
    const size_t n = std::char_traits<char>::length(tail);
    return pattern.size() >= n && pattern.compare(pattern.size() - n, n, tail) == 0;
  };
  if (pattern.empty()) return {&kSimulationKeys, false, false};
  if (pattern == "training" || pattern == "scheduled-events" || pattern == "events" || pattern == "securities")
    return {&kNone, true, false};
  if (pattern == "training[]" || pattern == "scheduled-events[]") return {&kEventKeys, false, false};
  if (pattern == "events[]") return {&kListEventKeys, false, false};
  if (pattern == "securities[]") return {&kSubscriptionKeys, false, false};
  if (pattern == "methods") return {nullptr, false, false};  // keyed by method name
  if (pattern.compare(0, 8, "methods.") == 0 && pattern.find('.', 8) == std::string::npos)
    return {&kMethodKeys, false, false};
  if (ends_with(".growth")) return {&kPerYear, false, false};
  if (ends_with("[].when")) return {&kWhen, false, false};
  if (ends_with("[].when.on-data")) return {&kOnDataCall, false, false};
  if (ends_with("[].when.dates")) return {&kNone, true, false};
  if (pattern == "warm-up") return {&kWarmUp, false, false};
  if (pattern == "on-data") return {&kCost, false, false};
  if (pattern == "calendar") return {&kTrace, false, false};
  if (pattern == "live") return {&kLive, false, false};
  return {&kNone, false, ends_with(".duration") || ends_with(".cost")};
}

}  // namespace

std::string unknown_simulation_path(const std::string& key) {
  const std::string root = "simulation";
  if (key.compare(0, root.size(), root) != 0 || (key.size() > root.size() && key[root.size()] != '.' && key[root.size()] != '['))
    return "";
  std::string pattern, walked = root;
  size_t i = root.size();
  while (i < key.size()) {
    const PathLevel level = path_level(pattern);
    if (level.opaque) return "";
    if (key[i] == '[') {
      if (!level.indexed) return "'" + walked + "' is not a list";
      const size_t close = key.find(']', i);
      if (close == std::string::npos) return "";  // malformed: --set says so
      pattern += "[]";
      walked += key.substr(i, close - i + 1);
      i = close + 1;
      continue;
    }
    if (key[i] == '.') ++i;
    size_t end = key.find_first_of(".[", i);
    if (end == std::string::npos) end = key.size();
    const std::string part = key.substr(i, end - i);
    if (!level.keys) {  // any name (a method), then its own keys
      pattern += (pattern.empty() ? "" : ".") + part;
      walked += "." + part;
      i = end;
      continue;
    }
    const auto& known = *level.keys;
    if (std::find(known.begin(), known.end(), part) == known.end()) {
      std::string msg = "unknown key '" + part + "' under " + walked + ": trainsim would ignore it";
      if (const auto near = nearest_index(part, known, kAnyEditDistance)) msg += "; did you mean '" + known[*near] + "'?";
      return msg;
    }
    pattern += (pattern.empty() ? "" : ".") + part;
    walked += "." + part;
    i = end;
  }
  return "";
}

const std::vector<std::string>& known_simulation_keys() { return kSimulationKeys; }
const std::vector<std::string>& known_event_keys() { return kEventKeys; }
const std::vector<std::string>& known_list_event_keys() { return kListEventKeys; }
const std::vector<std::string>& known_subscription_keys() { return kSubscriptionKeys; }
const std::vector<std::string>& known_method_keys() { return kMethodKeys; }

}  // namespace trainsim
