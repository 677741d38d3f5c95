// rules/time_rules_test.cpp — LEAN's TimeRules against instants worked out by
// hand, across zones and DST.
#include "test_markets.h"

#include <doctest/doctest.h>

#include <string>

using namespace trainsim;
using trainsim::rules_test::utc;
using trainsim::rules_test::ymd;

namespace {
using Instants = std::vector<Instant>;
}  // namespace

TEST_CASE("time rules: At uses the algorithm zone unless given one") {
  rules_test::Markets m;
  CHECK(m.times("TimeRules.At(8, 0)", ymd(2024, 1, 10)) == Instants{utc(2024, 1, 10, 13)});
  CHECK(m.times("TimeRules.At(8, 0)", ymd(2024, 7, 10)) == Instants{utc(2024, 7, 10, 12)});
  CHECK(m.times("TimeRules.At(8, 0, 30)", ymd(2024, 1, 10)) == Instants{utc(2024, 1, 10, 13) + 30 * kSecond});
  CHECK(m.times("TimeRules.At(13, 0, TimeZones.Utc)", ymd(2024, 7, 10)) == Instants{utc(2024, 7, 10, 13)});
  CHECK(m.times("self.time_rules.at(13, 0, TimeZones.UTC)", ymd(2024, 1, 10)) == Instants{utc(2024, 1, 10, 13)});
  CHECK(m.times("TimeRules.At(8, 0, TimeZones.London)", ymd(2024, 7, 10)) == Instants{utc(2024, 7, 10, 7)});
  CHECK(m.times("TimeRules.At(TimeSpan.FromHours(9.5), TimeZones.Tokyo)", ymd(2024, 7, 10)) ==
        Instants{utc(2024, 7, 10, 0, 30)});
  CHECK(m.times("self.time_rules.at(timedelta(hours=8, minutes=30))", ymd(2024, 1, 10)) ==
        Instants{utc(2024, 1, 10, 13, 30)});
  // LEAN adds any TimeSpan to the date: At(25, 0) is the next day's 01:00.
  CHECK(m.times("TimeRules.At(25, 0)", ymd(2024, 1, 10)) == Instants{utc(2024, 1, 11, 6)});
}

TEST_CASE("time rules: local times resolve leniently across DST") {
  rules_test::Markets m;
  // 02:30 does not exist on 2024-03-10: the first instant after the gap.
  CHECK(m.times("TimeRules.At(2, 30)", ymd(2024, 3, 10)) == Instants{utc(2024, 3, 10, 7)});
  // 01:30 happens twice on 2024-11-03: the later one (EST).
  CHECK(m.times("TimeRules.At(1, 30)", ymd(2024, 11, 3)) == Instants{utc(2024, 11, 3, 6, 30)});
  CHECK(m.times("TimeRules.Midnight", ymd(2024, 3, 10)) == Instants{utc(2024, 3, 10, 5)});
  CHECK(m.times("TimeRules.Midnight", ymd(2024, 3, 11)) == Instants{utc(2024, 3, 11, 4)});
}

TEST_CASE("time rules: Noon is local midnight's UTC plus 12 hours") {
  rules_test::Markets m;
  CHECK(m.times("TimeRules.Noon", ymd(2024, 1, 10)) == Instants{utc(2024, 1, 10, 17)});
  // 13:00 EDT on the spring-forward day, 11:00 EST on the fall-back day.
  CHECK(m.times("TimeRules.Noon", ymd(2024, 3, 10)) == Instants{utc(2024, 3, 10, 17)});
  CHECK(m.times("self.time_rules.noon", ymd(2024, 11, 3)) == Instants{utc(2024, 11, 3, 16)});
  CHECK(m.ctx.algorithm_zone.to_local(utc(2024, 3, 10, 17)).time_of_day == 13 * kHour);
  CHECK(m.ctx.algorithm_zone.to_local(utc(2024, 11, 3, 16)).time_of_day == 11 * kHour);
}

TEST_CASE("time rules: Now is the algorithm's current time whatever the date") {
  rules_test::Markets m;
  m.ctx.now = utc(2024, 5, 6, 14, 7);
  CHECK(m.times("TimeRules.Now", ymd(2024, 5, 6)) == Instants{utc(2024, 5, 6, 14, 7)});
  CHECK(m.times("self.time_rules.now", ymd(2030, 1, 1)) == Instants{utc(2024, 5, 6, 14, 7)});
}

