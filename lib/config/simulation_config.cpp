#include "config/simulation_config.h"

#include "config/config_error.h"
#include "config/lean_settings.h"

#include <algorithm>
#include <cstdio>

namespace trainsim {
namespace {

const std::vector<std::string> kSimulationKeys = {
    "start", "end", "time-zone", "security", "resolution", "extended-market-hours", "seed",
    "on-data", "training", "scheduled-events", "bucket-clock", "benchmark",
    "daily-precise-end-time", "calendar", "live"};
const std::vector<std::string> kEventKeys = {"name", "when", "date-rule", "time-rule", "duration", "growth"};

// What may follow each level of a simulation.* path ("[]": an array index).
// Below a duration anything goes: distribution objects are checked when read.
struct PathLevel {
  const std::vector<std::string>* keys;
  bool indexed;  // a list: the next segment is [n]
  bool opaque;   // anything below is the value's business
};

PathLevel path_level(const std::string& pattern) {
  static const std::vector<std::string> kNone, kPerYear = {"per-year"}, kCost = {"cost"}, kTrace = {"trace"},
                                               kLive = {"market-open-slowdown"};
  if (pattern.empty()) return {&kSimulationKeys, false, false};
  if (pattern == "training" || pattern == "scheduled-events") return {&kNone, true, false};
  if (pattern == "training[]" || pattern == "scheduled-events[]") return {&kEventKeys, false, false};
  if (pattern == "training[].growth" || pattern == "scheduled-events[].growth") return {&kPerYear, false, false};
  if (pattern == "on-data") return {&kCost, false, false};
  if (pattern == "calendar") return {&kTrace, false, false};
  if (pattern == "live") return {&kLive, false, false};
  const bool duration = pattern.size() >= 8 && (pattern.compare(pattern.size() - 8, 8, "duration") == 0 ||
                                                pattern.compare(pattern.size() - 4, 4, "cost") == 0);
  return {&kNone, false, duration};
}

struct Reader {
  const std::string& file;
  std::vector<std::string>& warnings;

  std::string string_at(const nlohmann::json& obj, const char* key, const std::string& path) const {
    const auto& v = obj[key];
    if (!v.is_string()) fail_config(file, path + "." + key, std::string("expected a string, got ") + v.type_name());
    return v.get<std::string>();
  }
  bool bool_at(const nlohmann::json& obj, const char* key, const std::string& path) const {
    return lean_bool(obj[key], file, path + "." + key);
  }
  Day date_at(const nlohmann::json& obj, const char* key, const std::string& path) const {
    const std::string text = string_at(obj, key, path);
    const auto d = parse_date(text);
    if (!d) fail_config(file, path + "." + key, "not a date: \"" + text + "\" (expected yyyy-mm-dd)");
    return *d;
  }
};

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}
std::string upper(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::toupper(c); });
  return s;
}

Resolution parse_resolution(const std::string& s, const std::string& file, const std::string& path) {
  const std::string t = lower(s);
  if (t == "second") return Resolution::Second;
  if (t == "minute") return Resolution::Minute;
  if (t == "hour") return Resolution::Hour;
  if (t == "daily") return Resolution::Daily;
  fail_config(file, path, "unknown resolution \"" + s + "\" (second, minute, hour, daily)");
}

SecurityKey parse_security(const std::string& s, const std::string& file, const std::string& path) {
  // SecurityType-market-ticker; exactly three parts, as LEAN's SecurityDatabaseKey.
  const auto a = s.find('-');
  const auto b = a == std::string::npos ? a : s.find('-', a + 1);
  if (b == std::string::npos || s.find('-', b + 1) != std::string::npos || a == 0 || b == a + 1 ||
      b + 1 == s.size())
    fail_config(file, path, "expected SecurityType-market-ticker such as \"Equity-usa-SPY\", got \"" + s + "\"");
  // LEAN's spelling: the SecurityType enum name, lower-case market, upper-case ticker.
  static const char* kTypes[] = {"Base", "Equity", "Option", "Commodity", "Forex", "Future", "Cfd", "Crypto",
                                 "FutureOption", "Index", "IndexOption", "CryptoFuture"};
  std::string type = s.substr(0, a), market = s.substr(a + 1, b - a - 1), ticker = s.substr(b + 1);
  for (const char* t : kTypes)
    if (lower(type) == lower(t)) type = t;
  return {type, lower(market), ticker == "[*]" ? ticker : upper(ticker)};
}

