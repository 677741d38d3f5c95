// sweep/sweep.cpp — running a grid's points in parallel, in an order that
// lets workers reuse scenarios, and storing results by grid position.
#include "sweep/sweep.h"

#include "input/input_error.h"
#include "parallel/parallel.h"

#include <algorithm>
#include <numeric>
#include <stdexcept>

namespace trainsim {

std::vector<std::string> run_sweep(const ConfigDocument& base, const Grid& grid, const SweepOptions& options,
                                   const SweepSink& sink) {
  std::vector<std::string> keys;
  for (const auto& a : grid.axes()) keys.push_back(a.key);
  const unsigned jobs = std::max(options.jobs, 1u);
  PointModel model(base, keys, jobs);

  const std::uint64_t n = options.shard.count(grid.size());
  auto values_of_point = [&](std::uint64_t point) {
    std::vector<std::string> v;
    v.reserve(keys.size());
    for (size_t j = 0; j < keys.size(); ++j) v.push_back(grid.value(point, j));
    return v;
  };
  std::vector<std::string> warnings =
      model.validate(n, [&](std::size_t i) { return values_of_point(options.shard.point(i)); }, jobs);

  // Within a chunk, run the points grouped by their non-quota values (quota
  // axes innermost), so each worker rebuilds a scenario only when that group
  // changes.
  auto group = [&](std::uint64_t point) {
    std::uint64_t g = 0;
    const auto c = grid.coordinates(point);
    for (size_t j = 0; j < keys.size(); ++j)
      if (!model.is_quota_key(j)) g = g * grid.axes()[j].values.size() + c[j];
    return g;
  };
  std::vector<std::uint64_t> points;
  std::vector<PointResult> results;
  std::vector<std::size_t> order;
  for (std::uint64_t first = 0; first < n; first += kSweepChunk) {
    const std::size_t m = static_cast<std::size_t>(std::min(kSweepChunk, n - first));
    points.resize(m);
    for (std::size_t i = 0; i < m; ++i) points[i] = options.shard.point(first + i);
    order.resize(m);
    std::iota(order.begin(), order.end(), std::size_t{0});
    if (!model.quota_only()) {
      std::vector<std::uint64_t> groups(m);
      for (std::size_t i = 0; i < m; ++i) groups[i] = group(points[i]);
      std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return groups[a] < groups[b]; });
    }
    results.assign(m, PointResult{});
    std::function<void(std::size_t)> progress;
    if (options.progress) progress = [&](std::size_t done) { options.progress(first + done, n); };
    parallel_for(
        m, jobs,
        [&](std::size_t e, unsigned worker) {
          const std::size_t i = order[e];
          const auto values = values_of_point(points[i]);
          try {
            results[i] = model.run(values, worker, options.trials);
          } catch (const InputError& err) {
            throw InputError("grid point " + model.describe(values) + ": " + err.what());
          } catch (const std::exception& err) {
            throw std::runtime_error("grid point " + model.describe(values) + ": " + err.what());
          }
        },
        progress);
    sink(points, results);
  }
  return warnings;
}

SweepResult run_sweep(const ConfigDocument& base, const Grid& grid, const SweepOptions& options) {
  SweepResult out;
  out.warnings = run_sweep(base, grid, options, [&](const auto& points, const auto& results) {
    out.points.insert(out.points.end(), points.begin(), points.end());
    out.results.insert(out.results.end(), results.begin(), results.end());
  });
  return out;
}

}  // namespace trainsim
