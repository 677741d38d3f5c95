#include "app/cli_model.h"
#include "app/common.h"
#include "report/calendar_report.h"

#include <iostream>

namespace trainsim::cli {

void add_calendar_command(CLI::App& app, int& status) {
  auto* cmd = app.add_subcommand("calendar", "print the timeslice calendar: days, early closes, counts, event times");
  auto args = std::make_shared<ConfigArgs>();
  auto events = std::make_shared<bool>(false);
  auto format = std::make_shared<std::string>("text");
  add_config_args(*cmd, *args);
  cmd->add_flag("--events", *events, "list every firing time of each training and scheduled event");
  cmd->add_option("--format", *format, "text or json")->check(CLI::IsMember({"text", "json"}));
  set_help_footer(*cmd,
                  {"trainsim calendar --config configs/quickstart.json",
                   "trainsim calendar --config config.json --events --format json"},
                  {"0  the calendar was printed", "2  bad input or usage"});
  cmd->callback([args, events, format, &status] {
    const Scenario s = load_scenario_or_throw(*args, ConfigUse::Inspect);
    const auto c = calendar_json(s, CalendarReportOptions{*events});
    if (*format == "json") std::cout << c.dump(2) << "\n";
    else print_calendar(std::cout, c);
    status = 0;
  });
}

}  // namespace trainsim::cli
