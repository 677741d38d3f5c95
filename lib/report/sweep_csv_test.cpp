// report/sweep_csv_test.cpp — unit tests of the sweep CSV: quoting, reading
// back, and merging shards (and refusing bad sets of shards).
#include "report/sweep_csv.h"
#include "testing.h"

#include "input/input_error.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace trainsim;

namespace {

// A fake result per point, different for every point.
PointResult fake(std::uint64_t point) {
  PointResult r;
  r.completed = point % 3 != 0;
  if (!r.completed) {
    r.failure_text = "2024-01-07T08:00:00-05:00";
    r.failing_event_name = point % 2 ? "weekly, \"big\"" : "on-data";
    r.failure_offset = 6 * kDay;
  }
  r.sessions = static_cast<std::int64_t>(point);
  r.training = static_cast<Micros>(point) * kMinute + 3 * kSecond;
  r.charged = static_cast<std::int64_t>(point) * 2;
  r.bucket_minimum = 7;
  r.wall = static_cast<Micros>(point) * 90 * kSecond;
  return r;
}

std::string csv_of(const Grid& g, std::optional<Shard> shard, const std::string& config = "00000000000000aa") {
  const Shard s = shard ? *shard : Shard{};
  std::vector<std::uint64_t> points;
  std::vector<PointResult> results;
  for (std::uint64_t i = 0; i < s.count(g.size()); ++i) {
    points.push_back(s.point(i));
    results.push_back(fake(s.point(i)));
  }
  return sweep_csv(g, config, shard, points, results);
}

std::string merge_error(const std::vector<SweepCsv>& parts) {
  try {
    merge_sweep_csvs(parts);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

using testing::contains;

}  // namespace

TEST_CASE("results csv: quoting and reading back") {
  CHECK(csv_field("plain") == "plain");
  CHECK(csv_field("a,b") == "\"a,b\"");
  CHECK(csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
  const auto records = parse_csv_records("a,\"b,c\",\"d\"\"e\"\n\"multi\nline\",,x\r\nlast", "t.csv");
  REQUIRE(records.size() == 3);
  CHECK(records[0] == std::vector<std::string>{"a", "b,c", "d\"e"});
  CHECK(records[1] == std::vector<std::string>{"multi\nline", "", "x"});
  CHECK(records[2] == std::vector<std::string>{"last"});
  CHECK_THROWS_AS(parse_csv_records("a,\"open\n", "t.csv"), InputError);
}

TEST_CASE("results csv: the file names the grid, points and config, and rows follow the grid") {
  const Grid g = Grid::parse({"scheduled-event-leaky-bucket-capacity=100:300:100",
                              "simulation.training[1].time-rule=TimeRules.At(8, 0),TimeRules.At(9, 0)"});
  const std::string text = csv_of(g, std::nullopt);
  CHECK(text.rfind("# trainsim sweep\n# grid: [", 0) == 0);
  CHECK(contains(text, "\n# points: 6\n# config: fnv1a64:00000000000000aa\n"));
  CHECK_FALSE(contains(text, "# shard"));
  CHECK(contains(text, "\nscheduled-event-leaky-bucket-capacity,simulation.training[1].time-rule,outcome,"
                       "failure_algorithm_time,failing_event,sessions,minutes_trained,minutes_charged,"
                       "bucket_minimum,wall_minutes,failure_algorithm_time_minutes\n"));
  CHECK(contains(text, "\n100,\"TimeRules.At(8, 0)\",failed,2024-01-07T08:00:00-05:00,on-data,0,0.05,0,7,0,8640\n"));
  CHECK(contains(text, "\n100,\"TimeRules.At(9, 0)\",completed,,,1,1.05,2,7,1.5,\n"));

  const SweepCsv f = parse_sweep_csv(text, "all.csv");
  CHECK(f.grid.same_points(g));
  CHECK(f.points == 6);
  CHECK(f.config == "00000000000000aa");
  CHECK_FALSE(f.sharded);
  REQUIRE(f.rows.size() == 6);
  CHECK(f.rows[3][4] == "weekly, \"big\"");
  // A single complete file merges to itself.
  CHECK(merge_sweep_csvs({f}) == text);
}

TEST_CASE("results csv: a duration axis also gets a numeric column in minutes") {
  const Grid g = Grid::parse({"simulation.training[1].duration=30s,1h30m", "k=1,2"});
  const std::string text = csv_of(g, std::nullopt);
  CHECK(contains(text, ",wall_minutes,simulation.training[1].duration_minutes,failure_algorithm_time_minutes\n"));
  CHECK(contains(text, "\n30s,1,"));
  CHECK(contains(text, ",0.5,\n"));        // 30s, completed
  CHECK(contains(text, ",90,8640\n"));      // 1h30m, failed 6 days after the start
  const SweepCsv f = parse_sweep_csv(text, "d.csv");
  CHECK(merge_sweep_csvs({f}) == text);
}

TEST_CASE("results csv: shards merge back to the unsharded file byte for byte") {
  const Grid g = Grid::parse({"a=1:7:1", "b=x,y"});
  const std::string whole = csv_of(g, std::nullopt);
  for (std::uint64_t n : {1u, 2u, 3u, 4u, 14u, 20u}) {
    std::vector<SweepCsv> parts;
    for (std::uint64_t k = n; k >= 1; --k)  // any order
      parts.push_back(parse_sweep_csv(csv_of(g, Shard{k, n}), "shard" + std::to_string(k) + ".csv"));
    CHECK(parts.back().sharded);
    CHECK(merge_sweep_csvs(parts) == whole);
  }
}

TEST_CASE("results csv: merge refuses missing, duplicated and foreign shards") {
  const Grid g = Grid::parse({"a=1:7:1"});
  auto shard = [&](std::uint64_t k, std::uint64_t n) {
    return parse_sweep_csv(csv_of(g, Shard{k, n}), "s" + std::to_string(k) + "of" + std::to_string(n) + ".csv");
  };
  CHECK(contains(merge_error({shard(1, 3), shard(3, 3)}), "shard 2/3 missing"));
  CHECK(contains(merge_error({shard(1, 3)}), "shards 2/3, 3/3 missing"));
  CHECK(contains(merge_error({shard(1, 3), shard(2, 3), shard(2, 3), shard(3, 3)}), "shard 2/3 is given twice"));
  CHECK(contains(merge_error({shard(1, 2), shard(2, 3)}), "different shardings"));
  CHECK(contains(merge_error({}), "no input files"));

  const Grid other = Grid::parse({"a=1:8:1"});
  const SweepCsv foreign = parse_sweep_csv(csv_of(other, Shard{2, 2}), "other.csv");
  CHECK(contains(merge_error({shard(1, 2), foreign}), "different grids"));

  const SweepCsv other_config = parse_sweep_csv(csv_of(g, Shard{2, 2}, "00000000000000bb"), "b.csv");
  CHECK(contains(merge_error({shard(1, 2), other_config}), "different configs"));

  // A truncated shard (an interrupted copy) and an edited one.
  std::string text = csv_of(g, Shard{2, 2});
  text.erase(text.rfind('\n', text.size() - 2) + 1);
  CHECK(contains(merge_error({shard(1, 2), parse_sweep_csv(text, "cut.csv")}), "has 2 rows, not the 3"));
  text = csv_of(g, Shard{2, 2});
  const auto at = text.find("\n4,");
  REQUIRE(at != std::string::npos);
  text.replace(at, 3, "\n5,");
  CHECK(contains(merge_error({shard(1, 2), parse_sweep_csv(text, "edited.csv")}), "is not grid point 4"));
}

TEST_CASE("results csv: files that are not sweep CSVs are refused") {
  CHECK_THROWS_AS(parse_sweep_csv("a,b\n1,2\n", "x.csv"), InputError);
  CHECK_THROWS_AS(parse_sweep_csv("# trainsim sweep\n# grid: [\"a=1,2\"]\na,outcome\n", "x.csv"), InputError);
  const Grid g = Grid::parse({"a=1,2"});
  std::string text = csv_of(g, std::nullopt);
  text.replace(text.find("# points: 2"), 11, "# points: 3");
  CHECK_THROWS_AS(parse_sweep_csv(text, "x.csv"), InputError);
  text = csv_of(g, std::nullopt);
  text += "1,completed\n";  // a short row
  CHECK_THROWS_AS(parse_sweep_csv(text, "x.csv"), InputError);
}
