// rules/date_rules_test.cpp — LEAN's DateRules against dates worked out by
// hand from the markets' calendars.
#include "test_markets.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>

using namespace trainsim;
using trainsim::rules_test::ymd;

namespace {
using Days = std::vector<Day>;
}  // namespace

TEST_CASE("date rules: every day, trading days and weekdays") {
  rules_test::Markets m;
  CHECK(m.dates("DateRules.EveryDay()", ymd(2024, 3, 9), ymd(2024, 3, 12)) ==
        Days{ymd(2024, 3, 9), ymd(2024, 3, 10), ymd(2024, 3, 11), ymd(2024, 3, 12)});

  // January 2024: 23 weekdays less New Year's Day and Martin Luther King Day.
  const Days jan = m.dates("DateRules.EveryDay(\"SPY\")", ymd(2024, 1, 1), ymd(2024, 1, 31));
  CHECK(jan.size() == 21);
  CHECK(jan.front() == ymd(2024, 1, 2));
  CHECK(std::find(jan.begin(), jan.end(), ymd(2024, 1, 15)) == jan.end());
  CHECK(m.dates("self.date_rules.every_day(self.spy)", ymd(2024, 1, 1), ymd(2024, 12, 31)).size() == 252);
  CHECK(m.dates("DateRules.EveryDay(\"SPY\")", ymd(2025, 1, 1), ymd(2025, 12, 31)).size() == 250);

  // Holidays count for Every(): Martin Luther King Day is a Monday.
  CHECK(m.dates("DateRules.Every(DayOfWeek.Monday, DayOfWeek.Thursday)", ymd(2024, 1, 12), ymd(2024, 1, 22)) ==
        Days{ymd(2024, 1, 15), ymd(2024, 1, 18), ymd(2024, 1, 22)});
  CHECK(m.dates("DateRules.Every()", ymd(2024, 1, 1), ymd(2024, 12, 31)).empty());
}

TEST_CASE("date rules: EveryDay's extendedMarketHours counts extended-only days") {
  rules_test::Markets m;
  // ES trades only pre-market on Sundays.
  CHECK(m.dates("DateRules.EveryDay(\"ES\")", ymd(2024, 3, 9), ymd(2024, 3, 11)) == Days{ymd(2024, 3, 11)});
  CHECK(m.dates("self.date_rules.every_day('ES', extended_market_hours=True)", ymd(2024, 3, 9), ymd(2024, 3, 11)) ==
        Days{ymd(2024, 3, 10), ymd(2024, 3, 11)});
}

TEST_CASE("date rules: On, Today and Tomorrow") {
  rules_test::Markets m;
  CHECK(m.dates("DateRules.On(2024, 3, 15)", ymd(2024, 1, 1), ymd(2024, 12, 31)) == Days{ymd(2024, 3, 15)});
  CHECK(m.dates("DateRules.On(2024, 3, 15)", ymd(2024, 3, 16), ymd(2024, 12, 31)).empty());
  CHECK(m.dates("DateRules.On(new DateTime(2024, 3, 15), new DateTime(2024, 1, 2), new DateTime(2025, 1, 2))",
                ymd(2024, 1, 1), ymd(2024, 12, 31)) == Days{ymd(2024, 1, 2), ymd(2024, 3, 15)});
  CHECK(m.dates("self.date_rules.on(datetime(2024, 7, 4))", ymd(2024, 1, 1), ymd(2024, 12, 31)) ==
        Days{ymd(2024, 7, 4)});

  // The algorithm-zone date of `now`, whatever the range: 23:30 in New York is
  // already the next day in UTC.
  m.ctx.now = m.ctx.algorithm_zone.to_utc(ymd(2024, 3, 14), 23 * kHour + 30 * kMinute);
  CHECK(m.dates("DateRules.Today", ymd(2030, 1, 1), ymd(2030, 1, 2)) == Days{ymd(2024, 3, 14)});
  CHECK(m.dates("self.date_rules.tomorrow", ymd(2024, 1, 1), ymd(2024, 1, 2)) == Days{ymd(2024, 3, 15)});
}

