// app/common.h — what every subcommand shares: --config/--set, loading, warnings.
#pragma once
#include "app/commands.h"
#include "config/config_document.h"
#include "config/lean_settings.h"
#include "sim/scenario.h"

namespace trainsim::cli {

struct LoadedConfig {
  ConfigDocument doc;
  std::vector<std::string> warnings;
};

// Reads the config and applies --set; throws ConfigError.
LoadedConfig load(const ConfigArgs& args);
// Also builds the scenario (market hours, rules, traces) and prints warnings.
Scenario load_scenario_or_throw(const ConfigArgs& args);

}  // namespace trainsim::cli
