// trials/summary.h — what a stream of Monte Carlo trials is reduced to as
// they run, in memory bounded whatever their number: exact counts, the worst
// and the first failing trial, the earliest and latest failure and the range
// of bucket minima, and a sample of at most `capacity` failed and `capacity`
// completed trials (the quantiles and the page's charts are read from it).
// The sample keeps the trials whose fixed hash of the trial number is lowest,
// so it depends on neither the order trials finish in nor the sharding:
// two summaries merge into exactly the summary of all their trials. With no
// more trials of a kind than the capacity, the sample holds them all and
// everything reported is exact.
#pragma once
#include "sim/run_outcome.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace trainsim {

// What a trial keeps of its run (the batch statistics need no more).
struct TrialRecord : RunOutcome {
  std::uint64_t trial = 0;
};

// The sample's capacity per kind (failed, completed): runs of up to this
// many trials are summarized exactly.
constexpr std::size_t kTrialSample = 32768;

// The rank of a trial in every sample: a sample keeps the lowest keys
// (splitmix64's finalizer of the trial number, ties by trial number).
std::uint64_t trial_sample_key(std::uint64_t trial);

// At most `capacity` trials: those with the lowest trial_sample_key.
class TrialSample {
 public:
  explicit TrialSample(std::size_t capacity = kTrialSample) : capacity_(capacity) {}
  void add(TrialRecord r);
  std::size_t size() const { return kept_.size(); }
  std::size_t capacity() const { return capacity_; }
  // The kept trials, ascending by trial number.
  std::vector<TrialRecord> by_trial() const;
  // The kept trials, in no particular order.
  const std::vector<TrialRecord>& records() const { return kept_; }

 private:
  std::size_t capacity_;
  std::vector<TrialRecord> kept_;  // a max-heap on the sample key
};

// The margin order: a failed trial is worse than any completed one, an
// earlier failure worse than a later one; among completed trials the lowest
// bucket minimum is the tightest. Ties go to the lower trial number.
bool lower_margin(const TrialRecord& a, const TrialRecord& b);

struct TrialsSummary {
  explicit TrialsSummary(std::size_t sample_capacity = kTrialSample)
      : failed_sample(sample_capacity), completed_sample(sample_capacity) {}

  std::uint64_t count = 0, failed = 0, refused = 0;
  std::optional<TrialRecord> worst;          // the lowest margin
  std::optional<TrialRecord> first_failing;  // the lowest trial number that failed
  Instant earliest_failure = 0, latest_failure = 0;        // algorithm times, when failed > 0
  std::int64_t lowest_minimum = 0, highest_minimum = 0;    // bucket minima, when completed() > 0
  TrialSample failed_sample, completed_sample;

  std::uint64_t completed() const { return count - failed; }
  void add(TrialRecord r);
  // Adds every trial `other` summarizes (its samples must have this capacity).
  void merge(const TrialsSummary& other);
};

}  // namespace trainsim
