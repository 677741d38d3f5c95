// parallel/parallel_test.cpp — the worker pool runs every task once and
// reports errors deterministically, whatever the number of jobs.
#include "parallel/parallel.h"

#include <doctest/doctest.h>

#include <atomic>
#include <stdexcept>
#include <string>
#include <vector>

using namespace trainsim;

TEST_CASE("parallel_for: every task once, the lowest failure rethrown") {
  for (unsigned jobs : {1u, 2u, 5u}) {
    std::vector<std::atomic<int>> hits(1000);
    std::size_t last_progress = 0;
    parallel_for(
        hits.size(), jobs, [&](std::size_t i, unsigned worker) {
          CHECK(worker < jobs);
          ++hits[i];
        },
        [&](std::size_t done) { last_progress = done; }, 1);
    for (auto& h : hits) CHECK(h.load() == 1);
    CHECK(last_progress == hits.size());

    try {
      parallel_for(500, jobs, [](std::size_t i, unsigned) {
        if (i == 123 || i == 124 || i == 400) throw std::runtime_error("task " + std::to_string(i));
      });
      FAIL("no exception");
    } catch (const std::runtime_error& e) {
      CHECK(std::string(e.what()) == "task 123");
    }
  }
  parallel_for(0, 4, [](std::size_t, unsigned) { FAIL("no tasks"); });
}
