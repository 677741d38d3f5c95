// config/lean_settings.cpp — the LEAN keys trainsim reads (the quota and the
// loop maximum), with LEAN's defaults and checks.
#include "config/lean_settings.h"
#include "text/ascii_case.h"

#include "config/config_document.h"
#include "cost/duration.h"
#include "input/input_error.h"
#include "input/nearest.h"
#include "install/data_folder.h"
#include "presets/quota_presets.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <optional>

namespace trainsim {
namespace {

// The token as LEAN sees it: Config reads every value as a string.
std::string as_text(const nlohmann::json& v, const std::string& file, const std::string& path,
                    const char* want) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number()) return v.dump();
  fail_input(file, path, std::string("expected ") + want + ", got " + v.type_name() +
                              (v.is_null() ? "" : " " + v.dump()));
}

std::string trim(const std::string& s) {
  const auto a = s.find_first_not_of(" \t\r\n");
  if (a == std::string::npos) return "";
  const auto b = s.find_last_not_of(" \t\r\n");
  return s.substr(a, b - a + 1);
}

}  // namespace

std::int64_t lean_int(const nlohmann::json& v, const std::string& file, const std::string& path) {
  if (v.is_number_float()) {
    const double d = v.get<double>();
    if (d != std::floor(d)) fail_input(file, path, "must be a whole number (LEAN reads it with GetInt), got " + v.dump());
    if (d < std::numeric_limits<std::int32_t>::min() || d > std::numeric_limits<std::int32_t>::max())
      fail_input(file, path, "value " + v.dump() + " is out of range for a 32-bit integer");
    return static_cast<std::int64_t>(d);
  }
  const std::string text = trim(as_text(v, file, path, "an integer"));
  if (text.empty()) fail_input(file, path, "must be a whole number, got an empty string");
  size_t i = (text[0] == '-' || text[0] == '+') ? 1 : 0;
  if (i == text.size()) fail_input(file, path, "must be a whole number, got \"" + text + "\"");
  for (size_t j = i; j < text.size(); ++j)
    if (text[j] < '0' || text[j] > '9')
      fail_input(file, path, "must be a whole number (LEAN reads it with GetInt), got \"" + text + "\"");
  errno = 0;
  const long long n = std::strtoll(text.c_str(), nullptr, 10);
  if (errno == ERANGE || n < std::numeric_limits<std::int32_t>::min() ||
      n > std::numeric_limits<std::int32_t>::max())
    fail_input(file, path, "value " + text + " is out of range for a 32-bit integer");
  return n;
}

double lean_double(const nlohmann::json& v, const std::string& file, const std::string& path) {
  std::string text = trim(as_text(v, file, path, "a number"));
  // Invariant culture with thousands separators allowed: "1,5" reads as 15.
  std::string digits;
  bool seen_point = false;
  for (char c : text) {
    if (c == '.' || c == 'e' || c == 'E') seen_point = true;
    if (c == ',' && !seen_point) continue;
    digits += c;
  }
  if (digits.empty()) fail_input(file, path, "must be a number, got an empty string");
  char* end = nullptr;
  errno = 0;
  const double d = std::strtod(digits.c_str(), &end);
  if (end != digits.c_str() + digits.size() || digits.find_first_of("xXpP") != std::string::npos ||
      std::isnan(d))
    fail_input(file, path, "must be a number, got \"" + text + "\"");
  if (errno == ERANGE || !std::isfinite(d)) fail_input(file, path, "value " + text + " is out of range");
  return d;
}

bool lean_bool(const nlohmann::json& v, const std::string& file, const std::string& path) {
  if (v.is_boolean()) return v.get<bool>();
  if (v.is_string()) {
    const std::string t = ascii_lower(trim(v.get<std::string>()));
    if (t == "true") return true;
    if (t == "false") return false;
  }
  fail_input(file, path, "expected true or false, got " + v.dump());
}

const std::vector<std::string>& known_root_keys() {
  static const std::vector<std::string> keys = {
      lean_key::kLoopMaximum, lean_key::kCapacity, lean_key::kInterval, lean_key::kRefill,
      lean_key::kLiveMode,    lean_key::kDataFolder, "environment",     "environments",
      "simulation"};
  return keys;
}

void require_known_root_key(const std::string& source, const std::string& key_path,
                            const std::string& consequence) {
  const auto& known = known_root_keys();
  const std::string root = key_path.substr(0, key_path.find_first_of(".["));
  if (std::find(known.begin(), known.end(), root) == known.end())
    fail_input(source, key_path, "not a key trainsim reads, " + consequence + did_you_mean(root, known));
}

