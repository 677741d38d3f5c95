// report/sweep_csv.cpp — writing, reading and merging sweep CSV files.
#include "report/sweep_csv.h"

#include "cost/duration.h"
#include "input/input_error.h"
#include "input/json_text.h"
#include "text/number_text.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <map>

namespace trainsim {
namespace {

constexpr const char* kSweepMagic = "# trainsim sweep";
constexpr const char* kGrid = "# grid: ";
constexpr const char* kPoints = "# points: ";

std::string preamble(const Grid& grid, const std::string& fingerprint, const std::optional<Shard>& shard,
                     std::uint64_t trials) {
  std::string out = std::string(kSweepMagic) + "\n";
  out += kGrid + nlohmann::json(grid.arguments()).dump() + "\n";
  out += kPoints + std::to_string(grid.size()) + "\n";
  out += kConfigLine + fingerprint + "\n";
  if (shard) out += kShardLine + shard->text() + "\n";
  if (trials > 0) out += kTrialsLine + std::to_string(trials) + "\n";
  return out;
}

// An axis of durations ("20m", "1h30m"): the CSV also gives its values in minutes.
bool is_duration_axis(const GridAxis& a) {
  bool any = false;
  for (const auto& v : a.values) {
    if (!parse_duration_text(v)) return false;
    any = any || v != "0";
  }
  return any;
}

std::vector<std::string> header_fields(const Grid& grid, std::uint64_t trials) {
  std::vector<std::string> h;
  for (const auto& a : grid.axes()) h.push_back(a.key);
  for (const auto& c : sweep_result_columns()) h.push_back(c);
  // Numeric twins of the duration and time columns, last so the first
  // columns stay the grid's values.
  for (const auto& a : grid.axes())
    if (is_duration_axis(a)) h.push_back(a.key + "_minutes");
  h.push_back("failure_algorithm_time_minutes");
  // With --trials, the failure probability comes last, so the other columns
  // keep their places.
  if (trials > 0)
    for (const char* c : {"p_fail", "p_fail_lo", "p_fail_hi"}) h.push_back(c);
  return h;
}

}  // namespace

const std::vector<std::string>& sweep_result_columns() {
  static const std::vector<std::string> columns = {
      "outcome",         "failure_algorithm_time", "failing_event",  "sessions",
      "minutes_trained", "minutes_charged",        "bucket_minimum", "wall_minutes"};
  return columns;
}

std::string sweep_csv(const Grid& grid, const std::string& config_fingerprint, const std::optional<Shard>& shard,
                      const std::vector<std::uint64_t>& points, const std::vector<PointResult>& results,
                      std::uint64_t trials) {
  return sweep_csv_head(grid, config_fingerprint, shard, trials) + sweep_csv_rows(grid, points, results, trials);
}

std::string sweep_csv_head(const Grid& grid, const std::string& config_fingerprint, const std::optional<Shard>& shard,
                           std::uint64_t trials) {
  return preamble(grid, config_fingerprint, shard, trials) + csv_row(header_fields(grid, trials));
}

std::string sweep_csv_rows(const Grid& grid, const std::vector<std::uint64_t>& points,
                           const std::vector<PointResult>& results, std::uint64_t trials) {
  std::string out;
  std::vector<std::string> fields;
  for (size_t i = 0; i < points.size() && i < results.size(); ++i) {
    const PointResult& r = results[i];
    fields.clear();
    for (size_t j = 0; j < grid.axes().size(); ++j) fields.push_back(grid.value(points[i], j));
    fields.push_back(r.completed ? "completed" : "failed");
    fields.push_back(r.failure_text);
    fields.push_back(r.failing_event_name);
    fields.push_back(std::to_string(r.sessions));
    fields.push_back(format_minutes(r.training));
    fields.push_back(std::to_string(r.charged));
    fields.push_back(std::to_string(r.bucket_minimum));
    fields.push_back(format_minutes(r.wall));
    for (size_t j = 0; j < grid.axes().size(); ++j)
      if (is_duration_axis(grid.axes()[j])) fields.push_back(format_minutes(*parse_duration_text(grid.value(points[i], j))));
    fields.push_back(r.completed ? "" : format_minutes(r.failure_offset));
    if (trials > 0)
      for (const double p : {r.p_fail, r.p_fail_lo, r.p_fail_hi}) fields.push_back(fixed_decimals(p, 6));  // the same text on every machine
    out += csv_row(fields);
  }
  return out;
}

SweepCsv parse_sweep_csv(const std::string& text, const std::string& source) {
  SweepCsv f;
  f.source = source;
  // The preamble: '#' lines up to the header row.
  const ShardFilePreamble pre = split_preamble(text);
  const std::vector<std::string>& lines = pre.lines;
  const size_t pos = pre.body;
  auto not_sweep = [&](const std::string& why) {
    fail_input(source, "", "not a trainsim sweep CSV (" + why + ")");
  };
  if (lines.empty() || lines[0] != kSweepMagic) not_sweep("its first line is not '" + std::string(kSweepMagic) + "'");
  bool has_grid = false, has_points = false, has_config = false;
  for (size_t i = 1; i < lines.size(); ++i) {
    const std::string& l = lines[i];
    if (starts_with(l, kGrid)) {
      std::vector<std::string> args;
      try {
        args = parse_json_text(l.substr(std::string(kGrid).size()), source + " (grid line)").get<std::vector<std::string>>();
      } catch (const nlohmann::json::exception&) {
        not_sweep("unreadable grid line");
      }
      try {
        f.grid = Grid::parse(args);
      } catch (const InputError& e) {
        fail_input(source, "", std::string("its grid line does not parse: ") + e.what());
      }
      has_grid = true;
    } else if (starts_with(l, kPoints)) {
      try {
        f.points = std::stoull(l.substr(std::string(kPoints).size()));
      } catch (const std::exception&) {
        not_sweep("unreadable points line");
      }
      has_points = true;
    } else if (starts_with(l, kConfigLine)) {
      f.config = l.substr(std::string(kConfigLine).size());
      has_config = true;
    } else if (starts_with(l, kShardLine)) {
      f.shard = parse_shard(l.substr(std::string(kShardLine).size()), source + ": shard line");
      f.sharded = true;
    } else if (starts_with(l, kTrialsLine)) {
      try {
        f.trials = std::stoull(l.substr(std::string(kTrialsLine).size()));
      } catch (const std::exception&) {
        not_sweep("unreadable trials line");
      }
    }
  }
  if (!has_grid || !has_points || !has_config) not_sweep("its preamble lacks the grid, points or config line");
  if (f.points != f.grid.size())
    fail_input(source, "", "the preamble says " + std::to_string(f.points) + " points but the grid has " +
                                std::to_string(f.grid.size()));

  auto records = parse_csv_records(text.substr(pos), source);
  if (records.empty()) not_sweep("no header row");
  f.header = std::move(records[0]);
  if (f.header != header_fields(f.grid, f.trials)) not_sweep("its header row does not match its grid");
  for (size_t i = 1; i < records.size(); ++i) {
    if (records[i].size() != f.header.size())
      fail_input(source, "",
                 "row " + std::to_string(i) + " has " + std::to_string(records[i].size()) + " fields, not " +
                      std::to_string(f.header.size()) + " (a truncated or edited file?)");
    f.rows.push_back(std::move(records[i]));
  }
  return f;
}

std::string merge_sweep_csvs(const std::vector<SweepCsv>& shards) {
  if (shards.empty()) fail_input("merge", "", "no input files");
  const SweepCsv& first = shards.front();
  for (const auto& s : shards) {
    if (!s.grid.same_points(first.grid))
      fail_input("merge", "",
                 s.source + " and " + first.source + " come from different grids (" +
                      nlohmann::json(s.grid.arguments()).dump() + " vs " +
                      nlohmann::json(first.grid.arguments()).dump() + "); refusing to merge them");
    if (s.trials != first.trials)
      fail_input("merge", "",
                 s.source + " and " + first.source + " ran different numbers of trials per point (" +
                      std::to_string(s.trials) + " and " + std::to_string(first.trials) + "); refusing to merge them");
  }
  std::vector<ShardFile> ids;
  for (const auto& s : shards) ids.push_back({s.source, s.config, s.shard});
  std::map<std::uint64_t, const SweepCsv*> by_k;
  for (const std::size_t i : order_shard_set(ids)) by_k.emplace(shards[i].shard.k, &shards[i]);
  const std::uint64_t n = first.shard.n;

  const Grid& grid = first.grid;
  const size_t axes = grid.axes().size();
  for (const auto& [k, s] : by_k) {
    const std::uint64_t want = s->shard.count(grid.size());
    if (s->rows.size() != want)
      fail_input("merge", "",
                 s->source + " (shard " + s->shard.text() + ") has " + std::to_string(s->rows.size()) +
                      " rows, not the " + std::to_string(want) + " of its part of the grid (an interrupted run?)");
    for (std::uint64_t r = 0; r < want; ++r) {
      const std::uint64_t point = s->shard.point(r);
      for (size_t j = 0; j < axes; ++j)
        if (s->rows[r][j] != grid.value(point, j))
          fail_input("merge", "",
                     s->source + ": row " + std::to_string(r + 1) + " is not grid point " + std::to_string(point + 1) +
                          " (" + grid.axes()[j].key + " is " + s->rows[r][j] + ", expected " + grid.value(point, j) +
                          ")");
    }
  }

  std::string out = preamble(grid, first.config, std::nullopt, first.trials);
  out += csv_row(first.header);
  for (std::uint64_t point = 0; point < grid.size(); ++point) {
    const SweepCsv& s = *by_k.at(point % n + 1);
    out += csv_row(s.rows[point / n]);
  }
  return out;
}

}  // namespace trainsim
