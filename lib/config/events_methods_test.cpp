// config/events_methods_test.cpp — `simulation.events` (one ordered list),
// `simulation.methods` (durations by method name) and what is missing.
#include "config/config_document.h"
#include "config/simulation_config.h"
#include "input/input_error.h"

#include <doctest/doctest.h>

#include "testing.h"

#include <string>
#include <vector>

using namespace trainsim;

namespace {

using testing::contains;

struct Read {
  SimulationConfig sim;
  std::vector<std::string> warnings;
  std::string error;
};

Read read(const std::string& json, ConfigUse use, const std::vector<std::string>& sets = {}) {
  testing::TempDir dir;
  ConfigDocument doc = load_config_document(dir.write("config.json", json));
  for (const auto& s : sets) apply_override(doc, s);
  Read r;
  try {
    r.sim = read_simulation_config(doc, r.warnings, use);
  } catch (const InputError& e) {
    r.error = e.what();
  }
  return r;
}

// Two Train calls with a Schedule.On between them, durations from methods.
const char* kInterleaved = R"J({ "simulation": { "start": "2024-01-02", "end": "2024-01-05",
  "methods": { "train_model": { "duration": "30m", "growth": { "per-year": "5m" } },
               "rebalance": { "duration": "20s" } },
  "events": [
    { "training": true, "name": "train_model", "when": "now" },
    { "training": false, "name": "rebalance", "date-rule": "EveryDay(\"SPY\")", "time-rule": "AfterMarketOpen(\"SPY\", 30)" },
    { "training": true, "name": "weekly", "method": "train_model",
      "date-rule": "Every(DayOfWeek.Sunday)", "time-rule": "At(8, 0)", "growth": { "per-year": "1m" } } ] } })J";

}  // namespace

TEST_CASE("events: one list keeps its declaration order, each entry its kind and source") {
  const Read r = read(kInterleaved, ConfigUse::Simulate);
  REQUIRE(r.error.empty());
  REQUIRE(r.sim.events.size() == 3);
  CHECK(r.sim.events[0].name == "train_model");
  CHECK(r.sim.events[0].training);
  CHECK(r.sim.events[1].name == "rebalance");
  CHECK_FALSE(r.sim.events[1].training);
  CHECK(r.sim.events[2].name == "weekly");
  CHECK(r.sim.events[2].training);
  CHECK(r.sim.events[1].source == "simulation.events[1]");
  CHECK(has_training(r.sim));
}

TEST_CASE("events: durations and growth come from methods unless the entry has its own") {
  const Read r = read(kInterleaved, ConfigUse::Simulate);
  REQUIRE(r.error.empty());
  CHECK(r.sim.events[0].duration.a == 30 * kMinute);
  CHECK(r.sim.events[0].growth_per_year == 5 * kMinute);
  CHECK(r.sim.events[1].duration.a == 20 * kSecond);
  CHECK(r.sim.events[2].method == "train_model");
  CHECK(r.sim.events[2].duration.a == 30 * kMinute);
  CHECK(r.sim.events[2].growth_per_year == 1 * kMinute);  // its own growth wins
  CHECK(r.warnings.empty());
  // An entry's own duration wins over its method's.
  const Read own = read(kInterleaved, ConfigUse::Simulate, {"simulation.events[0].duration=2m"});
  CHECK(own.sim.events[0].duration.a == 2 * kMinute);
}

TEST_CASE("events: the old lists come first, training then scheduled-events, then events") {
  const Read r = read(R"J({ "simulation": {
    "scheduled-events": [ { "name": "s", "when": "now", "duration": "1m" } ],
    "events": [ { "training": false, "name": "e", "when": "now", "duration": "1m" } ],
    "training": [ { "name": "t", "when": "now", "duration": "1m" } ] } })J",
                      ConfigUse::Simulate);
  REQUIRE(r.error.empty());
  REQUIRE(r.sim.events.size() == 3);
  CHECK(r.sim.events[0].name == "t");
  CHECK(r.sim.events[0].training);
  CHECK(r.sim.events[1].name == "s");
  CHECK_FALSE(r.sim.events[1].training);
  CHECK(r.sim.events[2].name == "e");
  CHECK(r.sim.events[2].source == "simulation.events[0]");
}

const char* kMissing = R"J({ "simulation": { "events": [
    { "training": true, "name": "train_model", "when": "now" },
    { "training": false, "name": "log_stats", "date-rule": "EveryDay()", "time-rule": "At(12, 0)" },
    { "training": true, "name": "retrain", "date-rule": "Every(DayOfWeek.Sunday)", "time-rule": "At(8, 0)" },
    { "training": true, "date-rule": "Every(DayOfWeek.Monday)", "time-rule": "At(8, 0)" } ] } })J";

TEST_CASE("methods: simulating, every training event without a duration is listed with its --set") {
  const Read r = read(kMissing, ConfigUse::Simulate);
  CHECK(contains(r.error, "config.json"));
  CHECK(contains(r.error, "3 training methods without a duration"));
  CHECK(contains(r.error, "--set simulation.methods.train_model.duration="));
  CHECK(contains(r.error, "--set simulation.methods.retrain.duration="));
  // A nameless entry names no method: its own key path.
  CHECK(contains(r.error, "--set simulation.events[3].duration="));
  CHECK_FALSE(contains(r.error, "log_stats"));  // not training: not an error

  // Given as the message says, the config runs.
  const Read fixed = read(kMissing, ConfigUse::Simulate,
                          {"simulation.methods.train_model.duration=45m", "simulation.methods.retrain.duration=30m",
                           "simulation.events[3].duration=10m"});
  REQUIRE(fixed.error.empty());
  CHECK(fixed.sim.events[0].duration.a == 45 * kMinute);
  CHECK(fixed.sim.events[2].duration.a == 30 * kMinute);
  // The scheduled event without one costs 0, with a note.
  CHECK(fixed.sim.events[1].duration_missing);
  CHECK(fixed.sim.events[1].duration.a == 0);
  REQUIRE(fixed.warnings.size() == 1);
  CHECK(contains(fixed.warnings[0], "log_stats"));
  CHECK(contains(fixed.warnings[0], "costs 0"));
  CHECK(contains(fixed.warnings[0], "simulation.methods.log_stats.duration="));
}

