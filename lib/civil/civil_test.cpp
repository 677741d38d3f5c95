// Tests for civil dates and time zones: zone history from the tz database
// (not today's rules applied to every year), LEAN's lenient local-to-UTC
// resolution (docs/semantics.md#time-rules), fixed offsets (docs/semantics.md#market-hours), date parsing.
#include "civil/civil_time.h"
#include "civil/time_zone.h"

#include <doctest/doctest.h>

using namespace trainsim;

namespace {
Instant utc(int y, unsigned m, unsigned d, int h = 0, int min = 0, int s = 0) {
  return static_cast<Instant>(day_from_ymd(y, m, d)) * kDay + h * kHour + min * kMinute + s * kSecond;
}
TimeZone ny() {
  const auto z = TimeZone::find("America/New_York");
  REQUIRE(z.has_value());
  return *z;
}
}  // namespace

TEST_CASE("time zone: New York's DST history: 2006 starts on April 2, 2024 on March 10") {
  const TimeZone z = ny();
  // 2006: the pre-2007 rule, first Sunday of April at 02:00 EST (07:00 UTC).
  CHECK(z.offset_at(utc(2006, 3, 12, 12)) == -5 * kHour);  // would be EDT under today's rule
  CHECK(z.offset_at(utc(2006, 4, 2, 7) - 1) == -5 * kHour);
  CHECK(z.offset_at(utc(2006, 4, 2, 7)) == -4 * kHour);
  // ... and it ended on the last Sunday of October (Oct 29, 06:00 UTC).
  CHECK(z.offset_at(utc(2006, 10, 29, 6) - 1) == -4 * kHour);
  CHECK(z.offset_at(utc(2006, 10, 29, 6)) == -5 * kHour);
  CHECK(z.offset_at(utc(2006, 11, 3, 12)) == -5 * kHour);
  // 2024: second Sunday of March, first Sunday of November.
  CHECK(z.offset_at(utc(2024, 3, 10, 7) - 1) == -5 * kHour);
  CHECK(z.offset_at(utc(2024, 3, 10, 7)) == -4 * kHour);
  CHECK(z.offset_at(utc(2024, 11, 3, 6) - 1) == -4 * kHour);
  CHECK(z.offset_at(utc(2024, 11, 3, 6)) == -5 * kHour);
  // Local 09:30 on ordinary days.
  CHECK(z.to_utc(day_from_ymd(2006, 3, 20), 9 * kHour + 30 * kMinute) == utc(2006, 3, 20, 14, 30));
  CHECK(z.to_utc(day_from_ymd(2006, 4, 3), 9 * kHour + 30 * kMinute) == utc(2006, 4, 3, 13, 30));
  CHECK(z.to_utc(day_from_ymd(2024, 3, 11), 9 * kHour + 30 * kMinute) == utc(2024, 3, 11, 13, 30));
}

TEST_CASE("time zone: lenient resolution: a skipped time goes after the gap, an ambiguous one is the later") {
  const TimeZone z = ny();
  // 2024-03-10 02:30 does not exist: the first instant after the gap, 03:00 EDT.
  CHECK(z.to_utc(day_from_ymd(2024, 3, 10), 2 * kHour + 30 * kMinute) == utc(2024, 3, 10, 7));
  CHECK(z.to_utc(day_from_ymd(2024, 3, 10), 2 * kHour) == utc(2024, 3, 10, 7));
  CHECK(z.to_utc(day_from_ymd(2024, 3, 10), 1 * kHour + 59 * kMinute) == utc(2024, 3, 10, 6, 59));
  CHECK(z.to_utc(day_from_ymd(2024, 3, 10), 3 * kHour) == utc(2024, 3, 10, 7));
  // 2024-11-03 01:30 happens twice: the later (EST) one.
  CHECK(z.to_utc(day_from_ymd(2024, 11, 3), 1 * kHour + 30 * kMinute) == utc(2024, 11, 3, 6, 30));
  CHECK(z.to_utc(day_from_ymd(2024, 11, 3), 0 * kHour + 59 * kMinute) == utc(2024, 11, 3, 4, 59));
  CHECK(z.to_utc(day_from_ymd(2024, 11, 3), 2 * kHour) == utc(2024, 11, 3, 7));
  // 2006 gap on April 2.
  CHECK(z.to_utc(day_from_ymd(2006, 4, 2), 2 * kHour + 30 * kMinute) == utc(2006, 4, 2, 7));
  CHECK(z.to_utc(day_from_ymd(2006, 3, 12), 2 * kHour + 30 * kMinute) == utc(2006, 3, 12, 7, 30));

  const LocalTime l = z.to_local(utc(2024, 11, 3, 6, 30));
  CHECK(l.day == day_from_ymd(2024, 11, 3));
  CHECK(l.time_of_day == 1 * kHour + 30 * kMinute);
  const LocalTime e = z.to_local(utc(2024, 11, 3, 5, 30));  // the earlier 01:30 (EDT)
  CHECK(e.day == day_from_ymd(2024, 11, 3));
  CHECK(e.time_of_day == 1 * kHour + 30 * kMinute);
}

