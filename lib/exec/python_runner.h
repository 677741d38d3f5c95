// exec/python_runner.h — starts a child process (the Python interpreter) with
// a wall-time limit, a memory limit and its output captured, and collects
// what it writes on a separate pipe (the recording). Knows nothing of LEAN.
#pragma once
#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

namespace trainsim::exec {

struct ChildLimits {
  std::chrono::milliseconds wall{60'000};
  std::size_t memory_bytes = std::size_t{4} << 30;  // address space (RLIMIT_AS); 0: none
  std::size_t output_bytes = 64 * 1024;              // the last this many bytes of stdout+stderr are kept
  std::size_t record_bytes = 64 * 1024 * 1024;       // a longer recording is cut and reported
};

struct ChildResult {
  bool started = false;      // false: the program could not be executed (see `error`)
  std::string error;         // why it could not start
  bool timed_out = false;    // killed at the wall-time limit
  bool record_too_long = false;
  int exit_code = -1;        // when it exited
  int signal = 0;            // when a signal ended it
  std::string output;        // stdout and stderr interleaved, the last output_bytes of it
  std::size_t output_total = 0;  // bytes written in all
  std::string record;        // what it wrote on the record pipe
  std::chrono::milliseconds elapsed{0};
};

// Runs argv[0] (searched on PATH when it has no '/'); `record_fd` is the
// descriptor number the child finds the record pipe on (argv names it).
// The child gets its own process group, which is killed as a whole at the limit.
ChildResult run_child(const std::vector<std::string>& argv, int record_fd, const ChildLimits& limits);

}  // namespace trainsim::exec
