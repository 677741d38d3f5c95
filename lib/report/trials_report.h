// report/trials_report.h — what a batch of trials tells its user: the JSON
// report (`run --trials N --report`), the summary, and the shard files of a
// `--shard K/M` run that `trainsim merge` puts back into exactly the report
// the unsharded run writes.
//
// Shard file format (CSV, like a sweep's): the shard's summary
// (trials/summary.h), not every trial, so its size is bounded too.
//
//   # trainsim trials
//   # trials: 1000                    (requested)
//   # random: true
//   # config: fnv1a64:1c2d3e4f5a6b7c8d
//   # context: {"mode":"backtest",...} (what the report states of the run)
//   # shard: 2/4
//   # summary: {"ran":250,"failed":12,"refused":12,"sample":32768,"failure-time":[lo,hi],"bucket-minimum":[lo,hi]}
//   trial,outcome,reason,failure_algorithm_time,failure_utc_us,failure_wall_us,failing_event,sessions,training_us,charged,bucket_minimum,wall_us,kept
//   1,failed,bucket-refused,2024-01-21T08:00:00-05:00,1705842000000000,...,sample worst first-failing
//
// The rows are the summary's trials in trial order, each once; "kept" says
// why: in the sample, the worst, the first failing.
#pragma once
#include "parallel/shard.h"
#include "trials/trials.h"

#include <nlohmann/json.hpp>

#include <ostream>
#include <string>
#include <vector>

namespace trainsim {

// The run the trials are of, as the report states it (kept in shard files,
// so merging needs no config).
nlohmann::ordered_json trials_context(const Scenario& s, std::uint64_t seed);

// The one value a batch of trials' outputs are rendered from: the JSON
// report, the summary and the HTML page (html/trials_page.h).
struct TrialsReport {
  nlohmann::ordered_json context;  // trials_context()
  TrialsRun run;
  TrialStats stats;
  std::string config_file;  // the config as given, or empty (a merge of shards)
  std::string replay;       // how to re-run one trial ("trainsim run --config c.json"), or empty

  TrialsReport() = default;
  TrialsReport(TrialsReport&&) = default;
  TrialsReport& operator=(TrialsReport&&) = default;
};

TrialsReport make_trials_report(nlohmann::ordered_json context, TrialsRun run, std::string config_file = "",
                                std::string replay = "");

nlohmann::ordered_json trials_report_json(const TrialsReport& report);

void print_trials_summary(std::ostream& out, const TrialsReport& report);

// Probabilities as reported: 6 decimals, the same text on every machine.
double rounded_probability(double p);

// "OnData", or the declared event's name in quotes ("'weekly'").
std::string trial_event_name(const nlohmann::ordered_json& context, int event);

// The command that re-runs trial k alone with its timeline, or empty when
// the report has no replay command or nothing is random.
std::string replay_command(const TrialsReport& report, std::uint64_t trial);

std::string trials_shard_csv(const nlohmann::ordered_json& context, const std::string& config_fingerprint,
                             const Shard& shard, const TrialsRun& run);

struct TrialsShard {
  ShardFile id;
  nlohmann::ordered_json context;
  TrialsRun run;
};

// Whether `text` is a trials shard file (else, to merge, a sweep CSV).
bool is_trials_shard(const std::string& text);
// Throws InputError naming `source`.
TrialsShard parse_trials_shard(const std::string& text, const std::string& source);

// The unsharded run: refuses foreign (other config, context or trial count),
// duplicated or missing shards, and shards whose trials are not their part.
TrialsRun merge_trials_shards(const std::vector<TrialsShard>& shards);

}  // namespace trainsim
