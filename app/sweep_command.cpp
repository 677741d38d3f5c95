// app/sweep_command.cpp — `trainsim sweep`: every point of a grid, one CSV row each.
// Exit status 0 when the CSV is written (whatever the points' outcomes), 2 bad input.
#include "app/cli_model.h"
#include "app/common.h"
#include "html/html_report.h"
#include "input/input_error.h"
#include "output/output_file.h"
#include "parallel/parallel.h"
#include "report/sweep_report.h"
#include "report/sweep_csv.h"
#include "sweep/sweep.h"

#include <iostream>

namespace trainsim::cli {
namespace {

// The page draws every point (a heatmap cell each): it is only offered up
// to this many, so what a sweep keeps in memory stays bounded.
constexpr std::uint64_t kMaxPagePoints = 100000;

struct SweepArgs {
  ConfigArgs config;
  std::vector<std::string> grid;
  unsigned jobs = 0;
  std::string shard;
  std::string out, html;
  bool quiet = false;
  std::uint64_t trials = 0;
};

}  // namespace

void add_sweep_command(CLI::App& app, int& status) {
  auto* cmd = app.add_subcommand("sweep", "simulate every point of a parameter grid and write one CSV row per point");
  auto args = std::make_shared<SweepArgs>();
  add_config_args(*cmd, args->config);
  cmd->add_option("--grid", args->grid,
                  "an axis: key=v1,v2,... or key=lo:hi:step (e.g. 20m:40m:5m); repeatable, the grid is the "
                  "cartesian product, the first axis varying slowest")
      ->required()
      ->type_name("KEY=VALUES")
      ->allow_extra_args(false);  // one word each time: a PROJECT after it stays the project
  cmd->add_option("--jobs,-j", args->jobs, "parallel simulations (default: the number of cores)")
      ->check(jobs_validator());
  cmd->add_option("--shard", args->shard, "run only the K-th of N interleaved slices of the grid (K from 1)");
  add_output_option(*cmd, "--out,-o", args->out, "write the CSV here, atomically ('-': stdout)")->required();
  add_output_option(*cmd, "--html", args->html, "also write an HTML page with the outcome heatmap here ('-': stdout)");
  cmd->add_flag("--quiet,-q", args->quiet, "no summary on stdout");
  cmd->add_option("--trials", args->trials,
                  "per point, N Monte Carlo trials: adds the failure probability and its 95% interval "
                  "(p_fail, p_fail_lo, p_fail_hi)")
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1} << 40));
  set_help_footer(*cmd,
                  {"trainsim sweep --config configs/quickstart.json --grid scheduled-event-leaky-bucket-capacity=500:3000:250 "
                   "--out results.csv",
                   "trainsim sweep --config config.json --grid 'simulation.training[1].duration=20m,30m,40m' --out -",
                   "trainsim sweep --config config.json --grid scheduled-event-leaky-bucket-capacity=100:5000:50 "
                   "--shard 1/4 --out shard-1.csv"},
                  {"0  the CSV was written (whatever the points' outcomes)", "2  bad input or usage"});
  cmd->callback([args, &status] {
    LoadedConfig c = load(args->config);
    try {
    require_trainings_read(c);
    const Grid grid = Grid::parse(args->grid);
    check_outputs({{"--out", args->out}, {"--html", args->html}});
    SweepOptions opts;
    opts.jobs = args->jobs ? args->jobs : default_jobs();
    std::optional<Shard> shard;
    if (!args->shard.empty()) shard = parse_shard(args->shard);
    if (shard) opts.shard = *shard;
    opts.trials = args->trials;
    const std::uint64_t count = opts.shard.count(grid.size());
    if (!args->html.empty() && count > kMaxPagePoints)
      fail_option("--html", args->html,
                  "the page draws every point, at most " + std::to_string(kMaxPagePoints) + ", and this sweep has " +
                      std::to_string(count) + "; sweep fewer, split the grid with --shard K/N, or drop --html");
    opts.progress = sweep_progress();
    // Rows are written as their chunk finishes (into the temporary file:
    // nothing appears at --out before the end); only the page keeps points.
    OutputSet outputs;
    OutputFile& csv = outputs.open(args->out);
    csv.write(sweep_csv_head(grid, config_fingerprint(c.doc), shard, args->trials));
    SweepResult page;
    SweepCounts counts;
    try {
      page.warnings = run_sweep(c.doc, grid, opts, [&](const auto& points, const auto& results) {
        csv.write(sweep_csv_rows(grid, points, results, args->trials));
        for (const auto& r : results) counts.add(r);
        if (args->html.empty()) return;
        page.points.insert(page.points.end(), points.begin(), points.end());
        page.results.insert(page.results.end(), results.begin(), results.end());
      });
    } catch (...) {
      if (opts.progress) std::cerr << "\n";
      throw;
    }
    if (opts.progress) std::cerr << "\n";
    c.warnings.insert(c.warnings.end(), page.warnings.begin(), page.warnings.end());
    print_warnings(c);
    if (!args->html.empty())
      outputs.write(args->html, html_sweep_page({&grid, &page.points, &page.results, args->config.config, shard}));
    outputs.commit();
    if (!args->quiet && args->out != "-" && args->html != "-")
      print_sweep_summary(std::cout, counts, shard, args->out);
    status = 0;
    } catch (const InputError& e) {
      fail_with_warnings(c, e);
    }
  });
}

}  // namespace trainsim::cli
