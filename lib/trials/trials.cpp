// trials/trials.cpp — running Monte Carlo trials in parallel batches and
// summarizing them.
#include "trials/trials.h"

#include "parallel/parallel.h"
#include "report/report.h"
#include "sim/simulate.h"
#include "sim/slice_source.h"

#include <algorithm>
#include <tuple>

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
                           bool record_events, const std::vector<SliceRun>* calendar) {
  RunOptions o;
  o.record_events = record_events;
  o.seed = seed;
  o.trial = trial;
  o.calendar = calendar;
  return simulate(s, o);
}

TrialsRun run_trials(const Scenario& s, const TrialsRequest& q) {
  TrialsRun out;
  out.requested = q.count;
  out.random = has_randomness(s);
  const std::uint64_t total = out.random ? q.count : std::min<std::uint64_t>(q.count, 1);
  const std::uint64_t mine = q.shard.count(total);
  out.records.resize(mine);
  // Every trial walks the same calendar: derive it once.
  const std::vector<SliceRun> calendar = mine > 1 ? calendar_runs(s) : std::vector<SliceRun>{};
  const std::vector<SliceRun>* shared = mine > 1 ? &calendar : nullptr;
  std::uint64_t done = 0, failures = 0;
  while (done < mine) {
    const std::uint64_t batch = q.precision > 0 ? std::min(kTrialBatch, mine - done) : mine - done;
    std::function<void(std::size_t)> progress;
    if (q.progress) progress = [&](std::size_t d) { q.progress(done + d, mine); };
    parallel_for(
        batch, q.jobs,
        [&](std::size_t i, unsigned) {
          const std::uint64_t trial = q.shard.point(done + i);
          out.records[done + i] = record_trial(s, trial, run_trial(s, trial, q.seed, false, shared));
        },
        progress);
    for (std::uint64_t i = done; i < done + batch; ++i) failures += out.records[i].completed ? 0 : 1;
    done += batch;
    if (q.precision > 0 && done < mine && wilson(failures, done).half_width() < q.precision) {
      out.stopped_early = true;
      break;
    }
  }
  out.records.resize(done);
  return out;
}

TrialStats trial_stats(const TrialsRun& run) {
  TrialStats st;
  st.requested = run.requested;
  st.random = run.random;
  st.stopped_early = run.stopped_early;
  const auto& recs = run.records;
  std::uint64_t failed = 0, refused = 0;
  std::vector<const TrialRecord*> failures;
  std::vector<Micros> walls;
  std::vector<std::int64_t> minimum, sessions, charged;
  for (const auto& r : recs) {
    if (r.completed) {
      minimum.push_back(r.bucket_minimum);
      sessions.push_back(r.sessions);
      charged.push_back(r.charged);
      continue;
    }
    ++failed;
    refused += r.refused ? 1 : 0;
    failures.push_back(&r);
    walls.push_back(r.failure_wall);
    if (!st.first_failing) st.first_failing = &r;  // records ascend by trial
  }
  const std::uint64_t n = recs.size();
  st.failure = wilson(failed, n);
  st.refused = wilson(refused, n);
  st.time_loop = wilson(failed - refused, n);
  st.completed = n - failed;
  if (!run.random)  // one run stands for all: the probability is exact
    for (Proportion* p : {&st.failure, &st.refused, &st.time_loop}) p->low = p->high = p->estimate;
  std::sort(failures.begin(), failures.end(), [](const TrialRecord* a, const TrialRecord* b) {
    return std::tie(a->failure_time, a->trial) < std::tie(b->failure_time, b->trial);
  });
  if (!failures.empty())
    for (const int p : kQuantilePercents) st.failure_time.push_back(failures[nearest_rank_index(failures.size(), p)]);
  st.failure_wall = quantiles(walls);
  st.bucket_minimum = quantiles(minimum);
  st.sessions = quantiles(sessions);
  st.charged = quantiles(charged);
  // The margin: a failed trial is worse than any completed one, an earlier
  // failure worse than a later one; among completed trials the lowest bucket
  // minimum is the tightest. Ties go to the lower trial number.
  auto margin = [](const TrialRecord& r) {
    return std::make_tuple(r.completed, r.completed ? r.bucket_minimum : r.failure_time, r.trial);
  };
  for (const auto& r : recs)
    if (!st.worst || margin(r) < margin(*st.worst)) st.worst = &r;
  return st;
}

}  // namespace trainsim
