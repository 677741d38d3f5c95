// app/help_command.cpp — `trainsim help [COMMAND]`: the same text as
// `trainsim COMMAND --help`.
#include "app/cli_model.h"
#include "app/commands.h"
#include "suggest/nearest.h"

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
    if (name->empty()) {
      std::cout << app.help();
    } else {
      const auto names = command_names(app);
      if (std::find(names.begin(), names.end(), *name) == names.end())
        throw UsageError("unknown command '" + *name + "'" + did_you_mean(*name, names));
      std::cout << app.get_subcommand(*name)->help(app.get_name());
    }
    status = 0;
  });
}

}  // namespace trainsim::cli
