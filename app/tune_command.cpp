// app/tune_command.cpp — `trainsim tune`: bisect one key for the completing boundary.
// Exit status 0 with a boundary, 1 when none is in range or the outcome is not
// monotone in the key, 2 bad input.
#include "app/cli_model.h"
#include "app/common.h"
#include "html/html_report.h"
#include "input/input_error.h"
#include "output/output_file.h"
#include "parallel/parallel.h"
#include "report/sweep_report.h"
#include "sweep/tune.h"

#include <iostream>
#include <optional>

namespace trainsim::cli {
namespace {

struct TuneArgs {
  ConfigArgs config;
  std::string minimize, maximize, range, step, html, format = "text";
  int probes = 3;
  unsigned jobs = 0;
  bool verbose = false;
  std::optional<double> max_failure_probability;
  std::uint64_t trials = 0;
};

}  // namespace

void add_tune_command(CLI::App& app, int& status) {
  auto* cmd = app.add_subcommand(
      "tune", "find by bisection the value of one key where the algorithm goes from failing to completing");
  auto args = std::make_shared<TuneArgs>();
  add_config_args(*cmd, args->config);
  auto* minimize = cmd->add_option("--minimize", args->minimize,
                                   "the smallest value that completes (larger values assumed to complete), e.g. "
                                   "scheduled-event-leaky-bucket-capacity")
                       ->type_name("KEY");
  auto* maximize = cmd->add_option("--maximize", args->maximize,
                                   "the largest value that completes (smaller values assumed to complete), e.g. "
                                   "simulation.training[1].duration")
                       ->type_name("KEY");
  minimize->excludes(maximize);
  maximize->excludes(minimize);
  cmd->add_option("--range", args->range,
                  "lo:hi, e.g. 0:5000 or 10m:120m (default for the bucket keys 0:2147483647, loop maximum "
                  "0.01:100000)");
  cmd->add_option("--step", args->step, "the answer's resolution (default 1, or 0.01 for fractional ranges)");
  cmd->add_option("--probes", args->probes, "evenly spaced values run first, besides both ends, to check monotonicity")
      ->check(CLI::Range(0, 1000));
  cmd->add_option("--jobs,-j", args->jobs, "parallel simulations (default: the number of cores)")
      ->check(jobs_validator());
  cmd->add_flag("--verbose,-v", args->verbose, "list every run");
  auto* target = cmd->add_option("--max-failure-probability", args->max_failure_probability,
                                 "with --trials: a value completes when its failure probability's 95% upper bound "
                                 "is <= this (e.g. 0.01)");
  auto* trials = cmd->add_option("--trials", args->trials,
                                 "Monte Carlo trials per value tried, the same trial seeds at every value")
                     ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1} << 40));
  target->needs(trials);
  trials->needs(target);
  add_format_option(*cmd, args->format, "text: the summary on stdout; json: the result as JSON on stdout");
  add_output_option(*cmd, "--html", args->html, "also write an HTML page with the runs over the range here ('-': stdout)");
  set_help_footer(*cmd,
                  {"trainsim tune --config configs/quickstart.json --minimize scheduled-event-leaky-bucket-capacity "
                   "--range 120:100000",
                   "trainsim tune --config config.json --maximize 'simulation.training[1].duration' --range 10m:120m",
                   "trainsim tune --config configs/odds-uniform.json --minimize scheduled-event-leaky-bucket-capacity "
                   "--trials 1000 --max-failure-probability 0.01"},
                  {"0  a boundary was found", "1  none in range, or the outcome is not monotone in the key",
                   "2  bad input or usage"});
  cmd->callback([args, &status] {
    if (args->minimize.empty() && args->maximize.empty())
      throw CLI::RequiredError("tune needs --minimize KEY or --maximize KEY");
    LoadedConfig c = load(args->config);
    try {
    require_trainings_read(c);
    check_outputs({{"--html", args->html}});
    TuneRequest req;
    req.goal = args->minimize.empty() ? TuneGoal::Maximize : TuneGoal::Minimize;
    req.key = req.goal == TuneGoal::Minimize ? args->minimize : args->maximize;
    req.range = args->range;
    req.step = args->step;
    req.probes = args->probes;
    req.jobs = args->jobs ? args->jobs : default_jobs();
    req.max_failure_probability = args->max_failure_probability;
    req.trials = args->trials;
    const TuneReport t = run_tune(c.doc, req);
    c.warnings.insert(c.warnings.end(), t.warnings.begin(), t.warnings.end());
    c.warnings.insert(c.warnings.end(), t.noise.begin(), t.noise.end());
    print_warnings(c);

    const auto& o = t.outcome;
    if (!args->html.empty()) write_output(args->html, html_tune_page(req, t, args->config.config));
    if (args->html != "-") {
      if (args->format == "json") std::cout << tune_json(req, t).dump(2) << "\n";
      else print_tune_summary(std::cout, req, t, args->verbose);
    }
    status = o.status == TuneOutcome::Status::Found ? 0 : 1;
    } catch (const InputError& e) {
      fail_with_warnings(c, e);
    }
  });
}

}  // namespace trainsim::cli
