// rules/rule_parser_test.cpp — the rule grammar: calls, arguments, errors with
// their column.
#include "rules/rule_parser.h"
#include "test_markets.h"

#include <doctest/doctest.h>

#include <string>

using namespace trainsim;
using namespace trainsim::rules;
using trainsim::rules_test::error_of;

namespace {
RuleError date_error(std::string_view text) {
  return error_of([&] { parse_date_rule(text); });
}
RuleError time_error(std::string_view text) {
  return error_of([&] { parse_time_rule(text); });
}
}  // namespace

TEST_CASE("rules: the expression parser keeps paths, named arguments and columns") {
  const Expr e = parse_expression("self.date_rules.month_start('SPY', days_offset=2, extended_market_hours=False)");
  REQUIRE(e.kind == Expr::Kind::Call);
  CHECK(e.path == std::vector<std::string>{"self", "date_rules", "month_start"});
  CHECK(e.path_columns == std::vector<size_t>{1, 6, 17});
  REQUIRE(e.args.size() == 3);
  CHECK(e.args[0].value.kind == Expr::Kind::String);
  CHECK(e.args[0].value.text == "SPY");
  CHECK(e.args[1].name == "days_offset");
  CHECK(e.args[1].value.integer == 2);
  CHECK(e.args[1].value.column == 48);
  CHECK(e.args[2].value.kind == Expr::Kind::Bool);
  CHECK_FALSE(e.args[2].value.boolean);

  const Expr n = parse_expression("  new TimeSpan(1, -30, 0)  ");
  CHECK(n.is_new);
  CHECK(n.column == 3);
  CHECK(n.args[1].value.integer == -30);

  const Expr c = parse_expression("TimeRules.AfterMarketOpen(symbol: _spy, minutesAfterOpen: 2.5)");
  CHECK(c.args[0].name == "symbol");
  CHECK(c.args[0].value.path == std::vector<std::string>{"_spy"});
  CHECK_FALSE(c.args[1].value.integral);
  CHECK(c.args[1].value.number == 2.5);
}

TEST_CASE("rules: names normalise across C# and Python spellings") {
  CHECK(normalize("days_offset") == "daysoffset");
  CHECK(normalize("daysOffset") == "daysoffset");
  CHECK(snake_case("AfterMarketOpen") == "after_market_open");
  CHECK(snake_case("EveryDay") == "every_day");
  CHECK(closest("MonthStrat", {"MonthStart", "MonthEnd"}) == "MonthStart");
  CHECK(closest("Fortnight", {"MonthStart", "MonthEnd"}).empty());
}

TEST_CASE("rules: .NET's 0.## formatting, half away from zero") {
  CHECK(format_hundredths(8 * kHour, kHour) == "8");
  CHECK(format_hundredths(8 * kHour + 30 * kMinute, kHour) == "8.5");
  CHECK(format_hundredths(8 * kHour + 20 * kMinute, kHour) == "8.33");
  CHECK(format_hundredths(8 * kHour + 7 * kMinute + 30 * kSecond, kHour) == "8.13");
  CHECK(format_hundredths(120 * kMinute, kMinute) == "120");
  CHECK(format_hundredths(30 * kSecond, kMinute) == "0.5");
  CHECK(format_hundredths(-90 * kMinute, kHour) == "-1.5");
  CHECK(format_hundredths(0, kMinute) == "0");
}

