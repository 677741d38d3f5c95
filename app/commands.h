// app/commands.h — the trainsim subcommands. Each returns the exit status:
// 0 completed / ok, 1 the simulated algorithm was stopped, 2 bad input.
#pragma once
#include "project/load.h"

#include <CLI/CLI.hpp>

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace trainsim::cli {

// The options every config-reading command takes: what to load
// (project::LoadRequest) and how to paint warnings.
struct ConfigArgs : project::LoadRequest {
  std::string color = "auto";  // --color auto|always|never
};
void add_config_args(CLI::App& cmd, ConfigArgs& args);

// Each adds its subcommand to `app`; the subcommand's callback sets `status`.
using AddCommand = void(CLI::App& app, int& status);
AddCommand add_run_command, add_validate_command, add_calendar_command, add_sweep_command, add_merge_command,
    add_tune_command, add_extract_command, add_diff_command, add_probe_command, add_calibrate_command,
    add_check_command, add_quotas_command, add_help_command, add_completion_command;
// In the order `trainsim --help` lists them; only the command the command line
// names, when it names one first (commands.cpp says why).
void add_commands(CLI::App& app, int& status, int argc, const char* const* argv);

// Prints warnings to stderr.
void print_warnings(const std::vector<std::string>& warnings);

}  // namespace trainsim::cli
