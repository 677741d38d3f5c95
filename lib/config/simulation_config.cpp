// config/simulation_config.cpp — reading and checking the `simulation` block,
// key by key, with did-you-mean for near misses.
#include "config/simulation_config.h"

#include "civil/supported_years.h"
#include "config/brokerage.h"
#include "config/config_document.h"
#include "config/lean_settings.h"
#include "config/simulation_reader.h"
#include "input/input_error.h"
#include "input/near_miss.h"
#include "text/ascii_case.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <map>

namespace trainsim {
namespace simulation_block {

Resolution parse_resolution(const std::string& s, const std::string& file, const std::string& path) {
  const std::string t = ascii_lower(s);
  if (t == "second") return Resolution::Second;
  if (t == "minute") return Resolution::Minute;
  if (t == "hour") return Resolution::Hour;
  if (t == "daily") return Resolution::Daily;
  fail_input(file, path, "unknown resolution \"" + s + "\" (second, minute, hour, daily)");
}

}  // namespace simulation_block
namespace {

using simulation_block::parse_resolution;
using simulation_block::read_runtime_trigger;
using simulation_block::read_warm_up;
using simulation_block::Reader;

[[noreturn]] void rule_failure(const std::string& file, const std::string& path, const std::string& text,
                               const RuleError& e) {
  std::string msg = e.what();
  if (e.column > 0) msg = "column " + std::to_string(e.column) + ": " + msg + "\n    " + text + "\n    " +
                          std::string(e.column - 1, ' ') + "^";
  fail_input(file, path, msg);
}

// C#'s DateTime.ToString("O") of a UTC time: 2024-01-01T05:00:00.0000000Z.
std::string format_utc_roundtrip(Instant t) {
  const Day d = static_cast<Day>(floor_div(t, kDay));
  const Micros tod = t - static_cast<Micros>(d) * kDay;
  const Ymd v = ymd_of(d);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02lld:%02lld:%02lld.%06lld0Z", v.year, v.month, v.day,
                static_cast<long long>(tod / kHour), static_cast<long long>(tod / kMinute % 60),
                static_cast<long long>(tod / kSecond % 60), static_cast<long long>(tod % kSecond));
  return buf;
}

Micros read_growth(const nlohmann::json& g, const std::string& file, const std::string& path) {
  if (!g.is_object() || !g.contains("per-year")) fail_input(file, path, "expected {\"per-year\": \"10m\"}");
  const auto& py = g["per-year"];
  const auto d = py.is_string() ? parse_duration_text(py.get<std::string>()) : std::nullopt;
  if (!d) fail_input(file, path + ".per-year", "expected a duration such as \"10m\"");
  return within_duration_limit(*d, file, path + ".per-year");
}

// The optional "duration" and "growth" of an event entry or a method.
MethodSpec read_cost(const nlohmann::json& v, const std::string& path, const Reader& r,
                     const std::filesystem::path& folder) {
  MethodSpec c;
  if (v.contains("duration")) {
    c.duration = parse_duration_spec(v["duration"], r.file, path + ".duration", folder);
    c.has_duration = true;
  }
  if (v.contains("growth")) {
    c.growth_per_year = read_growth(v["growth"], r.file, path + ".growth");
    c.has_growth = true;
  }
  return c;
}

// `training` is the list's kind; for the single `events` list it comes from
// the entry's own "training" key.
ScheduledEventSpec read_event(const nlohmann::json& v, const std::string& path, std::optional<bool> training,
                              const Reader& r, const std::filesystem::path& folder, Instant initialize_utc,
                              const TimeZone& zone) {
  if (!v.is_object()) fail_input(r.file, path, "expected an object");
  for (auto& w : near_miss_warnings(v, training ? known_event_keys() : known_list_event_keys(), r.file, path + ".", kAnyEditDistance))
    r.warnings.push_back(w);
  ScheduledEventSpec e;
  e.key_path = path;
  e.source = path;
  // "source": where an algorithm reader found it (file:line), kept for messages.
  if (v.contains("source")) e.source = r.string_at(v, "source", path);
  if (training) {
    e.training = *training;
  } else {
    if (!v.contains("training")) fail_input(r.file, path + ".training", "missing (true for Train(...), false for Schedule.On(...))");
    e.training = r.bool_at(v, "training", path);
  }
  if (v.contains("name")) e.name = r.string_at(v, "name", path);
  if (v.contains("method")) e.method = r.string_at(v, "method", path);
  else e.method = e.name;
  if (v.contains("when") && v["when"].is_object()) {
    if (!e.training)
      fail_input(r.file, path + ".when", "a `when` object is Train(method) called at run time: only a training entry takes it");
    if (v.contains("date-rule") || v.contains("time-rule"))
      fail_input(r.file, path, "a `when` object and date-rule/time-rule are exclusive (the call decides when it runs)");
    e.runtime = read_runtime_trigger(v["when"], path + ".when", r, zone);
  } else if (v.contains("when")) {
    const std::string when = r.string_at(v, "when", path);
    if (when != "now")
      fail_input(r.file, path + ".when", "expected \"now\" (Train(method) in Initialize) or an object "
                                          "{\"after\": NAME} | {\"dates\": [...]} | {\"on-data\": {...}}; use date-rule and "
                                          "time-rule for a schedule");
    e.now = true;
    if (v.contains("date-rule") || v.contains("time-rule"))
      fail_input(r.file, path, "\"when\": \"now\" and date-rule/time-rule are exclusive");
  } else {
    if (!v.contains("date-rule")) fail_input(r.file, path + ".date-rule", "missing (or give \"when\": \"now\")");
    if (!v.contains("time-rule")) fail_input(r.file, path + ".time-rule", "missing (or give \"when\": \"now\")");
    e.date_rule_text = r.string_at(v, "date-rule", path);
    e.time_rule_text = r.string_at(v, "time-rule", path);
    try {
      e.date_rule = parse_date_rule(e.date_rule_text);
    } catch (const RuleError& err) {
      rule_failure(r.file, path + ".date-rule", e.date_rule_text, err);
    }
    try {
      e.time_rule = parse_time_rule(e.time_rule_text);
    } catch (const RuleError& err) {
      rule_failure(r.file, path + ".time-rule", e.time_rule_text, err);
    }
  }
  const MethodSpec own = read_cost(v, path, r, folder);
  e.duration = own.duration;
  e.duration_given = own.has_duration;
  e.growth_per_year = own.growth_per_year;
  e.growth_given = own.has_growth;
  if (e.name.empty()) {
    // LEAN's names: "Training: Now: …" and "<date rule>: <time rule>".
    e.name = e.now || e.runtime_call() ? "Training: Now: " + format_utc_roundtrip(initialize_utc)
                                       : e.date_rule->name() + ": " + e.time_rule->name();
  }
  return e;
}

std::map<std::string, MethodSpec> read_methods(const nlohmann::json& m, const std::string& path, const Reader& r,
                                               const std::filesystem::path& folder) {
  if (!m.is_object()) fail_input(r.file, path, "expected an object {\"METHOD\": {\"duration\": \"30m\"}}");
  std::map<std::string, MethodSpec> out;
  for (const auto& [name, v] : m.items()) {
    const std::string mp = path + "." + name;
    if (!v.is_object()) fail_input(r.file, mp, "expected {\"duration\": ..., \"growth\": ...}");
    for (auto& w : near_miss_warnings(v, known_method_keys(), r.file, mp + ".", kAnyEditDistance)) r.warnings.push_back(w);
    out.emplace(name, read_cost(v, mp, r, folder));
  }
  return out;
}

// An entry without a duration runs its method's (and its growth, unless the
// entry has its own). What is still missing is an error for a training event
// when the command simulates, listed all at once; otherwise it costs 0 and
// is noted.
void resolve_durations(SimulationConfig& sim, const std::string& file, ConfigUse use,
                       std::vector<std::string>& warnings, const std::optional<std::vector<std::string>>& algorithm_methods) {
  // A `methods` entry no event calls is never silently unused. With an
  // algorithm, one naming no method its events call (nor one a config's
  // event calls) is an error, with the name meant: within two edits, or the
  // same name spelt for the other language (TrainModel for train_model), else
  // the methods it calls. Without one (a plain config, which may be meant for
  // several algorithms), only a name within two edits of a called method is.
  std::vector<std::string> called;
  for (const auto& e : sim.events)
    if (!e.method.empty() && std::find(called.begin(), called.end(), e.method) == called.end()) called.push_back(e.method);
  auto folded = [](const std::string& name) {
    std::string out;
    for (const char c : name)
      if (c != '_') out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
  };
  std::vector<std::string> known = called;
  if (algorithm_methods)
    for (const auto& m : *algorithm_methods)
      if (std::find(known.begin(), known.end(), m) == known.end()) known.push_back(m);
  const std::string unused = "no event calls a method of this name, so its duration would be ignored";
  for (const auto& method : sim.methods) {
    const std::string& name = method.first;  // not a structured binding: clang before 16 cannot capture one
    if (std::find(known.begin(), known.end(), name) != known.end()) continue;
    const auto other_spelling = std::find_if(known.begin(), known.end(), [&](const std::string& c) { return folded(c) == folded(name); });
    if (!algorithm_methods && other_spelling != known.end()) continue;
    if (const auto near = nearest_index(name, known))
      fail_input(file, "simulation.methods." + name, unused + "; did you mean '" + known[*near] + "'?");
    if (!algorithm_methods) continue;
    if (other_spelling != known.end())
      fail_input(file, "simulation.methods." + name,
                 unused + "; did you mean '" + *other_spelling + "'? (the algorithm's spelling of it)");
    std::string calls;
    for (const auto& k : known) calls += (calls.empty() ? "'" : ", '") + k + "'";
    fail_input(file, "simulation.methods." + name,
               unused + (known.empty() ? "; the algorithm's events call no method" : "; the algorithm's events call " + calls));
  }
  std::vector<std::string> missing;  // one line per training event without a duration
  for (auto& e : sim.events) {
    if (e.duration_given) continue;
    const auto m = e.method.empty() ? sim.methods.end() : sim.methods.find(e.method);
    if (m != sim.methods.end() && m->second.has_duration) {
      e.duration = m->second.duration;
      if (!e.growth_given && m->second.has_growth) e.growth_per_year = m->second.growth_per_year;
      continue;
    }
    e.duration_missing = true;
    const std::string fix = e.method.empty() ? "--set " + e.key_path + ".duration=DURATION"
                                             : "--set simulation.methods." + e.method + ".duration=DURATION";
    const std::string what = (e.training ? "training '" : "scheduled event '") + e.name + "' (" + e.source +
                             ") has no duration";
    if (e.training && use == ConfigUse::Simulate) missing.push_back("  " + what + ": add " + fix);
    else warnings.push_back(input_message(file, e.key_path, "note: " + what + (e.training ? "; to simulate, add " : "; it costs 0; to charge it, add ") + fix));
  }
  if (!missing.empty()) {
    std::string msg = std::to_string(missing.size()) + " training method" + (missing.size() == 1 ? "" : "s") +
                      " without a duration (a duration such as 30m, or a distribution):";
    for (const auto& line : missing) msg += "\n" + line;
    // Measured is better than guessed (README "Durations from evidence").
    msg += "\n  or measure them: add the probe (`trainsim probe`) to the algorithm, run `lean backtest`, then "
           "`trainsim calibrate PROJECT`";
    fail_input(file, "simulation.methods", msg);
  }
}

}  // namespace

