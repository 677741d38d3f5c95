// app/quotas_command.cpp — `trainsim quotas`: the named quota presets
// (`--quota NAME`, `simulation.quota`), their values and where they come from.
#include "app/cli_model.h"
#include "app/commands.h"
#include "app/common.h"
#include "config/lean_settings.h"
#include "presets/quota_presets.h"

#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>

namespace trainsim::cli {

void add_quotas_command(CLI::App& app, int& status) {
  auto* cmd = app.add_subcommand("quotas", "list the named quota presets: local LEAN, the docs, each Cloud node");
  auto format = std::make_shared<std::string>("text");
  add_format_option(*cmd, *format, "text: a table; json: one object per preset");
  set_help_footer(*cmd, {"trainsim quotas", "trainsim quotas --format json"},
                  {"0  listed"});
  cmd->callback([format, &status] {
    if (*format == "json") {
      nlohmann::ordered_json all = nlohmann::ordered_json::array();
      for (const auto& p : quota_presets())
        all.push_back({{"name", p.name},
                       {"kind", to_string(p.kind)},
                       {lean_key::kCapacity, p.capacity},
                       {lean_key::kRefill, p.refill_amount},
                       {lean_key::kInterval, p.interval_minutes},
                       {lean_key::kLoopMaximum, p.loop_maximum_minutes},
                       {"source", p.source}});
      std::cout << all.dump(2) << "\n";
    } else {
      std::cout << "capacity and refill in minutes, per interval (1440 minutes: a day); loop maximum in minutes\n\n"
                << std::left << std::setw(12) << "preset" << std::setw(20) << "kind" << std::right << std::setw(9)
                << "capacity" << std::setw(8) << "refill" << std::setw(10) << "interval" << std::setw(7) << "loop"
                << "  source\n";
      for (const auto& p : quota_presets())
        std::cout << std::left << std::setw(12) << p.name << std::setw(20) << to_string(p.kind) << std::right
                  << std::setw(9) << p.capacity << std::setw(8) << p.refill_amount << std::setw(10)
                  << p.interval_minutes << std::setw(7) << p.loop_maximum_minutes << "  " << p.source << "\n";
      std::cout << "\nUse one with --quota NAME, \"simulation\": { \"quota\": NAME }, or a Lean CLI project's "
                   "config.json \"trainsim\": { \"quota\": NAME }; keys set explicitly override it.\n"
                   "Cloud nodes refill on wall-clock time; their keys cannot be changed, only the node.\n";
    }
    status = 0;
  });
}

}  // namespace trainsim::cli
