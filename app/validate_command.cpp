// app/validate_command.cpp — `trainsim validate`: the effective config, where
// each value came from, and every warning, without simulating.
#include "app/cli_model.h"
#include "app/common.h"
#include "calendar/market_hours_database.h"
#include "config/simulation_config.h"
#include "input/input_error.h"
#include "presets/quota_presets.h"
#include "quota/time_step_budget.h"

#include <iomanip>
#include <iostream>

namespace trainsim::cli {

void add_validate_command(CLI::App& app, int& status) {
  auto* cmd = app.add_subcommand("validate", "check a config and print the effective configuration");
  auto args = std::make_shared<ConfigArgs>();
  add_config_args(*cmd, *args);
  set_help_footer(*cmd,
                  {"trainsim validate --config configs/quickstart.json",
                   "trainsim validate --config Launcher/config.json --set environment=live-paper"},
                  {"0  the config is valid", "2  bad input or usage"});
  cmd->callback([args, &status] {
    LoadedConfig c = load(*args);
    try {
    const LeanSettings lean = read_lean_settings(c.doc);
    c.warnings.insert(c.warnings.end(), lean.notes.begin(), lean.notes.end());
    const SimulationConfig sim = read_simulation_config(c.doc, c.warnings, ConfigUse::Inspect);
    // With a simulation to run, check what `run` would read too (market
    // hours, traces, rule evaluation); LEAN's own config has none.
    const auto db = MarketHoursDatabase::path_in(lean.data_folder);
    if (c.doc.effective.contains("simulation") || std::filesystem::exists(db)) {
      std::vector<std::string> more;
      load_scenario(c.doc, more, nullptr, ConfigUse::Inspect);
    } else {
      c.warnings.push_back(input_message(c.doc.file_name(), lean_key::kDataFolder,
                                         "no market-hours database at " + db.string() +
                                              "; `run` needs one (set data-folder)"));
    }
    print_warnings(c);
    std::cout << "config: " << c.doc.file_name();
    if (!c.doc.environment.empty()) std::cout << " (environment '" << c.doc.environment << "')";
    std::cout << "\n";
    if (!lean.quota.empty()) {
      const auto preset = find_quota_preset(lean.quota);
      std::cout << "quota preset: " << lean.quota << " (" << to_string(preset->kind) << "; " << preset->source
                << "), named in " << (lean.quota_source == "--set" ? "the command line" : lean.quota_source) << "\n";
    }
    std::cout << "\nLEAN keys:\n";
    auto row = [&](const char* key, const std::string& value) {
      std::cout << "  " << std::left << std::setw(52) << key << std::setw(12) << value << " ("
                << lean.source.at(key) << ")\n";
    };
    row(lean_key::kLoopMaximum, format_csharp_double(lean.loop_maximum_minutes));
    row(lean_key::kCapacity, std::to_string(lean.capacity));
    row(lean_key::kInterval, std::to_string(lean.interval_minutes));
    row(lean_key::kRefill, std::to_string(lean.refill_amount));
    row(lean_key::kLiveMode, lean.live_mode ? "true" : "false");
    row(lean_key::kDataFolder, lean.data_folder.string());
    if (lean.source.at(lean_key::kRefill) == "default")
      std::cout << "  (refill amount default: ceil(capacity / 7) = ceil(" << lean.capacity << " / 7))\n";
    std::cout << "\nsimulation";
    std::cout << (c.doc.effective.contains("simulation") ? ":\n" : " (no `simulation` block; defaults):\n");
    std::cout << to_json(sim).dump(2) << "\n";
    if (c.algorithm) {
      // With --algorithm: which keys the file gave and which the configs overrode.
      std::cout << "\nsimulation keys read from " << c.algorithm->read.file << " and the configs:\n";
      for (const auto& [key, origin] : c.algorithm->sources)
        std::cout << "  " << std::left << std::setw(24) << key << origin << "\n";
      if (c.doc.origin.count("simulation")) std::cout << "  (then " << c.doc.origin.at("simulation") << ")\n";
      // What a config replaced of the algorithm's declarations, as `run` notes it.
      if (!c.algorithm->replaced.empty()) {
        std::cout << "\nreplaced by a config (the config wins):\n";
        for (const auto& n : c.algorithm->replaced) std::cout << "  " << n << "\n";
      }
    }
    status = 0;
    } catch (const InputError& e) {
      fail_with_warnings(c, e);
    }
  });
}

}  // namespace trainsim::cli
