// Tests for reading a Lean/Launcher config the way LEAN reads it
// (docs/semantics.md#configuration): comments, the environment overlay, LEAN's
// value conversions, the errors and warnings trainsim adds, and --set.
#include "config/config_document.h"
#include "config/lean_settings.h"
#include "config/simulation_config.h"
#include "input/input_error.h"
#include "input/near_miss.h"

#include <doctest/doctest.h>

#include "testing.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>
#include <vector>

using namespace trainsim;
namespace fs = std::filesystem;

namespace {

using testing::TempDir;

struct Loaded {
  ConfigDocument doc;
  LeanSettings lean;
};

Loaded load_text(const TempDir& dir, const std::string& text, const std::string& name = "config.json") {
  Loaded l;
  l.doc = load_config_document(dir.write(name, text));
  l.lean = read_lean_settings(l.doc);
  return l;
}

using testing::contains;
using testing::error_of;

std::string lean_error(const TempDir& dir, const std::string& text) {
  const fs::path p = dir.write("config.json", text);
  return error_of([&] { read_lean_settings(load_config_document(p)); });
}


std::vector<std::string> root_warnings(const ConfigDocument& doc) {
  std::vector<std::string> w = doc.warnings;
  for (auto& x : near_miss_warnings(doc.effective, known_root_keys(), doc.file_name(), "")) w.push_back(x);
  return w;
}

}  // namespace

TEST_CASE("config: // and /* */ comments are accepted, as in LEAN's own config.json") {
  TempDir dir;
  const auto l = load_text(dir, R"J({
  // the documented limit
  "algorithm-manager-time-loop-maximum": 15, // trailing comment
  /* a block
     comment spanning lines */
  "scheduled-event-leaky-bucket-capacity": /* inline */ 60,
  "some-url": "http://example.com/a//b /* not a comment */"
})J");
  CHECK(l.lean.loop_maximum_minutes == 15);
  CHECK(l.lean.capacity == 60);
  CHECK(l.doc.effective["some-url"] == "http://example.com/a//b /* not a comment */");
}

TEST_CASE("config: defaults are docs/semantics.md#configuration's (loop maximum 10, 120 / 1440 / 18, backtest)") {
  TempDir dir;
  const auto l = load_text(dir, "{}");
  CHECK(l.lean.loop_maximum_minutes == 10);
  CHECK(l.lean.capacity == 120);
  CHECK(l.lean.interval_minutes == 1440);
  CHECK(l.lean.refill_amount == 18);
  CHECK(l.lean.live_mode == false);
  CHECK(l.lean.source.at(lean_key::kCapacity) == "default");
  CHECK(l.lean.source.at(lean_key::kRefill) == "default");
}

TEST_CASE("config: the environment overlay replaces root keys with environments.<name>") {
  TempDir dir;
  const auto l = load_text(dir, R"J({
  "environment": "backtesting",
  "scheduled-event-leaky-bucket-capacity": 120,
  "scheduled-event-leaky-bucket-time-interval-minutes": 60,
  "environments": {
    "backtesting": { "scheduled-event-leaky-bucket-capacity": 30, "live-mode": false },
    "live-paper": { "scheduled-event-leaky-bucket-capacity": 5, "live-mode": true }
  }
})J");
  CHECK(l.doc.environment == "backtesting");
  CHECK(l.lean.capacity == 30);
  CHECK(l.lean.interval_minutes == 60);  // root key kept where the environment is silent
  CHECK(l.lean.live_mode == false);
  CHECK(l.lean.refill_amount == 5);      // ceil(30 / 7) of the effective capacity
  CHECK(l.lean.source.at(lean_key::kCapacity) == "environment 'backtesting'");
  CHECK(l.lean.source.at(lean_key::kInterval) == "file");
  CHECK(root_warnings(l.doc).empty());
}

TEST_CASE("config: a nested environment resolves recursively; the deepest definition wins") {
  TempDir dir;
  const auto l = load_text(dir, R"J({
  "environment": "outer",
  "scheduled-event-leaky-bucket-capacity": 120,
  "algorithm-manager-time-loop-maximum": 10,
  "environments": {
    "outer": { "environment": "inner", "scheduled-event-leaky-bucket-capacity": 50,
               "algorithm-manager-time-loop-maximum": 12 },
    "inner": { "scheduled-event-leaky-bucket-capacity": 40 }
  }
})J");
  CHECK(l.lean.capacity == 40);                // inner beats outer
  CHECK(l.lean.loop_maximum_minutes == 12);    // outer beats root
  CHECK(l.lean.refill_amount == 6);            // ceil(40 / 7)
  CHECK(l.doc.warnings.empty());
}

