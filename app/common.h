// app/common.h — what every subcommand shares: --config/--set, loading, warnings.
#pragma once
#include "app/commands.h"
#include "config/config_document.h"
#include "config/lean_settings.h"
#include "input/input_error.h"
#include "project/load.h"
#include "report/report_identity.h"
#include "sim/scenario.h"

#include <cstdint>
#include <functional>
#include <string>

namespace trainsim::cli {

using project::LoadedConfig;
using project::require_trainings_read;
using project::algorithm_read_summary;

// The precedence notes (what a config replaced of the algorithm's), then the
// warnings, each naming the file its key was written in, on stderr.
void print_warnings(LoadedConfig& c);
// For a command stopped by `error` after `c` loaded: prints, unless already
// printed, its warnings and those reading its scenario gives (a key's "did
// you mean" beside the error the typo causes), then throws the error naming
// the file its key was written in.
[[noreturn]] void fail_with_warnings(LoadedConfig& c, const InputError& error);

// project::load, with --color deciding how warnings are painted on stderr.
LoadedConfig load(const ConfigArgs& args);
// The scenario of a loaded config (require_trainings_read first when `use`
// simulates); on an InputError, prints the warnings before it is rethrown.
Scenario load_scenario_reporting(LoadedConfig& c, ConfigUse use = ConfigUse::Simulate);
// Also builds the scenario (market hours, rules, traces) and prints warnings;
// `use` says whether the command simulates (run, sweep, tune) or inspects.
Scenario load_scenario_or_throw(const ConfigArgs& args, ConfigUse use = ConfigUse::Simulate);

// Whether to colour what goes to `fd`: --color always/never, else (auto)
// when `fd` is a terminal and NO_COLOR is unset or empty (no-color.org).
bool use_color(const ConfigArgs& args, int fd);

// `args` with its PROJECT resolved (project::with_project); throws InputError.
ConfigArgs with_project(const ConfigArgs& args);

// The files the loaded config came from, with their digests, for a report.
ReportSource report_source(const LoadedConfig& c);

// "--config F" or "--algorithm P [--config F]", then each "--set K=V", as a
// shell would read them back: to repeat in advice and replay commands.
std::string config_args_text(const ConfigArgs& args);
// `w` as one shell word: as is when plain, else in single quotes.
std::string shell_word(const std::string& w);

// Points (or `unit`) done, rate and time left on stderr; empty unless stderr is a terminal.
std::function<void(std::uint64_t, std::uint64_t)> sweep_progress(const char* unit = "points");
// --jobs: a whole number of at least 1, said plainly (CLI11's PositiveNumber
// prints its double range).
CLI::Validator jobs_validator();
// --format text|json; `help` says what each prints.
CLI::Option* add_format_option(CLI::App& cmd, std::string& format, const std::string& help);
// An option naming a file to write ('-': stdout); its value is never empty
// (`--report ""` would write nothing, silently).
CLI::Option* add_output_option(CLI::App& cmd, const std::string& flags, std::string& path, const std::string& help);
// A whole file as text; throws InputError naming the path.
std::string read_text_file(const std::string& path);

}  // namespace trainsim::cli
