// Tests of the algorithm reader's control flow: which Initialize is read, helper methods followed, return, C# #if,
// branches on LiveMode, and Train called at run time from callbacks and OnData.
#include "algorithm/algorithm_reader.h"
#include "algorithm/algorithm_reader_testing.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace trainsim;
using namespace trainsim::algorithm;
using nlohmann::ordered_json;
using algorithm_reader_test::cs;
using algorithm_reader_test::error_of;
using algorithm_reader_test::py;
using algorithm_reader_test::warned;

TEST_CASE("the algorithm class's Initialize: not a helper's, the last definition, or inherited") {
  const auto helper = read_algorithm_text(
      "class Helper:\n    def initialize(self):\n        self.add_equity('QQQ')\n"
      "class Algo(QCAlgorithm):\n    def initialize(self):\n        self.add_equity('SPY')\n",
      Language::Python, "main.py");
  REQUIRE(helper.simulation["securities"].size() == 1);
  CHECK(helper.simulation["securities"][0]["security"] == "Equity-usa-SPY");
  const auto last = read_algorithm_text(
      "class Algo(QCAlgorithm):\n    def initialize(self):\n        self.add_equity('QQQ')\n"
      "    def initialize(self):\n        self.add_equity('SPY')\n",
      Language::Python, "main.py");
  CHECK(last.simulation["securities"][0]["security"] == "Equity-usa-SPY");
  const auto inherited = read_algorithm_text(
      "public class B : QCAlgorithm {\n  public override void Initialize() { AddEquity(\"TLT\"); Setup(); }\n"
      "  protected virtual void Setup() { AddEquity(\"GLD\"); }\n}\n"
      "public class A : B {\n  protected override void Setup() { base.Setup(); AddEquity(\"SPY\"); }\n}\n",
      Language::CSharp, "Main.cs");
  std::vector<std::string> keys;
  for (const auto& s : inherited.simulation["securities"]) keys.push_back(s["security"]);
  // Setup is A's override (virtual dispatch), which calls B's through base.
  CHECK(keys == std::vector<std::string>{"Equity-usa-TLT", "Equity-usa-GLD", "Equity-usa-SPY"});
  CHECK(error_of("class A(QCAlgorithm):\n    def on_data(self, data):\n        pass\n", Language::Python)
            .rfind("main.py:1:1: no `def initialize(self)` found in `A`", 0) == 0);
}

TEST_CASE("helper methods are followed with literal arguments bound; recursion is bounded") {
  const auto r = py("        self.setup('SPY', 30)\n        self.setup_hours([9, 15])\n"
                    "    def setup(self, ticker, minutes):\n"
                    "        self.add_equity(ticker)\n"
                    "        self.schedule.on(self.date_rules.every_day(ticker), "
                    "self.time_rules.after_market_open(ticker, minutes), self.rebalance)\n"
                    "    def setup_hours(self, hours):\n"
                    "        for h in hours:\n"
                    "            self.train(self.date_rules.every_day(), self.time_rules.at(h, 0), self.fit)\n");
  const auto& ev = r.simulation["events"];
  REQUIRE(ev.size() == 3);
  CHECK(ev[0]["time-rule"] == "self.time_rules.after_market_open(\"SPY\", 30)");
  CHECK(ev[0]["source"] == "main.py:7");
  CHECK(ev[1]["time-rule"] == "self.time_rules.at(9, 0)");
  CHECK(ev[2]["time-rule"] == "self.time_rules.at(15, 0)");
  const auto loop = py("        self.again()\n    def again(self):\n        self.add_equity('SPY')\n        self.again()\n");
  CHECK(loop.simulation["securities"].size() == 1);
  CHECK(warned(loop, "main.py:6:14: `again(...)` is not followed: calls nested more than 16 deep"));
}

TEST_CASE("return: what follows is not read; under an undecided condition it is, with a warning") {
  const auto r = py("        self.add_equity('SPY')\n        return\n        self.train(self.fit)\n");
  CHECK(r.simulation["events"].empty());
  const auto c = py("        if self.get_parameter('x'):\n            return\n        self.train(self.fit)\n");
  CHECK(c.simulation["events"].size() == 1);
  CHECK(warned(c, "main.py:4:13: a `return` inside `if`"));
  const auto s = cs("    AddEquity(\"SPY\");\n    return;\n    Train(Fit);");
  CHECK(s.simulation["events"].empty());
}

TEST_CASE("C# #if: excluded code is not read; undefined symbols are said") {
  const auto r = read_algorithm_text(
      "#define A\npublic class X : QCAlgorithm {\n  public override void Initialize() {\n"
      "#if A && !B\n    AddEquity(\"SPY\");\n#elif true\n    AddEquity(\"QQQ\");\n#endif\n"
      "#if (B || false)\n    Train(Fit);\n  } } }\n#else\n    AddEquity(\"TLT\");\n#endif\n  }\n}\n",
      Language::CSharp, "Main.cs");
  std::vector<std::string> keys;
  for (const auto& s : r.simulation["securities"]) keys.push_back(s["security"]);
  CHECK(keys == std::vector<std::string>{"Equity-usa-SPY", "Equity-usa-TLT"});
  CHECK(r.simulation["events"].empty());
  CHECK(warned(r, "Main.cs:4:1: #if B: trainsim reads `B` as not defined"));
}