TEST_CASE("date rules: month rules with a symbol use trading days") {
  rules_test::Markets m;
  CHECK(m.dates("DateRules.MonthStart(\"SPY\")", ymd(2024, 1, 1), ymd(2024, 12, 31)) ==
        Days{ymd(2024, 1, 2), ymd(2024, 2, 1), ymd(2024, 3, 1), ymd(2024, 4, 1), ymd(2024, 5, 1), ymd(2024, 6, 3),
             ymd(2024, 7, 1), ymd(2024, 8, 1), ymd(2024, 9, 3), ymd(2024, 10, 1), ymd(2024, 11, 1),
             ymd(2024, 12, 2)});
  // Good Friday closes the last day of March; the early close of Nov 29 still trades.
  CHECK(m.dates("DateRules.MonthEnd(\"SPY\")", ymd(2024, 3, 1), ymd(2024, 6, 30)) ==
        Days{ymd(2024, 3, 28), ymd(2024, 4, 30), ymd(2024, 5, 31), ymd(2024, 6, 28)});
  CHECK(m.dates("DateRules.MonthEnd(\"SPY\")", ymd(2024, 11, 1), ymd(2024, 11, 30)) == Days{ymd(2024, 11, 29)});
  CHECK(m.dates("DateRules.MonthEnd(\"SPY\", 2)", ymd(2024, 3, 1), ymd(2024, 3, 31)) == Days{ymd(2024, 3, 26)});
  // Presidents' Day (Feb 19) is skipped when counting.
  CHECK(m.dates("DateRules.MonthStart(\"SPY\", 12)", ymd(2024, 2, 1), ymd(2024, 2, 29)) == Days{ymd(2024, 2, 20)});
}

TEST_CASE("date rules: offsets past the period are clamped") {
  rules_test::Markets m;
  // MonthStart(SPY, 25) gives each month's last trading day.
  CHECK(m.dates("DateRules.MonthStart(\"SPY\", 25)", ymd(2024, 1, 1), ymd(2024, 4, 30)) ==
        Days{ymd(2024, 1, 31), ymd(2024, 2, 29), ymd(2024, 3, 28), ymd(2024, 4, 30)});
  CHECK(m.dates("DateRules.MonthEnd(\"SPY\", 30)", ymd(2024, 1, 1), ymd(2024, 2, 29)) ==
        Days{ymd(2024, 1, 2), ymd(2024, 2, 1)});
  // Without a symbol the offsets are calendar days: MonthStart(30) in February is Feb 29.
  CHECK(m.dates("DateRules.MonthStart(30)", ymd(2024, 1, 1), ymd(2024, 4, 30)) ==
        Days{ymd(2024, 1, 31), ymd(2024, 2, 29), ymd(2024, 3, 31), ymd(2024, 4, 30)});
  CHECK(m.dates("DateRules.MonthEnd(3)", ymd(2024, 2, 1), ymd(2024, 2, 29)) == Days{ymd(2024, 2, 26)});
  // WeekEnd(SPY, 4) in Thanksgiving week: Fri 29, Wed 27, Tue 26, Mon 25, then
  // Fri 22 leaves the week, so the week's first trading day.
  CHECK(m.dates("DateRules.WeekEnd(\"SPY\", 4)", ymd(2024, 11, 25), ymd(2024, 12, 1)) == Days{ymd(2024, 11, 25)});
  // Quarter without a symbol: Jan 1 + 92 days runs past March.
  CHECK(m.dates("DateRules.QuarterStart(92)", ymd(2024, 1, 1), ymd(2024, 3, 31)) == Days{ymd(2024, 3, 31)});
}

TEST_CASE("date rules: unchecked negative offsets act as no offset") {
  rules_test::Markets m;
  CHECK(m.dates("DateRules.MonthStart(-3)", ymd(2024, 1, 1), ymd(2024, 2, 29)) ==
        Days{ymd(2024, 1, 1), ymd(2024, 2, 1)});
  CHECK(m.dates("DateRules.WeekStart(\"SPY\", -2)", ymd(2024, 1, 15), ymd(2024, 1, 21)) == Days{ymd(2024, 1, 16)});
}

TEST_CASE("date rules: periods overlapping the range count") {
  rules_test::Markets m;
  CHECK(m.dates("DateRules.MonthStart(10)", ymd(2024, 12, 4), ymd(2024, 12, 31)) == Days{ymd(2024, 12, 11)});
  CHECK(m.dates("DateRules.MonthStart(\"SPY\", 3)", ymd(2024, 3, 5), ymd(2024, 3, 31)) == Days{ymd(2024, 3, 6)});
  CHECK(m.dates("DateRules.QuarterStart(\"SPY\", 10)", ymd(2024, 4, 10), ymd(2024, 6, 30)) ==
        Days{ymd(2024, 4, 15)});
}