TEST_CASE("methods: inspecting (validate, calendar) lists missing durations as notes") {
  const Read r = read(kMissing, ConfigUse::Inspect);
  REQUIRE(r.error.empty());
  REQUIRE(r.warnings.size() == 4);
  CHECK(contains(r.warnings[0], "note: training 'train_model'"));
  CHECK(contains(r.warnings[0], "--set simulation.methods.train_model.duration="));
  CHECK(contains(r.warnings[1], "log_stats"));
  CHECK(contains(r.warnings[2], "retrain"));
  CHECK(contains(r.warnings[3], "simulation.events[3].duration="));
}

TEST_CASE("simulation: no block is nothing to simulate, an error pointing to --algorithm") {
  const Read r = read(R"J({ "scheduled-event-leaky-bucket-capacity": 120 })J", ConfigUse::Simulate);
  CHECK(contains(r.error, "nothing to simulate"));
  CHECK(contains(r.error, "--algorithm"));
  const Read inspect = read(R"J({ "scheduled-event-leaky-bucket-capacity": 120 })J", ConfigUse::Inspect);
  CHECK(inspect.error.empty());
  REQUIRE(inspect.warnings.size() == 1);
  CHECK(contains(inspect.warnings[0], "defaults"));
}

TEST_CASE("to_json: one events list and the methods; reading it back gives the same config") {
  const Read a = read(kInterleaved, ConfigUse::Simulate);
  REQUIRE(a.error.empty());
  const auto j = to_json(a.sim);
  CHECK_FALSE(j.contains("training"));
  CHECK_FALSE(j.contains("scheduled-events"));
  REQUIRE(j["events"].size() == 3);
  CHECK(j["events"][1]["training"] == false);
  CHECK_FALSE(j["events"][0].contains("duration"));  // it stays with its method
  CHECK(j["events"][2]["method"] == "train_model");
  const std::string text = nlohmann::ordered_json{{"simulation", j}}.dump();
  const Read b = read(text, ConfigUse::Simulate);
  REQUIRE(b.error.empty());
  CHECK(to_json(b.sim).dump() == j.dump());
  REQUIRE(b.sim.events.size() == 3);
  for (size_t i = 0; i < 3; ++i) {
    CHECK(b.sim.events[i].name == a.sim.events[i].name);
    CHECK(b.sim.events[i].training == a.sim.events[i].training);
    CHECK(b.sim.events[i].duration.a == a.sim.events[i].duration.a);
    CHECK(b.sim.events[i].growth_per_year == a.sim.events[i].growth_per_year);
  }
}

TEST_CASE("methods: with an algorithm, an entry naming none of its methods is an error with the name meant") {
  // kInterleaved's events call train_model and rebalance; `extra` adds entries beside theirs.
  auto with = [](const std::string& extra, std::optional<std::vector<std::string>> algorithm) {
    std::string json = kInterleaved;
    const std::string at = "\"rebalance\": { \"duration\": \"20s\" }";
    json.replace(json.find(at), at.size(), at + ", " + extra);
    testing::TempDir dir;
    ConfigDocument doc = load_config_document(dir.write("config.json", json));
    doc.algorithm_methods = std::move(algorithm);
    std::vector<std::string> warnings;
    try {
      read_simulation_config(doc, warnings, ConfigUse::Inspect);
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  const std::vector<std::string> alg{"train_model", "rebalance", "warm_start"};
  // Far from every name: the methods the algorithm's events call are listed.
  const std::string far = with(R"("retrain_nightly": { "duration": "1m" })", alg);
  CHECK(contains(far, "simulation.methods.retrain_nightly: no event calls a method of this name, so its duration would "
                      "be ignored; the algorithm's events call 'train_model', 'rebalance', 'warm_start'"));
  // The other language's spelling, named as such.
  CHECK(contains(with(R"("TrainModel": { "duration": "1m" })", alg),
                 "simulation.methods.TrainModel: no event calls a method of this name, so its duration would be ignored; "
                 "did you mean 'train_model'? (the algorithm's spelling of it)"));
  // Within two edits.
  CHECK(contains(with(R"("rebalanse": { "duration": "1m" })", alg), "did you mean 'rebalance'?"));
  // A method of the algorithm that the config's events no longer call is still its own.
  CHECK(with(R"("warm_start": { "duration": "1m" })", alg).empty());
  // Without an algorithm (a plain config), only a near miss of a called method is an error.
  CHECK(with(R"("retrain_nightly": { "duration": "1m" })", std::nullopt).empty());
  CHECK(with(R"("TrainModel": { "duration": "1m" })", std::nullopt).empty());
  CHECK(contains(with(R"("rebalanse": { "duration": "1m" })", std::nullopt), "did you mean 'rebalance'?"));
}