LeanSettings read_lean_settings(const ConfigDocument& doc) {
  LeanSettings s;
  const auto& e = doc.effective;
  const std::string file = doc.file_name();
  auto origin_of = [&](const char* key) { return doc.origin.count(key) ? doc.origin.at(key) : std::string("file"); };
  auto present = [&](const char* key) {
    const bool has = e.contains(key);
    s.source[key] = has ? origin_of(key) : "default";
    return has;
  };

  // A named quota: the preset's values, under any key the config sets itself.
  std::optional<QuotaPreset> preset;
  if (e.contains("simulation") && e["simulation"].is_object() && e["simulation"].contains("quota")) {
    const auto& q = e["simulation"]["quota"];
    const std::string path = "simulation.quota";
    if (!q.is_string()) fail_input(file, path, std::string("expected a preset name, got ") + q.type_name());
    std::vector<std::string> names;
    for (const auto& p : quota_presets()) names.push_back(p.name);
    preset = find_quota_preset(q.get<std::string>());
    if (!preset)
      fail_input(file, path, "unknown quota preset \"" + q.get<std::string>() + "\" (" + quota_preset_names() +
                                  "; `trainsim quotas` lists them)" + did_you_mean(q.get<std::string>(), names));
    s.quota = preset->name;
    bool from_command_line = false;
    for (const auto& [key, value] : doc.overrides) from_command_line = from_command_line || key == path;
    s.quota_source = from_command_line ? "--set" : origin_of("simulation");
    s.loop_maximum_minutes = preset->loop_maximum_minutes;
    s.capacity = preset->capacity;
    s.interval_minutes = preset->interval_minutes;
    const std::string from = "preset " + preset->name;
    for (const char* key : {lean_key::kLoopMaximum, lean_key::kCapacity, lean_key::kInterval, lean_key::kRefill}) {
      s.source[key] = from;
      if (e.contains(key))
        s.notes.push_back(input_message(file, key, "set explicitly (" + origin_of(key) + "): it overrides the quota preset " +
                                                        preset->name + "'s value"));
    }
  }
  auto set_here = [&](const char* key) {
    if (!preset) return present(key);
    if (!e.contains(key)) return false;
    s.source[key] = origin_of(key) + ", over preset " + preset->name;
    return true;
  };

  if (set_here(lean_key::kLoopMaximum)) {
    s.loop_maximum_minutes = lean_double(e[lean_key::kLoopMaximum], file, lean_key::kLoopMaximum);
    if (s.loop_maximum_minutes <= 0)
      fail_input(file, lean_key::kLoopMaximum, "must be greater than 0 minutes");
    // A duration like any other: at most kMaxDuration (366 days).
    constexpr double kMaxMinutes = static_cast<double>(kMaxDuration / kMinute);
    if (s.loop_maximum_minutes > kMaxMinutes)
      fail_input(file, lean_key::kLoopMaximum,
                 "value " + e[lean_key::kLoopMaximum].dump() + " is out of range (at most " +
                      std::to_string(kMaxDuration / kMinute) + " minutes, 366 days, the bound on any duration)");
  }
  if (set_here(lean_key::kCapacity)) {
    s.capacity = lean_int(e[lean_key::kCapacity], file, lean_key::kCapacity);
    if (s.capacity < 0) fail_input(file, lean_key::kCapacity, "must not be negative");
  }
  if (set_here(lean_key::kInterval)) {
    s.interval_minutes = lean_int(e[lean_key::kInterval], file, lean_key::kInterval);
    if (s.interval_minutes <= 0) fail_input(file, lean_key::kInterval, "must be greater than 0 minutes");
  }
  // LEAN: ceil(capacity / 7.0) of the configured capacity; a preset has its own.
  s.refill_amount = preset ? preset->refill_amount : default_refill_amount(s.capacity);
  if (set_here(lean_key::kRefill)) {
    s.refill_amount = lean_int(e[lean_key::kRefill], file, lean_key::kRefill);
    if (s.refill_amount < 0) fail_input(file, lean_key::kRefill, "must not be negative");
  }
  if (present(lean_key::kLiveMode)) s.live_mode = lean_bool(e[lean_key::kLiveMode], file, lean_key::kLiveMode);
  if (present(lean_key::kDataFolder)) {
    const auto& v = e[lean_key::kDataFolder];
    if (!v.is_string()) fail_input(file, lean_key::kDataFolder, std::string("expected a path string, got ") + v.type_name());
    std::filesystem::path p = v.get<std::string>();
    s.data_folder = p.is_absolute() ? p : doc.folder() / p;
  } else {
    const DataFolder d = default_data_folder();
    s.data_folder = d.path;
    s.source[lean_key::kDataFolder] = d.source == "TRAINSIM_DATA" ? "$TRAINSIM_DATA" : "default: " + d.source;
  }

  return s;
}

}  // namespace trainsim
