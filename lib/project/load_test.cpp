// Tests for project::load: the quota preset under --set, the warnings a
// config gathers, the requests refused before anything is read, and the
// checks a simulation must pass (an algorithm that calls Train but none of
// whose trainings could be read; LiveMode branches read as a backtest).
#include "project/load.h"

#include "input/input_error.h"

#include <doctest/doctest.h>

#include "testing.h"

#include <string>

using namespace trainsim;
using testing::contains;
using testing::error_of;
using testing::TempDir;

namespace {

const char* const kConfig = R"({"simulation": {"start": "2024-01-02", "end": "2024-01-05",
  "training": [{"name": "t", "when": "now", "duration": "5m"}]}})";

project::LoadRequest config_request(const TempDir& dir, const std::string& text) {
  project::LoadRequest r;
  r.config = dir.write("config.json", text).string();
  return r;
}

}  // namespace

TEST_CASE("project::load: the quota preset applies first, --set after it, in order") {
  TempDir dir;
  project::LoadRequest r = config_request(dir, kConfig);
  r.quota = "B-MICRO";
  r.sets = {"simulation.quota=lean-local", "scheduled-event-leaky-bucket-capacity=77"};
  const project::LoadedConfig c = project::load(r);
  CHECK(c.doc.effective["simulation"]["quota"] == "lean-local");
  CHECK(c.doc.effective["scheduled-event-leaky-bucket-capacity"] == 77);
  CHECK(c.doc.origin.at("scheduled-event-leaky-bucket-capacity") == "--set");
  CHECK(!c.algorithm);
}

TEST_CASE("project::load: a root key one typo from a known one is warned with its file; --set of an unknown one is refused") {
  TempDir dir;
  const project::LoadRequest r =
      config_request(dir, R"({"scheduled-event-leaky-bucket-capacty": 5, "simulation": {"start": "2024-01-02",
        "end": "2024-01-05", "training": [{"name": "t", "when": "now", "duration": "5m"}]}})");
  const project::LoadedConfig c = project::load(r);
  REQUIRE(c.warnings.size() == 1);
  CHECK(contains(c.warnings[0], "config.json: scheduled-event-leaky-bucket-capacty: unknown key"));
  CHECK(contains(c.warnings[0], "did you mean 'scheduled-event-leaky-bucket-capacity'?"));

  project::LoadRequest bad = r;
  bad.sets = {"no-such-lean-key=1"};
  CHECK(contains(error_of([&] { project::load(bad); }), "no-such-lean-key"));
}

TEST_CASE("project::load: the algorithm options without an algorithm, and no input at all, are refused") {
  project::LoadRequest r;
  r.config = "config.json";
  r.exec = true;
  CHECK(contains(error_of([&] { project::load(r); }), "--exec, --python and --parameter read an algorithm"));
  r.exec = false;
  r.parameters = {{"fit-hour", "9"}};
  CHECK(contains(error_of([&] { project::load(r); }), "give --algorithm"));
  TempDir empty;  // no project around it, no --config
  const auto cwd = std::filesystem::current_path();
  std::filesystem::current_path(empty.path);
  const std::string none = error_of([&] { project::load(project::LoadRequest{}); });
  std::filesystem::current_path(cwd);
  CHECK(contains(none, "no project here"));
}

TEST_CASE("project::load: an algorithm whose only Train is never reached loads, and is refused for a simulation") {
  TempDir dir;
  const auto main = dir.write("main.py", R"(from AlgorithmImports import *

class OnlyOnOrder(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2024, 1, 2)
        self.set_end_date(2024, 1, 5)
        self.add_equity("SPY")

    def on_order_event(self, order_event):
        self.train(self.refit)

    def refit(self):
        pass
)");
  project::LoadRequest r;
  r.algorithm = main.string();
  r.config = dir.write("my.json", R"({"simulation": {}})").string();
  const project::LoadedConfig c = project::load(r);
  REQUIRE(c.algorithm);
  CHECK(contains(project::algorithm_read_summary(c), "main.py"));
  const std::string e = error_of([&] { project::require_trainings_read(c); });
  CHECK(contains(e, "calls Train ("));
  CHECK(contains(e, "main.py:10"));
  CHECK(contains(e, "no training could be read from it"));
}

TEST_CASE("project::load: LiveMode branches read as a backtest are refused for a live simulation") {
  TempDir dir;
  const auto main = dir.write("main.py", R"(from AlgorithmImports import *

class Guarded(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2024, 1, 2)
        self.set_end_date(2024, 1, 5)
        self.add_equity("SPY")
        if not self.live_mode:
            self.train(self.fit)

    def fit(self):
        pass
)");
  project::LoadRequest r;
  r.algorithm = main.string();
  r.config = dir.write("my.json", R"({"simulation": {"methods": {"fit": {"duration": "5m"}}}})").string();
  CHECK_NOTHROW(project::require_trainings_read(project::load(r)));
  r.sets = {"simulation.live=true"};
  const std::string e = error_of([&] { project::require_trainings_read(project::load(r)); });
  CHECK(contains(e, "branches on LiveMode ("));
  CHECK(contains(e, "main.py:8"));
  CHECK(contains(e, "remove simulation.live"));
}
