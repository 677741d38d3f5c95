// report/calendar_report_test.cpp — the streamed `calendar --events` listing:
// valid JSON with the expected occurrences, laid out as dump(2) lays it out,
// and the cap counting what it leaves out.
#include "report/calendar_report.h"

#include "testing.h"

#include <doctest/doctest.h>

#include <sstream>

using namespace trainsim;
using trainsim::testing::scenario_from;

namespace {

// Sunday 08:00 in January 2024 (a backtest fires at the next bar: Monday
// 09:31, Tuesday after MLK day), and an event with no date in the range.
const char* kConfig = R"cfg({
  "simulation": { "start": "2024-01-01", "end": "2024-01-31",
    "training": [ { "name": "weekly \"w\"", "date-rule": "Every(DayOfWeek.Sunday)", "time-rule": "At(8, 0)",
                    "duration": "10m" } ],
    "scheduled-events": [ { "name": "none", "date-rule": "On(2023, 5, 1)", "time-rule": "At(10, 0)",
                            "duration": "1s" } ] } })cfg";

std::string streamed(const Scenario& s, CalendarFormat format, std::size_t max_listed) {
  CalendarReportOptions o;
  o.events = true;
  o.format = format;
  o.max_listed = max_listed;
  std::ostringstream out;
  write_calendar(out, s, o);
  return out.str();
}

nlohmann::ordered_json occurrence(const char* scheduled, const char* fires) {
  return {{"scheduled", scheduled}, {"fires", fires}};
}

}  // namespace

TEST_CASE("calendar: the streamed JSON listing parses to the expected events") {
  const Scenario s = scenario_from(kConfig);
  const std::string text = streamed(s, CalendarFormat::Json, SIZE_MAX);
  const auto j = nlohmann::ordered_json::parse(text);
  // The layout is dump(2)'s, so the output is what the whole document dumped would be.
  CHECK(text == j.dump(2) + "\n");
  CHECK(j["trading-days"] == 21);
  const nlohmann::ordered_json expected = {
      {{"name", "weekly \"w\""},
       {"training", true},
       {"occurrences",
        {occurrence("2024-01-07T08:00:00-05:00", "2024-01-08T09:31:00-05:00"),
         occurrence("2024-01-14T08:00:00-05:00", "2024-01-16T09:31:00-05:00"),
         occurrence("2024-01-21T08:00:00-05:00", "2024-01-22T09:31:00-05:00"),
         occurrence("2024-01-28T08:00:00-05:00", "2024-01-29T09:31:00-05:00")}}},
      {{"name", "none"}, {"training", false}, {"occurrences", nlohmann::ordered_json::array()}}};
  CHECK(j["events"] == expected);
  // The summary is the same whether or not the events are listed.
  nlohmann::ordered_json summary = j;
  summary.erase("events");
  CHECK(summary == calendar_json(s));
}

TEST_CASE("calendar: a capped listing counts the rest, in JSON and text") {
  const Scenario s = scenario_from(kConfig);
  const std::string json_text = streamed(s, CalendarFormat::Json, 1);
  const auto j = nlohmann::ordered_json::parse(json_text);
  CHECK(json_text == j.dump(2) + "\n");
  const auto& weekly = j["events"][0];
  REQUIRE(weekly["occurrences"].size() == 1);
  CHECK(weekly["occurrences"][0]["scheduled"] == "2024-01-07T08:00:00-05:00");
  CHECK(weekly["occurrences-not-listed"] == 3);
  CHECK_FALSE(j["events"][1].contains("occurrences-not-listed"));

  const std::string text = streamed(s, CalendarFormat::Text, 1);
  CHECK(text.find("event 'weekly \"w\"' (training): 4 occurrences\n"
                  "    2024-01-07T08:00:00-05:00  fires at 2024-01-08T09:31:00-05:00\n"
                  "    ... and 3 more (calendar --events --all lists every one)\n"
                  "event 'none': 0 occurrences\n") != std::string::npos);
}

TEST_CASE("calendar: without --events no listing is written") {
  const Scenario s = scenario_from(kConfig);
  CalendarReportOptions o;
  o.format = CalendarFormat::Json;
  std::ostringstream out;
  write_calendar(out, s, o);
  CHECK(out.str() == calendar_json(s).dump(2) + "\n");
}
