// Tests of what the algorithm reader takes from the rest of the project: GetParameter's values from the parameters
// given (config.json's, then the overrides), and base classes defined in the project's other files.
#include "algorithm/algorithm_reader.h"
#include "algorithm/algorithm_reader_testing.h"
#include "input/input_error.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <utility>
#include <vector>

using namespace trainsim;
using namespace trainsim::algorithm;
using algorithm_reader_test::error_of;
using algorithm_reader_test::warned;

TEST_CASE("GetParameter: branches and values from the parameters given; unknown without them") {
  const std::string src =
      "class A(QCAlgorithm):\n    def initialize(self):\n"
      "        self.add_equity(self.get_parameter('ticker', 'SPY'))\n"
      "        if self.get_parameter('mode') == 'fast':\n"
      "            self.train(self.date_rules.every_day(), self.time_rules.at(int(self.get_parameter('h')), 0), self.fit)\n"
      "        elif self.get_parameter('mode') != None:\n"
      "            self.train(self.date_rules.week_start(), self.time_rules.at(8, 0), self.fit)\n"
      "        if not self.get_parameter('extra'):\n"
      "            self.schedule.on(self.date_rules.every_day(), self.time_rules.at(12, 0), self.check)\n";
  auto r = read_algorithm_text(src, Language::Python, "main.py", Parameters{{"mode", "fast"}, {"h", "7"}});
  auto ev = r.simulation["events"];
  REQUIRE(ev.size() == 2);
  CHECK(ev[0]["time-rule"] == "self.time_rules.at(7, 0)");
  CHECK(ev[1]["name"] == "check");
  CHECK(r.simulation["securities"][0]["security"] == "Equity-usa-SPY");
  CHECK(warned(r, "main.py:8:9: parameter `extra` is set nowhere"));
  CHECK_FALSE(warned(r, "inside `if`"));
  // The Train of the branch not taken is no call the run makes: not listed, not warned.
  CHECK(r.train_calls == std::vector<std::string>{"main.py:5"});
  CHECK_FALSE(warned(r, "not reached"));

  r = read_algorithm_text(src, Language::Python, "main.py", Parameters{{"mode", "slow"}, {"extra", "1"}, {"ticker", "QQQ"}});
  ev = r.simulation["events"];
  REQUIRE(ev.size() == 1);
  CHECK(ev[0]["date-rule"] == "self.date_rules.week_start()");
  CHECK(r.simulation["securities"][0]["security"] == "Equity-usa-QQQ");
  CHECK(r.warnings.empty() == false);  // the missing basics only
  CHECK_FALSE(warned(r, "parameter `"));

  // Parameters unknown (no project): conditions are read as taken, with a warning.
  r = read_algorithm_text(src, Language::Python, "main.py");
  CHECK(warned(r, "main.py:6:9: inside `elif`: trainsim reads the calls in this block as if it always runs"));
  CHECK(warned(r, "main.py:5:76: `self.get_parameter('h')`: a parameter value trainsim does not have"));
  CHECK(warned(r, "main.py:5:53: train not read: its rule names a value trainsim cannot resolve"));

  // C#: GetParameter(name, default) with the typed default as a rule argument.
  r = read_algorithm_text("public class A : QCAlgorithm { public override void Initialize() {\n"
                          "  if (GetParameter(\"mode\") != \"weekly\") Train(DateRules.EveryDay(), "
                          "TimeRules.At(GetParameter(\"h\", 7), 0), Fit);\n"
                          "  else Train(DateRules.WeekStart(), TimeRules.At(9, 0), Fit);\n} }\n",
                          Language::CSharp, "Main.cs", Parameters{});
  ev = r.simulation["events"];
  REQUIRE(ev.size() == 1);
  CHECK(ev[0]["time-rule"] == "TimeRules.At(7, 0)");
  CHECK(r.train_calls == std::vector<std::string>{"Main.cs:2"});
}

TEST_CASE("project_parameters: config.json's, then the overrides") {
  const auto dir = std::filesystem::temp_directory_path() / "trainsim_params_test";
  std::filesystem::create_directories(dir);
  {
    std::ofstream(dir / "config.json") << R"({"parameters": {"a": "1", "b": 2}, "cloud-id": 5})";
  }
  const auto p = project_parameters(dir / "main.py", {{"b", "3"}, {"c", "x"}});
  CHECK(p == Parameters{{"a", "1"}, {"b", "3"}, {"c", "x"}});
  CHECK(project_parameters(dir / "sub" / "main.py", {}).empty());
  {
    std::ofstream(dir / "config.json") << R"({"parameters": [1]})";
  }
  CHECK_THROWS_AS(project_parameters(dir / "main.py", {}), InputError);
  std::filesystem::remove_all(dir);
}

