// app/sweep_command.cpp — `trainsim sweep`, `trainsim merge` and `trainsim tune`:
// the command lines over lib/sweep.
//
// Exit statuses: sweep and merge 0 when they wrote their CSV (whatever the
// points' outcomes), 2 bad input or usage; tune 0 when it found the boundary,
// 1 when there is none in the range or the outcome is not monotone in the
// key, 2 bad input or usage.
#include "app/common.h"
#include "config/config_error.h"
#include "report/report.h"
#include "sweep/parallel.h"
#include "sweep/results_csv.h"
#include "sweep/sweep.h"
#include "sweep/tune.h"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <unistd.h>

namespace trainsim::cli {
namespace {

struct SweepArgs {
  ConfigArgs config;
  std::vector<std::string> grid;
  unsigned jobs = 0;
  std::string shard;
  std::string out;
  bool quiet = false;
};

struct MergeArgs {
  std::vector<std::string> inputs;
  std::string out;
};

struct TuneArgs {
  ConfigArgs config;
  std::string minimize, maximize, range, step;
  int probes = 3;
  unsigned jobs = 0;
  bool verbose = false;
};

std::string clock_text(double seconds) {
  if (!(seconds >= 0) || seconds > 359999) return "--:--";
  const long s = static_cast<long>(seconds + 0.5);
  char buf[32];
  if (s >= 3600) std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", s / 3600, (s / 60) % 60, s % 60);
  else std::snprintf(buf, sizeof buf, "%ld:%02ld", s / 60, s % 60);
  return buf;
}

// Points done, rate and time left on stderr, only when it is a terminal.
std::function<void(std::uint64_t, std::uint64_t)> sweep_progress() {
  if (!::isatty(STDERR_FILENO)) return {};
  const auto start = std::chrono::steady_clock::now();
  return [start](std::uint64_t done, std::uint64_t total) {
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const double rate = elapsed > 0 ? static_cast<double>(done) / elapsed : 0;
    const double left = rate > 0 ? static_cast<double>(total - done) / rate : -1;
    constexpr int kWidth = 24;
    const int filled = total ? static_cast<int>(kWidth * done / total) : kWidth;
    char line[160];
    std::snprintf(line, sizeof line, "\r  [%-*s] %llu/%llu points  %.1f/s  %s left ", kWidth,
                  std::string(static_cast<size_t>(filled), '#').c_str(), static_cast<unsigned long long>(done),
                  static_cast<unsigned long long>(total), rate, clock_text(left).c_str());
    std::cerr << line << std::flush;
  };
}

std::string read_text_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) fail_config(path, "", "cannot be read (no such file?)");
  std::stringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) fail_config(path, "", "read error");
  return buffer.str();
}

// Fails early (before a long sweep) when the output's folder does not exist.
void check_output_folder(const std::string& path) {
  if (path == "-") return;
  const auto folder = std::filesystem::path(path).parent_path();
  if (!folder.empty() && !std::filesystem::is_directory(folder))
    fail_config("--out", path, "the folder " + folder.string() + " does not exist");
}

void write_output(const std::string& path, const std::string& text) {
  if (path == "-") std::cout << text << std::flush;
  else write_file_atomically(path, text);
}

void add_sweep(CLI::App& app, int& status) {
  auto* cmd = app.add_subcommand("sweep", "simulate every point of a parameter grid and write one CSV row per point");
  auto args = std::make_shared<SweepArgs>();
  add_config_args(*cmd, args->config);
  cmd->add_option("--grid", args->grid,
                  "an axis: key=v1,v2,... or key=lo:hi:step (e.g. 20m:40m:5m); repeatable, the grid is the "
                  "cartesian product, the first axis varying slowest")
      ->required();
  cmd->add_option("--jobs,-j", args->jobs, "parallel simulations (default: the number of cores)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--shard", args->shard, "run only the K-th of N interleaved slices of the grid (K from 1)");
  cmd->add_option("--out,-o", args->out, "write the CSV here, atomically ('-': stdout)")->required();
  cmd->add_flag("--quiet,-q", args->quiet, "no summary on stdout");
  cmd->callback([args, &status] {
    LoadedConfig c = load(args->config);
    const Grid grid = Grid::parse(args->grid);
    check_output_folder(args->out);
    SweepOptions opts;
    opts.jobs = args->jobs ? args->jobs : default_jobs();
    std::optional<Shard> shard;
    if (!args->shard.empty()) shard = parse_shard(args->shard);
    if (shard) opts.shard = *shard;
    opts.progress = sweep_progress();
    SweepResult r;
    try {
      r = run_sweep(c.doc, grid, opts);
    } catch (...) {
      if (opts.progress) std::cerr << "\n";
      throw;
    }
    if (opts.progress) std::cerr << "\n";
    c.warnings.insert(c.warnings.end(), r.warnings.begin(), r.warnings.end());
    print_warnings(c.warnings);
    write_output(args->out, sweep_csv(grid, config_fingerprint(c.doc), shard, r.points, r.results));
    if (!args->quiet && args->out != "-") {
      std::uint64_t completed = 0;
      for (const auto& p : r.results) completed += p.completed ? 1 : 0;
      std::cout << "sweep: " << r.results.size() << " points" << (shard ? " (shard " + shard->text() + ")" : "")
                << ", " << completed << " completed, " << r.results.size() - completed << " failed; wrote "
                << args->out << "\n";
    }
    status = 0;
  });
}

void add_merge(CLI::App& app, int& status) {
  auto* cmd = app.add_subcommand("merge", "put the CSVs of a sharded sweep back together in grid order");
  auto args = std::make_shared<MergeArgs>();
  cmd->add_option("inputs", args->inputs, "the shards' CSV files (every K of one K/N sharding, once)")->required();
  cmd->add_option("--out,-o", args->out, "write the merged CSV here, atomically ('-': stdout)")->required();
  cmd->callback([args, &status] {
    check_output_folder(args->out);
    std::vector<SweepCsv> shards;
    for (const auto& path : args->inputs) shards.push_back(parse_sweep_csv(read_text_file(path), path));
    write_output(args->out, merge_sweep_csvs(shards));
    status = 0;
  });
}

void add_tune(CLI::App& app, int& status) {
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
    const TuneReport t = run_tune(c.doc, req);
    c.warnings.insert(c.warnings.end(), t.warnings.begin(), t.warnings.end());
    print_warnings(c.warnings);

    const auto& o = t.outcome;
    const bool min = req.goal == TuneGoal::Minimize;
    std::cout << "tune:     " << (min ? "minimize " : "maximize ") << req.key << " over "
              << t.range.text(0) << ".." << t.range.text(t.range.count() - 1) << " (step "
              << format_decimal(t.range.step, t.range.decimals, t.range.unit) << ")\n";
    if (o.status == TuneOutcome::Status::Found) {
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
    if (args->verbose)
      for (const auto& r : o.runs)
        std::cout << "  " << req.key << "=" << r.value << "  " << (r.result.completed ? "completed" : "failed")
                  << "  bucket minimum " << r.result.bucket_minimum
                  << (r.result.completed ? "" : "  at " + r.result.failure_time) << "\n";
    status = o.status == TuneOutcome::Status::Found ? 0 : 1;
  });
}

}  // namespace

void add_sweep_commands(CLI::App& app, int& status) {
  add_sweep(app, status);
  add_merge(app, status);
  add_tune(app, status);
}

}  // namespace trainsim::cli
