// parallel/parallel.h — the one way trainsim uses threads (sweeps, tuning,
// Monte Carlo trials): `jobs` std::thread workers take task indices from an
// atomic counter and write each result to its own slot, so nothing else is
// shared. The calling thread only waits and reports progress. The first failing task (lowest index) is rethrown after
// every worker has stopped, so errors are the same whatever `jobs` is.
#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>

namespace trainsim {

// The machine's core count (at least 1).
unsigned default_jobs();

// Runs task(i, worker) for i in [0, n) on min(jobs, n) threads (worker is
// 0..threads-1, for per-worker caches). `progress(done)`, when set, is called
// on the calling thread about every `progress_ms` milliseconds and once at the
// end. After a task throws no new task starts; the exception of the failed
// task with the lowest index is rethrown.
void parallel_for(std::size_t n, unsigned jobs, const std::function<void(std::size_t i, unsigned worker)>& task,
                  const std::function<void(std::size_t done)>& progress = {}, int progress_ms = 200);

}  // namespace trainsim