TEST_CASE("config: an unknown environment warns and falls back to the root keys") {
  TempDir dir;
  const auto l = load_text(dir, R"J({
  "environment": "nope",
  "scheduled-event-leaky-bucket-capacity": 70,
  "environments": { "backtesting": { "scheduled-event-leaky-bucket-capacity": 30 } }
})J");
  CHECK(l.lean.capacity == 70);
  CHECK(l.doc.environment.empty());
  REQUIRE(l.doc.warnings.size() == 1);
  CHECK(contains(l.doc.warnings[0], "'nope'"));
  CHECK(contains(l.doc.warnings[0], "config.json"));

  // The same with no `environments` object at all.
  const auto m = load_text(dir, R"J({ "environment": "backtesting", "scheduled-event-leaky-bucket-capacity": 9 })J");
  CHECK(m.lean.capacity == 9);
  REQUIRE(m.doc.warnings.size() == 1);
  CHECK(contains(m.doc.warnings[0], "'backtesting'"));
}

TEST_CASE("config: numbers and numeric strings are equivalent (Config.GetValue reads strings)") {
  TempDir dir;
  const auto l = load_text(dir, R"J({
  "algorithm-manager-time-loop-maximum": "25",
  "scheduled-event-leaky-bucket-capacity": "100",
  "scheduled-event-leaky-bucket-time-interval-minutes": "720",
  "scheduled-event-leaky-bucket-refill-amount": "9",
  "live-mode": "True"
})J");
  CHECK(l.lean.loop_maximum_minutes == 25);
  CHECK(l.lean.capacity == 100);
  CHECK(l.lean.interval_minutes == 720);
  CHECK(l.lean.refill_amount == 9);
  CHECK(l.lean.live_mode == true);

  // JSON 120.0 passes GetInt (docs/semantics.md#configuration).
  const auto f = load_text(dir, R"J({ "scheduled-event-leaky-bucket-capacity": 120.0 })J");
  CHECK(f.lean.capacity == 120);
  CHECK(f.lean.refill_amount == 18);
}

TEST_CASE("config: the loop maximum may be fractional; \"1,5\" reads 15 (thousands separator)") {
  TempDir dir;
  CHECK(load_text(dir, R"J({ "algorithm-manager-time-loop-maximum": "1.5" })J").lean.loop_maximum_minutes == 1.5);
  CHECK(load_text(dir, R"J({ "algorithm-manager-time-loop-maximum": 1.5 })J").lean.loop_maximum_minutes == 1.5);
  CHECK(load_text(dir, R"J({ "algorithm-manager-time-loop-maximum": "0.05" })J").lean.loop_maximum_minutes == 0.05);
  CHECK(load_text(dir, R"J({ "algorithm-manager-time-loop-maximum": "1,5" })J").lean.loop_maximum_minutes == 15);
  CHECK(load_text(dir, R"J({ "algorithm-manager-time-loop-maximum": "1,000" })J").lean.loop_maximum_minutes == 1000);
  // 366 days is the longest accepted.
  CHECK(load_text(dir, R"J({ "algorithm-manager-time-loop-maximum": 527040 })J").lean.loop_maximum_minutes == 527040);
}

TEST_CASE("config: the bucket keys are integers: \"120.5\" is an error naming file and key") {
  TempDir dir;
  for (const char* key : {lean_key::kCapacity, lean_key::kInterval, lean_key::kRefill}) {
    CAPTURE(key);
    const std::string msg = lean_error(dir, std::string("{ \"") + key + "\": \"120.5\" }");
    CHECK(contains(msg, "config.json"));
    CHECK(contains(msg, key));
    CHECK(contains(msg, "120.5"));
    // A JSON fraction is no better than a string one.
    CHECK(contains(lean_error(dir, std::string("{ \"") + key + "\": 120.5 }"), key));
    // GetInt allows no thousands separator (only GetDouble does).
    CHECK(contains(lean_error(dir, std::string("{ \"") + key + "\": \"1,000\" }"), key));
    // GetInt throws on "" too.
    CHECK(contains(lean_error(dir, std::string("{ \"") + key + "\": \"\" }"), key));
  }
}

