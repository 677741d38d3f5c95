// Tests for the hardening of what trainsim reads: inputs read with a size cap
// and remembered, trace lines bounded, and dates kept within the years the
// calendar covers.
#include "algorithm/algorithm_reader.h"
#include "input/data_lines.h"
#include "input/input_files.h"

#include <doctest/doctest.h>

#include "testing.h"

#include <string>

using namespace trainsim;
using testing::contains;
using testing::error_of;
using testing::TempDir;

TEST_CASE("inputs: read whole under a cap, remembered once, refused with the file's name past it") {
  forget_input_files();
  TempDir dir;
  const auto f = dir.write("config.json", "{\"a\": 1}");
  CHECK(read_input_file(f) == "{\"a\": 1}");
  CHECK(read_input_file(f, 8) == "{\"a\": 1}");
  CHECK(contains(error_of([&] { read_input_file(f, 7); }), "config.json: is larger than"));
  REQUIRE(input_files().size() == 1);
  CHECK(input_files()[0].path == f.string());
  CHECK(input_files()[0].identified);
  // A device that never ends is refused at the cap, not read until memory runs out.
  const std::string zero = error_of([] { read_input_file("/dev/zero", 1 << 20); });
  CHECK(contains(zero, "/dev/zero: is larger than 1 MB"));
  CHECK(contains(error_of([&] { read_input_file(dir.path); }), "is a folder"));
  CHECK(contains(error_of([&] { read_input_file(dir.path / "missing.json"); }), "cannot be read: No such file"));
  forget_input_files();
  CHECK(input_files().empty());
}

TEST_CASE("inputs: a trace line without end is refused with its file:line, not read into memory") {
  TempDir dir;
  const auto f = dir.write("trace.csv", "# minutes\n5\n\n" + std::string(100000, '7') + "\n");
  std::vector<std::string> rows;
  const std::string e = error_of([&] {
    for_each_data_line(f, "simulation.training[0].duration.trace", "the trace",
                       [&](const std::string& line, const std::string&) { rows.push_back(line); });
  });
  CHECK(contains(e, "trace.csv:4"));
  CHECK(contains(e, "a line longer than"));
  CHECK(rows == std::vector<std::string>{"5"});
  // Lines up to the bound, the last without a newline, CRLF: all read as before.
  const auto g = dir.write("ok.csv", "1\r\n" + std::string(65536, '2') + "\n3");
  rows.clear();
  for_each_data_line(g, "k", "the trace", [&](const std::string& line, const std::string&) { rows.push_back(line); });
  REQUIRE(rows.size() == 3);
  CHECK(rows[0] == "1");
  CHECK(rows[1].size() == 65536);
  CHECK(rows[2] == "3");
}

TEST_CASE("dates: start and end outside the supported years are errors naming the key") {
  auto config = [](const std::string& start, const std::string& end) {
    return R"J({"simulation": {"start": ")J" + start + R"J(", "end": ")J" + end +
           R"J(", "training": [{"name": "t", "date-rule": "MonthEnd(\"SPY\")", "time-rule": "At(8, 0)", "duration": "1m"}]}})J";
  };
  const std::string late = error_of([&] { testing::scenario_from(config("9999-11-01", "9999-12-31")); });
  CHECK(contains(late, "simulation.start"));
  CHECK(contains(late, "the year 9999 is outside the years trainsim simulates (1401 to 9998)"));
  const std::string early = error_of([&] { testing::scenario_from(config("1300-01-02", "2024-01-02")); });
  CHECK(contains(early, "simulation.start"));
  CHECK(contains(early, "the year 1300 is outside"));
  CHECK_FALSE(contains(early, "not a date"));
  CHECK(contains(error_of([&] { testing::scenario_from(config("2024-01-02", "0999-01-01")); }), "simulation.end"));
  CHECK(contains(error_of([&] { testing::scenario_from(config("2024-13-02", "2024-01-02")); }), "not a date"));
  CHECK(error_of([&] { testing::scenario_from(config("2024-01-02", "2024-02-02")); }).empty());
}

TEST_CASE("dates: a warm-up starting before the supported years is an error naming its key") {
  auto config = [](const std::string& start, const std::string& warm_up) {
    return R"J({"simulation": {"start": ")J" + start + R"J(", "end": ")J" + start + R"J(", "warm-up": )J" + warm_up +
           R"J(, "training": [{"name": "t", "date-rule": "MonthEnd(\"SPY\")", "time-rule": "At(8, 0)", "duration": "1m"}]}})J";
  };
  // A period reaching back into 1400, and daily bars that do.
  for (const char* warm_up : {R"("30d")", R"({"bars": 20, "resolution": "daily"})"}) {
    CAPTURE(warm_up);
    const std::string e = error_of([&] { testing::scenario_from(config("1401-01-10", warm_up)); });
    CHECK(contains(e, "simulation.warm-up"));
    CHECK(contains(e, "in the year 1400, outside the years trainsim simulates (1401 to 9998)"));
  }
  // The longest warm-up (a century) from a start in 1500: the same, never a run-time calendar error.
  CHECK(contains(error_of([&] { testing::scenario_from(config("1500-06-01", R"("36600d")")); }),
                 "in the year 1400, outside the years trainsim simulates"));
  CHECK(error_of([&] { testing::scenario_from(config("1401-03-10", R"("30d")")); }).empty());
}

TEST_CASE("inputs: an algorithm file past its size limit is refused before it is read") {
  TempDir dir;
  const auto big = dir.write("main.py", std::string((4u << 20) + 1, '#'));
  const std::string e = error_of([&] { algorithm::read_algorithm_file(big); });
  CHECK(contains(e, "main.py: is larger than 4 MB"));
}
