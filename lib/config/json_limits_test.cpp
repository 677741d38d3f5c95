// Tests for the hardening of config reading: JSON nesting refused before the
// document is built (file:line:column), keys named in number errors, and
// simulation.* paths trainsim does not read refused on the command line.
#include "config/config_document.h"
#include "config/simulation_config.h"
#include "input/input_error.h"

#include <doctest/doctest.h>

#include "testing.h"

#include <string>
#include <vector>

using namespace trainsim;
using testing::TempDir;

using testing::contains;
using testing::error_of;

TEST_CASE("json: nesting 150,000 deep is refused with file:line:column, not a stack overflow") {
  TempDir dir;
  const std::string deep = "{\n  \"x\": " + std::string(150000, '[') + std::string(150000, ']') + "\n}\n";
  const auto p = dir.write("config.json", deep);
  const std::string e = error_of([&] { load_config_document(p); });
  // The root object is level 1 and "x"'s first '[' (line 2, column 8) level 2:
  // the 101st level, the first refused, opens at column 8 + 99.
  CHECK(contains(e, "config.json:2:107: invalid JSON: nested more than 100 levels deep"));
  // 100 levels are fine.
  const std::string ok = "{\"x\": " + std::string(99, '[') + std::string(99, ']') + "}";
  CHECK(error_of([&] { load_config_document(dir.write("ok.json", ok)); }).empty());
}

TEST_CASE("json: a --set value nested too deep is refused naming the key") {
  TempDir dir;
  ConfigDocument doc = load_config_document(dir.write("config.json", "{}"));
  const std::string e = error_of([&] { apply_override(doc, "simulation.seed=" + std::string(100000, '[')); });
  CHECK(contains(e, "--set"));
  CHECK(contains(e, "simulation.seed"));
  CHECK(contains(e, "100 levels"));
}

TEST_CASE("json: a number too large for a double names its key path as well as line and column") {
  TempDir dir;
  const auto p = dir.write("config.json", "{\n  \"scheduled-event-leaky-bucket-capacity\": 1e400\n}\n");
  const std::string e = error_of([&] { load_config_document(p); });
  CHECK(contains(e, "config.json:2:"));
  CHECK(contains(e, "scheduled-event-leaky-bucket-capacity"));
  const auto q = dir.write("nested.json", R"({"simulation": {"training": [{"name": "a"}, {"duration": 1e999}]}})");
  CHECK(contains(error_of([&] { load_config_document(q); }), "simulation.training[1].duration"));
}

TEST_CASE("simulation paths: unknown ones are errors in --set, with the nearest known key") {
  TempDir dir;
  ConfigDocument doc = load_config_document(dir.write("config.json", R"J({"simulation": {"training": [
    {"name": "t", "date-rule": "EveryDay()", "time-rule": "TimeRules.At(8, 0)", "duration": "1m"}]}})J"));
  const std::string e = error_of([&] { apply_override(doc, "simulation.nonsense=1"); });
  CHECK(contains(e, "--set"));
  CHECK(contains(e, "unknown key 'nonsense'"));
  CHECK(contains(error_of([&] { apply_override(doc, "simulation.resolutoin=hour"); }), "did you mean 'resolution'"));
  CHECK(contains(error_of([&] { apply_override(doc, "simulation.training[0].durration=2m"); }),
                 "did you mean 'duration'"));
  CHECK(contains(error_of([&] { apply_override(doc, "simulation.live.slowdown=2"); }), "market-open-slowdown"));
  // Known paths, and anything inside a duration, are accepted.
  for (const char* ok : {"simulation.resolution=hour", "simulation.training[0].duration=2m",
                         "simulation.training[0].duration.uniform.min=1m", "simulation.on-data.cost=1s",
                         "simulation.live.market-open-slowdown=2", "simulation.training[0].growth.per-year=1m",
                         "scheduled-event-leaky-bucket-capacity=10", "some-lean-key=1"}) {
    CAPTURE(ok);
    CHECK(unknown_simulation_path(std::string(ok).substr(0, std::string(ok).find('='))).empty());
  }
}

TEST_CASE("simulation paths: an unknown key in the file warns with the nearest known key, however far") {
  TempDir dir;
  ConfigDocument doc = load_config_document(dir.write("config.json", R"({"simulation": {"nonsense": 1}})"));
  std::vector<std::string> w;
  read_simulation_config(doc, w);
  REQUIRE(w.size() == 1);
  CHECK(contains(w[0], "simulation.nonsense"));
  CHECK(contains(w[0], "did you mean"));
}
