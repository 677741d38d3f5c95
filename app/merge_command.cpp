// app/merge_command.cpp — `trainsim merge`: a sharded sweep's CSVs back in grid order.
// Exit status 0 when the merged CSV is written, 2 bad input.
#include "app/cli_model.h"
#include "app/common.h"
#include "output/output_file.h"
#include "sweep/results_csv.h"

#include <vector>

namespace trainsim::cli {
namespace {

struct MergeArgs {
  std::vector<std::string> inputs;
  std::string out;
};

}  // namespace

void add_merge_command(CLI::App& app, int& status) {
  auto* cmd = app.add_subcommand("merge", "put the CSVs of a sharded sweep back together in grid order");
  auto args = std::make_shared<MergeArgs>();
  cmd->add_option("inputs", args->inputs, "the shards' CSV files (every K of one K/N sharding, once)")->required();
  cmd->add_option("--out,-o", args->out, "write the merged CSV here, atomically ('-': stdout)")
      ->required()
      ->type_name("FILE");
  set_help_footer(*cmd,
                  {"trainsim merge shard-1.csv shard-2.csv shard-3.csv shard-4.csv --out results.csv",
                   "trainsim merge results/shard-*.csv --out -"},
                  {"0  the merged CSV was written", "2  bad input or usage: a shard missing, duplicated or foreign"});
  cmd->callback([args, &status] {
    check_output(args->out, "--out");
    std::vector<SweepCsv> shards;
    for (const auto& path : args->inputs) shards.push_back(parse_sweep_csv(read_text_file(path), path));
    write_output(args->out, merge_sweep_csvs(shards));
    status = 0;
  });
}

}  // namespace trainsim::cli