[[noreturn]] void rule_failure(const std::string& file, const std::string& path, const std::string& text,
                               const RuleError& e) {
  std::string msg = e.what();
  if (e.column > 0) msg = "column " + std::to_string(e.column) + ": " + msg + "\n    " + text + "\n    " +
                          std::string(e.column - 1, ' ') + "^";
  fail_config(file, path, msg);
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

ScheduledEventSpec read_event(const nlohmann::json& v, const std::string& path, bool training,
                              const Reader& r, const std::filesystem::path& folder, Instant initialize_utc) {
  if (!v.is_object()) fail_config(r.file, path, "expected an object");
  for (auto& w : near_miss_warnings(v, kEventKeys, r.file, path + ".", SIZE_MAX)) r.warnings.push_back(w);
  ScheduledEventSpec e;
  e.key_path = path;
  e.training = training;
  if (v.contains("name")) e.name = r.string_at(v, "name", path);
  if (v.contains("when")) {
    const std::string when = r.string_at(v, "when", path);
    if (when != "now") fail_config(r.file, path + ".when", "only \"now\" is supported (Train(method) in Initialize); use date-rule and time-rule otherwise");
    e.now = true;
    if (v.contains("date-rule") || v.contains("time-rule"))
      fail_config(r.file, path, "\"when\": \"now\" and date-rule/time-rule are exclusive");
  } else {
    if (!v.contains("date-rule")) fail_config(r.file, path + ".date-rule", "missing (or give \"when\": \"now\")");
    if (!v.contains("time-rule")) fail_config(r.file, path + ".time-rule", "missing (or give \"when\": \"now\")");
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
  if (!v.contains("duration")) fail_config(r.file, path + ".duration", "missing");
  e.duration = parse_duration_spec(v["duration"], r.file, path + ".duration", folder);
  if (v.contains("growth")) {
    const auto& g = v["growth"];
    if (!g.is_object() || !g.contains("per-year")) fail_config(r.file, path + ".growth", "expected {\"per-year\": \"10m\"}");
    const auto& py = g["per-year"];
    const auto d = py.is_string() ? parse_duration_text(py.get<std::string>()) : std::nullopt;
    if (!d) fail_config(r.file, path + ".growth.per-year", "expected a duration such as \"10m\"");
    e.growth_per_year = within_duration_limit(*d, r.file, path + ".growth.per-year");
  }
  if (e.name.empty()) {
    // LEAN's names: "Training: Now: …" and "<date rule>: <time rule>".
    e.name = e.now ? "Training: Now: " + format_utc_roundtrip(initialize_utc)
                   : e.date_rule->name() + ": " + e.time_rule->name();
  }
  return e;
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
    const auto& known = *level.keys;
    if (std::find(known.begin(), known.end(), part) == known.end()) {
      std::string msg = "unknown key '" + part + "' under " + walked + ": trainsim would ignore it";
      const std::string* best = nullptr;
      size_t best_d = SIZE_MAX;
      for (const auto& k : known) {
        const size_t d = edit_distance(part, k);
        if (d < best_d) best_d = d, best = &k;
      }
      if (best) msg += "; did you mean '" + *best + "'?";
      return msg;
    }
    pattern += (pattern.empty() ? "" : ".") + part;
    walked += "." + part;
    i = end;
  }
  return "";
}

SimulationConfig read_simulation_config(const ConfigDocument& doc, std::vector<std::string>& warnings) {
  SimulationConfig sim;
  sim.zone = *TimeZone::find("America/New_York");
  sim.start = day_from_ymd(2024, 1, 1);
  sim.end = day_from_ymd(2024, 12, 31);
  const std::string file = doc.file_name();
  if (!doc.effective.contains("simulation")) return sim;
  const auto& s = doc.effective["simulation"];
  const std::string p = "simulation";
  if (!s.is_object()) fail_config(file, p, "expected an object");
  for (auto& w : near_miss_warnings(s, kSimulationKeys, file, p + ".", SIZE_MAX)) warnings.push_back(w);
  Reader r{file, warnings};
  const auto folder = doc.folder();

  if (s.contains("start")) sim.start = r.date_at(s, "start", p);
  if (s.contains("end")) sim.end = r.date_at(s, "end", p);
  if (sim.end < sim.start) fail_config(file, p + ".end", "is before simulation.start");
  if (s.contains("time-zone")) {
    const std::string z = r.string_at(s, "time-zone", p);
    const auto tz = TimeZone::find(z);
    if (!tz) fail_config(file, p + ".time-zone", "unknown time zone \"" + z + "\" (an IANA id such as America/New_York)");
    sim.zone = *tz;
  }
  if (s.contains("security")) sim.security = parse_security(r.string_at(s, "security", p), file, p + ".security");
  if (s.contains("resolution")) sim.resolution = parse_resolution(r.string_at(s, "resolution", p), file, p + ".resolution");
  if (s.contains("extended-market-hours")) sim.extended_market_hours = r.bool_at(s, "extended-market-hours", p);
  if (s.contains("seed")) {
    const auto& v = s["seed"];
    if (!v.is_number_unsigned() && !(v.is_number_integer() && v.get<std::int64_t>() >= 0))
      fail_config(file, p + ".seed", "expected a non-negative integer, got " + v.dump());
    sim.seed = v.get<std::uint64_t>();
  }
  if (s.contains("on-data")) {
    const auto& od = s["on-data"];
    if (!od.is_object() || !od.contains("cost")) fail_config(file, p + ".on-data", "expected {\"cost\": <duration>}");
    sim.on_data = parse_duration_spec(od["cost"], file, p + ".on-data.cost", folder);
  }
  for (const char* list : {"training", "scheduled-events"}) {
    if (!s.contains(list)) continue;
    const auto& arr = s[list];
    const std::string lp = p + "." + list;
    if (!arr.is_array()) fail_config(file, lp, "expected an array");
    for (size_t i = 0; i < arr.size(); ++i) {
      auto e = read_event(arr[i], lp + "[" + std::to_string(i) + "]", std::string(list) == "training", r, folder,
                          sim.zone.to_utc(sim.start, 0));
      (std::string(list) == "training" ? sim.training : sim.events).push_back(std::move(e));
    }
  }
  if (s.contains("bucket-clock")) {
    const std::string c = r.string_at(s, "bucket-clock", p);
    if (c == "wall") sim.bucket_clock = BucketClock::Wall;
    else if (c == "algorithm") sim.bucket_clock = BucketClock::Algorithm;
    else fail_config(file, p + ".bucket-clock", "expected \"wall\" or \"algorithm\", got \"" + c + "\"");
  }
  if (s.contains("benchmark")) sim.benchmark = r.bool_at(s, "benchmark", p);
  if (s.contains("daily-precise-end-time")) sim.daily_precise_end_time = r.bool_at(s, "daily-precise-end-time", p);
  if (s.contains("calendar")) {
    const auto& c = s["calendar"];
    if (!c.is_object() || !c.contains("trace") || !c["trace"].is_string())
      fail_config(file, p + ".calendar", "expected {\"trace\": \"file.csv\"}");
    std::filesystem::path tp = c["trace"].get<std::string>();
    sim.calendar_trace = tp.is_relative() ? folder / tp : tp;
  }
  if (s.contains("live")) {
    const auto& l = s["live"];
    if (!l.is_object()) fail_config(file, p + ".live", "expected an object");
    if (l.contains("market-open-slowdown")) {
      sim.market_open_slowdown = lean_double(l["market-open-slowdown"], file, p + ".live.market-open-slowdown");
      if (sim.market_open_slowdown < 1 || sim.market_open_slowdown > 1000)
        fail_config(file, p + ".live.market-open-slowdown", "must be between 1 and 1000");
    }
  }
  return sim;
}

nlohmann::ordered_json to_json(const SimulationConfig& sim) {
  nlohmann::ordered_json j;
  j["start"] = format_date(sim.start);
  j["end"] = format_date(sim.end);
  j["time-zone"] = sim.zone.name();
  j["security"] = sim.security.text();
  j["resolution"] = to_string(sim.resolution);
  j["extended-market-hours"] = sim.extended_market_hours;
  j["seed"] = sim.seed;
  j["on-data"] = {{"cost", sim.on_data.to_json()}};
  auto events = [](const std::vector<ScheduledEventSpec>& v) {
    nlohmann::ordered_json a = nlohmann::ordered_json::array();
    for (const auto& e : v) {
      nlohmann::ordered_json o;
      o["name"] = e.name;
      if (e.now) o["when"] = "now";
      else {
        o["date-rule"] = e.date_rule_text;
        o["time-rule"] = e.time_rule_text;
      }
      o["duration"] = e.duration.to_json();
      if (e.growth_per_year) o["growth"] = {{"per-year", format_duration(e.growth_per_year)}};
      a.push_back(o);
    }
    return a;
  };
  j["training"] = events(sim.training);
  j["scheduled-events"] = events(sim.events);
  j["bucket-clock"] = sim.bucket_clock == BucketClock::Wall ? "wall" : "algorithm";
  j["benchmark"] = sim.benchmark;
  j["daily-precise-end-time"] = sim.daily_precise_end_time;
  if (sim.calendar_trace) j["calendar"] = {{"trace", sim.calendar_trace->string()}};
  j["live"] = {{"market-open-slowdown", sim.market_open_slowdown}};
  return j;
}

}  // namespace trainsim
