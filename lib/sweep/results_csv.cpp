// sweep/results_csv.cpp — writing, reading and merging sweep CSV files.
#include "sweep/results_csv.h"

#include "config/config_error.h"
#include "cost/duration.h"

#include <nlohmann/json.hpp>

#include <map>

namespace trainsim {
namespace {

constexpr const char* kMagic = "# trainsim sweep";
constexpr const char* kGrid = "# grid: ";
constexpr const char* kPoints = "# points: ";
constexpr const char* kConfig = "# config: fnv1a64:";
constexpr const char* kShard = "# shard: ";

bool starts_with(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

std::string preamble(const Grid& grid, const std::string& fingerprint, const std::optional<Shard>& shard) {
  std::string out = std::string(kMagic) + "\n";
  out += kGrid + nlohmann::json(grid.arguments()).dump() + "\n";
  out += kPoints + std::to_string(grid.size()) + "\n";
  out += kConfig + fingerprint + "\n";
  if (shard) out += kShard + shard->text() + "\n";
  return out;
}

std::string row_text(const std::vector<std::string>& fields) {
  std::string out;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i) out += ',';
    out += csv_field(fields[i]);
  }
  return out + "\n";
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

std::vector<std::string> header_fields(const Grid& grid) {
  std::vector<std::string> h;
  for (const auto& a : grid.axes()) h.push_back(a.key);
  for (const auto& c : sweep_result_columns()) h.push_back(c);
  // Numeric twins of the duration and time columns, last so the first
  // columns stay the grid's values.
  for (const auto& a : grid.axes())
    if (is_duration_axis(a)) h.push_back(a.key + "_minutes");
  h.push_back("failure_algorithm_time_minutes");
  return h;
}

}  // namespace

const std::vector<std::string>& sweep_result_columns() {
  static const std::vector<std::string> columns = {
      "outcome",         "failure_algorithm_time", "failing_event",  "sessions",
      "minutes_trained", "minutes_charged",        "bucket_minimum", "wall_minutes"};
  return columns;
}

std::string csv_field(const std::string& value) {
  if (value.find_first_of(",\"\r\n") == std::string::npos) return value;
  std::string out = "\"";
  for (const char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string sweep_csv(const Grid& grid, const std::string& config_fingerprint, const std::optional<Shard>& shard,
                      const std::vector<std::uint64_t>& points, const std::vector<PointResult>& results) {
  std::string out = preamble(grid, config_fingerprint, shard);
  out += row_text(header_fields(grid));
  std::vector<std::string> fields;
  for (size_t i = 0; i < points.size() && i < results.size(); ++i) {
    const PointResult& r = results[i];
    fields.clear();
    for (size_t j = 0; j < grid.axes().size(); ++j) fields.push_back(grid.value(points[i], j));
    fields.push_back(r.completed ? "completed" : "failed");
    fields.push_back(r.failure_time);
    fields.push_back(r.failing_event);
    fields.push_back(std::to_string(r.sessions));
    fields.push_back(format_minutes(r.training));
    fields.push_back(std::to_string(r.charged));
    fields.push_back(std::to_string(r.bucket_minimum));
    fields.push_back(format_minutes(r.wall));
    for (size_t j = 0; j < grid.axes().size(); ++j)
      if (is_duration_axis(grid.axes()[j])) fields.push_back(format_minutes(*parse_duration_text(grid.value(points[i], j))));
    fields.push_back(r.completed ? "" : format_minutes(r.failure_offset));
    out += row_text(fields);
  }
  return out;
}

std::vector<std::vector<std::string>> parse_csv_records(const std::string& text, const std::string& source) {
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> record;
  std::string field;
  bool quoted = false, in_record = false;
  size_t line = 1;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          quoted = false;
        }
      } else {
        if (c == '\n') ++line;
        field += c;
      }
      continue;
    }
    if (c == '"' && field.empty()) {
      quoted = true;
      in_record = true;
    } else if (c == ',') {
      record.push_back(std::move(field));
      field.clear();
      in_record = true;
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      ++line;
      record.push_back(std::move(field));
      field.clear();
      records.push_back(std::move(record));
      record.clear();
      in_record = false;
    } else {
      field += c;
      in_record = true;
    }
  }
  if (quoted) fail_config(source, "", "line " + std::to_string(line) + ": unterminated quoted field");
  if (in_record || !field.empty()) {
    record.push_back(std::move(field));
    records.push_back(std::move(record));
  }
  return records;
}

