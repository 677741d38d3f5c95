// sweep/sweep.h — `trainsim sweep` without the command line: validate every
// point of a grid (or of one shard of it), simulate them in parallel and
// return the results in grid order, whatever the number of jobs.
#pragma once
#include "parallel/shard.h"
#include "sweep/grid.h"
#include "sweep/point_model.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace trainsim {

struct ConfigDocument;  // config/config_document.h

struct SweepOptions {
  unsigned jobs = 1;
  Shard shard;  // 1/1: the whole grid
  std::uint64_t trials = 0;  // > 0: Monte Carlo trials per point (the same trial seeds at every point)
  // Called on the calling thread now and then: points done of `total`.
  std::function<void(std::uint64_t done, std::uint64_t total)> progress;
};

struct SweepResult {
  std::vector<std::uint64_t> points;  // grid indices of the shard's points, ascending
  std::vector<PointResult> results;   // results[i] is points[i]'s
  std::vector<std::string> warnings;  // from the points' configs, each once
};

// Throws ConfigError (exit 2) before simulating anything when a key cannot
// be swept or any point makes an invalid config.
SweepResult run_sweep(const ConfigDocument& base, const Grid& grid, const SweepOptions& options);

}  // namespace trainsim
