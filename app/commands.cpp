// app/commands.cpp — the subcommands, added in the order `trainsim --help` lists them.
#include "app/commands.h"

#include <initializer_list>

namespace trainsim::cli {

void add_commands(CLI::App& app, int& status) {
  for (AddCommand* add : {add_run_command, add_validate_command, add_calendar_command, add_sweep_command,
                          add_merge_command, add_tune_command, add_extract_command, add_diff_command,
                          add_probe_command, add_calibrate_command, add_check_command, add_quotas_command,
                          add_help_command, add_completion_command})
    add(app, status);
}

}  // namespace trainsim::cli
