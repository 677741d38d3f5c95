// Tests of the algorithm reader's loops: literal lists, counted loops, enumerate, zip, dicts, tuples, ForEach and map
// unrolled; a loop over values it cannot know dropped and named, its body's warnings once per place.
#include "algorithm/algorithm_reader.h"
#include "algorithm/algorithm_reader_testing.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

using namespace trainsim;
using namespace trainsim::algorithm;
using algorithm_reader_test::cs;
using algorithm_reader_test::py;
using algorithm_reader_test::warned;

TEST_CASE("warnings: a loop's body warns once per place, not once per item") {
  const AlgorithmRead r = py("        for t in ['SPY', 'QQQ', 'IWM']:\n"
                             "            for u in ['A', 'B', 'C']:\n"
                             "                self.set_time_zone(zone)\n");
  size_t zone_warnings = 0;
  for (const auto& w : r.warnings) zone_warnings += w.find("time zone") != std::string::npos;
  CHECK(zone_warnings == 1);
}

TEST_CASE("a loop over a computed list: what its body read is dropped, and read again after it") {
  const AlgorithmRead r = py("        for t in self.universe():\n"
                             "            self.add_equity('ZZZ')\n"
                             "            self.set_time_zone(zone)\n"
                             "        self.add_equity('ZZZ')\n"
                             "        self.set_time_zone(zone)\n");
  REQUIRE(r.simulation["securities"].size() == 1);
  CHECK(r.simulation["securities"][0]["source"] == "main.py:6");
  size_t loop_warnings = 0, zone_warnings = 0;
  for (const auto& w : r.warnings) {
    loop_warnings += w.rfind("main.py:3:", 0) == 0 && w.find("not a literal list") != std::string::npos;
    zone_warnings += w.find("time zone") != std::string::npos;
  }
  CHECK(loop_warnings == 1);
  CHECK(zone_warnings == 1);
  CHECK(std::any_of(r.warnings.begin(), r.warnings.end(), [](const std::string& w) { return w.rfind("main.py:7:", 0) == 0; }));
}

TEST_CASE("loops with literal bounds are unrolled; others name the events they lose") {
  const auto c = cs("    for (var i = 0; i < 3; i++) { Schedule.On(DateRules.EveryDay(), TimeRules.At(10 + i, 0), F); }\n"
                    "    for (int h = 20; h >= 10; h -= 10) Train(DateRules.EveryDay(), TimeRules.At(h, 0), G);\n");
  const auto& ev = c.simulation["events"];
  REQUIRE(ev.size() == 5);
  CHECK(ev[2]["time-rule"] == "TimeRules.At(12, 0)");
  CHECK(ev[4]["time-rule"] == "TimeRules.At(10, 0)");
  const auto p = py("        for h in range(3):\n            self.schedule.on(self.date_rules.every_day(), "
                    "self.time_rules.at(h, 0), self.f)\n");
  CHECK(p.simulation["events"].size() == 3);
  const auto u = py("        for h in self.hours():\n            self.train(self.date_rules.every_day(), "
                    "self.time_rules.at(8, 0), self.fit)\n");
  CHECK(u.simulation["events"].empty());
  CHECK(warned(u, "main.py:3:18: a loop over `self.hours()`, which is not a literal list: its subscriptions and "
                  "events are not read (not simulated: training fit at main.py:4)"));
  const auto w = cs("    for (var i = 0; i < n; i++) Train(DateRules.EveryDay(), TimeRules.At(8, 0), G);\n");
  CHECK(warned(w, "a `for` loop whose count trainsim cannot know"));
}

