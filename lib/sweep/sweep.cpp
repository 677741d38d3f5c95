// sweep/sweep.cpp — running a grid's points in parallel, in an order that
// lets workers reuse scenarios, and storing results by grid position.
#include "sweep/sweep.h"

#include "config/config_error.h"
#include "parallel/parallel.h"

#include <algorithm>
#include <numeric>
#include <stdexcept>

namespace trainsim {

SweepResult run_sweep(const ConfigDocument& base, const Grid& grid, const SweepOptions& options) {
  std::vector<std::string> keys;
  for (const auto& a : grid.axes()) keys.push_back(a.key);
  const unsigned jobs = std::max(options.jobs, 1u);
  PointModel model(base, keys, jobs);

  SweepResult out;
  const std::uint64_t n = options.shard.count(grid.size());
  out.points.resize(n);
  for (std::uint64_t i = 0; i < n; ++i) out.points[i] = options.shard.point(i);
  auto values_of = [&](std::size_t i) {
    std::vector<std::string> v;
    v.reserve(keys.size());
    for (size_t j = 0; j < keys.size(); ++j) v.push_back(grid.value(out.points[i], j));
    return v;
  };
  out.warnings = model.validate(n, values_of, jobs);

  // Run the points grouped by their non-quota values (quota axes innermost),
  // so each worker rebuilds a scenario only when that group changes.
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  if (!model.quota_only()) {
    auto group = [&](std::size_t i) {
      std::uint64_t g = 0;
      const auto c = grid.coordinates(out.points[i]);
      for (size_t j = 0; j < keys.size(); ++j)
        if (!model.is_quota_key(j)) g = g * grid.axes()[j].values.size() + c[j];
      return g;
    };
    std::vector<std::uint64_t> groups(n);
    for (std::size_t i = 0; i < n; ++i) groups[i] = group(i);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return groups[a] < groups[b]; });
  }

  out.results.resize(n);
  std::function<void(std::size_t)> progress;
  if (options.progress) progress = [&](std::size_t done) { options.progress(done, n); };
  parallel_for(
      n, jobs,
      [&](std::size_t e, unsigned worker) {
        const std::size_t i = order[e];
        const auto values = values_of(i);
        try {
          out.results[i] = model.run(values, worker, options.trials);
        } catch (const ConfigError& err) {
          throw ConfigError("grid point " + model.describe(values) + ": " + err.what());
        } catch (const std::exception& err) {
          throw std::runtime_error("grid point " + model.describe(values) + ": " + err.what());
        }
      },
      progress);
  return out;
}

}  // namespace trainsim
