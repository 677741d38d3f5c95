// Tests of the workspace loader: lean.json found upward, the project's
// trainsim key, what overrides what (and says so), the data-folder fallback.
#include "workspace/workspace.h"

#include "input/input_error.h"
#include "testing.h"

using namespace trainsim;
using trainsim::testing::TempDir;

namespace {

const char* kAlgorithm =
    "class A(QCAlgorithm):\n"
    "    def initialize(self):\n"
    "        self.set_start_date(2024, 1, 1)\n"
    "        self.set_end_date(2024, 3, 31)\n"
    "        for t in ['SPY', 'QQQ']:\n"
    "            self.add_equity(t)\n"
    "        self.train(self.date_rules.every(DayOfWeek.SUNDAY), self.time_rules.at(8, 0), self.fit)\n";

std::string origin(const workspace::AlgorithmConfig& info, const std::string& key) {
  for (const auto& [k, v] : info.sources)
    if (k == key) return v;
  return "";
}

}  // namespace

TEST_CASE("workspace: lean.json in a parent, the project's trainsim key, the data-folder fallback") {
  TempDir dir;
  dir.write("ws/lean.json", R"({"data-folder": "data", "scheduled-event-leaky-bucket-capacity": 300})");
  const auto main = dir.write("ws/Project/main.py", kAlgorithm);
  dir.write("ws/Project/config.json",
            R"({"algorithm-language": "Python", "trainsim": {"end": "2024-02-29", "methods": {"fit": {"duration": "20m"}}}})");
  CHECK(workspace::find_lean_json(main) == dir.path / "ws/lean.json");

  workspace::AlgorithmConfig info;
  std::vector<std::string> warnings;
  const ConfigDocument doc = workspace::load_with_algorithm(dir.path / "ws/Project", std::nullopt, info, warnings);
  REQUIRE(info.lean_json);
  CHECK(doc.effective["scheduled-event-leaky-bucket-capacity"] == 300);
  const auto& sim = doc.effective["simulation"];
  CHECK(sim["start"] == "2024-01-01");
  CHECK(sim["end"] == "2024-02-29");  // the project's key wins over SetEndDate
  CHECK(sim["securities"].size() == 2);
  CHECK(sim["methods"]["fit"]["duration"] == "20m");
  CHECK(origin(info, "start").find("algorithm ") == 0);
  CHECK(origin(info, "end").find("(trainsim)") != std::string::npos);
  // ws/data has no market-hours database: the bundled one, with a warning.
  CHECK(!doc.effective.contains("data-folder"));  // the default folder applies
  bool warned = false;
  for (const auto& w : warnings) warned |= w.find("bundled sample data") != std::string::npos;
  CHECK(warned);
}

TEST_CASE("workspace: the config's explicit simulation keys override the algorithm's") {
  TempDir dir;
  const auto main = dir.write("main.py", kAlgorithm);
  const auto cfg = dir.write("my.json", R"({"simulation": {"resolution": "hour", "start": "2024-02-01",
      "methods": {"fit": {"duration": "5m"}}}})");
  workspace::AlgorithmConfig info;
  std::vector<std::string> warnings;
  ConfigDocument doc = workspace::load_with_algorithm(main, cfg, info, warnings);
  const auto& sim = doc.effective["simulation"];
  CHECK(sim["start"] == "2024-02-01");
  CHECK(sim["end"] == "2024-03-31");
  // `resolution` alone applies to every subscription the file made.
  for (const auto& s : sim["securities"]) CHECK(s["resolution"] == "hour");
  CHECK(origin(info, "start") == "config " + cfg.string());
  CHECK(origin(info, "securities") == "config " + cfg.string());
  // --set applies last, on the merged block.
  apply_override(doc, "simulation.end=2024-02-15");
  CHECK(doc.effective["simulation"]["end"] == "2024-02-15");
  CHECK(doc.effective["simulation"]["events"].size() == 1);

  // `security` replaces the subscriptions; `training` replaces the events.
  const auto cfg2 = dir.write("my2.json", R"({"simulation": {"security": "Equity-usa-IWM",
      "training": [{"name": "t", "when": "now", "duration": "1m"}]}})");
  workspace::AlgorithmConfig info2;
  const ConfigDocument d2 = workspace::load_with_algorithm(main, cfg2, info2, warnings);
  CHECK(!d2.effective["simulation"].contains("securities"));
  CHECK(!d2.effective["simulation"].contains("events"));
  CHECK(d2.effective["simulation"]["training"].size() == 1);
}