TEST_CASE("loops over enumerate, zip, dicts, tuples; ForEach and map over literal lists") {
  auto names = [](const AlgorithmRead& r) {
    std::vector<std::string> out;
    for (const auto& e : r.simulation["events"]) out.push_back(e.value("time-rule", ""));
    return out;
  };
  using V = std::vector<std::string>;
  auto r = py("        for i, t in enumerate(['SPY', 'QQQ'], 1):\n            self.add_equity(t)\n"
              "            self.schedule.on(self.date_rules.every_day(t), self.time_rules.at(9 + i, 0), self.go)\n");
  CHECK(names(r) == V{"self.time_rules.at(10, 0)", "self.time_rules.at(11, 0)"});
  CHECK(r.simulation["securities"].size() == 2);
  r = py("        for t, h in zip(['SPY', 'QQQ', 'TLT'], [8, 20]):\n"
         "            self.train(self.date_rules.every_day(t), self.time_rules.at(h, 0), self.fit)\n");
  CHECK(names(r) == V{"self.time_rules.at(8, 0)", "self.time_rules.at(20, 0)"});
  r = py("        self.hours = {'SPY': 9, 'QQQ': 12}\n        for t, h in self.hours.items():\n"
         "            self.train(self.date_rules.every_day(t), self.time_rules.at(h, 0), self.fit)\n"
         "        for t in {'TLT': 1}:\n            self.add_equity(t)\n");
  CHECK(names(r) == V{"self.time_rules.at(9, 0)", "self.time_rules.at(12, 0)"});
  CHECK(r.simulation["events"][1]["date-rule"] == "self.date_rules.every_day(\"QQQ\")");
  CHECK(r.simulation["securities"][0]["security"] == "Equity-usa-TLT");
  r = py("        for t, h in [('SPY', 7), ('QQQ', 8)]:\n"
         "            self.train(self.date_rules.every_day(t), self.time_rules.at(h, 0), self.fit)\n");
  CHECK(names(r) == V{"self.time_rules.at(7, 0)", "self.time_rules.at(8, 0)"});
  // map is lazy: read where consumed, said where not.
  r = py("        list(map(lambda h: self.train(self.date_rules.every_day(), self.time_rules.at(h, 0), self.fit), [8, 20]))\n");
  CHECK(names(r) == V{"self.time_rules.at(8, 0)", "self.time_rules.at(20, 0)"});
  r = py("        for x in map(lambda h: self.train(self.date_rules.every_day(), self.time_rules.at(h, 0), self.fit), [8]):\n"
         "            pass\n");
  CHECK(names(r) == V{"self.time_rules.at(8, 0)"});
  r = py("        map(lambda h: self.train(self.date_rules.every_day(), self.time_rules.at(h, 0), self.fit), [8])\n");
  CHECK(names(r).empty());
  CHECK(warned(r, "main.py:3:9: `map(...)` is lazy and nothing consumes it here"));

  r = cs("    new[] {\"SPY\", \"QQQ\"}.ToList().ForEach(t => Schedule.On(DateRules.EveryDay(t), "
         "TimeRules.AfterMarketOpen(t, 5), Go));\n"
         "    var hours = new List<int> { 8, 20 };\n"
         "    hours.ForEach(h => { Train(DateRules.EveryDay(), TimeRules.At(h, 0), Fit); });\n"
         "    Array.ForEach(new[] { 1 }, (int m) => Train(DateRules.EveryDay(), TimeRules.At(m, 30), Fit));\n"
         "    foreach (var kv in new Dictionary<string, int> { {\"TLT\", 9}, {\"GLD\", 10} })\n"
         "        Schedule.On(DateRules.EveryDay(kv.Key), TimeRules.At(kv.Value, 0), Go);\n"
         "    foreach (var (t, h) in new[] { (\"IWM\", 11) })\n"
         "        Schedule.On(DateRules.EveryDay(t), TimeRules.At(h, 0), Go);\n");
  CHECK(names(r) == V{"TimeRules.AfterMarketOpen(\"SPY\", 5)", "TimeRules.AfterMarketOpen(\"QQQ\", 5)",
                      "TimeRules.At(8, 0)", "TimeRules.At(20, 0)", "TimeRules.At(1, 30)", "TimeRules.At(9, 0)",
                      "TimeRules.At(10, 0)", "TimeRules.At(11, 0)"});
  CHECK(r.simulation["events"][5]["date-rule"] == "DateRules.EveryDay(\"TLT\")");
  r = cs("    Securities.Keys.ToList().ForEach(s => Train(DateRules.EveryDay(), TimeRules.At(1, 0), Fit));\n");
  CHECK(names(r).empty());
  CHECK(warned(r, "`ForEach` over values trainsim cannot know (it reads literal lists): its subscriptions and events "
                  "are not read (not simulated: training Fit at Main.cs:3)"));
}
