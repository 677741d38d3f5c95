// app/diff_command.cpp — `trainsim diff BASELINE.json NEW.json`: what changed
// between two run reports, in a few lines. Exit 0 equal, 1 different, 2 bad input.
#include "app/cli_model.h"
#include "app/common.h"
#include "diff/report_diff.h"
#include "input/input_error.h"
#include "input/json_text.h"

#include <iostream>

namespace trainsim::cli {
namespace {

struct DiffArgs {
  std::string baseline, current;
  double tolerance = 0;
};

nlohmann::json read_report(const std::string& path) {
  const std::string text = read_text_file(path);
  nlohmann::json j = parse_json_text(text, path);
  check_run_report(j, path);
  return j;
}

}  // namespace

void add_diff_command(CLI::App& app, int& status) {
  auto* cmd = app.add_subcommand("diff", "compare two JSON run reports: verdict and key figures (exit 1 when they differ)");
  auto args = std::make_shared<DiffArgs>();
  cmd->add_option("baseline", args->baseline, "the expected JSON run report")->required();
  cmd->add_option("new", args->current, "the report to check against it")->required();
  cmd->add_option("--tolerance", args->tolerance, "minute figures within this many minutes count as equal (default 0)")
      ->check(CLI::NonNegativeNumber);
  set_help_footer(*cmd,
                  {"trainsim diff tests/regression/quickstart.report.json new.json",
                   "trainsim diff baseline.json new.json --tolerance 0.5"},
                  {"0  the verdict and key figures are equal", "1  they differ (one line per difference)",
                   "2  bad input or usage: a file unreadable or not a run report"});
  cmd->callback([args, &status] {
    const nlohmann::json a = read_report(args->baseline), b = read_report(args->current);
    DiffOptions o;
    o.tolerance_minutes = args->tolerance;
    const ReportDiff d = diff_reports(a, b, o);
    for (const auto& l : d.lines) std::cout << l << "\n";
    status = d.equal ? 0 : 1;
  });
}

}  // namespace trainsim::cli
