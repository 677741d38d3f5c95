// diff/report_diff_test.cpp — the semantic diff: equal reports, a changed
// verdict, minute figures within and beyond the tolerance, events summarised.
#include "diff/report_diff.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

using namespace trainsim;
using nlohmann::json;

namespace {

json report() {
  return json::parse(R"({
    "outcome": "failed", "mode": "backtest",
    "failure": {"algorithm-time": "2024-01-21T08:00:00-05:00", "wall-minutes": 127.4, "event": "weekly",
                "reason": "bucket-refused", "message": "..."},
    "timeslices": 5072, "trading-days": 14, "wall-minutes": 127.4,
    "bucket": {"capacity": 120, "refill-amount": 18, "interval-minutes": 1440, "charged": 120, "refilled": 0,
               "final": 0, "minimum": 0},
    "training": {"sessions": 4, "minutes": 123.2},
    "limits": {"loop-maximum-minutes": 10, "bucket-clock": "wall"},
    "scheduled-event-runs": 4,
    "events": [{"name": "weekly", "scheduled": "2024-01-07T08:00:00-05:00", "minutes": 30.5, "charged": 29},
               {"name": "weekly", "scheduled": "2024-01-14T08:00:00-05:00", "minutes": 29.9, "charged": 29}]
  })");
}

std::string joined(const ReportDiff& d) {
  std::string s;
  for (const auto& l : d.lines) s += l + "\n";
  return s;
}

}  // namespace

TEST_CASE("diff: identical reports are equal, in one line") {
  const ReportDiff d = diff_reports(report(), report(), {});
  CHECK(d.equal);
  REQUIRE(d.lines.size() == 1);
  CHECK(d.lines[0].rfind("equal: failed at 2024-01-21", 0) == 0);
}

TEST_CASE("diff: a changed verdict is named with both values") {
  json b = report();
  b["outcome"] = "completed";
  b["failure"] = nullptr;
  const ReportDiff d = diff_reports(report(), b, {});
  CHECK_FALSE(d.equal);
  CHECK(joined(d).find("outcome: failed -> completed") != std::string::npos);
  CHECK(joined(d).find("failure/reason: bucket-refused -> none") != std::string::npos);
}

TEST_CASE("diff: an unknown top-level key is compared by name, whatever characters it holds") {
  // A fuzz finding: "a~b" was read as a JSON pointer and threw a parse error.
  json a = report(), b = report();
  a["a~b/c"] = 1;
  b["a~b/c"] = 2;
  const ReportDiff d = diff_reports(a, b, {});
  CHECK_FALSE(d.equal);
  CHECK(joined(d).find("a~b/c: differs") != std::string::npos);
  CHECK(diff_reports(a, a, {}).equal);
}

TEST_CASE("diff: minute figures within the tolerance are equal, beyond it they differ") {
  json b = report();
  b["wall-minutes"] = 127.9;
  b["failure"]["wall-minutes"] = 127.9;
  CHECK_FALSE(diff_reports(report(), b, {}).equal);
  CHECK(diff_reports(report(), b, {1.0}).equal);
  CHECK_FALSE(diff_reports(report(), b, {0.25}).equal);
}

TEST_CASE("diff: events are summarised per name with the first difference") {
  json b = report();
  b["events"][1]["charged"] = 25;
  b["events"][1]["minutes"] = 26.0;
  const ReportDiff d = diff_reports(report(), b, {});
  CHECK_FALSE(d.equal);
  const std::string s = joined(d);
  CHECK(s.find("events 'weekly': 2 -> 2 runs, 60.4 -> 56.5 minutes, 58 -> 54 charged") != std::string::npos);
  CHECK(s.find("first difference at #2 ('weekly' scheduled 2024-01-14T08:00:00-05:00)") != std::string::npos);
  CHECK(d.lines.size() == 2);  // not one line per field
}

TEST_CASE("diff: an unknown top-level part that differs is reported") {
  json a = report(), b = report();
  a["trials"] = {{"count", 10}};
  b["trials"] = {{"count", 20}};
  const ReportDiff d = diff_reports(a, b, {});
  CHECK_FALSE(d.equal);
  CHECK(joined(d).find("trials: differs") != std::string::npos);
}

TEST_CASE("diff: where a report came from (trainsim, config, quota, warnings, advice) is not a difference") {
  json a = report(), b = report();
  a["schema-version"] = b["schema-version"] = 1;
  a["trainsim"] = {{"version", "0.1.0"}, {"commit", "1111111"}};
  b["trainsim"] = {{"version", "0.1.0"}, {"commit", "2222222"}};
  a["config"] = {{"file", "a.json"}, {"digest", "fnv1a64:0000000000000001"}};
  b["config"] = {{"file", "b.json"}, {"digest", "fnv1a64:0000000000000002"}};
  a["warnings"] = json::array();
  b["warnings"] = json::array({{{"text", "x"}}});
  a["advice"] = {{"lines", json::array()}};
  b["advice"] = {{"lines", json::array({"raise it"})}};
  CHECK(diff_reports(a, b, {}).equal);
  b["timeslices"] = 1;  // what the run did still counts
  CHECK_FALSE(diff_reports(a, b, {}).equal);
}

TEST_CASE("diff: a figure of the wrong type is refused naming the file and key, before comparing") {
  auto message = [](const json& j) {
    try {
      check_run_report(j, "new.json");
    } catch (const std::exception& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  CHECK(message(report()).empty());
  json r = report();
  r["events"][1]["charged"] = "lots";
  CHECK(message(r) == "new.json: events[1].charged: expected a whole number, got string");
  r = report();
  r["events"][0]["name"] = json::array();
  CHECK(message(r) == "new.json: events[0].name: expected a string, got array");
  r = report();
  r["events"] = 3;
  CHECK(message(r) == "new.json: events: expected a list of events, got number");
  r = report();
  r["events"][0] = "weekly";
  CHECK(message(r) == "new.json: events[0]: expected an event object, got string");
  CHECK(message(json::array()).find("not a trainsim run report") != std::string::npos);
}