TEST_CASE("time rules: Every restarts at local midnight and follows DST") {
  rules_test::Markets m;
  CHECK(m.times("TimeRules.Every(TimeSpan.FromMinutes(10))", ymd(2024, 1, 10)).size() == 144);
  CHECK(m.times("TimeRules.Every(TimeSpan.FromHours(7))", ymd(2024, 1, 10)) ==
        Instants{utc(2024, 1, 10, 5), utc(2024, 1, 10, 12), utc(2024, 1, 10, 19), utc(2024, 1, 11, 2)});
  CHECK(m.times("TimeRules.Every(TimeSpan.FromMinutes(25))", ymd(2024, 1, 10)).back() == utc(2024, 1, 11, 4, 45));

  // Spring forward: 02:00 is skipped to 03:00 EDT, so 07:00 UTC comes twice.
  const Instants spring = m.times("TimeRules.Every(TimeSpan.FromHours(1))", ymd(2024, 3, 10));
  REQUIRE(spring.size() == 24);
  CHECK(spring[0] == utc(2024, 3, 10, 5));
  CHECK(spring[1] == utc(2024, 3, 10, 6));
  CHECK(spring[2] == utc(2024, 3, 10, 7));
  CHECK(spring[3] == utc(2024, 3, 10, 7));
  CHECK(spring[4] == utc(2024, 3, 10, 8));
  CHECK(spring[23] == utc(2024, 3, 11, 3));

  // Fall back: 01:00 is the later (EST) one, so 05:00 UTC never comes.
  const Instants fall = m.times("self.time_rules.every(timedelta(hours=1))", ymd(2024, 11, 3));
  REQUIRE(fall.size() == 24);
  CHECK(fall[0] == utc(2024, 11, 3, 4));
  CHECK(fall[1] == utc(2024, 11, 3, 6));
  CHECK(fall[2] == utc(2024, 11, 3, 7));
  CHECK(fall[23] == utc(2024, 11, 4, 4));
}

TEST_CASE("time rules: market open and close in the exchange zone") {
  rules_test::Markets m;
  CHECK(m.times("TimeRules.AfterMarketOpen(\"SPY\", 30)", ymd(2024, 1, 10)) == Instants{utc(2024, 1, 10, 15)});
  CHECK(m.times("TimeRules.AfterMarketOpen(\"SPY\", 30)", ymd(2024, 7, 10)) == Instants{utc(2024, 7, 10, 14)});
  CHECK(m.times("TimeRules.AfterMarketOpen(\"SPY\")", ymd(2024, 1, 10)) == Instants{utc(2024, 1, 10, 14, 30)});
  CHECK(m.times("TimeRules.AfterMarketOpen(\"SPY\", 30, true)", ymd(2024, 1, 10)) == Instants{utc(2024, 1, 10, 9, 30)});
  CHECK(m.times("TimeRules.BeforeMarketClose(\"SPY\", 10)", ymd(2024, 1, 10)) == Instants{utc(2024, 1, 10, 20, 50)});
  CHECK(m.times("self.time_rules.before_market_close('SPY', 10, extended_market_close=True)", ymd(2024, 1, 10)) ==
        Instants{utc(2024, 1, 11, 0, 50)});
  CHECK(m.times("TimeRules.BeforeMarketOpen(\"SPY\", 15)", ymd(2024, 1, 10)) == Instants{utc(2024, 1, 10, 14, 15)});
  CHECK(m.times("TimeRules.AfterMarketClose(\"SPY\", 5)", ymd(2024, 1, 10)) == Instants{utc(2024, 1, 10, 21, 5)});
  // No clamp to the session.
  CHECK(m.times("TimeRules.AfterMarketOpen(\"SPY\", 600)", ymd(2024, 1, 10)) == Instants{utc(2024, 1, 11, 0, 30)});
  CHECK(m.times("TimeRules.AfterMarketOpen(\"SPY\", 0.5)", ymd(2024, 1, 10)) ==
        Instants{utc(2024, 1, 10, 14, 30) + 30 * kSecond});
}

TEST_CASE("time rules: closed dates give no market time; early closes apply to both sessions") {
  rules_test::Markets m;
  CHECK(m.times("TimeRules.AfterMarketOpen(\"SPY\", 30)", ymd(2024, 1, 15)).empty());  // MLK Day
  CHECK(m.times("TimeRules.AfterMarketOpen(\"SPY\", 30)", ymd(2024, 1, 13)).empty());  // Saturday
  CHECK(m.times("TimeRules.BeforeMarketClose(\"SPY\")", ymd(2024, 12, 25)).empty());
  // Day after Thanksgiving closes at 13:00 New York.
  CHECK(m.times("TimeRules.BeforeMarketClose(\"SPY\", 10)", ymd(2024, 11, 29)) == Instants{utc(2024, 11, 29, 17, 50)});
  CHECK(m.times("TimeRules.BeforeMarketClose(\"SPY\", 10, true)", ymd(2024, 11, 29)) ==
        Instants{utc(2024, 11, 29, 17, 50)});
  CHECK(m.times("TimeRules.AfterMarketClose(\"SPY\")", ymd(2024, 7, 3)) == Instants{utc(2024, 7, 3, 17)});
}

