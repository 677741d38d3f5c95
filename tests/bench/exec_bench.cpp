// exec_bench — `trainsim extract --exec` on the sample workspace, end to end
// as a user runs it: trainsim starts, Python starts, the algorithm's
// initialize runs against the stand-in, the block is printed. Target < 150 ms.
//   build/exec_bench [--smoke] [--repeat N]
// Prints the median wall time and the median CPU time of the processes
// (trainsim and its python3; getrusage of the children). Skips without python3.
#include "bench_util.h"

#include <sys/resource.h>
#include <sys/wait.h>

#include <iostream>

namespace {

double children_cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_CHILDREN, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

}  // namespace

int main(int argc, char** argv) {
  const bool smoke = bench::smoke(argc, argv);
  int reps = smoke ? 1 : 21;
  for (int i = 1; i + 1 < argc; ++i)
    if (std::string(argv[i]) == "--repeat") reps = std::max(1, std::atoi(argv[i + 1]));
  if (std::system("command -v python3 >/dev/null 2>&1") != 0) {
    std::cout << "exec_bench: no python3, skipped\n";
    return 0;
  }
  const std::filesystem::path exe = std::filesystem::canonical("/proc/self/exe").parent_path() / "trainsim";
  const std::string cmd = "'" + exe.string() + "' extract --algorithm '" TRAINSIM_SOURCE_DIR
                          "/configs/workspace/MLAlgorithm' --exec >/dev/null 2>&1";
  bool ok = true;
  auto once = [&] {
    const int s = std::system(cmd.c_str());
    ok &= WIFEXITED(s) && WEXITSTATUS(s) == 0;
  };
  const double wall = bench::median_ms(reps, once);
  const double cpu = bench::median_ms_by(reps, once, children_cpu_seconds);
  if (!ok) {
    std::cerr << "exec_bench: `" << cmd << "` failed\n";
    return 1;
  }
  std::cout << "extract --exec on configs/workspace/MLAlgorithm: " << wall << " ms wall, " << cpu
            << " ms CPU (trainsim + python3), medians of " << reps << " (target < 150 ms)\n";
  return 0;
}
