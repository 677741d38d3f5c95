// app/commands.h — the trainsim subcommands. Each returns the exit status:
// 0 completed / ok, 1 the simulated algorithm was stopped, 2 bad input.
#pragma once
#include <CLI/CLI.hpp>

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace trainsim::cli {

struct ConfigArgs {
  std::string config;
  std::string algorithm;  // --algorithm: a .py/.cs file or a project folder
  std::string project;    // the PROJECT positional, as `lean backtest PROJECT` takes it
  std::vector<std::string> sets;
  std::string quota;  // --quota NAME: simulation.quota, under --set
  // --exec: run the Python algorithm's Initialize against trainsim's stand-in of LEAN (lib/exec).
  bool exec = false;
  std::string python;                                            // --python
  double exec_timeout_seconds = 60;                              // --exec-timeout
  std::size_t exec_memory_mb = 4096;                             // --exec-memory
  std::vector<std::pair<std::string, std::string>> parameters;  // --parameter NAME VALUE
  std::string color = "auto";                                    // --color auto|always|never
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