TEST_CASE("config: wrong types are errors naming file and key") {
  TempDir dir;
  std::string msg = lean_error(dir, R"J({ "scheduled-event-leaky-bucket-capacity": true })J");
  CHECK(contains(msg, "config.json"));
  CHECK(contains(msg, "scheduled-event-leaky-bucket-capacity"));
  msg = lean_error(dir, R"J({ "scheduled-event-leaky-bucket-capacity": null })J");
  CHECK(contains(msg, "scheduled-event-leaky-bucket-capacity"));
  msg = lean_error(dir, R"J({ "algorithm-manager-time-loop-maximum": [20] })J");
  CHECK(contains(msg, "algorithm-manager-time-loop-maximum"));
  msg = lean_error(dir, R"J({ "algorithm-manager-time-loop-maximum": "twenty" })J");
  CHECK(contains(msg, "algorithm-manager-time-loop-maximum"));
  // GetBool: "1" is not a boolean.
  msg = lean_error(dir, R"J({ "live-mode": "1" })J");
  CHECK(contains(msg, "live-mode"));
  msg = lean_error(dir, R"J({ "data-folder": 3 })J");
  CHECK(contains(msg, "data-folder"));
}

TEST_CASE("config: values that can only be mistakes are errors") {
  TempDir dir;
  struct Case {
    const char* text;
    const char* key;
  };
  const Case cases[] = {
      {R"J({ "scheduled-event-leaky-bucket-capacity": -1 })J", lean_key::kCapacity},
      {R"J({ "scheduled-event-leaky-bucket-capacity": "-5" })J", lean_key::kCapacity},
      {R"J({ "scheduled-event-leaky-bucket-refill-amount": -1 })J", lean_key::kRefill},
      {R"J({ "scheduled-event-leaky-bucket-time-interval-minutes": 0 })J", lean_key::kInterval},
      {R"J({ "scheduled-event-leaky-bucket-time-interval-minutes": -1440 })J", lean_key::kInterval},
      {R"J({ "algorithm-manager-time-loop-maximum": 0 })J", lean_key::kLoopMaximum},
      {R"J({ "algorithm-manager-time-loop-maximum": "0" })J", lean_key::kLoopMaximum},
      {R"J({ "algorithm-manager-time-loop-maximum": -2.5 })J", lean_key::kLoopMaximum},
      {R"J({ "scheduled-event-leaky-bucket-capacity": 99999999999 })J", lean_key::kCapacity},
      {R"J({ "scheduled-event-leaky-bucket-capacity": "99999999999" })J", lean_key::kCapacity},
      {R"J({ "scheduled-event-leaky-bucket-refill-amount": 99999999999999999999999 })J", lean_key::kRefill},
      {R"J({ "scheduled-event-leaky-bucket-time-interval-minutes": 1e300 })J", lean_key::kInterval},
      // A duration beyond the one bound on any duration (366 days).
      {R"J({ "algorithm-manager-time-loop-maximum": 527041 })J", lean_key::kLoopMaximum},
      {R"J({ "algorithm-manager-time-loop-maximum": "1e9" })J", lean_key::kLoopMaximum},
  };
  for (const auto& c : cases) {
    const std::string text = c.text;
    CAPTURE(text);
    const std::string msg = lean_error(dir, c.text);
    CHECK(contains(msg, "config.json"));
    CHECK(contains(msg, c.key));
  }
}

TEST_CASE("config: a number too large for a double is an error naming file, line and column") {
  // nlohmann throws out_of_range (not parse_error) for 1e400; the README's bad-input rule:
  // is reported with the file and position, never as a bare library message.
  TempDir dir;
  const fs::path p = dir.write("config.json", "{\n  \"algorithm-manager-time-loop-maximum\": 1e400\n}\n");
  std::string msg;
  try {
    read_lean_settings(load_config_document(p));
  } catch (const InputError& e) {
    msg = e.what();
  } catch (const std::exception& e) {
    FAIL_CHECK("not an InputError: " << std::string(e.what()));
  }
  CHECK(contains(msg, p.string() + ":2:"));
}