TEST_CASE("rules: argument values in both spellings") {
  CHECK(as_time_span(parse_expression("TimeSpan.FromHours(2)"), "x") == 2 * kHour);
  CHECK(as_time_span(parse_expression("TimeSpan.FromMinutes(10)"), "x") == 10 * kMinute);
  CHECK(as_time_span(parse_expression("TimeSpan.FromSeconds(1.5)"), "x") == 1500 * 1000);
  CHECK(as_time_span(parse_expression("new TimeSpan(1, 30, 0)"), "x") == 90 * kMinute);
  CHECK(as_time_span(parse_expression("new TimeSpan(1, 2, 0, 0)"), "x") == 26 * kHour);
  CHECK(as_time_span(parse_expression("timedelta(minutes=10)"), "x") == 10 * kMinute);
  CHECK(as_time_span(parse_expression("datetime.timedelta(hours=1, minutes=30)"), "x") == 90 * kMinute);
  CHECK(as_time_span(parse_expression("timedelta(1)"), "x") == kDay);
  CHECK(as_time_span(parse_expression("TimeSpan.Zero"), "x") == 0);

  CHECK(as_ticker(parse_expression("\"spy\""), "x") == "SPY");
  CHECK(as_ticker(parse_expression("'QQQ'"), "x") == "QQQ");
  CHECK(as_ticker(parse_expression("spy"), "x") == "SPY");
  CHECK(as_ticker(parse_expression("self.spy"), "x") == "SPY");
  CHECK(as_ticker(parse_expression("self._spy.symbol"), "x") == "SPY");
  CHECK(as_ticker(parse_expression("_aapl.Symbol"), "x") == "AAPL");

  CHECK(as_weekday(parse_expression("DayOfWeek.Sunday")) == 0);
  CHECK(as_weekday(parse_expression("DayOfWeek.THURSDAY")) == 4);
  CHECK(as_weekday(parse_expression("System.DayOfWeek.Saturday")) == 6);

  CHECK(as_time_zone(parse_expression("TimeZones.NewYork")).name() == "America/New_York");
  CHECK(as_time_zone(parse_expression("TimeZones.NEW_YORK")).name() == "America/New_York");
  CHECK(as_time_zone(parse_expression("TimeZones.UTC")).name() == "UTC");
  CHECK(as_time_zone(parse_expression("TimeZones.Utc")).name() == "UTC");
  CHECK(as_time_zone(parse_expression("\"Asia/Tokyo\"")).name() == "Asia/Tokyo");
  CHECK(as_time_zone(parse_expression("QuantConnect.TimeZones.Chicago")).name() == "America/Chicago");
  CHECK(as_time_zone(parse_expression("DateTimeZone.Utc")).name() == "UTC");

  CHECK(as_date(parse_expression("new DateTime(2024, 3, 15)")) == rules_test::ymd(2024, 3, 15));
  CHECK(as_date(parse_expression("datetime(2024, 3, 15, 10, 30)")) == rules_test::ymd(2024, 3, 15));
  CHECK(as_date(parse_expression("date(year=2024, month=2, day=29)")) == rules_test::ymd(2024, 2, 29));
}

TEST_CASE("rules: syntax errors point at the offending column") {
  auto e = date_error("DateRules.MonthStart(\"SPY");
  CHECK(std::string(e.what()) == "unterminated string");
  CHECK(e.column == 22);

  e = date_error("DateRules.EveryDay(");
  CHECK(std::string(e.what()) == "unexpected end of the rule");
  CHECK(e.column == 20);

  e = time_error("TimeRules.At(8, 0) x");
  CHECK(std::string(e.what()) == "unexpected 'x' after the rule");
  CHECK(e.column == 20);

  e = time_error("TimeRules.AfterMarketOpen(\"SPY\", 30m)");
  CHECK(std::string(e.what()) == "unexpected character 'm' in a number");
  CHECK(e.column == 36);

  e = date_error("DateRules.MonthStart(symbol=\"SPY\", 2)");
  CHECK(std::string(e.what()) == "positional argument after a named one");
  CHECK(e.column == 36);

  e = date_error("DateRules.Every(DayOfWeek.Monday; DayOfWeek.Friday)");
  CHECK(std::string(e.what()) == "unexpected character ';'");
  CHECK(e.column == 33);

  e = date_error("   ");
  CHECK(std::string(e.what()) == "empty rule");
  CHECK(e.column == 1);

  // Fuzzing found `new` alone read past an empty name (tests/fuzz/regressions/rules/new-without-a-type).
  for (const char* text : {"new", "new(8, 0)", "TimeRules.At(new)"}) {
    e = time_error(text);
    CHECK(std::string(e.what()) == "expected a type name after 'new'");
  }
  CHECK(time_error("TimeRules.At(new)").column == 17);  // the `)` where the name should be
}

