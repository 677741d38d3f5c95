// report/sweep_report.h — the outputs of `sweep` and `tune` besides the CSV:
// their one-line summaries, and their results as JSON (tune's --format json,
// and the data embedded in their HTML pages).
#pragma once
#include "sweep/grid.h"
#include "sweep/point_model.h"
#include "sweep/tune.h"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace trainsim {

// One object per point: its index, its values by key, and its figures.
nlohmann::ordered_json sweep_rows_json(const Grid& grid, const std::vector<std::uint64_t>& points,
                                       const std::vector<PointResult>& results);
// What the sweep's summary line counts, added up point by point as the
// rows are written (the points themselves are not kept).
struct SweepCounts {
  std::uint64_t points = 0, completed = 0;
  std::uint64_t trials = 0, never = 0, always = 0;  // with --trials: points that never / always failed
  void add(const PointResult& p);
};
void print_sweep_summary(std::ostream& out, const SweepCounts& counts, const std::optional<Shard>& shard,
                         const std::string& written_to);

// "found", "none-completes", "all-complete" or "not-monotone".
const char* tune_status_name(TuneOutcome::Status status);
nlohmann::ordered_json tune_json(const TuneRequest& request, const TuneReport& report);
void print_tune_summary(std::ostream& out, const TuneRequest& request, const TuneReport& report, bool verbose);

}  // namespace trainsim
