// app/help_command.cpp — `trainsim help [COMMAND]`: the same text as
// `trainsim COMMAND --help`.
#include "app/cli_model.h"
#include "app/commands.h"
#include "input/nearest.h"

#include <algorithm>
#include <iostream>

namespace trainsim::cli {

void add_help_command(CLI::App& app, int& status) {
  auto* cmd = app.add_subcommand("help", "print the help of a command (or of trainsim)");
  auto name = std::make_shared<std::string>();
  cmd->add_option("command", *name, "the command")->type_name("COMMAND");
  set_help_footer(*cmd, {"trainsim help run", "trainsim help"},
                  {"0  the help was printed", "2  unknown command"});
  cmd->callback([&app, name, &status] {
    // The formatter, not App::help, which would describe `help` itself (the
    // subcommand being run).
    if (name->empty()) {
      std::cout << app.get_formatter()->make_help(&app, app.get_name(), CLI::AppFormatMode::Normal);
    } else {
      const auto names = command_names(app);
      if (std::find(names.begin(), names.end(), *name) == names.end())
        throw UsageError("unknown command '" + *name + "'" + did_you_mean(*name, names));
      const CLI::App* sub = app.get_subcommand(*name);
      std::cout << sub->get_formatter()->make_help(sub, app.get_name() + " " + *name, CLI::AppFormatMode::Normal);
    }
    status = 0;
  });
}

}  // namespace trainsim::cli
