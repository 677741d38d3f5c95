// config/simulation_config.h — the `simulation` block: the algorithm trainsim
// replays (dates, security, resolution, costs, training and other events).
#pragma once
#include "calendar/security_key.h"
#include "config/simulation_keys.h"
#include "civil/civil_time.h"
#include "civil/time_zone.h"
#include "cost/duration.h"
#include "rules/schedule_rules.h"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace trainsim {

struct ConfigDocument;  // config/config_document.h

enum class Resolution { Second, Minute, Hour, Daily };
enum class BucketClock { Wall, Algorithm };

const char* to_string(Resolution r);
Micros resolution_step(Resolution r);  // 0 for Daily

// SetWarmUp(...): a period before the start date, or a bar count per
// subscription, optionally at its own resolution (docs/semantics.md#warm-up).
struct WarmUpSpec {
  Micros period = 0;        // > 0: SetWarmUp(TimeSpan)
  std::int64_t bars = 0;    // > 0: SetWarmUp(int barCount)
  std::optional<Resolution> resolution;  // SetWarmUp(..., Resolution)
  bool active() const { return period > 0 || bars > 0; }
};

// How a `training` entry whose `when` is an object calls Train(method)
// while the algorithm runs (docs/semantics.md#training-started-at-run-time).
enum class RuntimeCall { None, After, Dates, OnData };
struct RuntimeTrigger {
  RuntimeCall kind = RuntimeCall::None;
  std::string after;          // After: the events (by name) whose callbacks call it
  double probability = 1;     // After: per completed occurrence; OnData: per date
  std::vector<Instant> dates; // Dates: the calls' algorithm times (UTC), increasing
};

// One Train(...) or Schedule.On(...) call. Declaration (creation) order is
// the order of SimulationConfig::events; it decides LEAN's tie order.
struct ScheduledEventSpec {
  std::string name;
  std::string key_path;   // "simulation.events[1]", for messages about its keys
  std::string source;     // where it was declared: the key path, or file:line from an algorithm reader
  bool training = false;  // Train(...) (else Schedule.On(...))
  bool now = false;       // "when": "now": Train(method) in Initialize
  RuntimeTrigger runtime; // "when": {...}: Train(method) while the algorithm runs
  std::string method;     // the method it runs: `methods` key for a missing duration (default: name)
  std::string date_rule_text, time_rule_text;
  std::optional<DateRule> date_rule;
  std::optional<TimeRule> time_rule;
  DurationSpec duration = DurationSpec::constant(0);
  bool duration_given = false;      // in the entry itself (else from `methods`, or none)
  bool duration_missing = false;    // neither: costs 0 (only when nothing is simulated, or not training)
  Micros growth_per_year = 0;  // expanding training window
  bool growth_given = false;

  bool runtime_call() const { return runtime.kind != RuntimeCall::None; }
};

// `simulation.methods.NAME`: what an algorithm file cannot say.
struct MethodSpec {
  DurationSpec duration = DurationSpec::constant(0);
  bool has_duration = false;
  Micros growth_per_year = 0;
  bool has_growth = false;
};

// Why the config is read: commands that simulate (run, sweep, tune) need a
// duration for every training event; the others (validate, calendar,
// extract) only note the missing ones.
enum class ConfigUse { Simulate, Inspect };

// One AddEquity/AddForex/... call: a data subscription.
struct SubscriptionSpec {
  SecurityKey security;
  Resolution resolution = Resolution::Minute;
  bool extended_market_hours = false;
  std::string source;  // "simulation.securities[1]", or file:line from an algorithm reader
};

struct SimulationConfig {
  Day start = 0, end = 0;  // inclusive, algorithm zone
  TimeZone zone;
  // Never empty: `securities`, or the `security`/`resolution`/
  // `extended-market-hours` shorthand for one (default SPY minute).
  std::vector<SubscriptionSpec> securities{SubscriptionSpec{}};
  std::uint64_t seed = 1;
  bool seed_given = false;  // the probability draws' seed is 0 when none is given
  DurationSpec on_data = DurationSpec::constant(0);
  // Every event in declaration order: `training`, then `scheduled-events`,
  // then `events` (the single list, in its own order).
  std::vector<ScheduledEventSpec> events;
  std::map<std::string, MethodSpec> methods;
  BucketClock bucket_clock = BucketClock::Wall;
  bool benchmark = true;
  WarmUpSpec warm_up;
  // SetBrokerageModel: LEAN's BrokerageName member, normalised ("Default").
  std::string brokerage = "Default";
  bool daily_precise_end_time = true;
  std::optional<std::filesystem::path> calendar_trace;
  double market_open_slowdown = 1;
};

// Reads `simulation` from the effective config. Throws InputError with the
// key path (also, for ConfigUse::Simulate, when there is no `simulation`
// block or a training event has no duration); appends near-miss warnings
// and notes (events without a duration). Defaults when absent and Inspect.
SimulationConfig read_simulation_config(const ConfigDocument& doc, std::vector<std::string>& warnings,
                                        ConfigUse use = ConfigUse::Simulate);

bool has_training(const SimulationConfig& sim);

nlohmann::ordered_json to_json(const SimulationConfig& sim);
nlohmann::ordered_json warm_up_json(const WarmUpSpec& w);
nlohmann::ordered_json runtime_trigger_json(const RuntimeTrigger& t, const TimeZone& zone);

}  // namespace trainsim
