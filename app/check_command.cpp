// app/check_command.cpp — `trainsim check --log log.txt --config|--algorithm`:
// replays the run a LEAN log came from (its quota settings, loop maximum and
// measured durations) and says whether trainsim predicts what LEAN did.
// Exit 0 it matches, 1 the first difference, 2 bad input.
#include "app/cli_model.h"
#include "app/common.h"
#include "calibrate/replay.h"
#include "input/input_error.h"
#include "sim/simulate.h"

#include <iostream>

namespace trainsim::cli {

void add_check_command(CLI::App& app, int& status) {
  auto* cmd = app.add_subcommand(
      "check", "replay the run a LEAN log came from and compare trainsim's outcome with LEAN's (exit 1 on a difference)");
  struct CheckArgs {
    ConfigArgs config;
    std::string log;
  };
  auto args = std::make_shared<CheckArgs>();
  add_config_args(*cmd, args->config);
  cmd->add_option("--log", args->log, "the LEAN log of the run (a Lean CLI backtests/*/log.txt, or a Cloud download)")
      ->required()
      ->type_name("FILE");
  set_help_footer(*cmd,
                  {"trainsim check --algorithm MyProject --log MyProject/backtests/2024-03-03_08-00-00/log.txt",
                   "trainsim check --config config.json --log log.txt"},
                  {"0  trainsim's replay matches the log: outcome, failure time (within LEAN's poll) and message",
                   "1  it does not: the first difference is printed",
                   "2  bad input: a log unreadable, without an outcome, or a training with no measured duration"});
  cmd->callback([args, &status] {
    calibrate::LogEvidence e;
    calibrate::read_log_file(args->log, e);
    print_warnings(e.warnings);
    if (!e.failure && !e.run_seconds)
      fail_input(args->log, "", "the log shows neither LEAN's end-of-run line nor a time-limit failure: the run did not finish");
    LoadedConfig c = load(args->config);
    Scenario s = load_scenario(c.doc, c.warnings, nullptr, ConfigUse::Inspect);
    const auto notes = calibrate::apply_evidence(s, e, args->log);
    print_warnings(c);
    for (const auto& n : notes) std::cout << "replay: " << n << "\n";
    const SimulationResult r = simulate(s);
    const auto verdict = calibrate::compare_with_log(s, r, e);
    for (const auto& l : verdict.lines) std::cout << l << "\n";
    std::cout << (verdict.matches ? "match: trainsim predicts what LEAN did\n" : "mismatch\n");
    status = verdict.matches ? 0 : 1;
  });
}

}  // namespace trainsim::cli
