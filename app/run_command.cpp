#include "app/cli_model.h"
#include "app/common.h"
#include "output/output_file.h"
#include "report/report.h"
#include "sim/advice.h"
#include "sim/simulate.h"

#include <chrono>
#include <iostream>
#include <optional>
#include <unistd.h>

namespace trainsim::cli {
namespace {

struct RunArgs {
  ConfigArgs config;
  std::string report, timeline;
  bool quiet = false;
};

// A progress bar on stderr, only when it is a terminal.
std::function<void(double)> terminal_progress() {
  if (!::isatty(STDERR_FILENO)) return {};
  return [last = -1](double done) mutable {
    const int pct = static_cast<int>(done * 100);
    if (pct == last) return;
    last = pct;
    std::cerr << "\r  simulating " << pct << "%" << std::flush;
  };
}

}  // namespace

void add_run_command(CLI::App& app, int& status) {
  auto* cmd = app.add_subcommand("run", "simulate the configured algorithm and report whether it survives");
  auto args = std::make_shared<RunArgs>();
  add_config_args(*cmd, args->config);
  cmd->add_option("--report", args->report, "write the JSON report here (atomically)")->type_name("FILE");
  cmd->add_option("--timeline", args->timeline, "write one CSV row per event and bucket change here")
      ->type_name("FILE");
  cmd->add_flag("--quiet,-q", args->quiet, "no summary on stdout");
  set_help_footer(*cmd,
                  {"trainsim run --config configs/quickstart.json",
                   "trainsim run --config config.json --report report.json --timeline timeline.csv",
                   "trainsim run --config config.json --set scheduled-event-leaky-bucket-capacity=300 --quiet"},
                  {"0  the simulated algorithm completed", "1  it was stopped by the time limit or the training quota",
                   "2  bad input or usage (nothing is simulated, no report is written)"});
  cmd->callback([args, &status] {
    const Scenario s = load_scenario_or_throw(args->config);
    // Every output is checked before simulating, and nothing appears at any
    // of them unless all are written.
    if (!args->report.empty()) check_output(args->report, "--report");
    if (!args->timeline.empty()) check_output(args->timeline, "--timeline");
    std::optional<OutputFile> report_file, timeline_file;
    if (!args->report.empty()) report_file.emplace(args->report);
    if (!args->timeline.empty()) timeline_file.emplace(args->timeline);
    TimelineCsv csv(s.sim.zone, timeline_file ? &*timeline_file : nullptr);
    const TimelineSink sink = csv.sink();
    RunOptions opts;
    if (!args->timeline.empty()) opts.timeline = &sink;
    opts.progress = terminal_progress();
    const auto started = std::chrono::steady_clock::now();
    const SimulationResult r = simulate(s, opts);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (opts.progress) std::cerr << "\r                    \r" << std::flush;
    // The advice re-runs the simulation about 60 times; past a few seconds
    // (judged by this run, and by the re-runs, which may run much further)
    // it is better asked for explicitly.
    Advice advice;
    if (!r.completed()) {
      if (seconds * 64 < 5.0) advice = advise(s, r);
      if (seconds * 64 >= 5.0 || advice.stopped) advice.text = "this run is long; find the quota that completes with `trainsim tune --config " +
                         args->config.config + " --minimize scheduled-event-leaky-bucket-capacity --range " +
                         std::to_string(s.lean.capacity) + ":1000000`";
    }
    if (report_file) report_file->write(report_json(s, r).dump(2) + "\n");
    csv.flush();
    if (report_file) report_file->commit();
    if (timeline_file) timeline_file->commit();
    if (!args->quiet) print_summary(std::cout, s, r, advice);
    status = r.completed() ? 0 : 1;
  });
}

}  // namespace trainsim::cli
