// trials/summary.cpp — reducing trials as they run: counts, extremes and a
// hash-chosen sample of bounded size.
#include "trials/summary.h"

#include <algorithm>
#include <tuple>

namespace trainsim {

std::uint64_t trial_sample_key(std::uint64_t trial) {
  std::uint64_t z = trial + 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

namespace {
bool key_less(const TrialRecord& a, const TrialRecord& b) {
  return std::make_tuple(trial_sample_key(a.trial), a.trial) < std::make_tuple(trial_sample_key(b.trial), b.trial);
}
}  // namespace

void TrialSample::add(TrialRecord r) {
  if (capacity_ == 0) return;
  if (kept_.size() < capacity_) {
    kept_.push_back(std::move(r));
    std::push_heap(kept_.begin(), kept_.end(), key_less);
    return;
  }
  if (!key_less(r, kept_.front())) return;  // not among the lowest keys
  std::pop_heap(kept_.begin(), kept_.end(), key_less);
  kept_.back() = std::move(r);
  std::push_heap(kept_.begin(), kept_.end(), key_less);
}

std::vector<TrialRecord> TrialSample::by_trial() const {
  std::vector<TrialRecord> out = kept_;
  std::sort(out.begin(), out.end(), [](const TrialRecord& a, const TrialRecord& b) { return a.trial < b.trial; });
  return out;
}

bool lower_margin(const TrialRecord& a, const TrialRecord& b) {
  auto margin = [](const TrialRecord& r) {
    return std::make_tuple(r.completed, r.completed ? r.bucket_minimum : r.failure_time, r.trial);
  };
  return margin(a) < margin(b);
}

void TrialsSummary::add(TrialRecord r) {
  if (!worst || lower_margin(r, *worst)) worst = r;
  if (r.completed) {
    lowest_minimum = completed() == 0 ? r.bucket_minimum : std::min(lowest_minimum, r.bucket_minimum);
    highest_minimum = completed() == 0 ? r.bucket_minimum : std::max(highest_minimum, r.bucket_minimum);
    ++count;
    completed_sample.add(std::move(r));
    return;
  }
  earliest_failure = failed == 0 ? r.failure_time : std::min(earliest_failure, r.failure_time);
  latest_failure = failed == 0 ? r.failure_time : std::max(latest_failure, r.failure_time);
  if (!first_failing || r.trial < first_failing->trial) first_failing = r;
  ++count;
  ++failed;
  refused += r.refused ? 1 : 0;
  failed_sample.add(std::move(r));
}

void TrialsSummary::merge(const TrialsSummary& o) {
  if (o.worst && (!worst || lower_margin(*o.worst, *worst))) worst = o.worst;
  if (o.first_failing && (!first_failing || o.first_failing->trial < first_failing->trial))
    first_failing = o.first_failing;
  if (o.failed > 0) {
    earliest_failure = failed == 0 ? o.earliest_failure : std::min(earliest_failure, o.earliest_failure);
    latest_failure = failed == 0 ? o.latest_failure : std::max(latest_failure, o.latest_failure);
  }
  if (o.completed() > 0) {
    lowest_minimum = completed() == 0 ? o.lowest_minimum : std::min(lowest_minimum, o.lowest_minimum);
    highest_minimum = completed() == 0 ? o.highest_minimum : std::max(highest_minimum, o.highest_minimum);
  }
  count += o.count;
  failed += o.failed;
  refused += o.refused;
  for (const auto& r : o.failed_sample.records()) failed_sample.add(r);
  for (const auto& r : o.completed_sample.records()) completed_sample.add(r);
}

}  // namespace trainsim
