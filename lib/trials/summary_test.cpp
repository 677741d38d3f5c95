// trials/summary_test.cpp — trials reduced as they run: the sample stays
// within its capacity and does not depend on the order trials arrive in;
// up to the capacity everything is exact; beyond it counts, the worst and
// the first failing trial stay exact and a sampled run is the same for any
// jobs and for any sharding; shard files carry the summary and a merge
// checks it.
#include "trials/summary.h"
#include "report/trials_report.h"
#include "trials/trials.h"

#include "input/input_error.h"
#include "testing.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

using namespace trainsim;
using trainsim::testing::scenario_from;

namespace {

// One trading day; a training of 20..40 minutes under a bucket of 29: about
// half the trials fail.
const char* kHalf = R"({"scheduled-event-leaky-bucket-capacity": 29, "scheduled-event-leaky-bucket-refill-amount": 0,
  "simulation": {"start": "2024-01-02", "end": "2024-01-02", "benchmark": false,
    "training": [{"name": "fit", "when": "now", "duration": {"uniform": {"min": "20m", "max": "40m"}}}]}})";

TrialRecord synthetic(std::uint64_t k) {
  TrialRecord r;
  r.trial = k;
  r.completed = k % 4 != 0;
  r.failure_time = static_cast<Instant>((k * 7919) % 1000);
  r.bucket_minimum = static_cast<std::int64_t>((k * 104729) % 500);
  return r;
}

