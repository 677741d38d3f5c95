// config/lean_settings.h — the LEAN keys trainsim reads, with LEAN's value
// conversions (Config.GetInt / GetDouble / GetBool) and docs/semantics.md#configuration's defaults.
#pragma once
#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace trainsim {

struct ConfigDocument;  // config/config_document.h

namespace lean_key {
inline constexpr const char* kLoopMaximum = "algorithm-manager-time-loop-maximum";
inline constexpr const char* kCapacity = "scheduled-event-leaky-bucket-capacity";
inline constexpr const char* kInterval = "scheduled-event-leaky-bucket-time-interval-minutes";
inline constexpr const char* kRefill = "scheduled-event-leaky-bucket-refill-amount";
inline constexpr const char* kLiveMode = "live-mode";
inline constexpr const char* kDataFolder = "data-folder";
}  // namespace lean_key

struct LeanSettings {
  double loop_maximum_minutes = 10;  // the documented limit (LEAN's engine code says 20)
  std::int64_t capacity = 120;
  std::int64_t interval_minutes = 1440;
  std::int64_t refill_amount = 18;   // ceil(capacity / 7) of the effective capacity
  bool live_mode = false;
  std::filesystem::path data_folder;
  // key -> "default", "file", "environment '<name>'" or "--set", "preset
  // <NAME>" (from `simulation.quota`); the data folder's default says which:
  // "default: installed", "default: build tree", "$TRAINSIM_DATA"
  std::map<std::string, std::string> source;
  // The quota preset applied (`simulation.quota`, `--quota`), empty if none,
  // and where it was named ("file", "--set", "environment '<name>'").
  std::string quota;
  std::string quota_source;
  // One note per explicit key that overrides the preset's value.
  std::vector<std::string> notes;
};

// LEAN's refill amount when the key is unset: ceil(capacity / 7.0).
constexpr std::int64_t default_refill_amount(std::int64_t capacity) { return (capacity + 6) / 7; }

// Applies the `simulation.quota` preset under the explicit keys.
// Throws InputError for an unknown preset, wrong types, non-integers, out-of-range values and
// values that can only be mistakes (negative capacity, interval <= 0, ...).
LeanSettings read_lean_settings(const ConfigDocument& doc);

// LEAN's conversions of one value; `path` names it in errors.
std::int64_t lean_int(const nlohmann::json& v, const std::string& file, const std::string& path);
double lean_double(const nlohmann::json& v, const std::string& file, const std::string& path);
bool lean_bool(const nlohmann::json& v, const std::string& file, const std::string& path);

// The root keys trainsim knows (for near-miss warnings).
const std::vector<std::string>& known_root_keys();
// Fails unless the root of `key_path` (before any '.' or '[') is one of them:
// an override of a key trainsim never reads changes nothing, so a --set or
// --grid key like that is an error, `consequence` saying why, naming the
// nearest known key.
void require_known_root_key(const std::string& source, const std::string& key_path,
                            const std::string& consequence);

}  // namespace trainsim
