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

void add_run_command(CLI::App& app, int& status);
void add_validate_command(CLI::App& app, int& status);
void add_calendar_command(CLI::App& app, int& status);
void add_sweep_command(CLI::App& app, int& status);
void add_merge_command(CLI::App& app, int& status);
void add_tune_command(CLI::App& app, int& status);
void add_extract_command(CLI::App& app, int& status);
void add_diff_command(CLI::App& app, int& status);
void add_probe_command(CLI::App& app, int& status);
void add_calibrate_command(CLI::App& app, int& status);
void add_check_command(CLI::App& app, int& status);
void add_quotas_command(CLI::App& app, int& status);

// Prints warnings to stderr.
void print_warnings(const std::vector<std::string>& warnings);

}  // namespace trainsim::cli
