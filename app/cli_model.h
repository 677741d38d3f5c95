// app/cli_model.h — the command line read back from its CLI11 definition:
// help footers, the unknown-command/flag check, and what shell completion
// and the man page are generated from. Nothing here lists flags by hand, so a
// flag any subcommand adds appears everywhere automatically.
#pragma once
#include <CLI/CLI.hpp>

#include <stdexcept>
#include <string>
#include <vector>

namespace trainsim::cli {

// A mistyped command or flag: "unknown command 'rn'; did you mean 'run'?" (exit 2).
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Ends `cmd`'s --help (and its man page section) with examples and exit codes.
void set_help_footer(CLI::App& cmd, const std::vector<std::string>& examples,
                     const std::vector<std::string>& exit_codes);

// The subcommands a user can type, in definition order.
std::vector<const CLI::App*> commands(const CLI::App& app);
std::vector<std::string> command_names(const CLI::App& app);
// Every option name of `cmd` ("--config", "-c", "--help", ...), positionals and
// hidden options excluded.
std::vector<std::string> flag_names(const CLI::App& cmd);

// What a value of an option (or a positional) is, for completion.
enum class ValueKind { None, File, Project, Key, KeyValue, Command, Choice, Other };
ValueKind value_kind(const CLI::Option& opt);
bool takes_value(const CLI::Option& opt);
// An option's choices ("text", "json" from CLI::IsMember); empty if free.
std::vector<std::string> choices(const CLI::Option& opt);
// Keys --set and --grid take: LEAN keys, then simulation.* paths (events at [0]).
std::vector<std::string> settable_keys();

// The hidden command the completion script runs for `simulation.methods.<TAB>`.
inline constexpr const char* kCompleteMethods = "__complete-methods";

// Throws UsageError naming an unknown subcommand or flag on the command line,
// with the nearest known one, before CLI11 parses it (CLI11 would only say
// "A subcommand is required" or "--config is required").
void check_command_line(const CLI::App& app, int argc, const char* const* argv);

}  // namespace trainsim::cli

namespace trainsim::cli {

// The man page (roff) of `app` and every command, from their definitions.
std::string man_page(const CLI::App& app, const std::string& version);

}  // namespace trainsim::cli