TEST_CASE("config: capacity 0 and a refill above the capacity are valid LEAN values") {
  TempDir dir;
  const auto zero = load_text(dir, R"J({ "scheduled-event-leaky-bucket-capacity": 0 })J");
  CHECK(zero.lean.capacity == 0);
  CHECK(zero.lean.refill_amount == 0);
  const auto big = load_text(dir, R"J({ "scheduled-event-leaky-bucket-capacity": 10,
                                      "scheduled-event-leaky-bucket-refill-amount": 50 })J");
  CHECK(big.lean.capacity == 10);
  CHECK(big.lean.refill_amount == 50);
  const auto zero_refill = load_text(dir, R"J({ "scheduled-event-leaky-bucket-refill-amount": "0" })J");
  CHECK(zero_refill.lean.refill_amount == 0);
  CHECK(zero_refill.lean.capacity == 120);
}

TEST_CASE("config: the default refill is ceil(capacity / 7) of the effective capacity") {
  TempDir dir;
  const std::pair<int, int> cases[] = {{120, 18}, {100, 15}, {7, 1}, {1, 1}, {0, 0}, {8, 2}, {14, 2}, {15, 3}};
  for (const auto& [capacity, refill] : cases) {
    const auto& capacity_ = capacity;  // clang 14 cannot capture a structured binding
    CAPTURE(capacity_);
    const auto l = load_text(dir, "{ \"scheduled-event-leaky-bucket-capacity\": " + std::to_string(capacity) + " }");
    CHECK(l.lean.refill_amount == refill);
  }
  // From a capacity set by --set: the default follows it.
  auto l = load_text(dir, R"J({ "scheduled-event-leaky-bucket-capacity": 120 })J");
  apply_override(l.doc, "scheduled-event-leaky-bucket-capacity=100");
  CHECK(read_lean_settings(l.doc).refill_amount == 15);
  // An explicit refill is kept whatever the capacity.
  apply_override(l.doc, "scheduled-event-leaky-bucket-refill-amount=4");
  CHECK(read_lean_settings(l.doc).refill_amount == 4);
}

TEST_CASE("config: a near-miss key warns naming the known key; far unknown keys are silent") {
  TempDir dir;
  const auto l = load_text(dir, R"J({
  "scheduled-event-leaky-bucket-capacty": 10,
  "job-user-id": "0",
  "messaging-handler": "QuantConnect.Messaging.Messaging",
  "debugging": false
})J");
  // The misspelt key is not applied.
  CHECK(l.lean.capacity == 120);
  const auto w = root_warnings(l.doc);
  REQUIRE(w.size() == 1);
  CHECK(contains(w[0], "scheduled-event-leaky-bucket-capacty"));
  CHECK(contains(w[0], "did you mean 'scheduled-event-leaky-bucket-capacity'"));
  CHECK(contains(w[0], "config.json"));

  // Inside `simulation`, too.
  const auto s = load_text(dir, R"J({ "simulation": { "resolutoin": "hour", "start": "2024-01-02", "end": "2024-01-03" } })J");
  std::vector<std::string> sw;
  const SimulationConfig sim = read_simulation_config(s.doc, sw);
  CHECK(sim.securities.at(0).resolution == Resolution::Minute);
  REQUIRE(sw.size() == 1);
  CHECK(contains(sw[0], "simulation.resolutoin"));
  CHECK(contains(sw[0], "'resolution'"));
}