TEST_CASE("date rules: the year window starts at the start's month") {
  rules_test::Markets m;
  CHECK(m.dates("DateRules.YearStart(\"SPY\")", ymd(2024, 1, 1), ymd(2025, 12, 31)) ==
        Days{ymd(2024, 1, 2), ymd(2025, 1, 2)});
  CHECK(m.dates("DateRules.YearEnd(\"SPY\")", ymd(2024, 1, 1), ymd(2025, 12, 31)) ==
        Days{ymd(2024, 12, 31), ymd(2025, 12, 31)});
  CHECK(m.dates("DateRules.YearStart(\"SPY\", 60)", ymd(2024, 1, 1), ymd(2024, 12, 31)) == Days{ymd(2024, 3, 28)});
  // From 2024-03-14 the 2024 occurrence (Mar 28) is in range but never made.
  const Days from_march = m.dates("DateRules.YearStart(\"SPY\", 60)", ymd(2024, 3, 14), ymd(2026, 12, 31));
  REQUIRE_FALSE(from_march.empty());
  CHECK(from_march.front() == ymd(2025, 4, 1));
  // Without a symbol the offset counts calendar days.
  CHECK(m.dates("self.date_rules.year_end(30)", ymd(2024, 1, 1), ymd(2024, 12, 31)) == Days{ymd(2024, 12, 1)});
}

TEST_CASE("date rules: quarters") {
  rules_test::Markets m;
  CHECK(m.dates("DateRules.QuarterStart(\"SPY\")", ymd(2024, 1, 1), ymd(2024, 12, 31)) ==
        Days{ymd(2024, 1, 2), ymd(2024, 4, 1), ymd(2024, 7, 1), ymd(2024, 10, 1)});
  CHECK(m.dates("self.date_rules.quarter_end('SPY')", ymd(2024, 1, 1), ymd(2024, 12, 31)) ==
        Days{ymd(2024, 3, 28), ymd(2024, 6, 28), ymd(2024, 9, 30), ymd(2024, 12, 31)});
  CHECK(m.dates("DateRules.QuarterEnd()", ymd(2024, 1, 1), ymd(2024, 6, 30)) ==
        Days{ymd(2024, 3, 31), ymd(2024, 6, 30)});
}

TEST_CASE("date rules: weeks run Monday to Sunday") {
  rules_test::Markets m;
  CHECK(m.dates("DateRules.WeekStart()", ymd(2024, 3, 1), ymd(2024, 3, 20)) ==
        Days{ymd(2024, 3, 4), ymd(2024, 3, 11), ymd(2024, 3, 18)});
  CHECK(m.dates("DateRules.WeekEnd()", ymd(2024, 3, 1), ymd(2024, 3, 20)) ==
        Days{ymd(2024, 3, 1), ymd(2024, 3, 8), ymd(2024, 3, 15)});
  // Monday + 6 is that week's Sunday, so a lone Sunday belongs to the week before it.
  CHECK(m.dates("DateRules.WeekStart(6)", ymd(2024, 3, 10), ymd(2024, 3, 10)) == Days{ymd(2024, 3, 10)});
  // WeekEnd(5) and (6) land on the Sunday and Saturday before the week's Monday.
  CHECK(m.dates("DateRules.WeekEnd(5)", ymd(2024, 3, 4), ymd(2024, 3, 24)) == Days{ymd(2024, 3, 10), ymd(2024, 3, 17)});
  CHECK(m.dates("DateRules.WeekEnd(6)", ymd(2024, 3, 4), ymd(2024, 3, 24)) == Days{ymd(2024, 3, 9), ymd(2024, 3, 16)});
  // The range's Sunday closes the week of Mar 4, so the week of Mar 11 is never visited.
  CHECK(m.dates("DateRules.WeekEnd(5)", ymd(2024, 3, 10), ymd(2024, 3, 10)).empty());
}

