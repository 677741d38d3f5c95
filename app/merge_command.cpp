// app/merge_command.cpp — `trainsim merge`: a sharded sweep's CSVs back in grid
// order, or a sharded `run --trials` back into its report.
// Exit status 0 when the merged file is written (trials: and, as `run
// --trials`, none failed or the gate passed), 1 trials failed, 2 bad input,
// 3 the gate is undecided.
#include "app/cli_model.h"
#include "app/common.h"
#include "html/trials_page.h"
#include "input/input_error.h"
#include "output/output_file.h"
#include "report/trials_report.h"
#include "report/sweep_csv.h"
#include "trials/gate.h"

#include <iostream>
#include <optional>

#include <vector>

namespace trainsim::cli {
namespace {

struct MergeArgs {
  std::vector<std::string> inputs;
  std::string out, html;
  bool quiet = false;
  std::optional<double> max_failure;  // --max-failure-probability: the CI gate on merged trials
};

// Trial shards make the JSON report `run --trials N --report` writes; the
// exit status is run's (trials_gate): with --max-failure-probability the
// gate's, else 1 when any trial failed.
int merge_trials(const MergeArgs& a, const std::vector<std::string>& texts) {
  std::vector<TrialsShard> shards;
  for (size_t i = 0; i < texts.size(); ++i) {
    if (!is_trials_shard(texts[i]))
      fail_input(a.inputs[i], "", "not a trials shard, unlike " + a.inputs[0] + "; refusing to merge them");
    shards.push_back(parse_trials_shard(texts[i], a.inputs[i]));
  }
  const TrialsReport report = make_trials_report(shards.front().context, merge_trials_shards(shards));
  OutputSet outputs;
  outputs.write(a.out, trials_report_json(report).dump(2) + "\n");
  if (!a.html.empty()) outputs.write(a.html, html_trials_page(report));
  outputs.commit();
  if (!a.quiet && a.out != "-" && a.html != "-") print_trials_summary(std::cout, report);
  const Gate gate = trials_gate(report.stats, a.max_failure);
  if (!a.quiet && a.out != "-" && a.html != "-") std::cout << gate.text << "\n";
  return static_cast<int>(gate.verdict);
}

}  // namespace

void add_merge_command(CLI::App& app, int& status) {
  auto* cmd = app.add_subcommand("merge", "put the shards of a sharded sweep (CSV in grid order) or trials run (its JSON report) back together");
  auto args = std::make_shared<MergeArgs>();
  cmd->add_option("inputs", args->inputs, "the shard files (every K of one K/N sharding, once)")->required();
  add_output_option(*cmd, "--out,-o", args->out,
                    "write the merged CSV (sweeps) or JSON report (trials) here, atomically ('-': stdout)")
      ->required();
  add_output_option(*cmd, "--html", args->html,
                    "trials: also write the self-contained HTML page of the odds here ('-': stdout)");
  cmd->add_flag("--quiet,-q", args->quiet, "no trials summary on stdout");
  cmd->add_option("--max-failure-probability", args->max_failure,
                  "trials: a CI gate, as run's: exit 0 when the 95% interval's upper bound of P(fail) is at "
                  "most P, 1 when its lower bound is above P, 3 when it straddles P")
      ->type_name("P");
  set_help_footer(*cmd,
                  {"trainsim merge shard-1.csv shard-2.csv shard-3.csv shard-4.csv --out results.csv",
                   "trainsim merge results/shard-*.csv --out -",
                   "trainsim merge trials-1.csv trials-2.csv --out odds.json --html odds.html"},
                  {"0  the merged file was written; trials: and no trial failed (with --max-failure-probability P: the upper bound of P(fail) is at most P)",
                   "1  trials: the file was written and a trial failed (with --max-failure-probability P: the lower bound of P(fail) is above P)",
                   "2  bad input or usage: a shard missing, duplicated or foreign",
                   "3  with --max-failure-probability P: the interval straddles P; more trials are needed"});
  cmd->callback([args, &status] {
    std::vector<std::string> texts;
    for (const auto& path : args->inputs) texts.push_back(read_text_file(path));
    if (args->max_failure) check_failure_probability(*args->max_failure);
    if (args->max_failure && !is_trials_shard(texts.front()))
      fail_option("--max-failure-probability", "", "gates merged trial shards, not a sweep's CSVs");
    check_outputs({{"--out", args->out}, {"--html", args->html}});
    if (!args->html.empty() && !is_trials_shard(texts.front()))
      fail_option("--html", "", "merge draws the page of trial shards; for a sweep, run `trainsim sweep ... --html`");
    if (is_trials_shard(texts.front())) {
      status = merge_trials(*args, texts);
      return;
    }
    std::vector<SweepCsv> shards;
    for (size_t i = 0; i < texts.size(); ++i) shards.push_back(parse_sweep_csv(texts[i], args->inputs[i]));
    write_output(args->out, merge_sweep_csvs(shards));
    status = 0;
  });
}

}  // namespace trainsim::cli