TEST_CASE("config: --set is applied last, over the file and the environment") {
  TempDir dir;
  auto l = load_text(dir, R"J({
  "environment": "backtesting",
  "scheduled-event-leaky-bucket-capacity": 120,
  "environments": { "backtesting": { "scheduled-event-leaky-bucket-capacity": 30 } },
  "simulation": {
    "start": "2024-01-02", "end": "2024-01-05",
    "training": [ { "name": "initial", "when": "now", "duration": "45m" },
                  { "name": "weekly", "date-rule": "DateRules.Every(DayOfWeek.Sunday)",
                    "time-rule": "TimeRules.At(8, 0)", "duration": "30m" } ]
  }
})J");
  apply_override(l.doc, "scheduled-event-leaky-bucket-capacity=70");
  apply_override(l.doc, "algorithm-manager-time-loop-maximum=\"1.5\"");
  apply_override(l.doc, "simulation.training[0].duration=10m");
  apply_override(l.doc, "simulation.training[1].time-rule=TimeRules.At(9, 15)");
  apply_override(l.doc, "simulation.resolution=hour");
  const LeanSettings lean = read_lean_settings(l.doc);
  CHECK(lean.capacity == 70);
  CHECK(lean.refill_amount == 10);
  CHECK(lean.loop_maximum_minutes == 1.5);
  CHECK(lean.source.at(lean_key::kCapacity) == "--set");
  std::vector<std::string> w;
  const SimulationConfig sim = read_simulation_config(l.doc, w);
  REQUIRE(sim.events.size() == 2);
  CHECK(sim.events[0].training);
  CHECK(sim.events[0].duration.is_constant());
  CHECK(sim.events[0].duration.a == 10 * kMinute);
  CHECK(sim.events[1].time_rule_text == "TimeRules.At(9, 15)");
  CHECK(sim.events[1].duration.a == 30 * kMinute);  // untouched
  CHECK(sim.securities.at(0).resolution == Resolution::Hour);

  // A missing array element is an error naming the path.
  const std::string msg = error_of([&] { apply_override(l.doc, "simulation.training[5].duration=1m"); });
  CHECK(contains(msg, "simulation.training[5].duration"));
  CHECK(contains(error_of([&] { apply_override(l.doc, "no-equals-sign"); }), "no-equals-sign"));
}

TEST_CASE("config: a relative data-folder resolves against the config's folder") {
  TempDir dir;
  const auto rel = load_text(dir, R"J({ "data-folder": "data" })J", "sub/config.json");
  CHECK(fs::weakly_canonical(rel.lean.data_folder) == fs::weakly_canonical(dir.path / "sub" / "data"));
  CHECK(rel.lean.source.at(lean_key::kDataFolder) == "file");
  const auto up = load_text(dir, R"J({ "data-folder": "../Data" })J", "sub/config.json");
  CHECK(fs::weakly_canonical(up.lean.data_folder) == fs::weakly_canonical(dir.path / "Data"));
  const auto abs = load_text(dir, R"J({ "data-folder": "/opt/lean/Data" })J", "sub/config.json");
  CHECK(abs.lean.data_folder == fs::path("/opt/lean/Data"));
  // Default: the install's sample_data.
  const auto def = load_text(dir, "{}", "sub/config.json");
  CHECK(fs::exists(def.lean.data_folder / "market-hours" / "market-hours-database.json"));
}

TEST_CASE("config: a missing file, a directory and an unreadable file are errors naming the file") {
  TempDir dir;
  const fs::path missing = dir.path / "missing.json";
  std::string msg = error_of([&] { load_config_document(missing); });
  CHECK(contains(msg, missing.string()));
  msg = error_of([&] { load_config_document(dir.path); });
  CHECK(contains(msg, dir.path.string()));

  const fs::path locked = dir.write("locked.json", "{}");
  fs::permissions(locked, fs::perms::none);
  if (::geteuid() == 0) {
    MESSAGE("running as root: an unreadable file cannot be simulated with chmod 000; skipped");
  } else {
    msg = error_of([&] { load_config_document(locked); });
    CHECK(contains(msg, locked.string()));
  }
}

TEST_CASE("config: malformed JSON reports file:line:column") {
  TempDir dir;
  // Line 4, the missing comma before "c": the parser trips on the string at column 3.
  const fs::path p = dir.write("bad.json", "{\n  \"a\": 1,\n  \"b\": 2\n  \"c\": 3\n}\n");
  std::string msg = error_of([&] { load_config_document(p); });
  CHECK(contains(msg, p.string() + ":4:"));
  // A value missing on line 2 (column 8 is the stray comma).
  const fs::path q = dir.write("bad2.json", "{\n  \"a\": ,\n}\n");
  msg = error_of([&] { load_config_document(q); });
  CHECK(contains(msg, q.string() + ":2:8"));
  // An unterminated block comment, and a top level that is not an object.
  const fs::path r = dir.write("bad3.json", "{ /* never closed \n");
  CHECK(contains(error_of([&] { load_config_document(r); }), r.string()));
  const fs::path s = dir.write("array.json", "[1, 2]");
  CHECK(contains(error_of([&] { load_config_document(s); }), s.string()));
  // Duplicate keys: the last one wins, as with Json.NET.
  const auto dup = load_text(dir, R"J({ "scheduled-event-leaky-bucket-capacity": 10, "scheduled-event-leaky-bucket-capacity": 20 })J");
  CHECK(dup.lean.capacity == 20);
}

