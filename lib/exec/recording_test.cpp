// exec/recording_test.cpp — the recording becomes the static reader's block;
// readings are compared by meaning; the runner bounds time and output.
#include "exec/python_runner.h"
#include "exec/recording.h"

#include "input/input_error.h"

#include <doctest/doctest.h>

namespace trainsim::exec {
namespace {

using nlohmann::json;

json calls(std::initializer_list<json> c) {
  json out = {{"calls", json::array()}, {"notes", json::array()}};
  for (const auto& call : c) out["calls"].push_back(call);
  return out;
}

}  // namespace

TEST_CASE("a recording gives the static reader's simulation block") {
  const json rec = calls({
      {{"kind", "start"}, {"at", "main.py:3"}, {"date", "2024-01-02"}},
      {{"kind", "end"}, {"at", "main.py:4"}, {"date", "2024-03-28"}},
      {{"kind", "time-zone"}, {"at", "main.py:5"}, {"zone", "TimeZones.NEW_YORK"}},
      {{"kind", "security"}, {"at", "main.py:6"}, {"type", "Equity"}, {"market", "usa"}, {"ticker", "SPY"},
       {"resolution", "minute"}, {"extended", false}},
      {{"kind", "security"}, {"at", "main.py:7"}, {"type", "Equity"}, {"market", "usa"}, {"ticker", "SPY"},
       {"resolution", "hour"}, {"extended", false}},
      {{"kind", "train"}, {"at", "main.py:8"}, {"date_rule", nullptr}, {"time_rule", nullptr}, {"method", "fit"}},
      {{"kind", "train"}, {"at", "main.py:9"}, {"date_rule", "DateRules.Every(DayOfWeek.SUNDAY)"},
       {"time_rule", "TimeRules.At(8, 0)"}, {"method", ""}},
      {{"kind", "schedule"}, {"at", "main.py:10"}, {"name", nullptr}, {"date_rule", "DateRules.EveryDay(\"SPY\")"},
       {"time_rule", "TimeRules.AfterMarketOpen(\"SPY\", 10)"}, {"method", "rebalance"}},
  });
  const auto r = read_recording(rec, "main.py");
  const auto& s = r.simulation;
  CHECK(s["start"] == "2024-01-02");
  CHECK(s["end"] == "2024-03-28");
  CHECK(s["time-zone"] == "America/New_York");
  REQUIRE(s["securities"].size() == 1);  // LEAN returns the existing subscription
  CHECK(s["securities"][0]["security"] == "Equity-usa-SPY");
  CHECK(s["securities"][0]["source"] == "main.py:6");
  REQUIRE(r.warnings.size() == 1);
  CHECK(r.warnings[0].find("main.py:7: Equity-usa-SPY is already subscribed (main.py:6)") == 0);
  REQUIRE(s["events"].size() == 3);
  CHECK(s["events"][0]["when"] == "now");
  CHECK(s["events"][0]["name"] == "fit");
  // A lambda: LEAN names the event after its rules.
  CHECK(s["events"][1]["name"] == "Sunday: 8");
  CHECK(s["events"][1]["method"] == "");
  CHECK(s["events"][2]["name"] == "rebalance");
  CHECK(s["events"][2]["source"] == "main.py:10");
  CHECK(r.methods == std::vector<std::string>{"fit", "rebalance"});
}

TEST_CASE("a recording's bad rule or zone is an error at the call's file:line") {
  CHECK_THROWS_WITH_AS(read_recording(calls({{{"kind", "time-zone"}, {"at", "main.py:5"}, {"zone", "\"Mars/Olympus\""}}}),
                                      "main.py"),
                       doctest::Contains("main.py:5: SetTimeZone(\"Mars/Olympus\")"), InputError);
  CHECK_THROWS_WITH_AS(read_recording(calls({{{"kind", "train"}, {"at", "main.py:9"}, {"date_rule", "DateRules.EveryDay()"},
                                              {"time_rule", "TimeRules.Att(8, 0)"}, {"method", "fit"}}}),
                                      "main.py"),
                       doctest::Contains("main.py:9: time rule TimeRules.Att(8, 0)"), InputError);
}

TEST_CASE("missing modules and notes become warnings at their file:line") {
  json rec = calls({});
  rec["missing-modules"] = json::array({{{"module", "torch"}, {"at", "main.py:2"}}});
  rec["notes"] = json::array({{{"at", "main.py:6"}, {"message", "fill-forward off"}}});
  const auto r = read_recording(rec, "main.py");
  REQUIRE(r.warnings.size() >= 2);
  CHECK(r.warnings[0].find("main.py:2: module `torch` is not installed") == 0);
  CHECK(r.warnings[1] == "main.py:6: fill-forward off");
}

TEST_CASE("readings are compared by what the rules mean, not their spelling") {
  const auto stat = nlohmann::ordered_json::parse(
      R"J({"start":"2024-01-02","events":[{"training":true,"name":"fit","date-rule":"self.date_rules.every(DayOfWeek.SUNDAY)","time-rule":"self.time_rules.at(8, 0)","source":"main.py:9"}]})J");
  auto run = nlohmann::ordered_json::parse(
      R"J({"start":"2024-01-02","events":[{"training":true,"name":"fit","date-rule":"DateRules.Every(DayOfWeek.Sunday)","time-rule":"TimeRules.At(8, 0)","source":"main.py:9"}]})J");
  CHECK(reading_differences(stat, run).empty());
  run["events"][0]["time-rule"] = "TimeRules.At(9, 0)";
  run["start"] = "2024-01-03";
  const auto d = reading_differences(stat, run);
  REQUIRE(d.size() == 2);
  CHECK(d[0] == "start: static \"2024-01-02\" / exec \"2024-01-03\"");
  CHECK(d[1].rfind("events[0]: static", 0) == 0);
}

TEST_CASE("the child runner captures output, keeps the record and stops at the limit") {
  ChildLimits limits;
  limits.output_bytes = 100;
  ChildResult r = run_child({"sh", "-c", "printf 'hello\\n'; printf '{\"a\":1}' >&3; exit 4"}, 3, limits);
  CHECK(r.started);
  CHECK(r.exit_code == 4);
  CHECK(r.output == "hello\n");
  CHECK(r.record == "{\"a\":1}");

  // Output beyond the limit is drained (the child is never blocked) and its tail kept.
  r = run_child({"sh", "-c", "i=0; while [ $i -lt 3000 ]; do echo line$i; i=$((i+1)); done"}, 3, limits);
  CHECK(r.exit_code == 0);
  CHECK(r.output.size() == 100);
  CHECK(r.output_total > 20000);
  CHECK(r.output.find("line2999\n") != std::string::npos);

  limits.wall = std::chrono::milliseconds(300);
  r = run_child({"sh", "-c", "sleep 30"}, 3, limits);
  CHECK(r.timed_out);
  CHECK(r.elapsed < std::chrono::seconds(10));

  r = run_child({"/nonexistent/python3"}, 3, limits);
  CHECK_FALSE(r.started);
  CHECK(r.error.find("No such file") != std::string::npos);
}

}  // namespace trainsim::exec