TEST_CASE("rules: unknown and misspelt rules name the method's column") {
  auto e = date_error("DateRules.MonthStrat(\"SPY\")");
  CHECK(std::string(e.what()) == "unknown date rule 'MonthStrat'; did you mean 'MonthStart'?");
  CHECK(e.column == 11);

  e = date_error("self.date_rules.month_strat(\"SPY\")");
  CHECK(std::string(e.what()) == "unknown date rule 'month_strat'; did you mean 'month_start'?");
  CHECK(e.column == 17);

  e = date_error("DateRules.monthStart()");
  CHECK(std::string(e.what()) == "write DateRules.MonthStart (C#) or month_start (Python), not 'monthStart'");
  CHECK(e.column == 11);

  e = time_error("TimeRules.Fortnightly()");
  CHECK(std::string(e.what()) == "unknown time rule 'Fortnightly'");
  CHECK(e.column == 11);

  e = date_error("TimeRules.At(8, 0)");
  CHECK(std::string(e.what()) == "TimeRules.At is a time rule; a date rule is expected here");
  CHECK(e.column == 1);

  e = date_error("At(8, 0)");
  CHECK(std::string(e.what()) == "'At' is a time rule; a date rule is expected here");
  CHECK(e.column == 1);

  e = time_error("self.date_rules.every_day()");
  CHECK(std::string(e.what()) == "DateRules.every_day is a date rule; a time rule is expected here");
  CHECK(e.column == 6);

  e = date_error("Foo.MonthStart()");
  CHECK(e.column == 1);
  CHECK(std::string(e.what()).starts_with("unknown rule prefix 'Foo'"));

  e = date_error("DateRules.Today()");
  CHECK(std::string(e.what()) == "DateRules.Today is a property: remove the parentheses");
  CHECK(e.column == 11);

  e = date_error("DateRules.EveryDay");
  CHECK(std::string(e.what()) == "DateRules.EveryDay is a method: add the parentheses, e.g. EveryDay()");
  CHECK(e.column == 11);

  e = time_error("self.time_rules.now()");
  CHECK(std::string(e.what()) == "TimeRules.Now is a property: remove the parentheses");
  CHECK(e.column == 17);
}

TEST_CASE("rules: bad arguments name the argument's column") {
  auto e = date_error("DateRules.Every(DayOfWeek.Mondey)");
  CHECK(std::string(e.what()) == "unknown day of week 'Mondey'");
  CHECK(e.column == 27);

  e = time_error("TimeRules.At(8.5, 0)");
  CHECK(std::string(e.what()) == "TimeRules.At(): hour must be an integer");
  CHECK(e.column == 14);

  e = time_error("TimeRules.At(8)");
  CHECK(std::string(e.what()) == "TimeRules.At(): missing argument 'minute'");
  CHECK(e.column == 15);

  e = time_error("TimeRules.At(2147483647, 0)");
  CHECK(std::string(e.what()) == "time span out of range");
  CHECK(e.column == 14);

  e = time_error("TimeRules.At(8, 0, TimeZones.Mars)");
  CHECK(std::string(e.what()) == "unknown time zone TimeZones.Mars");
  CHECK(e.column == 30);

  e = date_error("DateRules.MonthStart(\"SPY\", offset=2)");
  CHECK(std::string(e.what()) ==
        "DateRules.MonthStart() has no argument 'offset' (it takes symbol, daysOffset, extendedMarketHours)");
  CHECK(e.column == 29);

  e = date_error("DateRules.MonthStart(\"SPY\", 1, True, 4)");
  CHECK(std::string(e.what()) == "DateRules.MonthStart() takes at most 3 arguments");
  CHECK(e.column == 38);

  e = date_error("DateRules.On(2024, 2, 30)");
  CHECK(std::string(e.what()) == "Year, Month, and Day parameters describe an un-representable DateTime.");
  CHECK(e.column == 14);

  e = time_error("TimeRules.BeforeMarketOpen(30)");
  CHECK(std::string(e.what()) == "TimeRules.BeforeMarketOpen(): symbol must be a ticker such as \"SPY\"");
  CHECK(e.column == 28);

  e = date_error("DateRules.EveryDay(\"\")");
  CHECK(std::string(e.what()) == "DateRules.EveryDay(): symbol is an empty ticker");
  CHECK(e.column == 20);

  e = time_error("TimeRules.Every(TimeSpan.FromMinutes(0))");
  CHECK(std::string(e.what()) == "TimeRules.Every(): time span interval can not be zero or less");
  CHECK(e.column == 17);

  e = time_error("self.time_rules.every(timedelta(minutes=-5))");
  CHECK(std::string(e.what()) == "TimeRules.Every(): time span interval can not be zero or less");
  CHECK(e.column == 23);

  e = time_error("TimeRules.Every(10)");
  CHECK(std::string(e.what()).starts_with("TimeRules.Every(): interval must be a time span"));
  CHECK(e.column == 17);
}