TEST_CASE("date rules: weekly symbol rules use the schedule's first and last open weekday") {
  rules_test::Markets m;
  // Martin Luther King Day and Presidents' Day move the week start to Tuesday.
  CHECK(m.dates("DateRules.WeekStart(\"SPY\")", ymd(2024, 1, 15), ymd(2024, 2, 25)) ==
        Days{ymd(2024, 1, 16), ymd(2024, 1, 22), ymd(2024, 1, 29), ymd(2024, 2, 5), ymd(2024, 2, 12),
             ymd(2024, 2, 20)});
  // Good Friday moves the week end to Thursday; Thanksgiving Friday is an early close and trades.
  CHECK(m.dates("DateRules.WeekEnd(\"SPY\")", ymd(2024, 3, 25), ymd(2024, 3, 31)) == Days{ymd(2024, 3, 28)});
  CHECK(m.dates("DateRules.WeekEnd(\"SPY\")", ymd(2024, 11, 25), ymd(2024, 12, 1)) == Days{ymd(2024, 11, 29)});
  CHECK(m.dates("DateRules.WeekStart(\"SPY\", 2)", ymd(2024, 1, 15), ymd(2024, 1, 21)) == Days{ymd(2024, 1, 18)});
  // A 24/7 schedule runs Sunday..Saturday: its week start is the Sunday that ends each Monday-Sunday week.
  CHECK(m.dates("DateRules.WeekStart(\"BTCUSD\")", ymd(2024, 3, 4), ymd(2024, 3, 20)) ==
        Days{ymd(2024, 3, 10), ymd(2024, 3, 17)});
  CHECK(m.dates("DateRules.WeekEnd(\"BTCUSD\")", ymd(2024, 3, 4), ymd(2024, 3, 20)) ==
        Days{ymd(2024, 3, 9), ymd(2024, 3, 16)});
}

TEST_CASE("date rules: extendedMarketHours decides whether a period may open on an extended-only day") {
  rules_test::Markets m;
  // September 2024 starts on a Sunday, when ES trades only pre-market.
  CHECK(m.dates("DateRules.MonthStart(\"ES\")", ymd(2024, 9, 1), ymd(2024, 9, 30)) == Days{ymd(2024, 9, 1)});
  CHECK(m.dates("DateRules.MonthStart(\"ES\", 0, false)", ymd(2024, 9, 1), ymd(2024, 9, 30)) ==
        Days{ymd(2024, 9, 3)});
  // Stepping uses regular hours: one day on from Sunday skips Labor Day to Tuesday.
  CHECK(m.dates("DateRules.MonthStart(\"ES\", 1)", ymd(2024, 9, 1), ymd(2024, 9, 30)) == Days{ymd(2024, 9, 3)});
}

TEST_CASE("date rules: C# and Python spellings give the same dates") {
  rules_test::Markets m;
  const std::pair<const char*, const char*> pairs[] = {
      {"DateRules.EveryDay()", "self.date_rules.every_day()"},
      {"DateRules.EveryDay(\"SPY\")", "self.date_rules.every_day(self.spy)"},
      {"DateRules.Every(DayOfWeek.Monday, DayOfWeek.Friday)", "self.date_rules.every(DayOfWeek.MONDAY, DayOfWeek.FRIDAY)"},
      {"DateRules.MonthStart(\"SPY\", 2)", "self.date_rules.month_start(\"SPY\", days_offset=2)"},
      {"DateRules.MonthEnd(\"SPY\", daysOffset: 1)", "date_rules.month_end('spy', 1)"},
      {"DateRules.WeekStart(\"SPY\", 1)", "week_start(spy, days_offset=1)"},
      {"DateRules.WeekEnd()", "self.date_rules.week_end()"},
      {"DateRules.QuarterEnd(\"SPY\")", "self.date_rules.quarter_end(\"SPY\")"},
      {"DateRules.YearStart(\"SPY\", 5, false)", "self.date_rules.year_start('SPY', 5, extended_market_hours=False)"},
      {"DateRules.On(2024, 3, 15)", "self.date_rules.on(2024, 3, 15)"},
      {"DateRules.Today", "self.date_rules.today"},
  };
  for (const auto& [cs, py] : pairs) {
    const auto& cs_ = cs;  // clang 14 cannot capture a structured binding
    CAPTURE(cs_);
    const DateRule a = parse_date_rule(cs), b = parse_date_rule(py);
    CHECK(a.name() == b.name());
    const Days da = a.dates(m.ctx, ymd(2024, 1, 1), ymd(2024, 12, 31));
    CHECK_FALSE(da.empty());
    CHECK(da == b.dates(m.ctx, ymd(2024, 1, 1), ymd(2024, 12, 31)));
  }
}
