// app/commands.cpp — the subcommands, added in the order `trainsim --help` lists them.
#include "app/commands.h"

#include <string_view>

namespace trainsim::cli {
namespace {

struct Command {
  std::string_view name;
  AddCommand* add;
};
constexpr Command kCommands[] = {
    {"run", add_run_command},         {"validate", add_validate_command}, {"calendar", add_calendar_command},
    {"sweep", add_sweep_command},     {"merge", add_merge_command},       {"tune", add_tune_command},
    {"extract", add_extract_command}, {"diff", add_diff_command},         {"probe", add_probe_command},
    {"calibrate", add_calibrate_command}, {"check", add_check_command},   {"quotas", add_quotas_command},
    {"help", add_help_command},       {"completion", add_completion_command}};

}  // namespace

void add_commands(CLI::App& app, int& status, int argc, const char* const* argv) {
  // CLI11 builds every option of a command as it is added (~2 M instructions
  // for all fourteen, an eighth of a 20-year run): a command line that starts
  // with a command's name gets that command alone. `help` and `completion`
  // describe the others, and anything else (flags first, an unknown or no
  // command) gets all of them, so its help and errors list every command.
  if (argc > 1) {
    const std::string_view first = argv[1];
    for (const Command& c : kCommands)
      if (c.name == first && first != "help" && first != "completion") return c.add(app, status);
  }
  for (const Command& c : kCommands) c.add(app, status);
}

}  // namespace trainsim::cli