TEST_CASE("time zone: other zones and fixed offsets") {
  const auto fixed = TimeZone::find("UTC-05");
  REQUIRE(fixed.has_value());
  CHECK(fixed->name() == "UTC-05");
  // No DST: 09:30 is 14:30 UTC in January and in July.
  CHECK(fixed->to_utc(day_from_ymd(2024, 1, 10), 9 * kHour + 30 * kMinute) == utc(2024, 1, 10, 14, 30));
  CHECK(fixed->to_utc(day_from_ymd(2024, 7, 10), 9 * kHour + 30 * kMinute) == utc(2024, 7, 10, 14, 30));
  CHECK(fixed->offset_at(utc(2024, 7, 10)) == -5 * kHour);
  CHECK(fixed->to_local(utc(2024, 7, 10, 3)).day == day_from_ymd(2024, 7, 9));
  CHECK(fixed->to_local(utc(2024, 7, 10, 3)).time_of_day == 22 * kHour);

  const auto half = TimeZone::find("UTC+09:30");
  REQUIRE(half.has_value());
  CHECK(half->offset_at(0) == 9 * kHour + 30 * kMinute);
  const auto plus = TimeZone::find("UTC+9");
  REQUIRE(plus.has_value());
  CHECK(plus->offset_at(0) == 9 * kHour);

  const auto u = TimeZone::find("UTC");
  REQUIRE(u.has_value());
  CHECK(u->offset_at(utc(2024, 7, 1)) == 0);
  CHECK(u->to_utc(day_from_ymd(2024, 3, 10), 2 * kHour + 30 * kMinute) == utc(2024, 3, 10, 2, 30));

  const auto tokyo = TimeZone::find("Asia/Tokyo");
  REQUIRE(tokyo.has_value());
  CHECK(tokyo->to_utc(day_from_ymd(2024, 7, 10), 9 * kHour) == utc(2024, 7, 10, 0));
  const auto london = TimeZone::find("Europe/London");
  REQUIRE(london.has_value());
  CHECK(london->to_utc(day_from_ymd(2024, 7, 10), 8 * kHour) == utc(2024, 7, 10, 7));
  CHECK(london->to_utc(day_from_ymd(2024, 1, 10), 8 * kHour) == utc(2024, 1, 10, 8));

  CHECK_FALSE(TimeZone::find("Mars/Olympus").has_value());
  CHECK_FALSE(TimeZone::find("UTC+99").has_value());
  CHECK_FALSE(TimeZone::find("").has_value());
}

TEST_CASE("dates: parse_date reads yyyy-mm-dd and the database's M/d/yyyy") {
  CHECK(parse_date("2024-01-31") == day_from_ymd(2024, 1, 31));
  CHECK(parse_date("1/31/2024") == day_from_ymd(2024, 1, 31));
  CHECK(parse_date("12/24/2024") == day_from_ymd(2024, 12, 24));
  CHECK(parse_date("01/02/2024") == day_from_ymd(2024, 1, 2));
  CHECK(parse_date("2024-02-29") == day_from_ymd(2024, 2, 29));
  CHECK(parse_date("1970-01-01") == 0);
  CHECK_FALSE(parse_date("2023-02-29").has_value());
  CHECK_FALSE(parse_date("2024-13-01").has_value());
  CHECK_FALSE(parse_date("2024-00-10").has_value());
  CHECK_FALSE(parse_date("13/1/2024").has_value());
  CHECK_FALSE(parse_date("2/30/2024").has_value());
  CHECK_FALSE(parse_date("1/31/24").has_value());
  CHECK_FALSE(parse_date("2024/01/31").has_value());
  CHECK_FALSE(parse_date("").has_value());
  CHECK_FALSE(parse_date("yesterday").has_value());
  CHECK_FALSE(parse_date("2024-01-3x").has_value());
}

TEST_CASE("dates: weekday_of, ymd round trips and formatting") {
  CHECK(weekday_of(0) == 4);                                // 1970-01-01, a Thursday
  CHECK(weekday_of(-1) == 3);                               // 1969-12-31, a Wednesday
  CHECK(weekday_of(day_from_ymd(2024, 1, 1)) == 1);         // Monday
  CHECK(weekday_of(day_from_ymd(2024, 3, 10)) == 0);        // Sunday
  CHECK(weekday_of(day_from_ymd(2024, 11, 2)) == 6);        // Saturday
  CHECK(weekday_of(day_from_ymd(2006, 4, 2)) == 0);         // Sunday
  CHECK(weekday_of(day_from_ymd(2013, 10, 7)) == 1);        // Monday
  CHECK(weekday_of(day_from_ymd(1900, 1, 1)) == 1);         // Monday

  for (Day d : {day_from_ymd(2024, 2, 29), day_from_ymd(1999, 12, 31), day_from_ymd(2050, 12, 31), Day{-400}}) {
    const Ymd v = ymd_of(d);
    CHECK(day_from_ymd(v.year, v.month, v.day) == d);
  }
  CHECK(format_date(day_from_ymd(2024, 3, 5)) == "2024-03-05");
  CHECK(days_in_month(2024, 2) == 29);
  CHECK(days_in_month(2023, 2) == 28);
  CHECK(days_in_month(1900, 2) == 28);
  CHECK(days_in_month(2000, 2) == 29);
  CHECK(days_in_month(2024, 4) == 30);

  CHECK(format_minutes(0) == "0");
  CHECK(format_minutes(1234 * kMinute + 30 * kSecond) == "1234.5");
  CHECK(format_minutes(kSecond) == "0.016667");
  CHECK(format_minutes(-90 * kSecond) == "-1.5");
  CHECK(format_minutes(50 * 1000) == "0.000833");
}
