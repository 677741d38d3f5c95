// rules/occurrence_stream_test.cpp — the lazy occurrence stream gives exactly
// the rules' occurrences, across batch edges.
#include "test_markets.h"

#include <doctest/doctest.h>

#include <string>

using namespace trainsim;
using trainsim::rules_test::utc;
using trainsim::rules_test::ymd;

namespace {
std::vector<Instant> drain(OccurrenceStream& s) {
  std::vector<Instant> out;
  while (s.peek() != OccurrenceStream::kNever) {
    out.push_back(s.peek());
    s.advance();
  }
  return out;
}

OccurrenceStream stream(const rules_test::Markets& m, std::string_view date_rule, std::string_view time_rule, Day from,
                        Day to) {
  return OccurrenceStream(parse_date_rule(date_rule), parse_time_rule(time_rule), &m.ctx, from, to);
}
}  // namespace

TEST_CASE("occurrence stream: dates ascending, each mapped by the time rule") {
  rules_test::Markets m;
  OccurrenceStream s = stream(m, "DateRules.Every(DayOfWeek.Sunday)", "TimeRules.At(8, 0)", ymd(2024, 1, 1),
                              ymd(2024, 1, 31));
  CHECK(drain(s) == std::vector<Instant>{utc(2024, 1, 7, 13), utc(2024, 1, 14, 13), utc(2024, 1, 21, 13),
                                         utc(2024, 1, 28, 13)});
  CHECK(s.peek() == OccurrenceStream::kNever);
  s.advance();  // stays exhausted
  CHECK(s.peek() == OccurrenceStream::kNever);
}

TEST_CASE("occurrence stream: dates without times are skipped") {
  rules_test::Markets m;
  // Every calendar day, but the market rule gives nothing on weekends and MLK Day.
  OccurrenceStream s = stream(m, "DateRules.EveryDay()", "TimeRules.AfterMarketOpen(\"SPY\", 30)", ymd(2024, 1, 12),
                              ymd(2024, 1, 17));
  CHECK(drain(s) == std::vector<Instant>{utc(2024, 1, 12, 15), utc(2024, 1, 16, 15), utc(2024, 1, 17, 15)});

  OccurrenceStream none = stream(m, "DateRules.Every(DayOfWeek.Saturday)", "TimeRules.AfterMarketOpen(\"SPY\")",
                                 ymd(2024, 1, 1), ymd(2024, 12, 31));
  CHECK(none.peek() == OccurrenceStream::kNever);
}

TEST_CASE("occurrence stream: several times a day, DST duplicates kept") {
  rules_test::Markets m;
  OccurrenceStream s = stream(m, "DateRules.EveryDay()", "TimeRules.Every(TimeSpan.FromHours(1))", ymd(2024, 3, 9),
                              ymd(2024, 3, 10));
  const std::vector<Instant> all = drain(s);
  REQUIRE(all.size() == 48);
  CHECK(all.front() == utc(2024, 3, 9, 5));
  CHECK(all[24] == utc(2024, 3, 10, 5));
  CHECK(all[26] == utc(2024, 3, 10, 7));
  CHECK(all[27] == utc(2024, 3, 10, 7));
  CHECK(all.back() == utc(2024, 3, 11, 3));
}

TEST_CASE("occurrence stream: skip_until drops occurrences strictly before t") {
  rules_test::Markets m;
  OccurrenceStream s = stream(m, "DateRules.EveryDay(\"SPY\")", "TimeRules.BeforeMarketClose(\"SPY\", 10)",
                              ymd(2024, 11, 25), ymd(2024, 12, 31));
  s.skip_until(utc(2024, 11, 29, 17, 50));
  CHECK(s.peek() == utc(2024, 11, 29, 17, 50));  // the early close, kept: not strictly before
  s.skip_until(utc(2024, 11, 29, 17, 51));
  CHECK(s.peek() == utc(2024, 12, 2, 20, 50));
  s.skip_until(utc(2030, 1, 1));
  CHECK(s.peek() == OccurrenceStream::kNever);
}

TEST_CASE("occurrence stream: Train(now) is Today + Now, once") {
  rules_test::Markets m;
  m.ctx.now = m.ctx.algorithm_zone.to_utc(ymd(2024, 1, 2), 0);
  // ScheduleManager evaluates from the day before the current UTC date.
  OccurrenceStream s = stream(m, "DateRules.Today", "TimeRules.Now", ymd(2024, 1, 1), ymd(2050, 12, 31));
  CHECK(drain(s) == std::vector<Instant>{utc(2024, 1, 2, 5)});

  OccurrenceStream once = OccurrenceStream::once(utc(2024, 1, 2, 5));
  CHECK(once.peek() == utc(2024, 1, 2, 5));
  once.advance();
  CHECK(once.peek() == OccurrenceStream::kNever);

  const OccurrenceStream empty;
  CHECK(empty.peek() == OccurrenceStream::kNever);
}

TEST_CASE("occurrence stream: schedule errors surface at construction") {
  rules_test::Markets m;
  const RuleError e = rules_test::error_of(
      [&] { stream(m, "DateRules.WeekStart(\"SPY\", 6)", "TimeRules.At(8, 0)", ymd(2024, 1, 1), ymd(2024, 12, 31)); });
  CHECK(std::string(e.what()).starts_with("DateRules.WeekStart() : Monday+6 is out of range for SPY's schedule"));
  CHECK(e.column == 28);
}
