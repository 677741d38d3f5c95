// tests/bench/trials_bench.cpp — how fast `trainsim run --trials` is (issue
// 12's speed targets), measured on the library as the run command uses it.
//
// 1. 10,000 trials of a one-year SPY minute backtest with weekly lognormal
//    training and a fixed on-data cost (target: < 1 s on 2 cores). With a
//    fixed cost a trial costs in proportion to its events: the backtest takes
//    the slices between events in bulk.
// 2. With a lognormal on-data cost drawn per timeslice: the trials'
//    timeslices per second per core against a single run's (target: within
//    10 %).
//
// Usage: trials_bench [--repeat R] [--jobs J] [--trials N] [--smoke]
// (--smoke: one repetition of 20 trials on 2 jobs, for CI)
// Prints medians of R repetitions. The machine is shared: compare the ratios
// (and CPU seconds), which other load disturbs least.
#include "bench_util.h"
#include "config/config_document.h"
#include "parallel/parallel.h"
#include "sim/simulate.h"
#include "trials/trials.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>
#include <vector>

namespace {

using namespace trainsim;
using bench::Clock;
using bench::cpu_seconds;
using bench::median;
using bench::seconds_since;

std::string config_text(const std::string& data, const std::string& on_data_cost) {
  return bench::weekly_spy_config(data, "2024-01-01", "2024-12-31", on_data_cost,
                                  R"({ "lognormal": { "median": "30m", "sigma": 0.25 } })",
                                  "\"scheduled-event-leaky-bucket-capacity\": 100000,");
}


Scenario scenario(const std::string& text, const std::string& name) {
  const auto path = bench::write_config(name, text);
  std::vector<std::string> warnings;
  return load_scenario(load_config_document(path), warnings);
}

}  // namespace

int main(int argc, char** argv) {
  int repeat = 5;
  unsigned jobs = default_jobs();
  std::uint64_t trials = 10000;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    if (a == "--repeat") repeat = std::max(1, std::atoi(argv[i + 1]));
    else if (a == "--jobs") jobs = static_cast<unsigned>(std::max(1, std::atoi(argv[i + 1])));
    else if (a == "--trials") trials = static_cast<std::uint64_t>(std::max(1, std::atoi(argv[i + 1])));
  }
  const bool smoke = bench::smoke(argc, argv);
  if (smoke) repeat = 1, trials = 20, jobs = 2;
  std::string label;
  const std::string data = bench::data_folder(TRAINSIM_SOURCE_DIR, label).string();
  std::printf("trials_bench: %u jobs, median of %d runs, %s\n", jobs, repeat, label.c_str());

  // 1. Fixed on-data cost.
  {
    const Scenario s = scenario(config_text(data, "\"50ms\""), "trainsim-trials-bench-fixed.json");
    std::vector<double> times, cpu;
    std::uint64_t completed = 0;
    std::int64_t slices = 0;
    for (int r = 0; r < repeat; ++r) {
      TrialsRequest q;
      q.count = trials;
      q.jobs = jobs;
      const auto t0 = Clock::now();
      const double c0 = cpu_seconds();
      const TrialsRun run = run_trials(s, q);
      times.push_back(seconds_since(t0));
      cpu.push_back(cpu_seconds() - c0);
      completed = 0;
      completed += run.summary.completed();
    }
    slices = run_trial(s, 0, std::nullopt).timeslices;
    std::printf("fixed cost:  %llu trials (%llu complete the year, %lld timeslices each): %.3f s wall (min %.3f, "
                "max %.3f), %.3f CPU s, %.0f trials/s\n",
                static_cast<unsigned long long>(trials), static_cast<unsigned long long>(completed),
                static_cast<long long>(slices), median(times), *std::min_element(times.begin(), times.end()),
                *std::max_element(times.begin(), times.end()), median(cpu), static_cast<double>(trials) / median(times));
  }

  // 2. Lognormal on-data cost per timeslice: a single run against trials, per core.
  {
    const Scenario s =
        scenario(config_text(data, R"({ "lognormal": { "median": "50ms", "sigma": 0.5 } })"),
                 "trainsim-trials-bench-random.json");
    std::vector<double> single, single_cpu, batch, batch_cpu;
    std::int64_t slices = 0;
    for (int r = 0; r < repeat; ++r) {
      const auto t0 = Clock::now();
      const double c0 = cpu_seconds();
      slices = run_trial(s, 0, std::nullopt).timeslices;
      single_cpu.push_back(static_cast<double>(slices) / (cpu_seconds() - c0));
      single.push_back(static_cast<double>(slices) / seconds_since(t0));
    }
    const std::uint64_t n = (smoke ? 2 : 50) * jobs;
    for (int r = 0; r < repeat; ++r) {
      TrialsRequest q;
      q.count = n;
      q.jobs = jobs;
      const auto t0 = Clock::now();
      const double c0 = cpu_seconds();
      const TrialsRun run = run_trials(s, q);
      const double t = seconds_since(t0), c = cpu_seconds() - c0;
      (void)run;
      const double total = static_cast<double>(slices) * static_cast<double>(n);  // every trial runs the year
      batch.push_back(total / t / jobs);
      batch_cpu.push_back(total / c);
    }
    std::printf("random cost (%lld timeslices per trial): single run %.1f M timeslices/s (%.1f M per CPU second); "
                "%llu trials on %u jobs %.1f M timeslices/s per job (%.0f%% of a single run), %.1f M per CPU "
                "second (%.0f%%)\n",
                static_cast<long long>(slices), median(single) / 1e6, median(single_cpu) / 1e6,
                static_cast<unsigned long long>(n), jobs, median(batch) / 1e6, 100 * median(batch) / median(single),
                median(batch_cpu) / 1e6, 100 * median(batch_cpu) / median(single_cpu));
  }
  return 0;
}
