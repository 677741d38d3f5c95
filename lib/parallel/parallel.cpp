// parallel/parallel.cpp — worker threads over an atomic task counter.
#include "parallel/parallel.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <stdexcept>
#include <string>
#include <system_error>
#include <thread>
#include <unistd.h>
#include <vector>

namespace trainsim {

unsigned default_jobs() {
  const unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : n;
}

void parallel_for(std::size_t n, unsigned jobs, const std::function<void(std::size_t, unsigned)>& task,
                  const std::function<void(std::size_t)>& progress, int progress_ms) {
  if (n == 0) {
    if (progress) progress(0);
    return;
  }
  const unsigned threads = static_cast<unsigned>(std::min<std::size_t>(std::max(jobs, 1u), n));
  std::atomic<std::size_t> next{0}, done{0};
  std::atomic<bool> stop{false};
  // One slot per worker: the lowest failing index it saw and its exception.
  std::vector<std::size_t> failed_index(threads, n);
  std::vector<std::exception_ptr> failed(threads);
  std::mutex mutex;
  std::condition_variable finished;
  unsigned running = threads;

  auto work = [&](unsigned w) {
    while (!stop.load(std::memory_order_relaxed)) {
      const std::size_t i = next.fetch_add(1, std::memory_order_relaxed);
      if (i >= n) break;
      try {
        task(i, w);
      } catch (...) {
        if (i < failed_index[w]) {
          failed_index[w] = i;
          failed[w] = std::current_exception();
        }
        stop.store(true, std::memory_order_relaxed);
      }
      done.fetch_add(1, std::memory_order_relaxed);
    }
    std::lock_guard<std::mutex> lock(mutex);
    if (--running == 0) finished.notify_all();
  };

  if (threads == 1 && !progress) {
    work(0);
  } else {
    std::vector<std::thread> pool;
    pool.reserve(threads);
    for (unsigned w = 0; w < threads; ++w) {
      try {
        pool.emplace_back(work, w);
      } catch (const std::system_error& e) {
        // The OS would not give another thread (too many asked for, or a
        // limit): the workers started share every task, and the results are
        // the same, since each task's result depends on its index alone.
        if (w == 0) throw std::runtime_error(std::string("cannot start a worker thread: ") + e.what());
        std::lock_guard<std::mutex> lock(mutex);
        running -= threads - w;
        break;
      }
    }
    {
      std::unique_lock<std::mutex> lock(mutex);
      while (running > 0) {
        finished.wait_for(lock, std::chrono::milliseconds(progress_ms), [&] { return running == 0; });
        if (progress && running > 0) {
          lock.unlock();
          progress(done.load(std::memory_order_relaxed));
          lock.lock();
        }
      }
    }
    for (auto& t : pool) t.join();
  }
  if (progress) progress(done.load());

  // Tasks below the lowest failure all ran (the counter hands indices out in
  // order), so this is the error a single thread would have met first.
  std::size_t first = n;
  std::exception_ptr error;
  for (unsigned w = 0; w < threads; ++w)
    if (failed[w] && failed_index[w] < first) {
      first = failed_index[w];
      error = failed[w];
    }
  if (error) std::rethrow_exception(error);
}

}  // namespace trainsim