TEST_CASE("branches on LiveMode are decided as a backtest takes them") {
  const auto r = py("        self.add_equity('SPY')\n        if not self.live_mode:\n            return\n"
                    "        self.train(self.fit)\n");
  CHECK(r.simulation["events"].empty());
  CHECK(r.decided_by_mode == std::vector<std::string>{"main.py:4"});
  CHECK(!warned(r, "inside `if`"));
  const auto e = py("        if self.live_mode:\n            self.add_equity('QQQ')\n        elif x:\n"
                    "            self.add_equity('TLT')\n        else:\n            self.add_equity('SPY')\n");
  std::vector<std::string> keys;
  for (const auto& s : e.simulation["securities"]) keys.push_back(s["security"]);
  CHECK(keys == std::vector<std::string>{"Equity-usa-TLT", "Equity-usa-SPY"});  // elif undecided: read, warned
  CHECK(warned(e, "main.py:5:9: inside `elif`"));
  const auto c = cs("    if (!LiveMode) { AddEquity(\"SPY\"); } else { AddEquity(\"QQQ\"); }\n"
                    "    if ((this.LiveMode)) Train(Fit); else if (x) AddEquity(\"IWM\");\n");
  keys.clear();
  for (const auto& s : c.simulation["securities"]) keys.push_back(s["security"]);
  CHECK(keys == std::vector<std::string>{"Equity-usa-SPY", "Equity-usa-IWM"});
  CHECK(c.simulation["events"].empty());
  CHECK(c.decided_by_mode.size() == 2);
}

TEST_CASE("Train at run time: from a scheduled callback, OnData, the methods they call; conditions said") {
  // A callback that trains unconditionally: exact, no warning; through a helper method.
  auto r = py("        self.add_equity('SPY')\n"
              "        self.schedule.on(self.date_rules.every_day('SPY'), self.time_rules.at(10, 0), self.check)\n"
              "    def check(self):\n        self.refit_now()\n"
              "    def refit_now(self):\n        self.train(self.refit)\n");
  auto ev = r.simulation["events"];
  REQUIRE(ev.size() == 2);
  CHECK(ev[1]["name"] == "refit");
  CHECK(ev[1]["training"] == true);
  CHECK(ev[1]["when"] == ordered_json{{"after", "check"}});
  CHECK(ev[1]["source"] == "main.py:8");
  CHECK_FALSE(warned(r, "condition"));
  CHECK(trainings_not_simulated(r, r.simulation).empty());

  // Under an `if` (and its `else`), or after an undecided `return`: the
  // probability key is named, with the default taken.
  for (const char* body : {"        if self.portfolio.invested:\n            self.train(self.refit)\n",
                           "        if self.portfolio.invested:\n            pass\n        else:\n            self.train(self.refit)\n",
                           "        if self.portfolio.invested:\n            return\n        self.train(self.refit)\n"}) {
    r = py(std::string("        self.add_equity('SPY')\n"
                       "        self.schedule.on(self.date_rules.every_day('SPY'), self.time_rules.at(10, 0), self.check)\n"
                       "    def check(self):\n") + body);
    CAPTURE(body);
    REQUIRE(r.simulation["events"].size() == 2);
    CHECK(warned(r, "runs under a condition trainsim cannot decide: modelled as called after every completed "
                    "occurrence of `check` (probability 1, the default); set simulation.events[1].when.probability"));
  }

  // OnData: one chance a day, always said; is_warming_up without a warm-up is false.
  r = cs("    AddEquity(\"SPY\");\n  }\n  public override void OnData(Slice s) {\n"
         "    if (IsWarmingUp) return;\n    Train(Fit);\n  }\n  void Fit() {");
  ev = r.simulation["events"];
  REQUIRE(ev.size() == 1);
  CHECK(ev[0]["when"] == ordered_json{{"on-data", ordered_json::object()}});
  CHECK(warned(r, "Main.cs:7:5: Train(Fit) in `OnData`: modelled as one call a day at most"));
  CHECK(warned(r, "LEAN calls it at every OnData that reaches it: set simulation.events[0].when.on-data.per-day-probability"));
  // With a warm-up, is_warming_up is undecided at run time: the call is conditional.
  r = cs("    AddEquity(\"SPY\");\n    SetWarmUp(10);\n  }\n  public override void OnData(Slice s) {\n"
         "    if (IsWarmingUp) return;\n    Train(Fit);\n  }\n  void Fit() {");
  CHECK(warned(r, "it runs under a condition trainsim cannot decide"));

  // A training's own callback trains again: read once, then the chain is said.
  r = py("        self.add_equity('SPY')\n        self.train(self.date_rules.every_day('SPY'), self.time_rules.at(8, 0), self.fit)\n"
         "    def fit(self):\n        self.train(self.fit)\n");
  ev = r.simulation["events"];
  REQUIRE(ev.size() == 2);
  CHECK(ev[1]["name"] == "fit after fit");
  CHECK(ev[1]["method"] == "fit");
  CHECK(warned(r, "`fit` trains again when it runs"));

  // OnEndOfDay, other handlers, methods nothing calls: warned at the call, not simulated.
  r = py("        self.add_equity('SPY')\n    def on_end_of_day(self, symbol):\n        self.train(self.a)\n"
         "    def on_order_event(self, e):\n        self.train(self.b)\n"
         "    def on_data(self, d):\n        self.train(self.date_rules.every_day(), self.time_rules.at(1, 0), self.c)\n");
  CHECK(r.simulation["events"].empty());
  CHECK(warned(r, "main.py:5:9: train(a) in `on_end_of_day`: trainsim does not simulate when `on_end_of_day` runs"));
  CHECK(warned(r, "main.py:7:9: this Train call is not reached from Initialize"));
  CHECK(warned(r, "main.py:9:9: train(date rule, time rule, method) in `on_data` schedules a training while the algorithm runs: not simulated"));
  CHECK(trainings_not_simulated(r, r.simulation).size() == 3);
}