TEST_CASE("rules: LEAN's offset range errors, with LEAN's texts") {
  auto e = date_error("DateRules.MonthStart(\"SPY\", 31)");
  CHECK(std::string(e.what()) == "DateRules.MonthStart() : Offset must be between 0 and 30");
  CHECK(e.column == 29);

  e = date_error("self.date_rules.month_end('SPY', -1)");
  CHECK(std::string(e.what()) == "DateRules.MonthEnd() : Offset must be between 0 and 30");
  CHECK(e.column == 34);

  e = date_error("DateRules.WeekEnd(7)");
  CHECK(std::string(e.what()) == "DateRules.WeekEnd() : Offset must be between 0 and 6");
  CHECK(e.column == 19);

  e = date_error("DateRules.WeekStart(-1)");
  CHECK(std::string(e.what()) == "DateRules.WeekStart() : Offset must be between 0 and 6");

  e = date_error("self.date_rules.year_start(366)");
  CHECK(std::string(e.what()) == "DateRules.YearStart() : Offset must be between 0 and 365");
  CHECK(e.column == 28);

  e = date_error("DateRules.QuarterEnd(\"SPY\", 93)");
  CHECK(std::string(e.what()) == "DateRules.QuarterEnd() : Offset must be between 0 and 92");
  CHECK(e.column == 29);

  // LEAN leaves these unchecked.
  CHECK(parse_date_rule("DateRules.MonthStart(45)").name() == "MonthStart+45");
  CHECK(parse_date_rule("DateRules.WeekStart(\"SPY\", -2)").name() == "SPY: WeekStart-2");

  // The weekly symbol bound depends on the schedule, so validate() checks it.
  rules_test::Markets m;
  e = error_of([&] { parse_date_rule("DateRules.WeekStart(\"SPY\", 5)").validate(m.ctx); });
  CHECK(std::string(e.what()) ==
        "DateRules.WeekStart() : Monday+5 is out of range for SPY's schedule, please use an offset between 0 - 4; "
        "Schedule : Monday, Tuesday, Wednesday, Thursday, Friday");
  CHECK(e.column == 28);
  e = error_of([&] { m.dates("DateRules.WeekEnd(\"BTCUSD\", 7)", rules_test::ymd(2024, 1, 1), rules_test::ymd(2024, 2, 1)); });
  CHECK(std::string(e.what()) ==
        "DateRules.WeekEnd() : Saturday-7 is out of range for BTCUSD's schedule, please use an offset between 0 - 6; "
        "Schedule : Sunday, Monday, Tuesday, Wednesday, Thursday, Friday, Saturday");
  CHECK_NOTHROW(parse_date_rule("DateRules.WeekEnd(\"SPY\", 4)").validate(m.ctx));
}