TEST_CASE("config: simulation errors name the key path") {
  TempDir dir;
  auto sim_error = [&](const std::string& text) {
    const fs::path p = dir.write("config.json", text);
    return error_of([&] {
      const auto doc = load_config_document(p);
      std::vector<std::string> w;
      read_simulation_config(doc, w);
    });
  };
  std::string msg = sim_error(R"J({ "simulation": { "training": [
      { "name": "a", "when": "now", "duration": "1m" },
      { "name": "b", "date-rule": "DateRules.Every(DayOfWeek.Sunday)", "time-rule": "TimeRules.Att(8, 0)", "duration": "1m" } ] } })J");
  CHECK(contains(msg, "config.json"));
  CHECK(contains(msg, "simulation.training[1].time-rule"));
  msg = sim_error(R"J({ "simulation": { "start": "2024-02-30" } })J");
  CHECK(contains(msg, "simulation.start"));
  msg = sim_error(R"J({ "simulation": { "start": "2024-03-01", "end": "2024-02-01" } })J");
  CHECK(contains(msg, "simulation.end"));
  msg = sim_error(R"J({ "simulation": { "resolution": "tick" } })J");
  CHECK(contains(msg, "simulation.resolution"));
  msg = sim_error(R"J({ "simulation": { "training": [ { "when": "now" } ] } })J");
  CHECK(contains(msg, "--set simulation.training[0].duration="));
  msg = sim_error(R"J({ "simulation": { "events": [ { "name": "x", "when": "now", "duration": "1m" } ] } })J");
  CHECK(contains(msg, "simulation.events[0].training"));
  msg = sim_error(R"J({ "simulation": { "methods": { "x": { "duration": "soon" } } } })J");
  CHECK(contains(msg, "simulation.methods.x.duration"));
  msg = sim_error(R"J({ "simulation": { "methods": { "x": { "growth": "10m" } } } })J");
  CHECK(contains(msg, "simulation.methods.x.growth"));
  msg = sim_error(R"J({ "simulation": { "time-zone": "Mars/Olympus" } })J");
  CHECK(contains(msg, "simulation.time-zone"));
}

TEST_CASE("config: LEAN's real Launcher config.json reads with LEAN's bucket defaults") {
  const fs::path lean_config = fs::path(TRAINSIM_SHARED_LEAN) / "config.json";
  if (!fs::exists(lean_config)) {
    MESSAGE("LEAN's config.json is not available at " << lean_config.string() << "; skipped");
    return;
  }
  const ConfigDocument doc = load_config_document(lean_config);
  CHECK(doc.environment == "backtesting");
  const LeanSettings lean = read_lean_settings(doc);
  CHECK(lean.loop_maximum_minutes == 10);  // LEAN's file does not set it: trainsim's documented default
  CHECK(lean.capacity == 120);
  CHECK(lean.interval_minutes == 1440);
  CHECK(lean.refill_amount == 18);
  CHECK(lean.live_mode == false);
  const auto w = root_warnings(doc);
  for (const auto& x : w) CHECK_MESSAGE(!contains(x, "did you mean"), x);
  CHECK(w.empty());

  // --set environment=<name> reselects the overlay: live-paper turns live mode on.
  ConfigDocument live = load_config_document(lean_config);
  apply_override(live, "environment=live-paper");
  CHECK(live.environment == "live-paper");
  CHECK(read_lean_settings(live).live_mode == true);
  CHECK(read_lean_settings(live).capacity == 120);

}

TEST_CASE("config: find_path reads the paths --set writes, and nothing else") {
  const nlohmann::json j = nlohmann::json::parse(
      R"({"simulation": {"events": [{"name": "a"}, {"when": {"probability": 0.25}}], "methods": {"fit~1/x": {"duration": "5m"}}}})");
  REQUIRE(find_path(j, "simulation.events[1].when.probability"));
  CHECK(*find_path(j, "simulation.events[1].when.probability") == 0.25);
  CHECK(*find_path(j, "simulation.methods.fit~1/x.duration") == "5m");  // no JSON-pointer escaping
  CHECK(find_path(j, "simulation.events[2].when") == nullptr);
  CHECK(find_path(j, "simulation.events.when") == nullptr);
  CHECK(find_path(j, "simulation.events[0].when.probability") == nullptr);
}
