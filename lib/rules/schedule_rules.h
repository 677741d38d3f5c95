// rules/schedule_rules.h — LEAN's DateRules and TimeRules, parsed from the text
// an algorithm writes (C# or Python spelling) and evaluated on market calendars.
//
// A date rule yields zone-less local dates; a time rule maps each date to UTC
// instants (docs/semantics.md#date-rules, #time-rules). Rule names follow LEAN's, because LEAN
// names a Train(date, time) event "<date rule name>: <time rule name>".
#pragma once
#include "calendar/exchange_hours.h"
#include "civil/civil_time.h"
#include "civil/time_zone.h"

#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace trainsim {

// A rule that cannot be parsed or that LEAN would reject (bad offset...).
// `column` is 1-based in the rule text; 0 when the error is not positional.
struct RuleError : std::runtime_error {
  RuleError(const std::string& what, size_t col) : std::runtime_error(what), column(col) {}
  size_t column;
};

struct RuleContext {
  TimeZone algorithm_zone;
  // The exchange hours of a ticker named in a rule ("SPY"). LEAN resolves an
  // unknown ticker to a USA equity; the caller decides what that means.
  std::function<const ExchangeHours&(std::string_view ticker)> hours_for;
  // Hours used by AfterMarketOpen()/BeforeMarketClose() without a symbol
  // (LEAN: SPY plus subscribed non-US-equity, non-24/7 securities).
  std::vector<const ExchangeHours*> default_hours;
  // Algorithm UTC time when the rule is created (Initialize: the start date's
  // 00:00 in the algorithm zone). Today/Tomorrow/Now read it.
  Instant now = 0;
};

class DateRule {
 public:
  struct Impl;
  explicit DateRule(std::shared_ptr<const Impl> impl);
  // LEAN's GetDates(from, to), both inclusive, ascending (Today/Tomorrow
  // ignore the range, as in LEAN). Throws RuleError where validate() would.
  std::vector<Day> dates(const RuleContext& ctx, Day from, Day to) const;
  std::string name() const;
  // Checks what LEAN checks against the symbol's schedule when the rule is
  // made (WeekStart/WeekEnd offsets); call it before simulating. Throws RuleError.
  void validate(const RuleContext& ctx) const;
  // The ticker the rule names, if any.
  std::vector<std::string> tickers() const;

 private:
  std::shared_ptr<const Impl> impl_;
};

class TimeRule {
 public:
  struct Impl;
  explicit TimeRule(std::shared_ptr<const Impl> impl);
  // Appends the UTC instants the rule gives on local date `d` (0, 1 or many).
  // `named`: hours(ctx), for a caller that asks day after day (else looked up).
  void times(const RuleContext& ctx, Day d, std::vector<Instant>& out, const ExchangeHours* named = nullptr) const;
  // The hours of the ticker the rule names (AfterMarketOpen("SPY")); null when it names none.
  const ExchangeHours* hours(const RuleContext& ctx) const;
  std::string name() const;
  // Checks what the rule needs from the context (the no-symbol market rules
  // need ctx.default_hours). Throws RuleError.
  void validate(const RuleContext& ctx) const;
  // The ticker the rule names, if any.
  std::vector<std::string> tickers() const;

 private:
  std::shared_ptr<const Impl> impl_;
};

// Parse "DateRules.Every(DayOfWeek.Sunday)", "self.date_rules.month_start(\"SPY\", 2)",
// "EveryDay(\"SPY\")", ... Throws RuleError.
// The prefix (DateRules., self.date_rules., date_rules.) is optional; methods
// are spelt as in C# (MonthStart) or Python (month_start); Python keyword and
// C# named arguments are accepted. A ticker is a string or a variable whose
// name is the ticker (spy, self.spy, self._spy.symbol).
DateRule parse_date_rule(std::string_view text);
// Parse "TimeRules.At(8, 0)", "self.time_rules.after_market_open(\"SPY\", 30)", ...
// Time spans: TimeSpan.FromMinutes(10), new TimeSpan(1, 30, 0), timedelta(minutes=10);
// zones: TimeZones.NewYork / TimeZones.NEW_YORK or a tz database name string.
TimeRule parse_time_rule(std::string_view text);

// The tickers a rule names (so the caller can load their hours before running).
std::vector<std::string> tickers_named(std::string_view rule_text);

// The occurrences of one scheduled event, produced lazily in LEAN's order
// (dates ascending, each date's times in rule order), starting at `from`.
// The dates are evaluated at construction, and so are the times of the first
// date that has any (Today/Tomorrow/Now read ctx.now then); later dates' times
// only when the stream reaches them. The constructor throws RuleError where
// validate() would. `ctx` must outlive the stream.
class OccurrenceStream {
 public:
  OccurrenceStream() = default;
  OccurrenceStream(DateRule date_rule, TimeRule time_rule, const RuleContext* ctx, Day from, Day to);
  // The same over dates a DateRule gave, shared by the streams of events
  // that have the same date rule (a hundred EveryDay("SPY") events evaluate
  // it once and keep one list).
  using Dates = std::shared_ptr<const std::vector<Day>>;
  OccurrenceStream(Dates dates, TimeRule time_rule, const RuleContext* ctx);
  // A single instant (Train(method) in Initialize: DateRules.Today + TimeRules.Now).
  static OccurrenceStream once(Instant t);
  // The instants a stream gave, computed once for many runs (`times` must
  // outlive the stream): the same sequence without evaluating the rules.
  static OccurrenceStream over(const std::vector<Instant>* times);
  // Every instant still to come, in order (the stream is used up).
  std::vector<Instant> drain();

  static constexpr Instant kNever = INT64_MAX;
  Instant peek() const { return next_; }
  void advance();
  // LEAN's SkipEventsUntil: drop occurrences strictly before t.
  void skip_until(Instant t) { while (next_ < t) advance(); }

 private:
  void refill();
  // Only the time rule is needed after construction; absent for once().
  std::optional<TimeRule> time_rule_;
  const RuleContext* ctx_ = nullptr;
  const ExchangeHours* named_hours_ = nullptr;  // the time rule's, looked up once
  Dates dates_;
  size_t date_index_ = 0;
  std::vector<Instant> times_;
  size_t time_index_ = 0;
  const std::vector<Instant>* shared_ = nullptr;  // over(): read from here
  Instant next_ = kNever;
};

}  // namespace trainsim
