#include "app/common.h"

#include "config/config_error.h"

#include <iostream>

namespace trainsim::cli {

void add_config_args(CLI::App& cmd, ConfigArgs& args) {
  cmd.add_option("--config,-c", args.config, "Lean/Launcher config.json with a `simulation` block")->required();
  cmd.add_option("--set", args.sets, "override a key: key=value (LEAN keys or simulation.* paths); repeatable");
}

void print_warnings(const std::vector<std::string>& warnings) {
  for (const auto& w : warnings) std::cerr << "trainsim: warning: " << w << "\n";
}

LoadedConfig load(const ConfigArgs& args) {
  LoadedConfig c;
  c.doc = load_config_document(args.config);
  for (const auto& s : args.sets) apply_override(c.doc, s);
  c.warnings = c.doc.warnings;
  for (auto& w : near_miss_warnings(c.doc.effective, known_root_keys(), c.doc.file_name(), ""))
    c.warnings.push_back(w);
  return c;
}

Scenario load_scenario_or_throw(const ConfigArgs& args) {
  LoadedConfig c = load(args);
  Scenario s = load_scenario(c.doc, c.warnings);
  print_warnings(c.warnings);
  return s;
}

}  // namespace trainsim::cli
