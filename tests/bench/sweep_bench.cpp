// tests/bench/sweep_bench.cpp — how fast `trainsim sweep` is (issue 5's
// speed targets), measured on the library as the sweep command uses it.
//
// 1. A 1,000-point sweep (bucket capacity) over a 10-year minute-resolution
//    US-equity calendar with weekly training and a fixed on-data cost: wall
//    time of the whole sweep, config read included (target: < 2 s on 2 cores).
// 2. With a random per-timeslice on-data cost: timeslices per second per core
//    of a sweep against a single run.
//
// Usage: sweep_bench [--repeat R] [--jobs J] [--points N] [--smoke]
// (--smoke: one repetition of 4 points on 2 jobs, for CI)
// Prints the median of R repetitions of each figure.
#include "bench_util.h"

#include "config/config_document.h"
#include "parallel/parallel.h"
#include "project/load.h"
#include "sim/simulate.h"
#include "sweep/grid.h"
#include "sweep/sweep.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>
#include <vector>

namespace {

using namespace trainsim;
using bench::Clock;
using bench::cpu_seconds;
using bench::median;
using bench::seconds_since;

std::string config_text(const std::string& on_data_cost) {
  return bench::weekly_spy_config(std::string(TRAINSIM_SOURCE_DIR) + "/sample_data", "2014-01-01", "2023-12-31", on_data_cost,
                                  "\"30m\"");
}


}  // namespace

int main(int argc, char** argv) {
  int repeat = 5, points = 1000;
  unsigned jobs = default_jobs();
  const bool smoke = bench::smoke(argc, argv);
  if (smoke) repeat = 1, points = 4, jobs = 2;
  for (int i = 1; i + 1 < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--repeat") repeat = std::max(1, std::atoi(argv[++i]));
    else if (a == "--jobs") jobs = static_cast<unsigned>(std::max(1, std::atoi(argv[++i])));
    else if (a == "--points") points = std::max(1, std::atoi(argv[++i]));
  }

  const auto dir = std::filesystem::temp_directory_path() / ("trainsim-sweep-bench-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto fixed_path = dir / "fixed.json", random_path = dir / "random.json";
  std::ofstream(fixed_path) << config_text("\"50ms\"");
  std::ofstream(random_path) << config_text(R"({ "uniform": { "min": "10ms", "max": "90ms" } })");

  std::printf("sweep_bench: %u jobs, median of %d runs\n", jobs, repeat);

  // 1. Fixed on-data cost: capacities 2000, 2100, ... (some fail, most run the 10 years).
  {
    const Grid grid = Grid::parse({"scheduled-event-leaky-bucket-capacity=2000:" +
                                   std::to_string(2000 + 100 * (points - 1)) + ":100"});
    std::vector<double> times, cpu;
    std::uint64_t completed = 0, slices = 0;
    for (int r = 0; r < repeat; ++r) {
      const auto t0 = Clock::now();
      const double c0 = cpu_seconds();
      project::LoadRequest request;
      request.config = fixed_path.string();
      const ConfigDocument doc = project::load(request).doc;
      SweepOptions o;
      o.jobs = jobs;
      const SweepResult res = run_sweep(doc, grid, o);
      times.push_back(seconds_since(t0));
      cpu.push_back(cpu_seconds() - c0);
      completed = slices = 0;
      for (const auto& p : res.results) {
        completed += p.completed;
        slices += static_cast<std::uint64_t>(p.timeslices);
      }
    }
    std::printf("fixed cost:  %d points (%llu complete the 10 years, %.1f M timeslices in all): %.3f s wall "
                "(min %.3f, max %.3f), %.3f CPU s, %.0f points/s\n",
                points, static_cast<unsigned long long>(completed), static_cast<double>(slices) / 1e6,
                median(times), *std::min_element(times.begin(), times.end()),
                *std::max_element(times.begin(), times.end()), median(cpu), points / median(times));
  }

  // 2. Random on-data cost: a single run against a sweep, per core.
  {
    project::LoadRequest request;
    request.config = random_path.string();
    const ConfigDocument doc = project::load(request).doc;
    request.sets = {"scheduled-event-leaky-bucket-capacity=1000000"};
    project::LoadedConfig one = project::load(request);
    const Scenario s = load_scenario(one.doc, one.warnings);
    RunOptions quiet;
    quiet.record_events = false;
    std::vector<double> single, single_cpu;
    std::int64_t slices = 0;
    for (int r = 0; r < repeat; ++r) {
      const auto t0 = Clock::now();
      const double c0 = cpu_seconds();
      slices = simulate(s, quiet).timeslices;
      single_cpu.push_back(static_cast<double>(slices) / (cpu_seconds() - c0));
      single.push_back(static_cast<double>(slices) / seconds_since(t0));
    }
    const int n = static_cast<int>(4 * jobs);
    const Grid grid = Grid::parse({"scheduled-event-leaky-bucket-capacity=1000000:" +
                                   std::to_string(1000000 + n - 1) + ":1"});
    std::vector<double> swept, swept_cpu;
    for (int r = 0; r < repeat; ++r) {
      const auto t0 = Clock::now();
      const double c0 = cpu_seconds();
      SweepOptions o;
      o.jobs = jobs;
      const SweepResult res = run_sweep(doc, grid, o);
      const double t = seconds_since(t0), c = cpu_seconds() - c0;
      std::uint64_t total = 0;
      for (const auto& p : res.results) total += static_cast<std::uint64_t>(p.timeslices);
      swept.push_back(static_cast<double>(total) / t / jobs);
      swept_cpu.push_back(static_cast<double>(total) / c);
    }
    std::printf("random cost (%lld timeslices per run): single run %.1f M timeslices/s (%.1f M per CPU second); "
                "%d-point sweep on %u jobs %.1f M timeslices/s per job (%.0f%% of a single run), %.1f M per CPU "
                "second (%.0f%%)\n",
                static_cast<long long>(slices), median(single) / 1e6, median(single_cpu) / 1e6, n, jobs,
                median(swept) / 1e6, 100 * median(swept) / median(single), median(swept_cpu) / 1e6,
                100 * median(swept_cpu) / median(single_cpu));
  }
  std::filesystem::remove_all(dir);
  return 0;
}
