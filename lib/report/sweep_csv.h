// report/sweep_csv.h — the sweep's CSV file: writing one (whole grid or one
// shard), reading one back, and merging shards into the file the unsharded
// sweep would have written, byte for byte.
//
// Format: a preamble of '#' lines that identifies the sweep, then a header
// row and one RFC 4180 row per point in grid order:
//
//   # trainsim sweep
//   # grid: ["scheduled-event-leaky-bucket-capacity=100:400:100"]
//   # points: 4
//   # config: fnv1a64:1c2d3e4f5a6b7c8d
//   # shard: 2/4                      (only in a --shard run)
//   # trials: 1000                    (only with --trials: p_fail, p_fail_lo, p_fail_hi end each row)
//   scheduled-event-leaky-bucket-capacity,outcome,failure_algorithm_time,...
//   200,failed,2024-01-28T08:00:00-05:00,weekly,5,123.828759,120,0,129.678759
//
// Then `<key>_minutes` for each grid axis of durations and
// failure_algorithm_time_minutes (from the start date's 00:00), so pandas can
// plot them directly; with --trials, p_fail, p_fail_lo and p_fail_hi last.
// Minute columns use format_minutes (exact, at most 6 decimals), so files are
// identical on every machine.
#pragma once
#include "parallel/shard_file.h"
#include "sweep/grid.h"
#include "sweep/point_model.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace trainsim {

// The result columns, after one column per grid key.
const std::vector<std::string>& sweep_result_columns();

// The CSV text of a sweep (or of shard `shard` of it when set). `points` are
// the grid indices of `results`; `trials` > 0: the points ran that many
// Monte Carlo trials, and their failure probability is written too.
std::string sweep_csv(const Grid& grid, const std::string& config_fingerprint, const std::optional<Shard>& shard,
                      const std::vector<std::uint64_t>& points, const std::vector<PointResult>& results,
                      std::uint64_t trials = 0);
// The same in pieces, to write rows as they come: the preamble and header,
// then the rows of consecutive points.
std::string sweep_csv_head(const Grid& grid, const std::string& config_fingerprint, const std::optional<Shard>& shard,
                           std::uint64_t trials = 0);
std::string sweep_csv_rows(const Grid& grid, const std::vector<std::uint64_t>& points,
                           const std::vector<PointResult>& results, std::uint64_t trials = 0);

struct SweepCsv {
  std::string source;  // the file name, for messages
  Grid grid;
  std::uint64_t points = 0;
  std::string config;  // the fingerprint
  Shard shard;         // 1/1 when the file has no shard line
  bool sharded = false;
  std::uint64_t trials = 0;  // 0: no trials line
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
};

// Reads a sweep CSV written by sweep_csv. Throws InputError naming `source`.
SweepCsv parse_sweep_csv(const std::string& text, const std::string& source);

// Puts the shards of one sweep back together: the text the unsharded sweep
// writes. Throws InputError (naming the files) when the inputs come from
// different grids or configs, or do not make exactly one complete set of
// shards (a shard missing or given twice), or a shard's rows do not match its
// part of the grid.
std::string merge_sweep_csvs(const std::vector<SweepCsv>& shards);

}  // namespace trainsim
