// rules/rule_parser.h — internal: the call expression an algorithm writes, and
// the typed values (tickers, weekdays, time spans, zones, dates) its arguments
// denote in C# or Python spelling. Used by lib/rules, and by lib/algorithm to
// read dates and zones with the same code.
#pragma once
#include "civil/civil_time.h"
#include "civil/time_zone.h"
#include "rules/schedule_rules.h"

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace trainsim::rules {

struct Arg;

// One node of `DateRules.MonthStart("SPY", days_offset=2)`. Columns are 1-based.
struct Expr {
  enum class Kind { Number, String, Bool, Name, Call, List };
  Kind kind = Kind::Name;
  size_t column = 0;

  double number = 0;          // Number
  bool integral = false;      // Number written without '.' or exponent
  std::int64_t integer = 0;   // Number, when integral
  std::string text;           // String (unquoted)
  bool boolean = false;       // Bool

  // Name and Call: the dotted path ("self", "date_rules", "month_start").
  std::vector<std::string> path;
  std::vector<size_t> path_columns;
  bool is_new = false;        // C# `new TimeSpan(...)`
  std::vector<Arg> args;      // Call arguments, List items (unnamed)
  size_t close_column = 0;    // Call / List: the closing bracket

  const std::string& last() const { return path.back(); }
  size_t last_column() const { return path_columns.back(); }
};

struct Arg {
  std::string name;           // empty when positional
  size_t name_column = 0;
  Expr value;
};

// The whole text must be one expression, read by the one grammar
// (grammar/expression.h) and checked strictly; lists and calls nest at most
// grammar::kMaxNesting deep. Throws RuleError at the column to fix.
Expr parse_expression(std::string_view text);

[[noreturn]] void fail(const std::string& message, size_t column);

// Lower case without underscores: "days_offset", "daysOffset" -> "daysoffset".
std::string normalize(std::string_view name);
// "MonthStart" -> "month_start".
std::string snake_case(std::string_view pascal);

// Which helper class a rule's dotted prefix names.
enum class RuleFamily { Unspecified, Date, Time };
// The family `self.date_rules.month_start` names by its prefix (the part before
// the method); throws on a prefix that is neither. `prefix_column` is the
// column of the family's name, 0 when unspecified.
RuleFamily rule_family(const Expr& e, size_t& prefix_column);

// Binds a call's arguments to parameter names (C# camelCase; Python's
// snake_case matches too). Result[i] is null when parameter i was not given.
struct Param {
  const char* name;
  bool required = false;
};
std::vector<const Expr*> bind_args(const Expr& call, std::string_view method,
                                   std::initializer_list<Param> params);

// Argument values. Each throws RuleError at the argument's column.
int as_int(const Expr& e, std::string_view what);
double as_number(const Expr& e, std::string_view what);
bool as_bool(const Expr& e, std::string_view what);
std::string as_ticker(const Expr& e, std::string_view what);
int as_weekday(const Expr& e);                         // 0 = Sunday
Micros as_time_span(const Expr& e, std::string_view what);
TimeZone as_time_zone(const Expr& e);
Day as_date(const Expr& e);

// What an argument looks like, to choose between LEAN's overloads.
bool looks_like_ticker(const Expr& e);
bool looks_like_time_span(const Expr& e);
bool looks_like_time_zone(const Expr& e);
bool looks_like_number(const Expr& e);

// Whether a call names the argument `param` (LEAN's parameter names, any case).
bool has_named(const Expr& call, const char* param);
// The symbol overloads of LEAN's rules take (symbol, ...): a named `symbol`,
// or a ticker-like first positional argument.
bool symbol_overload(const Expr& call);

// C#'s DayOfWeek names: 0 = "Sunday".
std::string weekday_name(int weekday);

// The PascalCase name of the rule method `e` calls or names ("MonthStart" for
// `self.date_rules.month_start(...)`). Throws for a rule of the other family,
// an unknown or misspelt name, a property called like a method and vice versa.
std::string rule_method(const Expr& e, RuleFamily want);

// .NET's "0.##" of value / unit, rounded half away from zero: 8.5, 120, -0.25.
std::string format_hundredths(std::int64_t value, std::int64_t unit);

// The closest of `names` to `word` within edit distance 2, or empty.
std::string closest(std::string_view word, const std::vector<std::string>& names);

}  // namespace trainsim::rules