TEST_CASE("rules: names as LEAN prints them") {
  auto date = [](std::string_view t) { return parse_date_rule(t).name(); };
  auto time = [](std::string_view t) { return parse_time_rule(t).name(); };
  CHECK(date("DateRules.Every(DayOfWeek.Sunday)") == "Sunday");
  CHECK(date("DateRules.Every(DayOfWeek.Monday, DayOfWeek.Thursday)") == "Monday,Thursday");
  CHECK(date("self.date_rules.every([DayOfWeek.MONDAY, DayOfWeek.FRIDAY])") == "Monday,Friday");
  CHECK(date("DateRules.EveryDay()") == "EveryDay");
  CHECK(date("DateRules.EveryDay(\"SPY\")") == "SPY: EveryDay");
  CHECK(date("DateRules.MonthStart()") == "MonthStart");
  CHECK(date("DateRules.MonthStart(\"SPY\", 2)") == "SPY: MonthStart+2");
  CHECK(date("DateRules.MonthEnd(3)") == "MonthEnd-3");
  CHECK(date("self.date_rules.week_end(self.spy, 1)") == "SPY: WeekEnd-1");
  CHECK(date("DateRules.QuarterStart(\"SPY\")") == "SPY: QuarterStart");
  CHECK(date("DateRules.YearEnd(5)") == "YearEnd-5");
  CHECK(date("DateRules.Today") == "TodayOnly");
  CHECK(date("self.date_rules.tomorrow") == "TomorrowOnly");
  CHECK(date("DateRules.On(2024, 3, 15)") == "03/15/2024");
  CHECK(date("DateRules.On(new DateTime(2024, 3, 15), new DateTime(2024, 1, 2))") == "03/15/2024,01/02/2024");

  CHECK(time("TimeRules.At(8, 0)") == "8");
  CHECK(time("TimeRules.At(8, 30)") == "8.5");
  CHECK(time("TimeRules.At(13, 0, TimeZones.Utc)") == "13");
  CHECK(time("TimeRules.At(TimeSpan.FromHours(8.25))") == "8.25");
  CHECK(time("TimeRules.Midnight") == "Midnight");
  CHECK(time("self.time_rules.noon") == "Noon");
  CHECK(time("TimeRules.Now") == "Now");
  CHECK(time("TimeRules.Every(TimeSpan.FromMinutes(10))") == "Every 10 min");
  CHECK(time("self.time_rules.every(timedelta(hours=2))") == "Every 120 min");
  CHECK(time("TimeRules.Every(new TimeSpan(1, 30, 0))") == "Every 90 min");
  CHECK(time("TimeRules.AfterMarketOpen(\"SPY\", 30)") == "SPY: 30 min after MarketOpen");
  CHECK(time("TimeRules.AfterMarketOpen(\"SPY\")") == "SPY: 0 min before MarketOpen");
  CHECK(time("self.time_rules.after_market_open(self.spy, 2.5, extended_market_open=True)") ==
        "SPY: 2.5 min after ExtendedMarketOpen");
  CHECK(time("TimeRules.BeforeMarketClose(\"SPY\", 10)") == "SPY: 10 min before MarketClose");
  CHECK(time("TimeRules.BeforeMarketOpen(\"SPY\", 15)") == "SPY: 15 min before MarketOpen");
  CHECK(time("TimeRules.AfterMarketClose(\"SPY\", 5, true)") == "SPY: 5 min after ExtendedMarketClose");
  CHECK(time("TimeRules.AfterMarketOpen(30)") == "30 min after MarketOpen");
}

TEST_CASE("rules: tickers_named finds the symbols a rule needs") {
  CHECK(tickers_named("TimeRules.AfterMarketOpen(self.spy, 30)") == std::vector<std::string>{"SPY"});
  CHECK(tickers_named("self.date_rules.every_day('qqq')") == std::vector<std::string>{"QQQ"});
  CHECK(tickers_named("DateRules.MonthEnd(symbol: \"IWM\", daysOffset: 1)") == std::vector<std::string>{"IWM"});
  CHECK(tickers_named("BeforeMarketClose(\"TLT\", 5)") == std::vector<std::string>{"TLT"});
  CHECK(tickers_named("Every(DayOfWeek.Monday)").empty());
  CHECK(tickers_named("Every(TimeSpan.FromHours(1))").empty());
  CHECK(tickers_named("TimeRules.AfterMarketOpen()").empty());
  const RuleError e = error_of([] { tickers_named("DateRules.Every(DayOfWeek.Mondey)"); });
  CHECK(std::string(e.what()) == "unknown day of week 'Mondey'");
  CHECK(e.column == 27);
}

TEST_CASE("rules: nesting deeper than the bound is refused with the column, not a stack overflow") {
  const std::string lists = "TimeRules.At(" + std::string(10000, '[') + std::string(10000, ']') + ")";
  const RuleError e = time_error(lists);
  CHECK(std::string(e.what()).find("nested more than 64 levels deep") != std::string::npos);
  // TimeRules.At( is columns 1..13; the 64th '[' (depth 65, counting the call) is column 13 + 64.
  CHECK(e.column == 13 + 64);
  std::string calls = "TimeRules.At(";
  for (int i = 0; i < 10000; ++i) calls += "f(";
  calls += std::string(10001, ')');
  CHECK(std::string(time_error(calls).what()).find("levels deep") != std::string::npos);
  // A real rule's nesting is untouched.
  std::string ok = "TimeRules.At(" + std::string(60, '[') + "1" + std::string(60, ']') + ")";
  CHECK_NOTHROW(parse_expression(ok));
}
