// sweep/sweep.h — `trainsim sweep` without the command line: validate every
// point of a grid (or of one shard of it), simulate them in parallel and
// hand the results on in grid order, whatever the number of jobs, a chunk
// at a time, so memory does not grow with the number of points.
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

// How many points are run, and handed on, at a time.
constexpr std::uint64_t kSweepChunk = 4096;

// Consecutive points of the shard in grid order: their grid indices and
// results (results[i] is points[i]'s).
using SweepSink = std::function<void(const std::vector<std::uint64_t>& points, const std::vector<PointResult>& results)>;

struct SweepResult {
  std::vector<std::uint64_t> points;  // grid indices of the shard's points, ascending
  std::vector<PointResult> results;   // results[i] is points[i]'s
  std::vector<std::string> warnings;  // from the points' configs, each once
};

// Throws InputError (exit 2) before simulating anything when a key cannot
// be swept or any point makes an invalid config.
// Every point goes to `sink` once, in grid order, a chunk at a time, each
// chunk as soon as it is done. Returns the warnings.
std::vector<std::string> run_sweep(const ConfigDocument& base, const Grid& grid, const SweepOptions& options,
                                   const SweepSink& sink);
// The same, every result kept (tests, benchmarks).
SweepResult run_sweep(const ConfigDocument& base, const Grid& grid, const SweepOptions& options);

}  // namespace trainsim