TEST_CASE("time rules: a 24/7 market opens at midnight and closes at the next") {
  rules_test::Markets m;
  CHECK(m.times("TimeRules.AfterMarketOpen(\"BTCUSD\", 30)", ymd(2024, 3, 10)) == Instants{utc(2024, 3, 10, 0, 30)});
  CHECK(m.times("TimeRules.BeforeMarketClose(\"BTCUSD\", 10)", ymd(2024, 3, 10)) ==
        Instants{utc(2024, 3, 10, 23, 50)});
}

TEST_CASE("time rules: no-symbol open and close use the default hours") {
  rules_test::Markets m;
  CHECK(m.times("TimeRules.AfterMarketOpen()", ymd(2024, 1, 10)) == Instants{utc(2024, 1, 10, 14, 30)});
  CHECK(m.times("TimeRules.AfterMarketOpen()", ymd(2024, 1, 15)).empty());

  // London opens first and New York closes last; on a US holiday only London trades.
  m.ctx.default_hours = {&m.spy, &m.lse};
  CHECK(m.times("TimeRules.AfterMarketOpen()", ymd(2024, 1, 10)) == Instants{utc(2024, 1, 10, 8)});
  CHECK(m.times("self.time_rules.after_market_open(30)", ymd(2024, 1, 10)) == Instants{utc(2024, 1, 10, 8, 30)});
  CHECK(m.times("TimeRules.BeforeMarketClose()", ymd(2024, 1, 10)) == Instants{utc(2024, 1, 10, 21)});
  CHECK(m.times("TimeRules.BeforeMarketClose(minutesBeforeClose: 5)", ymd(2024, 1, 15)) ==
        Instants{utc(2024, 1, 15, 16, 25)});

  m.ctx.default_hours.clear();
  const RuleError e = rules_test::error_of([&] { m.times("TimeRules.AfterMarketOpen()", ymd(2024, 1, 10)); });
  CHECK(std::string(e.what()) ==
        "TimeRules.AfterMarketOpen() without a symbol needs the default market hours (SPY), and none are configured");
  CHECK(e.column == 11);
  CHECK_NOTHROW(parse_time_rule("TimeRules.AfterMarketOpen(\"SPY\")").validate(m.ctx));
}

TEST_CASE("time rules: C# and Python spellings give the same times") {
  rules_test::Markets m;
  const std::pair<const char*, const char*> pairs[] = {
      {"TimeRules.At(8, 0)", "self.time_rules.at(8, 0)"},
      {"TimeRules.At(8, 30, 15)", "time_rules.at(hour=8, minute=30, second=15)"},
      {"TimeRules.At(13, 0, TimeZones.Utc)", "self.time_rules.at(13, 0, TimeZones.UTC)"},
      {"TimeRules.At(new TimeSpan(9, 45, 0))", "self.time_rules.at(timedelta(hours=9, minutes=45))"},
      {"TimeRules.Midnight", "self.time_rules.midnight"},
      {"TimeRules.Noon", "self.time_rules.noon"},
      {"TimeRules.Now", "self.time_rules.now"},
      {"TimeRules.Every(TimeSpan.FromMinutes(10))", "self.time_rules.every(timedelta(minutes=10))"},
      {"TimeRules.AfterMarketOpen(\"SPY\", 30)", "self.time_rules.after_market_open(self.spy, minutes_after_open=30)"},
      {"TimeRules.BeforeMarketClose(\"SPY\", 10, extendedMarketClose: true)",
       "self.time_rules.before_market_close('SPY', 10, extended_market_close=True)"},
      {"TimeRules.BeforeMarketOpen(\"SPY\", 5)", "before_market_open(spy, 5)"},
      {"TimeRules.AfterMarketClose(\"SPY\", 5)", "self.time_rules.after_market_close(\"SPY\", minutes_after_close=5)"},
  };
  for (const auto& [cs, py] : pairs) {
    const auto& cs_ = cs;  // clang 14 cannot capture a structured binding
    CAPTURE(cs_);
    const TimeRule a = parse_time_rule(cs), b = parse_time_rule(py);
    CHECK(a.name() == b.name());
    for (Day d : {ymd(2024, 1, 10), ymd(2024, 3, 10), ymd(2024, 11, 29)}) {
      Instants ta, tb;
      a.times(m.ctx, d, ta);
      b.times(m.ctx, d, tb);
      CHECK(ta == tb);
      if (d != ymd(2024, 3, 10)) CHECK_FALSE(ta.empty());  // Sunday: no market times
    }
  }
}
