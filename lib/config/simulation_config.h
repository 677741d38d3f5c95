// config/simulation_config.h — the `simulation` block: the algorithm trainsim
// replays (dates, security, resolution, costs, training and other events).
#pragma once
#include "civil/civil_time.h"
#include "civil/time_zone.h"
#include "config/config_document.h"
#include "cost/duration.h"
#include "rules/schedule_rules.h"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace trainsim {

enum class Resolution { Second, Minute, Hour, Daily };
enum class BucketClock { Wall, Algorithm };

const char* to_string(Resolution r);
Micros resolution_step(Resolution r);  // 0 for Daily

struct ScheduledEventSpec {
  std::string name;
  std::string key_path;   // "simulation.training[1]", for messages
  bool training = false;  // from `training` (else `scheduled-events`)
  bool now = false;       // "when": "now": Train(method) in Initialize
  std::string date_rule_text, time_rule_text;
  std::optional<DateRule> date_rule;
  std::optional<TimeRule> time_rule;
  DurationSpec duration;
  Micros growth_per_year = 0;  // expanding training window
};

struct SecurityKey {
  std::string type = "Equity", market = "usa", ticker = "SPY";
  std::string text() const { return type + "-" + market + "-" + ticker; }
};

struct SimulationConfig {
  Day start = 0, end = 0;  // inclusive, algorithm zone
  TimeZone zone;
  SecurityKey security;
  Resolution resolution = Resolution::Minute;
  bool extended_market_hours = false;
  std::uint64_t seed = 1;
  DurationSpec on_data = DurationSpec::constant(0);
  std::vector<ScheduledEventSpec> training;
  std::vector<ScheduledEventSpec> events;
  BucketClock bucket_clock = BucketClock::Wall;
  bool benchmark = true;
  bool daily_precise_end_time = true;
  std::optional<std::filesystem::path> calendar_trace;
  double market_open_slowdown = 1;
};

// Reads `simulation` from the effective config (defaults when absent).
// Throws ConfigError with the key path; appends near-miss warnings.
SimulationConfig read_simulation_config(const ConfigDocument& doc, std::vector<std::string>& warnings);

// For a key path given on the command line (--set, --grid, tune): empty when
// it is not a simulation.* path or is one trainsim reads; else why not, with
// the nearest known key ("unknown key 'nonsense' under simulation; did you mean ...").
std::string unknown_simulation_path(const std::string& key);

nlohmann::ordered_json to_json(const SimulationConfig& sim);

}  // namespace trainsim