const char* to_string(Resolution r) {
  switch (r) {
    case Resolution::Second: return "second";
    case Resolution::Minute: return "minute";
    case Resolution::Hour: return "hour";
    case Resolution::Daily: return "daily";
  }
  return "?";
}

Micros resolution_step(Resolution r) {
  switch (r) {
    case Resolution::Second: return kSecond;
    case Resolution::Minute: return kMinute;
    case Resolution::Hour: return kHour;
    case Resolution::Daily: return 0;
  }
  return 0;
}

bool has_training(const SimulationConfig& sim) {
  return std::any_of(sim.events.begin(), sim.events.end(), [](const ScheduledEventSpec& e) { return e.training; });
}

SimulationConfig read_simulation_config(const ConfigDocument& doc, std::vector<std::string>& warnings,
                                        ConfigUse use) {
  SimulationConfig sim;
  // The default zone is resolved only when no other is given: a UTC run
  // reads no tz database file.
  const auto default_zone = [] { return *TimeZone::find("America/New_York"); };
  sim.start = day_from_ymd(2024, 1, 1);
  sim.end = day_from_ymd(2024, 12, 31);
  const std::string file = doc.file_name();
  if (!doc.effective.contains("simulation")) {
    if (use == ConfigUse::Simulate)
      fail_input(file, "simulation",
                 "missing: nothing to simulate (this looks like a LEAN config only); add a `simulation` block "
                 "describing the algorithm, or read it from the algorithm file with --algorithm main.py");
    warnings.push_back(input_message(file, "simulation",
                                     "note: no `simulation` block: showing the defaults; `run` needs one "
                                     "(or --algorithm main.py)"));
    sim.zone = default_zone();
    return sim;
  }
  const auto& s = doc.effective["simulation"];
  const std::string p = "simulation";
  if (!s.is_object()) fail_input(file, p, "expected an object");
  for (auto& w : near_miss_warnings(s, known_simulation_keys(), file, p + ".", kAnyEditDistance)) warnings.push_back(w);
  Reader r{file, warnings};
  const auto folder = doc.folder();

  if (s.contains("start")) sim.start = r.date_at(s, "start", p);
  if (s.contains("end")) sim.end = r.date_at(s, "end", p);
  if (sim.end < sim.start) fail_input(file, p + ".end", "is before simulation.start");
  if (s.contains("time-zone")) {
    const std::string z = r.string_at(s, "time-zone", p);
    const auto tz = TimeZone::find(z);
    if (!tz) fail_input(file, p + ".time-zone", "unknown time zone \"" + z + "\" (an IANA id such as America/New_York)");
    sim.zone = *tz;
  } else {
    sim.zone = default_zone();
  }
  // One subscription's keys, at the top (the shorthand) or in a list entry.
  auto read_subscription = [&](const nlohmann::json& o, const std::string& path) {
    SubscriptionSpec sub;
    sub.source = path;
    if (o.contains("source")) sub.source = r.string_at(o, "source", path);
    if (o.contains("security")) sub.security = parse_security(r.string_at(o, "security", path), file, path + ".security");
    if (o.contains("resolution"))
      sub.resolution = parse_resolution(r.string_at(o, "resolution", path), file, path + ".resolution");
    if (o.contains("extended-market-hours")) sub.extended_market_hours = r.bool_at(o, "extended-market-hours", path);
    return sub;
  };
  if (s.contains("securities")) {
    const auto& arr = s["securities"];
    const std::string lp = p + ".securities";
    if (!arr.is_array() || arr.empty()) fail_input(file, lp, "expected a non-empty array of {\"security\": ..., \"resolution\": ...}");
    for (const char* k : {"security", "resolution", "extended-market-hours"})
      if (s.contains(k)) fail_input(file, p + "." + k, "give it in each simulation.securities entry instead (both are set)");
    sim.securities.clear();
    std::map<std::string, size_t> subscribed;  // security -> its entry: a scan per entry was quadratic
    for (size_t i = 0; i < arr.size(); ++i) {
      const std::string ep = lp + "[" + std::to_string(i) + "]";
      if (!arr[i].is_object()) fail_input(file, ep, "expected an object");
      for (auto& w : near_miss_warnings(arr[i], known_subscription_keys(), file, ep + ".")) warnings.push_back(w);
      if (!arr[i].contains("security")) fail_input(file, ep + ".security", "missing");
      sim.securities.push_back(read_subscription(arr[i], ep));
      const std::string security = sim.securities.back().security.text();
      if (const auto [it, added] = subscribed.emplace(security, i); !added)
        fail_input(file, ep + ".security", "\"" + security + "\" is already subscribed (" +
                                                sim.securities[it->second].source + ")");
    }
  } else {
    sim.securities = {read_subscription(s, p)};
  }
  if (s.contains("seed")) {
    const auto& v = s["seed"];
    if (!v.is_number_unsigned() && !(v.is_number_integer() && v.get<std::int64_t>() >= 0))
      fail_input(file, p + ".seed", "expected a non-negative integer, got " + v.dump());
    sim.seed = v.get<std::uint64_t>();
    sim.seed_given = true;
  }
  if (s.contains("on-data")) {
    const auto& od = s["on-data"];
    if (!od.is_object() || !od.contains("cost")) fail_input(file, p + ".on-data", "expected {\"cost\": <duration>}");
    sim.on_data = parse_duration_spec(od["cost"], file, p + ".on-data.cost", folder);
  }
  if (s.contains("methods")) sim.methods = read_methods(s["methods"], p + ".methods", r, folder);
  for (const char* list : {"training", "scheduled-events", "events"}) {
    if (!s.contains(list)) continue;
    const auto& arr = s[list];
    const std::string lp = p + "." + list;
    if (!arr.is_array()) fail_input(file, lp, "expected an array");
    const std::string kind = list;
    const std::optional<bool> training =
        kind == "events" ? std::nullopt : std::optional<bool>(kind == "training");
    for (size_t i = 0; i < arr.size(); ++i)
      sim.events.push_back(read_event(arr[i], lp + "[" + std::to_string(i) + "]", training, r, folder,
                                      sim.zone.to_utc(sim.start, 0), sim.zone));
  }
  // `after` names an event of any kind, runtime entries included.
  for (const auto& e : sim.events) {
    if (e.runtime.kind != RuntimeCall::After) continue;
    const bool known = std::any_of(sim.events.begin(), sim.events.end(),
                                   [&](const ScheduledEventSpec& o) { return o.name == e.runtime.after; });
    if (!known) {
      std::vector<std::string> names;
      for (const auto& o : sim.events) names.push_back(o.name);
      std::string msg = "no event is named \"" + e.runtime.after + "\"";
      if (const auto near = nearest_index(e.runtime.after, names, kAnyEditDistance)) msg += "; did you mean \"" + names[*near] + "\"?";
      fail_input(file, e.key_path + ".when.after", msg);
    }
  }
  resolve_durations(sim, file, use, warnings, doc.algorithm_methods);
  if (s.contains("bucket-clock")) {
    const std::string c = r.string_at(s, "bucket-clock", p);
    if (c == "wall") sim.bucket_clock = BucketClock::Wall;
    else if (c == "algorithm") sim.bucket_clock = BucketClock::Algorithm;
    else fail_input(file, p + ".bucket-clock", "expected \"wall\" or \"algorithm\", got \"" + c + "\"");
  }
  if (s.contains("benchmark")) sim.benchmark = r.bool_at(s, "benchmark", p);
  if (s.contains("warm-up")) sim.warm_up = read_warm_up(s["warm-up"], p + ".warm-up", r);
  if (s.contains("brokerage")) {
    const std::string b = r.string_at(s, "brokerage", p);
    const auto member = brokerage_member(b);
    if (!member)
      fail_input(file, p + ".brokerage", "unknown brokerage \"" + b + "\" (a BrokerageName member: " +
                                              brokerage_members_list() + ")");
    if (!brokerage_benchmark(*member))
      fail_input(file, p + ".brokerage", "LEAN has no brokerage model for BrokerageName." + *member +
                                              " (BrokerageModel.Create throws)");
    sim.brokerage = *member;
  }
  if (s.contains("daily-precise-end-time")) sim.daily_precise_end_time = r.bool_at(s, "daily-precise-end-time", p);
  if (s.contains("calendar")) {
    const auto& c = s["calendar"];
    if (!c.is_object() || !c.contains("trace") || !c["trace"].is_string())
      fail_input(file, p + ".calendar", "expected {\"trace\": \"file.csv\"}");
    std::filesystem::path tp = c["trace"].get<std::string>();
    sim.calendar_trace = tp.is_relative() ? folder / tp : tp;
  }
  if (s.contains("live")) {
    const auto& l = s["live"];
    if (!l.is_object()) fail_input(file, p + ".live", "expected an object");
    if (l.contains("market-open-slowdown")) {
      sim.market_open_slowdown = lean_double(l["market-open-slowdown"], file, p + ".live.market-open-slowdown");
      if (sim.market_open_slowdown < 1 || sim.market_open_slowdown > 1000)
        fail_input(file, p + ".live.market-open-slowdown", "must be between 1 and 1000");
    }
  }
  return sim;
}

}  // namespace trainsim
