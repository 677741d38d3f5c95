// app/run_command.cpp — `trainsim run`: one simulation (or one Monte Carlo
// trial of it), or `--trials N` of them with the odds of failure.
#include "app/common.h"
#include "config/config_error.h"
#include "parallel/parallel.h"
#include "report/report.h"
#include "sim/advice.h"
#include "sim/simulate.h"
#include "trials/trials_report.h"

#include <chrono>
#include <iostream>
#include <unistd.h>

namespace trainsim::cli {
namespace {

struct RunArgs {
  ConfigArgs config;
  std::string report, timeline;
  bool quiet = false;
  // Monte Carlo trials
  std::uint64_t trials = 0;
  std::optional<std::uint64_t> trial;
  unsigned jobs = 0;
  double precision = 0;
  std::string shard, out;
};

// `run --trials N`: the odds. Exit 0 when no trial failed, 1 when one did;
// a shard run (--shard K/M --out file) exits 0 once its file is written.
int run_trials_command(const RunArgs& a) {
  if (!a.timeline.empty()) fail_config("--timeline", "", "one run's timeline: use it with --trial K, not --trials");
  if (a.precision != 0 && !(a.precision > 0 && a.precision < 0.5))
    fail_config("--precision", std::to_string(a.precision), "expected a half-width between 0 and 0.5, e.g. 0.01");
  std::optional<Shard> shard;
  if (!a.shard.empty()) shard = parse_shard(a.shard);
  if (shard && a.out.empty()) fail_config("--shard", a.shard, "a shard run writes its trials to --out FILE");
  if (!shard && !a.out.empty()) fail_config("--out", a.out, "only a --shard run writes a shard file; use --report");
  if (shard && a.precision > 0)
    fail_config("--precision", "", "early stopping needs every trial in one run; it cannot be used with --shard");
  if (!a.out.empty()) check_output_folder(a.out);
  if (!a.report.empty()) check_output_folder(a.report);
  LoadedConfig c = load(a.config);
  const Scenario s = load_scenario(c.doc, c.warnings);
  print_warnings(c.warnings);

  TrialsRequest q;
  q.count = a.trials;
  q.jobs = a.jobs ? a.jobs : default_jobs();
  q.precision = a.precision;
  if (shard) q.shard = *shard;
  q.progress = sweep_progress("trials");
  const TrialsRun run = run_trials(s, q);
  if (q.progress) std::cerr << "\n";
  const auto context = trials_context(s, s.sim.seed);
  if (shard) {
    write_output(a.out, trials_shard_csv(context, config_fingerprint(c.doc), *shard, run));
    if (!a.quiet && a.out != "-")
      std::cout << "trials: " << run.records.size() << " of " << run.requested << " (shard " << shard->text()
                << "); wrote " << a.out << "; combine the shards with `trainsim merge`\n";
    return 0;
  }
  const TrialStats st = trial_stats(run);
  if (!a.report.empty()) write_file_atomically(a.report, trials_report_json(context, st).dump(2) + "\n");
  if (!a.quiet) print_trials_summary(std::cout, context, st, "trainsim run --config " + a.config.config);
  return st.failure.hits == 0 ? 0 : 1;
}

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
  cmd->add_option("--report", args->report, "write the JSON report here (atomically)");
  cmd->add_option("--timeline", args->timeline, "write one CSV row per event and bucket change here");
  cmd->add_flag("--quiet,-q", args->quiet, "no summary on stdout");
  auto* trials = cmd->add_option("--trials", args->trials,
                                 "run N Monte Carlo trials (trial k: every generator jumped k * 2^128 draws) and "
                                 "report the probability of failure")
                     ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1} << 40));
  auto* trial = cmd->add_option("--trial", args->trial, "run Monte Carlo trial K alone (0 is the plain run)");
  trial->excludes(trials);
  trials->excludes(trial);
  cmd->add_option("--jobs,-j", args->jobs, "parallel trials (default: the number of cores)")
      ->check(CLI::PositiveNumber)
      ->needs(trials);
  cmd->add_option("--precision", args->precision,
                  "stop once the 95% interval's half-width is below this (checked every 1000 trials)")
      ->needs(trials);
  cmd->add_option("--shard", args->shard, "run only the K-th of M interleaved slices of the trials (K from 1)")
      ->needs(trials);
  cmd->add_option("--out,-o", args->out, "with --shard: write the shard's trials here (for `trainsim merge`)")
      ->needs(trials);
  cmd->callback([args, &status] {
    if (args->trials > 0) {
      status = run_trials_command(*args);
      return;
    }
    const Scenario s = load_scenario_or_throw(args->config);
    TimelineCsv csv(s.sim.zone);
    const TimelineSink sink = csv.sink();
    RunOptions opts;
    if (!args->timeline.empty()) opts.timeline = &sink;
    opts.progress = terminal_progress();
    if (args->trial) opts.trial = *args->trial;
    const auto started = std::chrono::steady_clock::now();
    const SimulationResult r = simulate(s, opts);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (opts.progress) std::cerr << "\r                    \r" << std::flush;
    // The advice re-runs the simulation about 60 times; past a few seconds
    // it is better asked for explicitly.
    Advice advice;
    if (!r.completed()) {
      if (opts.trial != 0)  // advise() re-runs the plain run, not this trial
        advice.text = "for the odds across trials, try `trainsim tune --config " + args->config.config +
                      " --minimize scheduled-event-leaky-bucket-capacity --max-failure-probability 0.01 --trials 1000`";
      else if (seconds * 64 < 5.0) advice = advise(s, r);
      else advice.text = "this run is long; find the quota that completes with `trainsim tune --config " +
                         args->config.config + " --minimize scheduled-event-leaky-bucket-capacity --range " +
                         std::to_string(s.lean.capacity) + ":1000000`";
    }
    if (!args->report.empty()) {
      auto j = report_json(s, r);
      if (args->trial) j["trial"] = *args->trial;
      write_file_atomically(args->report, j.dump(2) + "\n");
    }
    if (!args->timeline.empty()) write_file_atomically(args->timeline, csv.text());
    if (!args->quiet) {
      if (args->trial) std::cout << "trial:    " << *args->trial << " (every generator jumped " << *args->trial << " * 2^128 draws)\n";
      print_summary(std::cout, s, r, advice);
    }
    status = r.completed() ? 0 : 1;
  });
}

}  // namespace trainsim::cli
