// app/calendar_command.cpp — the `calendar` subcommand: its options, then
// report/calendar_report.h writes the calendar.
#include "app/cli_model.h"
#include "app/common.h"
#include "report/calendar_report.h"

#include <cstdint>
#include <iostream>

namespace trainsim::cli {

void add_calendar_command(CLI::App& app, int& status) {
  auto* cmd = app.add_subcommand("calendar", "print the timeslice calendar: days, early closes, counts, event times");
  auto args = std::make_shared<ConfigArgs>();
  auto events = std::make_shared<bool>(false);
  auto format = std::make_shared<std::string>("text");
  auto all = std::make_shared<bool>(false);
  add_config_args(*cmd, *args);
  cmd->add_flag("--events", *events, "list the firing times of each training and scheduled event (the first 1000 each)");
  cmd->add_flag("--all", *all, "with --events: list every firing, however many");
  add_format_option(*cmd, *format, "text or json");
  set_help_footer(*cmd,
                  {"trainsim calendar --config configs/quickstart.json",
                   "trainsim calendar --config config.json --events --format json"},
                  {"0  the calendar was printed", "2  bad input or usage"});
  cmd->callback([args, events, format, all, &status] {
    const Scenario s = load_scenario_or_throw(*args, ConfigUse::Inspect);
    CalendarReportOptions o;
    o.events = *events;
    if (*all) o.max_listed = SIZE_MAX;
    o.format = *format == "json" ? CalendarFormat::Json : CalendarFormat::Text;
    write_calendar(std::cout, s, o);
    status = 0;
  });
}

}  // namespace trainsim::cli
