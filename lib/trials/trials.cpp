// trials/trials.cpp — running Monte Carlo trials in parallel batches and
// summarizing them.
#include "trials/trials.h"

#include "parallel/parallel.h"
#include "sim/event_list.h"
#include "sim/simulate.h"
#include "sim/slice_source.h"

#include <algorithm>
#include <tuple>
#include <utility>

namespace trainsim {

TrialRecord record_trial(const Scenario& s, std::uint64_t trial, const SimulationResult& r) {
  TrialRecord t;
  static_cast<RunOutcome&>(t) = run_outcome(s, r);
  t.trial = trial;
  return t;
}

bool has_randomness(const Scenario& s) {
  if (s.sim.on_data.is_random()) return true;
  for (const auto* e : declared_events(s.sim)) {
    if (e->duration.is_random()) return true;
    // A runtime Train call that may or may not happen draws per chance.
    const double p = e->runtime.probability;
    if ((e->runtime.kind == RuntimeCall::After || e->runtime.kind == RuntimeCall::OnData) && p > 0 && p < 1) return true;
  }
  return false;
}

SimulationResult run_trial(const Scenario& s, std::uint64_t trial, std::optional<std::uint64_t> seed,
                           bool record_events, const std::vector<SliceRun>* calendar, const EventTimes* event_times) {
  RunOptions o;
  o.record_events = record_events;
  o.seed = seed;
  o.trial = trial;
  o.calendar = calendar;
  o.event_times = event_times;
  return simulate(s, o);
}

TrialsRun run_trials(const Scenario& s, const TrialsRequest& q) {
  TrialsRun out;
  out.requested = q.count;
  out.random = has_randomness(s);
  out.summary = TrialsSummary(q.sample);
  const std::uint64_t total = out.random ? q.count : std::min<std::uint64_t>(q.count, 1);
  const std::uint64_t mine = q.shard.count(total);
  // Every trial walks the same calendar and the same occurrences of its
  // events (only durations are drawn): derive them once.
  const std::vector<SliceRun> calendar = mine > 1 ? calendar_runs(s) : std::vector<SliceRun>{};
  const std::vector<SliceRun>* shared = mine > 1 ? &calendar : nullptr;
  const EventTimes occurrences = mine > 1 ? event_times(s) : EventTimes{};
  const EventTimes* shared_occurrences = mine > 1 ? &occurrences : nullptr;
  // A batch's records are kept only until they are added to the summary, in
  // trial order: memory follows the batch, not the count asked for. With
  // --precision, batches are the checkpoints, so their size is fixed.
  const std::uint64_t batch_size = q.precision > 0 ? kTrialBatch : std::max<std::uint64_t>(kTrialBatch, 16 * q.jobs);
  std::vector<TrialRecord> batch;
  std::uint64_t done = 0;
  while (done < mine) {
    const std::uint64_t n = std::min(batch_size, mine - done);
    std::function<void(std::size_t)> progress;
    if (q.progress) progress = [&](std::size_t d) { q.progress(done + d, mine); };
    batch.assign(n, TrialRecord{});
    parallel_for(
        n, q.jobs,
        [&](std::size_t i, unsigned) {
          const std::uint64_t trial = q.shard.point(done + i);
          batch[i] = record_trial(s, trial, run_trial(s, trial, q.seed, false, shared, shared_occurrences));
        },
        progress);
    for (auto& r : batch) out.summary.add(std::move(r));
    done += n;
    if (q.precision > 0 && done < mine && wilson(out.summary.failed, done).half_width() < q.precision) {
      out.stopped_early = true;
      break;
    }
  }
  return out;
}

TrialStats trial_stats(const TrialsRun& run) {
  const TrialsSummary& sum = run.summary;
  TrialStats st;
  st.requested = run.requested;
  st.random = run.random;
  st.stopped_early = run.stopped_early;
  const std::uint64_t n = sum.count;
  st.failure = wilson(sum.failed, n);
  st.refused = wilson(sum.refused, n);
  st.time_loop = wilson(sum.failed - sum.refused, n);
  st.completed = sum.completed();
  if (!run.random)  // one run stands for all: the probability is exact
    for (Proportion* p : {&st.failure, &st.refused, &st.time_loop}) p->low = p->high = p->estimate;
  std::vector<TrialRecord> failures = sum.failed_sample.records();
  std::vector<Micros> walls;
  for (const auto& r : failures) walls.push_back(r.failure_wall);
  std::sort(failures.begin(), failures.end(), [](const TrialRecord& a, const TrialRecord& b) {
    return std::tie(a.failure_time, a.trial) < std::tie(b.failure_time, b.trial);
  });
  if (!failures.empty())
    for (const int p : kQuantilePercents) st.failure_time.push_back(failures[nearest_rank_index(failures.size(), p)]);
  std::vector<std::int64_t> minimum, sessions, charged;
  for (const auto& r : sum.completed_sample.records()) {
    minimum.push_back(r.bucket_minimum);
    sessions.push_back(r.sessions);
    charged.push_back(r.charged);
  }
  st.failed_sampled = failures.size();
  st.completed_sampled = minimum.size();
  st.failure_wall = quantiles(walls);
  st.bucket_minimum = quantiles(minimum);
  st.sessions = quantiles(sessions);
  st.charged = quantiles(charged);
  st.worst = sum.worst;
  st.first_failing = sum.first_failing;
  return st;
}

}  // namespace trainsim
