// app/tune_command.cpp — `trainsim tune`: bisect one key for the completing boundary.
// Exit status 0 with a boundary, 1 when none is in range or the outcome is not
// monotone in the key, 2 bad input.
#include "app/common.h"
#include "report/report.h"
#include "parallel/parallel.h"
#include "sweep/tune.h"

#include <cstdio>
#include <iostream>
#include <optional>

namespace trainsim::cli {
namespace {

struct TuneArgs {
  ConfigArgs config;
  std::string minimize, maximize, range, step;
  int probes = 3;
  unsigned jobs = 0;
  bool verbose = false;
  std::optional<double> max_failure_probability;
  std::uint64_t trials = 0;
};

std::string pct(double p) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f%%", p * 100);
  return buf;
}

// "p_fail 0.50% (95% interval 0.20% .. 1.10%, 5 of 1000 trials)"
std::string odds_text(const PointResult& r) {
  return "p_fail " + pct(r.p_fail) + " (95% interval " + pct(r.p_fail_lo) + " .. " + pct(r.p_fail_hi) + ", " +
         std::to_string(r.trial_failures) + " of " + std::to_string(r.trials) + " trials)";
}

}  // namespace

void add_tune_command(CLI::App& app, int& status) {
  auto* cmd = app.add_subcommand(
      "tune", "find by bisection the value of one key where the algorithm goes from failing to completing");
  auto args = std::make_shared<TuneArgs>();
  add_config_args(*cmd, args->config);
  auto* minimize = cmd->add_option("--minimize", args->minimize,
                                   "the smallest value that completes (larger values assumed to complete), e.g. "
                                   "scheduled-event-leaky-bucket-capacity");
  auto* maximize = cmd->add_option("--maximize", args->maximize,
                                   "the largest value that completes (smaller values assumed to complete), e.g. "
                                   "simulation.training[1].duration");
  minimize->excludes(maximize);
  maximize->excludes(minimize);
  cmd->add_option("--range", args->range,
                  "lo:hi, e.g. 0:5000 or 10m:120m (default for the bucket keys 0:2147483647, loop maximum "
                  "0.01:100000)");
  cmd->add_option("--step", args->step, "the answer's resolution (default 1, or 0.01 for fractional ranges)");
  cmd->add_option("--probes", args->probes, "evenly spaced values run first, besides both ends, to check monotonicity")
      ->check(CLI::Range(0, 1000));
  cmd->add_option("--jobs,-j", args->jobs, "parallel simulations (default: the number of cores)")
      ->check(CLI::PositiveNumber);
  cmd->add_flag("--verbose,-v", args->verbose, "list every run");
  auto* target = cmd->add_option("--max-failure-probability", args->max_failure_probability,
                                 "with --trials: a value completes when its failure probability's 95% upper bound "
                                 "is <= this (e.g. 0.01)");
  auto* trials = cmd->add_option("--trials", args->trials,
                                 "Monte Carlo trials per value tried, the same trial seeds at every value")
                     ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1} << 40));
  target->needs(trials);
  trials->needs(target);
  cmd->callback([args, &status] {
    if (args->minimize.empty() && args->maximize.empty())
      throw CLI::RequiredError("tune needs --minimize KEY or --maximize KEY");
    LoadedConfig c = load(args->config);
    TuneRequest req;
    req.goal = args->minimize.empty() ? TuneGoal::Maximize : TuneGoal::Minimize;
    req.key = req.goal == TuneGoal::Minimize ? args->minimize : args->maximize;
    req.range = args->range;
    req.step = args->step;
    req.probes = args->probes;
    req.jobs = args->jobs ? args->jobs : default_jobs();
    req.max_failure_probability = args->max_failure_probability;
    req.trials = args->trials;
    const bool odds = req.max_failure_probability.has_value();
    const TuneReport t = run_tune(c.doc, req);
    c.warnings.insert(c.warnings.end(), t.warnings.begin(), t.warnings.end());
    c.warnings.insert(c.warnings.end(), t.noise.begin(), t.noise.end());
    print_warnings(c.warnings);

    const auto& o = t.outcome;
    const bool min = req.goal == TuneGoal::Minimize;
    std::cout << "tune:     " << (min ? "minimize " : "maximize ") << req.key << " over "
              << t.range.text(0) << ".." << t.range.text(t.range.count() - 1) << " (step "
              << format_decimal(t.range.step, t.range.decimals, t.range.unit) << ")\n";
    if (odds)
      std::cout << "target:   failure probability <= " << pct(*req.max_failure_probability) << " (95% upper bound) over "
                << req.trials << " trials per value, the same trial seeds at every value\n";
    if (odds && o.status == TuneOutcome::Status::Found) {
      const TuneRun& b = o.runs[*o.boundary];
      const TuneRun& f = o.runs[*o.neighbour];
      std::cout << "boundary: " << b.value << "  (the " << (min ? "smallest" : "largest")
                << " value that meets the target; " << f.value << " does not)\n";
      std::cout << "odds:     at " << b.value << " " << odds_text(b.result) << "\n";
      std::cout << "          at " << f.value << " " << odds_text(f.result) << "\n";
      if (t.band)
        std::cout << "band:     the interval contains the target from " << t.band->first << " to " << t.band->second
                  << "\n";
    } else if (o.status == TuneOutcome::Status::Found) {
      const TuneRun& b = o.runs[*o.boundary];
      const TuneRun& f = o.runs[*o.neighbour];
      std::cout << "boundary: " << b.value << "  (the " << (min ? "smallest" : "largest") << " value that completes; "
                << f.value << " fails at " << f.result.failure_time;
      if (!f.result.failing_event.empty()) std::cout << " during '" << f.result.failing_event << "'";
      std::cout << ")\n";
      std::cout << "margin:   bucket minimum " << b.result.bucket_minimum << " minutes at " << b.value << " ("
                << b.result.charged << " charged, " << format_minutes(b.result.training) << " minutes trained)\n";
    } else {
      std::cout << "boundary: none: " << o.message << "\n";
    }
    std::cout << "runs:     " << o.runs.size() << "\n";
    if (args->verbose) {
      for (const auto& r : o.runs) {
        if (odds)
          std::cout << "  " << req.key << "=" << r.value << "  " << (r.result.completed ? "meets" : "misses")
                    << " the target  " << odds_text(r.result) << "\n";
        else
          std::cout << "  " << req.key << "=" << r.value << "  " << (r.result.completed ? "completed" : "failed")
                    << "  bucket minimum " << r.result.bucket_minimum
                    << (r.result.completed ? "" : "  at " + r.result.failure_time) << "\n";
      }
    }
    status = o.status == TuneOutcome::Status::Found ? 0 : 1;
  });
}

}  // namespace trainsim::cli