SweepCsv parse_sweep_csv(const std::string& text, const std::string& source) {
  SweepCsv f;
  f.source = source;
  // The preamble: '#' lines up to the header row.
  size_t pos = 0;
  std::vector<std::string> lines;
  while (pos < text.size() && text[pos] == '#') {
    const size_t end = text.find('\n', pos);
    std::string l = text.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
    if (!l.empty() && l.back() == '\r') l.pop_back();
    lines.push_back(std::move(l));
    pos = end == std::string::npos ? text.size() : end + 1;
  }
  auto not_sweep = [&](const std::string& why) {
    fail_config(source, "", "not a trainsim sweep CSV (" + why + ")");
  };
  if (lines.empty() || lines[0] != kMagic) not_sweep("its first line is not '" + std::string(kMagic) + "'");
  bool has_grid = false, has_points = false, has_config = false;
  for (size_t i = 1; i < lines.size(); ++i) {
    const std::string& l = lines[i];
    if (starts_with(l, kGrid)) {
      std::vector<std::string> args;
      try {
        args = nlohmann::json::parse(l.substr(std::string(kGrid).size())).get<std::vector<std::string>>();
      } catch (const nlohmann::json::exception&) {
        not_sweep("unreadable grid line");
      }
      try {
        f.grid = Grid::parse(args);
      } catch (const ConfigError& e) {
        fail_config(source, "", std::string("its grid line does not parse: ") + e.what());
      }
      has_grid = true;
    } else if (starts_with(l, kPoints)) {
      try {
        f.points = std::stoull(l.substr(std::string(kPoints).size()));
      } catch (const std::exception&) {
        not_sweep("unreadable points line");
      }
      has_points = true;
    } else if (starts_with(l, kConfig)) {
      f.config = l.substr(std::string(kConfig).size());
      has_config = true;
    } else if (starts_with(l, kShard)) {
      f.shard = parse_shard(l.substr(std::string(kShard).size()), source + ": shard line");
      f.sharded = true;
    }
  }
  if (!has_grid || !has_points || !has_config) not_sweep("its preamble lacks the grid, points or config line");
  if (f.points != f.grid.size())
    fail_config(source, "", "the preamble says " + std::to_string(f.points) + " points but the grid has " +
                                std::to_string(f.grid.size()));

  auto records = parse_csv_records(text.substr(pos), source);
  if (records.empty()) not_sweep("no header row");
  f.header = std::move(records[0]);
  if (f.header != header_fields(f.grid)) not_sweep("its header row does not match its grid");
  for (size_t i = 1; i < records.size(); ++i) {
    if (records[i].size() != f.header.size())
      fail_config(source, "",
                  "row " + std::to_string(i) + " has " + std::to_string(records[i].size()) + " fields, not " +
                      std::to_string(f.header.size()) + " (a truncated or edited file?)");
    f.rows.push_back(std::move(records[i]));
  }
  return f;
}

std::string merge_sweep_csvs(const std::vector<SweepCsv>& shards) {
  if (shards.empty()) fail_config("merge", "", "no input files");
  const SweepCsv& first = shards.front();
  for (const auto& s : shards) {
    if (!s.grid.same_points(first.grid))
      fail_config("merge", "",
                  s.source + " and " + first.source + " come from different grids (" +
                      nlohmann::json(s.grid.arguments()).dump() + " vs " +
                      nlohmann::json(first.grid.arguments()).dump() + "); refusing to merge them");
    if (s.config != first.config)
      fail_config("merge", "",
                  s.source + " and " + first.source +
                      " were run on different configs (fingerprints " + s.config + " and " + first.config +
                      "); refusing to merge them");
    if (s.shard.n != first.shard.n)
      fail_config("merge", "",
                  s.source + " is shard " + s.shard.text() + " but " + first.source + " is shard " +
                      first.shard.text() + ": they come from different shardings");
  }
  const std::uint64_t n = first.shard.n;
  std::map<std::uint64_t, const SweepCsv*> by_k;
  for (const auto& s : shards) {
    auto [it, fresh] = by_k.emplace(s.shard.k, &s);
    if (!fresh)
      fail_config("merge", "",
                  "shard " + s.shard.text() + " is given twice (" + it->second->source + " and " + s.source +
                      "); refusing to merge a duplicated set of shards");
  }
  std::string missing;
  for (std::uint64_t k = 1; k <= n; ++k)
    if (!by_k.count(k)) missing += (missing.empty() ? "" : ", ") + std::to_string(k) + "/" + std::to_string(n);
  if (!missing.empty())
    fail_config("merge", "",
                "shard" + std::string(missing.find(',') == std::string::npos ? " " : "s ") + missing +
                    " missing: the merged result would be incomplete");

  const Grid& grid = first.grid;
  const size_t axes = grid.axes().size();
  for (const auto& [k, s] : by_k) {
    const std::uint64_t want = s->shard.count(grid.size());
    if (s->rows.size() != want)
      fail_config("merge", "",
                  s->source + " (shard " + s->shard.text() + ") has " + std::to_string(s->rows.size()) +
                      " rows, not the " + std::to_string(want) + " of its part of the grid (an interrupted run?)");
    for (std::uint64_t r = 0; r < want; ++r) {
      const std::uint64_t point = s->shard.point(r);
      for (size_t j = 0; j < axes; ++j)
        if (s->rows[r][j] != grid.value(point, j))
          fail_config("merge", "",
                      s->source + ": row " + std::to_string(r + 1) + " is not grid point " + std::to_string(point + 1) +
                          " (" + grid.axes()[j].key + " is " + s->rows[r][j] + ", expected " + grid.value(point, j) +
                          ")");
    }
  }

  std::string out = preamble(grid, first.config, std::nullopt);
  out += row_text(first.header);
  for (std::uint64_t point = 0; point < grid.size(); ++point) {
    const SweepCsv& s = *by_k.at(point % n + 1);
    out += row_text(s.rows[point / n]);
  }
  return out;
}

}  // namespace trainsim
