// sweep/grid_test.cpp — unit tests of --grid and --shard parsing and the
// grid's point order.
#include "sweep/grid.h"
#include "testing.h"

#include "input/input_error.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>
#include <nlohmann/json.hpp>

using namespace trainsim;
using Strings = std::vector<std::string>;

namespace {
std::string error_of(const std::string& argument) {
  try {
    parse_grid_axis(argument);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}
using testing::contains;
}  // namespace

TEST_CASE("grid: value lists keep their order and split only at top-level commas") {
  auto a = parse_grid_axis("scheduled-event-leaky-bucket-capacity=120,500, 2000");
  CHECK(a.key == "scheduled-event-leaky-bucket-capacity");
  CHECK(a.values == Strings{"120", "500", "2000"});

  a = parse_grid_axis("simulation.training[1].time-rule=TimeRules.At(8, 0),TimeRules.At(9, 30)");
  CHECK(a.key == "simulation.training[1].time-rule");
  CHECK(a.values == Strings{"TimeRules.At(8, 0)", "TimeRules.At(9, 30)"});

  a = parse_grid_axis(R"(simulation.on-data.cost={"uniform":{"min":"1ms","max":"9ms"}},"a,b",50ms)");
  CHECK(a.values == Strings{R"({"uniform":{"min":"1ms","max":"9ms"}})", R"("a,b")", "50ms"});

  // One value with one colon is a value, not a range.
  CHECK(parse_grid_axis("k=08:00").values == Strings{"08:00"});
  // A quoted value may hold two colons.
  CHECK(parse_grid_axis(R"(k="12:30:00")").values == Strings{R"("12:30:00")"});
}

TEST_CASE("grid: ranges are exact decimals, with an optional unit") {
  CHECK(parse_grid_axis("k=0:100:25").values == Strings{"0", "25", "50", "75", "100"});
  CHECK(parse_grid_axis("k=0.1:0.5:0.1").values == Strings{"0.1", "0.2", "0.3", "0.4", "0.5"});
  CHECK(parse_grid_axis("k=1:2:0.25").values == Strings{"1", "1.25", "1.5", "1.75", "2"});
  // hi is included only when the steps land on it.
  CHECK(parse_grid_axis("k=0:10:3").values == Strings{"0", "3", "6", "9"});
  CHECK(parse_grid_axis("k=5:5:1").values == Strings{"5"});
  CHECK(parse_grid_axis("k=-1:1:1").values == Strings{"-1", "0", "1"});
  CHECK(parse_grid_axis("simulation.training[0].duration=20m:40m:5m").values ==
        Strings{"20m", "25m", "30m", "35m", "40m"});
  CHECK(parse_grid_axis("k=0.5h:1.5h:0.5h").values == Strings{"0.5h", "1h", "1.5h"});
  // Mixed duration units: all in the finest of them.
  CHECK(parse_grid_axis("k=30s:2m:30s").values == Strings{"30s", "60s", "90s", "120s"});
  CHECK(parse_grid_axis("k=1m:1h:30min").values == Strings{"1m", "31m"});
  const DecimalRange r = parse_decimal_range("1s", "5m", "1s", "--range", "1s:5m");
  CHECK(r.count() == 300);
  CHECK(r.text(299) == "300s");
}

TEST_CASE("grid: malformed axes fail with a message naming the argument") {
  CHECK(contains(error_of("foo"), "--grid: foo: no '='"));
  CHECK(contains(error_of("=1,2"), "empty key"));
  CHECK(contains(error_of("k="), "no values"));
  CHECK(contains(error_of("key=1:0:1"), "--grid: key=1:0:1: empty range: lo 1 is greater than hi 0"));
  CHECK(contains(error_of("key=a:b:c"), "--grid: key=a:b:c: lo 'a' is not a number"));
  CHECK(contains(error_of("key=1:5:0"), "step must be greater than 0"));
  CHECK(contains(error_of("key=1:5:-1"), "step must be greater than 0"));
  CHECK(contains(error_of("key=1:x:1"), "hi 'x' is not a number"));
  CHECK(contains(error_of("key=1e3:2e3:1e2"), "is not a number"));  // no exponents
  CHECK(contains(error_of("key=1h30m:2h:1m"), "is not a number"));  // no compound durations
  CHECK(contains(error_of("key=10m:60m:1"), "same unit"));
  CHECK(contains(error_of("key=1:2:3:4"), "three parts"));
  CHECK(contains(error_of("key=1,,2"), "value 2 is empty"));
  CHECK(contains(error_of("key=1,2,1"), "'1' is listed twice"));
  CHECK(contains(error_of("key=0:100000000:1"), "more than"));
  // A range axis has at most a million values (fuzzing: a shard CSV's grid
  // line of 7 million values took over 10 s to expand).
  CHECK(contains(error_of("key=0:1000000:1"), "more than the 1000000 allowed"));
  CHECK(contains(error_of("key=50:723929445:100"), "more than the 1000000 allowed"));
  CHECK(Grid::parse({"key=1:1000:1"}).size() == 1000);
  CHECK_THROWS_AS(Grid::parse({"a=1,2", "a=3"}), InputError);
}

TEST_CASE("grid: the first axis varies slowest") {
  const Grid g = Grid::parse({"a=1,2", "b=x,y,z"});
  CHECK(g.size() == 6);
  Strings seen;
  for (std::uint64_t i = 0; i < g.size(); ++i) seen.push_back(g.value(i, 0) + g.value(i, 1));
  CHECK(seen == Strings{"1x", "1y", "1z", "2x", "2y", "2z"});
  CHECK(g.assignments(4) == Strings{"a=2", "b=y"});
  CHECK(g.coordinates(5) == std::vector<size_t>{1, 2});
  CHECK(g.arguments() == Strings{"a=1,2", "b=x,y,z"});
  CHECK(g.same_points(Grid::parse({"a=1:2:1", "b=x,y,z"})));
  CHECK_FALSE(g.same_points(Grid::parse({"b=x,y,z", "a=1,2"})));
}

TEST_CASE("grid: shards are interleaved slices that cover the grid once") {
  const Shard s = parse_shard("2/4");
  CHECK(s.k == 2);
  CHECK(s.n == 4);
  for (std::uint64_t points : {0u, 1u, 3u, 4u, 10u, 11u}) {
    std::vector<int> hits(points, 0);
    for (std::uint64_t k = 1; k <= 4; ++k) {
      const Shard part{k, 4};
      for (std::uint64_t i = 0; i < part.count(points); ++i) {
        const auto p = part.point(i);
        REQUIRE(p < points);
        CHECK(part.contains(p));
        ++hits[p];
      }
    }
    for (int h : hits) CHECK(h == 1);
  }
  for (const char* bad : {"0/4", "5/4", "4", "a/b", "1/0", "-1/4", "", "1/4/2"})
    CHECK_THROWS_AS(parse_shard(bad), InputError);
}

TEST_CASE("grid: decimals print without trailing zeros") {
  CHECK(format_decimal(250, 2, "") == "2.5");
  CHECK(format_decimal(300, 2, "m") == "3m");
  CHECK(format_decimal(-5, 1, "") == "-0.5");
  CHECK(format_decimal(0, 3, "") == "0");
  CHECK(format_decimal(7, 3, "s") == "0.007s");
  const auto v = DecimalValue::parse("12.50m");
  REQUIRE(v);
  CHECK(v->units == 1250);
  CHECK(v->decimals == 2);
  CHECK(v->unit == "m");
  CHECK_FALSE(DecimalValue::parse("1.2.3"));
  CHECK_FALSE(DecimalValue::parse("m"));
  CHECK_FALSE(DecimalValue::parse("99999999999999999999"));
  // The largest int64 is a number; one more is refused, not wrapped (a CI fuzz finding).
  CHECK(DecimalValue::parse("9223372036854775807")->units == 9223372036854775807);
  CHECK_FALSE(DecimalValue::parse("9223372036854775808"));
  CHECK_FALSE(DecimalValue::parse("922337203685477580.8"));
}