namespace {

// A project of files in memory: the loader finds a class by `class Name`.
BaseClassLoader files_loader(const std::vector<SourceFile>& files) {
  return [files](const std::string& name) -> std::optional<SourceFile> {
    for (const auto& f : files)
      if (f.text.find("class " + name) != std::string::npos) return f;
    return std::nullopt;
  };
}
std::string project_error(const SourceFile& main, const std::vector<SourceFile>& files, Language lang) {
  try {
    read_algorithm_project(main, lang, files_loader(files));
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("a base class in another file of the project: its Initialize and methods are read, messages name its file") {
  const SourceFile base{"Base.cs",
                        "public class Base : QCAlgorithm {\n"
                        "  public override void Initialize() {\n"
                        "    SetStartDate(2024, 1, 2);\n"
                        "    AddEquity(\"SPY\");\n"
                        "    Plan();\n"
                        "    AddEquity(Pick());\n"
                        "  }\n"
                        "  protected virtual void Plan() { Train(DateRules.EveryDay(), TimeRules.At(7, 0), Fit); }\n"
                        "  void Fit() { }\n"
                        "}\n"
                        // Another algorithm in the base's file: neither read nor its Train counted.
                        "public class Unrelated : QCAlgorithm {\n"
                        "  public override void Initialize() { Train(DateRules.EveryDay(), TimeRules.At(1, 0), X); }\n"
                        "}\n"};
  const SourceFile main{"Main.cs",
                        "public class Leaf : Base {\n"
                        "  protected override void Plan() { Schedule.On(DateRules.EveryDay(), TimeRules.At(9, 0), Check); }\n"
                        "}\n"};
  const auto r = read_algorithm_project(main, Language::CSharp, files_loader({base}));
  REQUIRE(r.base_files.size() == 1);
  CHECK(r.base_files[0] == std::pair<std::string, std::string>{"Base.cs", "Base"});
  CHECK(r.simulation["start"] == "2024-01-02");
  REQUIRE(r.simulation["events"].size() == 1);  // the leaf's Plan overrides the base's
  CHECK(r.simulation["events"][0]["name"] == "Check");
  CHECK(r.simulation["events"][0]["source"] == "Main.cs:2");
  CHECK(r.simulation["securities"][0]["source"] == "Base.cs:4");
  CHECK(warned(r, "Base.cs:6:15: AddEquity(Pick()): a ticker trainsim cannot read statically"));
  // The base's overridden Train is its code and is reported as not reached; Unrelated's is not the algorithm's.
  CHECK(r.train_calls == std::vector<std::string>{"Base.cs:8"});
  CHECK(read_summary(r, r.simulation).find("read from Main.cs and Base.cs (its base class Base)") == 0);

  // Without the project's files, the leaf is what the file holds: its base is warned about.
  const std::string alone = error_of(main.text, Language::CSharp);
  CHECK(alone.find("no `public override void Initialize()` found") != std::string::npos);
}

TEST_CASE("a base class's file with a syntax error is refused with that file's line and column") {
  const SourceFile main{"main.py", "from base import Base\n\nclass Leaf(Base):\n    def plan(self):\n        pass\n"};
  const SourceFile base{"base.py",
                        "class Base(QCAlgorithm):\n    def initialize(self):\n        self.set_end_date(2022, 12, 31\n"
                        "        self.add_equity('SPY')\n"};
  CHECK(project_error(main, {base}, Language::Python).rfind("base.py:3:", 0) == 0);
  const SourceFile cs_main{"Main.cs", "public class Leaf : Base { }\n"};
  const SourceFile cs_base{"Base.cs",
                           "public class Base : QCAlgorithm {\n  public override void Initialize() {\n"
                           "    SetStartDate(2024, 1, 2)\n    AddEquity(\"SPY\");\n  }\n}\n"};
  CHECK(project_error(cs_main, {cs_base}, Language::CSharp).rfind("Base.cs:3:", 0) == 0);
}

TEST_CASE("a base of a base is looked for too, each file once; a base found nowhere is the old warning") {
  const SourceFile middle{"middle.py",
                          "class Middle(Root):\n    def plan(self):\n"
                          "        self.train(self.date_rules.every_day(), self.time_rules.at(7, 0), self.fit)\n"};
  const SourceFile root{"root.py",
                        "class Root(QCAlgorithm):\n    def initialize(self):\n        self.add_equity('QQQ')\n"
                        "        self.plan()\n"};
  const SourceFile main{"main.py", "class Leaf(Middle):\n    pass\n"};
  const auto r = read_algorithm_project(main, Language::Python, files_loader({middle, root}));
  CHECK(r.base_files.size() == 2);
  REQUIRE(r.simulation["events"].size() == 1);
  CHECK(r.simulation["events"][0]["source"] == "middle.py:3");
  CHECK(r.simulation["securities"][0]["security"] == "Equity-usa-QQQ");
  // Nothing defines Middle: the file alone, as before.
  const SourceFile lone{"main.py", "class Leaf(Middle):\n    def initialize(self):\n        self.add_equity('QQQ')\n"};
  const auto l = read_algorithm_project(lone, Language::Python, files_loader({}));
  CHECK(l.base_files.empty());
  CHECK(warned(l, "no class in this file derives from QCAlgorithm"));
}