std::string report_of(const Scenario& s, const TrialsRun& run) {
  return trials_report_json(make_trials_report(trials_context(s, s.sim.seed), run)).dump(2);
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("trial summary: bounded, order-independent, exact counts and extremes") {
  TrialsSummary forward(16), backward(16), halves(16), second_half(16);
  for (std::uint64_t k = 0; k < 100000; ++k) forward.add(synthetic(k));
  for (std::uint64_t k = 100000; k-- > 0;) backward.add(synthetic(k));
  for (std::uint64_t k = 0; k < 50000; ++k) halves.add(synthetic(k));
  for (std::uint64_t k = 50000; k < 100000; ++k) second_half.add(synthetic(k));
  halves.merge(second_half);
  CHECK(forward.failed_sample.size() == 16);
  CHECK(forward.completed_sample.size() == 16);
  CHECK(forward.count == 100000);
  CHECK(forward.failed == 25000);
  CHECK(forward.earliest_failure == 0);
  CHECK(forward.latest_failure == 996);  // failed trials are multiples of 4
  CHECK(forward.lowest_minimum == 1);   // a bucket minimum of 0 needs k a multiple of 500: a failed trial
  CHECK(forward.highest_minimum == 499);
  REQUIRE(forward.first_failing);
  CHECK(forward.first_failing->trial == 0);
  for (const TrialsSummary* other : {&backward, &halves}) {
    auto trials = [](const TrialSample& s) {
      std::vector<std::uint64_t> t;
      for (const auto& r : s.by_trial()) t.push_back(r.trial);
      return t;
    };
    CHECK(trials(other->failed_sample) == trials(forward.failed_sample));
    CHECK(trials(other->completed_sample) == trials(forward.completed_sample));
    CHECK(other->count == forward.count);
    CHECK(other->worst->trial == forward.worst->trial);
    CHECK(other->first_failing->trial == forward.first_failing->trial);
  }
  // The sample is the lowest keys: no trial left out has a lower key than one kept.
  std::uint64_t highest_kept = 0;
  for (const auto& r : forward.failed_sample.records()) highest_kept = std::max(highest_kept, trial_sample_key(r.trial));
  for (std::uint64_t k = 0; k < 100000; k += 4) {
    const auto& kept = forward.failed_sample.records();
    const bool in = std::any_of(kept.begin(), kept.end(), [&](const TrialRecord& r) { return r.trial == k; });
    CHECK(in == (trial_sample_key(k) <= highest_kept));
  }
}

TEST_CASE("trials: up to the sample's capacity the report is exact; beyond it only the quantiles are sampled") {
  const Scenario s = scenario_from(kHalf);
  TrialsRequest q;
  q.count = 1000;
  q.jobs = 2;
  const TrialsRun exact = run_trials(s, q);
  q.sample = 1000;  // just enough for either kind
  CHECK(report_of(s, run_trials(s, q)) == report_of(s, exact));
  const TrialStats full = trial_stats(exact);
  CHECK_FALSE(full.sampled());

  q.sample = 64;
  const TrialsRun sampled = run_trials(s, q);
  const TrialStats st = trial_stats(sampled);
  CHECK(st.sampled());
  CHECK(st.failed_sampled == 64);
  CHECK(st.completed_sampled == 64);
  CHECK(st.failure.hits == full.failure.hits);
  CHECK(st.completed == full.completed);
  CHECK(st.worst->trial == full.worst->trial);
  CHECK(st.first_failing->trial == full.first_failing->trial);
  const auto j = nlohmann::json::parse(report_of(s, sampled));
  CHECK(j["trials"]["quantiles"]["sample"]["failed"] == 64);
  CHECK(nlohmann::json::parse(report_of(s, exact))["trials"]["quantiles"]["sample"]["failed"] == full.failure.hits);
  // The sampled quantiles are near the exact ones (minutes charged range over 20..29).
  CHECK(std::abs(st.charged[2] - full.charged[2]) <= 2);

  // Sampled, the report is still the same for any jobs and for shards merged.
  q.jobs = 1;
  const std::string whole = report_of(s, sampled);
  CHECK(report_of(s, run_trials(s, q)) == whole);
  std::vector<TrialsShard> shards;
  for (std::uint64_t k = 1; k <= 3; ++k) {
    q.shard = Shard{k, 3};
    const std::string text = trials_shard_csv(trials_context(s, s.sim.seed), "00000000000000aa", q.shard, run_trials(s, q));
    CHECK(text.size() < 40000);  // the summary, not 1000 / 3 trials
    shards.push_back(parse_trials_shard(text, "shard-" + std::to_string(k) + ".csv"));
  }
  CHECK(report_of(s, merge_trials_shards(shards)) == whole);

  // Shards keeping samples of another size are refused.
  q.shard = Shard{3, 3};
  q.sample = 65;
  shards[2] = parse_trials_shard(trials_shard_csv(trials_context(s, s.sim.seed), "00000000000000aa", q.shard, run_trials(s, q)), "other.csv");
  CHECK_THROWS_WITH_AS(merge_trials_shards(shards), doctest::Contains("samples of different sizes"), InputError);
}

TEST_CASE("trials shard: its summary line and rows are checked against each other") {
  const Scenario s = scenario_from(kHalf);
  TrialsRequest q;
  q.count = 300;
  q.sample = 1000;  // every trial kept: the counts must match the rows
  q.shard = Shard{2, 2};
  const std::string text = trials_shard_csv(trials_context(s, s.sim.seed), "00000000000000aa", q.shard, run_trials(s, q));
  REQUIRE_NOTHROW(parse_trials_shard(text, "x.csv"));
  const auto line_start = text.find("# summary: ");
  REQUIRE(line_start != std::string::npos);
  const std::string line = text.substr(line_start, text.find('\n', line_start) - line_start);
  const nlohmann::json sum = nlohmann::json::parse(line.substr(11));
  auto with = [&](const char* key, const nlohmann::json& value) {
    nlohmann::json edited = sum;
    edited[key] = value;
    return replaced(text, line, "# summary: " + edited.dump());
  };
  auto refused = [](const std::string& t, const std::string& needle) {
    CHECK_THROWS_WITH_AS(parse_trials_shard(t, "x.csv"), doctest::Contains(needle.c_str()), InputError);
  };
  const std::uint64_t failed = sum["failed"];
  refused(with("failed", failed + 1), "rows are not");
  refused(with("failed", 151), "more failures than trials");
  refused(with("refused", failed + 1), "more refusals than failures");
  refused(with("sample", 0), "sample capacity");
  refused(with("sample", 1ULL << 40), "sample capacity");
  refused(with("ran", -1), "whole number 'ran'");
  refused(with("failure-time", nlohmann::json::array({5, 1})), "lowest above highest");
  refused(replaced(text, line + "\n", ""), "run the shard again");  // written before summaries
  // A row of another shard (trial numbers are odd in 2/2).
  const auto row = text.find("\n1,") + 1;
  REQUIRE(row != 0);
  refused(std::string(text).replace(row, 1, "0"), "not a trial of shard 2/2");
  refused(replaced(text, ",sample\n", ",sample sample\n"), "does not read as a trial");
  refused(replaced(text, ",sample\n", ",spare\n"), "does not read as a trial");
  // Dropping a kept row leaves the sample short of what the counts declare.
  const auto last = text.rfind('\n', text.size() - 2) + 1;
  refused(text.substr(0, last), "rows are not");
}
