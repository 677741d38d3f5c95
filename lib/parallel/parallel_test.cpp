// parallel/parallel_test.cpp — the worker pool runs every task once and
// reports errors deterministically, whatever the number of jobs.
#include "parallel/parallel.h"

#include <doctest/doctest.h>

#include <atomic>
#include <fstream>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
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

// Not under AddressSanitizer, whose shadow memory an address-space limit breaks.
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TRAINSIM_ASAN 1
#endif
#endif
#if !defined(__SANITIZE_ADDRESS__) && !defined(TRAINSIM_ASAN)
TEST_CASE("parallel_for: threads the OS will not create are done without, never std::terminate") {
  // A child process whose address space leaves room for a few thread stacks
  // only: asking for 500 workers must still run every task once, or fail
  // with an error, never abort.
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    std::ifstream status("/proc/self/status");
    std::string line;
    unsigned long vm_kb = 0;
    while (std::getline(status, line))
      if (line.rfind("VmSize:", 0) == 0) vm_kb = std::stoul(line.substr(7));
    const rlim_t limit = (vm_kb + 48 * 1024) * 1024;  // about five 8 MB stacks more
    const struct rlimit r {limit, limit};
    if (vm_kb == 0 || ::setrlimit(RLIMIT_AS, &r) != 0) ::_exit(77);
    std::atomic<std::size_t> sum{0};
    try {
      parallel_for(5000, 500, [&](std::size_t i, unsigned) { sum += i; });
    } catch (const std::runtime_error&) {
      ::_exit(3);
    }
    ::_exit(sum == 5000u * 4999u / 2 ? 0 : 4);
  }
  int st = 0;
  REQUIRE(::waitpid(child, &st, 0) == child);
  REQUIRE(WIFEXITED(st));  // not killed by SIGABRT (std::terminate)
  if (WEXITSTATUS(st) == 77) return;  // no /proc or no limit: nothing to test
  CHECK(WEXITSTATUS(st) == 0);
}
#endif