TEST_CASE("workspace: a runnable config has absolute paths and no environments") {
  TempDir dir;
  const auto main = dir.write("p/main.py", kAlgorithm);
  const auto cfg = dir.write("p/c.json", R"({"environment": "e", "environments": {"e": {"data-folder": "."}},
      "simulation": {"calendar": {"trace": "t.csv"}}})");
  workspace::AlgorithmConfig info;
  std::vector<std::string> warnings;
  const ConfigDocument doc = workspace::load_with_algorithm(main, cfg, info, warnings);
  const auto out = workspace::runnable_config(doc);
  CHECK(!out.contains("environment"));
  CHECK(!out.contains("environments"));
  CHECK(std::filesystem::path(out["data-folder"].get<std::string>()).is_absolute());
  CHECK(out["simulation"]["calendar"]["trace"] == (dir.path / "p/t.csv").lexically_normal().string());
  CHECK(out["simulation"].begin().key() == "start");
}

TEST_CASE("workspace: bad --algorithm paths") {
  TempDir dir;
  workspace::AlgorithmConfig info;
  std::vector<std::string> warnings;
  CHECK_THROWS_WITH_AS(workspace::load_with_algorithm(dir.path / "nope.py", std::nullopt, info, warnings),
                       doctest::Contains("no such file or folder"), InputError);
  const auto txt = dir.write("a.txt", "x");
  CHECK_THROWS_WITH_AS(workspace::load_with_algorithm(txt, std::nullopt, info, warnings),
                       doctest::Contains("takes a .py or .cs file"), InputError);
  std::filesystem::create_directories(dir.path / "empty");
  CHECK_THROWS_WITH_AS(workspace::load_with_algorithm(dir.path / "empty", std::nullopt, info, warnings),
                       doctest::Contains("must hold main.py or Main.cs"), InputError);
}

TEST_CASE("workspace: a PROJECT argument from the current folder, else from the workspace root; the project around a folder") {
  TempDir dir;
  dir.write("ws/lean.json", "{}");
  dir.write("ws/My Project/main.py", kAlgorithm);
  dir.write("ws/My Project/research/notes/x.txt", "");
  dir.write("ws/Other/readme.txt", "");
  const auto ws = dir.path / "ws";
  CHECK(workspace::find_workspace_root(ws / "My Project/research") == ws);
  CHECK(workspace::resolve_project("My Project", ws) == "My Project");
  CHECK(workspace::resolve_project("My Project", ws / "Other") == std::filesystem::path("../My Project"));
  CHECK(workspace::resolve_project("My Project/main.py", ws / "My Project/research/notes") ==
        std::filesystem::path("../../main.py"));
  CHECK_THROWS_WITH_AS(workspace::resolve_project("My Projet", ws / "Other"),
                       doctest::Contains("My Projet: no such project folder or algorithm file in the current folder or "
                                         "in the Lean CLI workspace .."),
                       InputError);
  CHECK(workspace::project_around(ws / "My Project/research/notes") == std::filesystem::path("../.."));
  CHECK(workspace::project_around(ws / "My Project") == std::filesystem::path("."));
  CHECK_FALSE(workspace::project_around(ws / "Other"));
  CHECK_FALSE(workspace::project_around(ws));
}

TEST_CASE("workspace: each item a config replaces of the algorithm's is noted, and a typo is named in its file") {
  TempDir dir;
  dir.write("ws/lean.json", "{}");
  const auto main = dir.write("ws/P/main.py", kAlgorithm);
  dir.write("ws/P/config.json", R"({"trainsim": {"methods": {"fit": {"duraton": "20m"}}}})");
  const auto config = dir.write("other.json", R"({"simulation": {"security": "Equity-usa-IWM", "start": "2024-02-01",
    "training": [{"name": "t", "when": "now", "duration": "1m"}]}})");
  workspace::AlgorithmConfig info;
  std::vector<std::string> warnings;
  (void)workspace::load_with_algorithm(main, config, info, warnings);
  REQUIRE(info.replaced.size() == 3);
  const std::string c = "config " + config.string();
  CHECK(info.replaced[0] == c + " replaces the algorithm's start \"2024-01-01\" (" + main.string() + ":3) with \"2024-02-01\"");
  CHECK(info.replaced[1].find(c + " replaces the algorithm's securities, SPY, QQQ (") == 0);
  CHECK(info.replaced[1].find("), with IWM") != std::string::npos);
  CHECK(info.replaced[2] == c + " replaces the algorithm's 1 event (fit) with its training, 1 event (t)");
  // The merged config is named after other.json; the typo is in P/config.json.
  const std::string w = config.string() + ": simulation.methods.fit.duraton: unknown key, ignored";
  CHECK(workspace::warning_in_its_file(w, config.string(), info) ==
        (dir.path / "ws/P/config.json").string() + ": trainsim.methods.fit.duraton: unknown key, ignored");
  // A key the config wrote itself stays the config's.
  const std::string own = config.string() + ": simulation.start: something";
  CHECK(workspace::warning_in_its_file(own, config.string(), info) == own);
}
