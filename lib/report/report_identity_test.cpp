// report/report_identity_test.cpp — the report's identity parts: warnings
// split into file, line, column, key and code; the digest; the quota's
// sources; the advice's nulls; the order every report starts and ends in.
#include "report/report_identity.h"

#include <doctest/doctest.h>

using namespace trainsim;
using json = nlohmann::ordered_json;

TEST_CASE("report identity: a warning's parts, as data") {
  const json located = warning_json("main.py:9:21: a loop over `x`, which is not a literal list");
  CHECK(located["file"] == "main.py");
  CHECK(located["line"] == 9);
  CHECK(located["column"] == 21);
  CHECK(located["key"].is_null());
  CHECK(located["code"] == "algorithm");
  CHECK(located["text"] == "main.py:9:21: a loop over `x`, which is not a literal list");

  const json log = warning_json("logs/run.log:120: a training line without a duration");
  CHECK(log["line"] == 120);
  CHECK(log["column"].is_null());
  CHECK(log["code"] == "log");

  const json keyed = warning_json("/tmp/c.json: simulation.seeed: unknown key, ignored; did you mean 'seed'?");
  CHECK(keyed["file"] == "/tmp/c.json");
  CHECK(keyed["key"] == "simulation.seeed");
  CHECK(keyed["line"].is_null());
  CHECK(keyed["code"] == "unknown-key");

  const json indexed = warning_json("a.py: simulation.events[0]: note: scheduled event 'x' has no duration");
  CHECK(indexed["key"] == "simulation.events[0]");
  CHECK(indexed["code"] == "config");

  const json plain = warning_json("OnData cost is 0: wall time, and the refills that depend on it, are underestimated");
  CHECK(plain["file"].is_null());
  CHECK(plain["key"].is_null());
  CHECK(plain["code"] == "on-data-unset");
  CHECK(warning_code("something else entirely") == "general");
  CHECK(warnings_json({}).is_array());
}

TEST_CASE("report identity: FNV-1a 64 digests") {
  CHECK(fnv1a64_digest("") == "fnv1a64:cbf29ce484222325");
  CHECK(fnv1a64_digest("a") == "fnv1a64:af63dc4c8601ec8c");
}

TEST_CASE("report identity: the quota's values and sources; the advice's nulls; the order") {
  LeanSettings lean;
  lean.source[lean_key::kCapacity] = "--set";
  lean.capacity = 300;
  const json q = quota_json(lean);
  CHECK(q["preset"].is_null());
  CHECK(q[lean_key::kCapacity]["value"] == 300);
  CHECK(q[lean_key::kCapacity]["source"] == "--set");
  CHECK(q[lean_key::kRefill]["source"] == "default");

  const json a = advice_json(Advice{});
  CHECK(a["capacity"].is_null());
  CHECK(a["odds"].is_null());
  CHECK(a["lines"] == json::array());

  const json r = identified_report({{"outcome", "completed"}}, {{"digest", "x"}}, q, json::array());
  std::vector<std::string> keys;
  for (auto it = r.begin(); it != r.end(); ++it) keys.push_back(it.key());
  CHECK(keys == std::vector<std::string>{"schema-version", "trainsim", "outcome", "config", "quota", "warnings"});
  CHECK(r["schema-version"] == kReportSchemaVersion);
  CHECK(r["trainsim"]["version"].is_string());
  CHECK(identified_report({{"outcome", "completed"}}, nullptr, nullptr, nullptr).size() == 3);
}
