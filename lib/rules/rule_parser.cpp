// rules/rule_parser.cpp — the typed arguments of a DateRules/TimeRules call
// expression (tickers, weekdays, time spans, zones, dates) and its method;
// the expression itself is read in rule_expression.cpp.
#include "rules/rule_parser.h"

#include "input/input_error.h"
#include "input/nearest.h"
#include "text/ascii_case.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>

namespace trainsim::rules {
namespace {

bool path_is(const Expr& e, std::initializer_list<const char*> normalized_prefix) {
  if (e.path.size() < normalized_prefix.size()) return false;
  size_t i = 0;
  for (const char* p : normalized_prefix)
    if (normalize(e.path[i++]) != p) return false;
  return true;
}

// The namespace an argument's dotted name starts with, `System.` dropped.
std::string head(const Expr& e) {
  if (e.path.empty()) return "";
  const size_t i = (e.path.size() > 1 && normalize(e.path[0]) == "system") ? 1 : 0;
  return normalize(e.path[i]);
}

// TimeZones.X or QuantConnect.TimeZones.X.
bool names_time_zones_member(const Expr& e) {
  return e.kind == Expr::Kind::Name && ((e.path.size() == 2 && path_is(e, {"timezones"})) ||
                                        (e.path.size() == 3 && path_is(e, {"quantconnect", "timezones"})));
}

struct ZoneName {
  const char* normalized;
  const char* tzdb;
};
// QuantConnect.TimeZones (Common/TimeZones.cs), by normalized member name so
// Python's TimeZones.NEW_YORK matches C#'s TimeZones.NewYork.
constexpr ZoneName kTimeZones[] = {
    {"utc", "UTC"},
    {"newyork", "America/New_York"},
    {"easternstandard", "UTC-05"},
    {"london", "Europe/London"},
    {"hongkong", "Asia/Hong_Kong"},
    {"tokyo", "Asia/Tokyo"},
    {"rome", "Europe/Rome"},
    {"sydney", "Australia/Sydney"},
    {"vancouver", "America/Vancouver"},
    {"toronto", "America/Toronto"},
    {"chicago", "America/Chicago"},
    {"chicao", "America/Chicago"},  // LEAN's historical misspelling
    {"losangeles", "America/Los_Angeles"},
    {"phoenix", "America/Phoenix"},
    {"auckland", "Pacific/Auckland"},
    {"moscow", "Europe/Moscow"},
    {"madrid", "Europe/Madrid"},
    {"buenosaires", "America/Argentina/Buenos_Aires"},
    {"brisbane", "Australia/Brisbane"},
    {"saopaulo", "America/Sao_Paulo"},
    {"cairo", "Africa/Cairo"},
    {"johannesburg", "Africa/Johannesburg"},
    {"anchorage", "America/Anchorage"},
    {"denver", "America/Denver"},
    {"detroit", "America/Detroit"},
    {"mexicocity", "America/Mexico_City"},
    {"jerusalem", "Asia/Jerusalem"},
    {"shanghai", "Asia/Shanghai"},
    {"melbourne", "Australia/Melbourne"},
    {"amsterdam", "Europe/Amsterdam"},
    {"athens", "Europe/Athens"},
    {"berlin", "Europe/Berlin"},
    {"bucharest", "Europe/Bucharest"},
    {"dublin", "Europe/Dublin"},
    {"helsinki", "Europe/Helsinki"},
    {"istanbul", "Europe/Istanbul"},
    {"minsk", "Europe/Minsk"},
    {"paris", "Europe/Paris"},
    {"zurich", "Europe/Zurich"},
    {"honolulu", "Pacific/Honolulu"},
};

constexpr const char* kWeekdays[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                     "Thursday", "Friday", "Saturday"};

struct Method {
  const char* name;
  bool property;
};
// LEAN's DateRules and TimeRules members; properties take no parentheses.
const std::vector<Method> kDateMethods = {
    {"EveryDay", false},
    {"Every", false},
    {"On", false},
    {"Today", true},
    {"Tomorrow", true},
    {"MonthStart", false},
    {"MonthEnd", false},
    {"WeekStart", false},
    {"WeekEnd", false},
    {"QuarterStart", false},
    {"QuarterEnd", false},
    {"YearStart", false},
    {"YearEnd", false},
};
const std::vector<Method> kTimeMethods = {
    {"At", false},
    {"Midnight", true},
    {"Noon", true},
    {"Now", true},
    {"Every", false},
    {"AfterMarketOpen", false},
    {"BeforeMarketClose", false},
    {"BeforeMarketOpen", false},
    {"AfterMarketClose", false},
};

const Method* find_method(const std::vector<Method>& set, std::string_view name, bool exact) {
  for (const Method& m : set) {
    if (exact ? (name == m.name || name == snake_case(m.name)) : normalize(name) == normalize(m.name))
      return &m;
  }
  return nullptr;
}

std::int64_t checked_micros(double value, double unit, size_t column) {
  const double micros = value * unit;
  // TimeSpan's range is about ±29,000 years; anything near it is a mistake here.
  if (!std::isfinite(micros) || std::fabs(micros) > 1e17) fail("time span out of range", column);
  return std::llround(micros);
}


}  // namespace

void fail(const std::string& message, size_t column) { throw RuleError(message, column); }

std::string normalize(std::string_view name) { return folded_name(name); }

std::string snake_case(std::string_view pascal) {
  std::string out;
  for (size_t i = 0; i < pascal.size(); ++i) {
    const auto c = static_cast<unsigned char>(pascal[i]);
    if (std::isupper(c) && i > 0) out += '_';
    out += static_cast<char>(std::tolower(c));
  }
  return out;
}

RuleFamily rule_family(const Expr& e, size_t& prefix_column) {
  prefix_column = 0;
  const size_t n = e.path.size() - 1;  // components before the method
  size_t i = 0;
  if (i < n && (normalize(e.path[i]) == "self" || normalize(e.path[i]) == "this")) ++i;
  if (i < n && normalize(e.path[i]) == "schedule") ++i;
  if (i == n && n == 0) return RuleFamily::Unspecified;
  if (i + 1 == n) {
    const std::string p = normalize(e.path[i]);
    prefix_column = e.path_columns[i];
    if (p == "daterules") return RuleFamily::Date;
    if (p == "timerules") return RuleFamily::Time;
  }
  const size_t bad = std::min(i, n - 1);
  fail("unknown rule prefix '" + e.path[bad] +
           "': write DateRules./TimeRules. (C#), self.date_rules./self.time_rules. (Python), or no prefix",
       e.path_columns[bad]);
}

std::vector<const Expr*> bind_args(const Expr& call, std::string_view method,
                                   std::initializer_list<Param> params) {
  std::vector<const Expr*> out(params.size(), nullptr);
  const Param* p = params.begin();
  size_t positional = 0;
  for (const Arg& a : call.args) {
    if (a.name.empty()) {
      if (positional >= params.size())
        fail(std::string(method) + "() takes at most " + std::to_string(params.size()) +
                 (params.size() == 1 ? " argument" : " arguments"),
             a.value.column);
      out[positional++] = &a.value;
      continue;
    }
    const std::string want = normalize(a.name);
    size_t k = 0;
    while (k < params.size() && normalize(p[k].name) != want) ++k;
    if (k == params.size()) {
      std::string names;
      for (const Param& q : params) names += std::string(names.empty() ? "" : ", ") + q.name;
      fail(std::string(method) + "() has no argument '" + a.name + "'" +
               (names.empty() ? "" : " (it takes " + names + ")"),
           a.name_column);
    }
    if (out[k]) fail("argument '" + a.name + "' given twice", a.name_column);
    out[k] = &a.value;
  }
  for (size_t k = 0; k < params.size(); ++k)
    if (p[k].required && !out[k])
      fail(std::string(method) + "(): missing argument '" + p[k].name + "'", call.close_column);
  return out;
}

int as_int(const Expr& e, std::string_view what) {
  if (e.kind != Expr::Kind::Number || !e.integral)
    fail(std::string(what) + " must be an integer", e.column);
  if (e.integer < std::numeric_limits<int>::min() || e.integer > std::numeric_limits<int>::max())
    fail(std::string(what) + " is out of range", e.column);
  return static_cast<int>(e.integer);
}

double as_number(const Expr& e, std::string_view what) {
  if (e.kind != Expr::Kind::Number) fail(std::string(what) + " must be a number", e.column);
  return e.number;
}

bool as_bool(const Expr& e, std::string_view what) {
  if (e.kind != Expr::Kind::Bool) fail(std::string(what) + " must be true or false", e.column);
  return e.boolean;
}

bool has_named(const Expr& call, const char* param) {
  for (const Arg& a : call.args)
    if (!a.name.empty() && normalize(a.name) == normalize(param)) return true;
  return false;
}

bool symbol_overload(const Expr& call) {
  if (has_named(call, "symbol")) return true;
  return !call.args.empty() && call.args[0].name.empty() && looks_like_ticker(call.args[0].value);
}

bool looks_like_ticker(const Expr& e) {
  if (e.kind == Expr::Kind::String) return true;
  if (e.kind != Expr::Kind::Name) return false;
  const std::string h = head(e);
  return h != "dayofweek" && h != "timezones" && h != "timespan" && h != "datetimezone" &&
         h != "none" && h != "null";
}

std::string as_ticker(const Expr& e, std::string_view what) {
  std::string t;
  if (e.kind == Expr::Kind::String) {
    t = e.text;
  } else if (looks_like_ticker(e)) {
    // `spy`, `self.spy`, `self._spy`, `self.spy.symbol`: the variable names the ticker.
    size_t end = e.path.size();
    while (end > 0 && (normalize(e.path[end - 1]) == "symbol" || normalize(e.path[end - 1]) == "value")) --end;
    size_t begin = 0;
    if (begin < end && (e.path[0] == "self" || e.path[0] == "this")) ++begin;
    if (begin < end) t = e.path[end - 1];
    t.erase(0, t.find_first_not_of('_'));
    if (t.empty()) fail("cannot tell which ticker '" + e.path.back() + "' is; write it as a string, e.g. \"SPY\"", e.column);
  } else {
    fail(std::string(what) + " must be a ticker such as \"SPY\"", e.column);
  }
  const auto first = t.find_first_not_of(" \t");
  const auto last = t.find_last_not_of(" \t");
  t = first == std::string::npos ? "" : t.substr(first, last - first + 1);
  if (t.empty()) fail(std::string(what) + " is an empty ticker", e.column);
  return ascii_upper(t);
}

int as_weekday(const Expr& e) {
  const size_t want_size = (!e.path.empty() && normalize(e.path[0]) == "system") ? 3 : 2;
  if (e.kind == Expr::Kind::Name && head(e) == "dayofweek" && e.path.size() == want_size) {
    const std::string day = normalize(e.last());
    for (int i = 0; i < 7; ++i)
      if (normalize(kWeekdays[i]) == day) return i;
    fail("unknown day of week '" + e.last() + "'", e.last_column());
  }
  fail("expected a day of week such as DayOfWeek.Monday", e.column);
}

bool looks_like_time_span(const Expr& e) {
  if (e.kind == Expr::Kind::Name) return head(e) == "timespan";
  if (e.kind != Expr::Kind::Call) return false;
  const std::string last = normalize(e.last());
  return head(e) == "timespan" || last == "timedelta";
}

Micros as_time_span(const Expr& e, std::string_view what) {
  const std::string last = e.path.empty() ? "" : normalize(e.last());
  if (e.kind == Expr::Kind::Name && head(e) == "timespan" && last == "zero" && e.path.size() == 2) return 0;
  if (e.kind == Expr::Kind::Call && e.is_new && head(e) == "timespan") {
    std::vector<std::int64_t> v;
    for (const Arg& a : e.args) {
      if (!a.name.empty()) fail("new TimeSpan(...) takes positional arguments", a.name_column);
      if (a.value.kind != Expr::Kind::Number || !a.value.integral)
        fail("TimeSpan components must be integers", a.value.column);
      v.push_back(a.value.integer);
    }
    auto in_range = [&](double micros) { return checked_micros(micros, 1, e.column); };
    switch (v.size()) {
      case 1: return in_range(static_cast<double>(v[0]) / 10.0);  // ticks of 100 ns
      case 3: return in_range(static_cast<double>(v[0] * 3600 + v[1] * 60 + v[2]) * 1e6);
      case 4: return in_range(static_cast<double>(((v[0] * 24 + v[1]) * 60 + v[2]) * 60 + v[3]) * 1e6);
      case 5:
        return in_range(static_cast<double>(((v[0] * 24 + v[1]) * 60 + v[2]) * 60 + v[3]) * 1e6 +
                        static_cast<double>(v[4]) * 1e3);
      default: fail("new TimeSpan(...) takes 1, 3, 4 or 5 integers", e.column);
    }
  }
  if (e.kind == Expr::Kind::Call && head(e) == "timespan" && e.path.size() == 2) {
    struct Unit {
      const char* name;
      double micros;
    };
    constexpr Unit kUnits[] = {{"fromdays", 86400e6}, {"fromhours", 3600e6},      {"fromminutes", 60e6},
                               {"fromseconds", 1e6},  {"frommilliseconds", 1e3}, {"fromticks", 0.1}};
    for (const Unit& u : kUnits) {
      if (last != u.name) continue;
      const auto args = bind_args(e, "TimeSpan." + e.last(), {{"value", true}});
      return checked_micros(as_number(*args[0], "TimeSpan." + e.last() + "(): value"), u.micros, args[0]->column);
    }
    fail("unknown TimeSpan method '" + e.last() + "'", e.last_column());
  }
  if (e.kind == Expr::Kind::Call && last == "timedelta" &&
      (e.path.size() == 1 || (e.path.size() == 2 && normalize(e.path[0]) == "datetime"))) {
    // Python's positional order: days, seconds, microseconds, milliseconds, minutes, hours, weeks.
    const auto a = bind_args(e, "timedelta",
                             {{"days"}, {"seconds"}, {"microseconds"}, {"milliseconds"}, {"minutes"}, {"hours"}, {"weeks"}});
    constexpr double kScale[] = {86400e6, 1e6, 1, 1e3, 60e6, 3600e6, 7 * 86400e6};
    double total = 0;
    for (size_t i = 0; i < a.size(); ++i)
      if (a[i]) total += as_number(*a[i], "timedelta()") * kScale[i];
    return checked_micros(total, 1, e.column);
  }
  fail(std::string(what) +
           " must be a time span such as TimeSpan.FromMinutes(10) (C#) or timedelta(minutes=10) (Python)",
       e.column);
}

bool looks_like_time_zone(const Expr& e) {
  if (e.kind == Expr::Kind::String) return true;
  if (e.kind != Expr::Kind::Name) return false;
  const std::string h = head(e);
  return h == "timezones" || h == "datetimezone" || h == "quantconnect";
}

TimeZone as_time_zone(const Expr& e) {
  if (e.kind == Expr::Kind::String) {
    if (auto tz = TimeZone::find(e.text)) return *tz;
    fail("unknown time zone \"" + e.text + "\"", e.column);
  }
  if (e.kind == Expr::Kind::Name && e.path.size() >= 2) {
    const std::string member = normalize(e.last());
    if (e.path.size() == 2 && path_is(e, {"datetimezone", "utc"})) return TimeZone();
    if (names_time_zones_member(e)) {
      for (const ZoneName& z : kTimeZones) {
        if (member != z.normalized) continue;
        if (auto tz = TimeZone::find(z.tzdb)) return *tz;
        fail(std::string("time zone ") + z.tzdb + " is missing from the system tz database", e.last_column());
      }
      fail("unknown time zone TimeZones." + e.last(), e.last_column());
    }
  }
  fail("expected a time zone such as TimeZones.NewYork", e.column);
}

Day as_date(const Expr& e) {
  const std::string last = e.path.empty() ? "" : normalize(e.last());
  const bool ctor = e.kind == Expr::Kind::Call && (last == "datetime" || last == "date") &&
                    (e.path.size() == 1 || (e.path.size() == 2 && (head(e) == "datetime" || normalize(e.path[0]) == "system")));
  if (!ctor) fail("expected a date such as new DateTime(2024, 3, 15) (C#) or datetime(2024, 3, 15) (Python)", e.column);
  const std::string name = e.last();
  const auto a = bind_args(e, name,
                           {{"year", true}, {"month", true}, {"day", true}, {"hour"}, {"minute"}, {"second"}, {"microsecond"}});
  const int y = as_int(*a[0], name + "(): year");
  const int m = as_int(*a[1], name + "(): month");
  const int d = as_int(*a[2], name + "(): day");
  for (size_t i = 3; i < a.size(); ++i)
    if (a[i]) as_int(*a[i], name + "()");  // the time of day is dropped, as LEAN takes .Date
  if (m < 1 || d < 1 || !is_valid_ymd(y, static_cast<unsigned>(m), static_cast<unsigned>(d)))
    fail("Year, Month, and Day parameters describe an un-representable DateTime.", e.column);
  return day_from_ymd(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
}

bool looks_like_number(const Expr& e) { return e.kind == Expr::Kind::Number; }

std::string format_hundredths(std::int64_t value, std::int64_t unit) {
  const bool neg = value < 0;
  const unsigned long long a = neg ? 0ULL - static_cast<unsigned long long>(value)
                                   : static_cast<unsigned long long>(value);
  const auto u = static_cast<unsigned long long>(unit);
  unsigned long long q = a / u * 100 + (a % u) * 100 / u;
  const unsigned long long r = (a % u) * 100 % u;
  if (2 * r >= u) ++q;
  std::string out = (neg && q) ? "-" : "";
  out += std::to_string(q / 100);
  if (const unsigned long long f = q % 100) {
    out += '.';
    out += static_cast<char>('0' + f / 10);
    if (f % 10) out += static_cast<char>('0' + f % 10);
  }
  return out;
}

std::string closest(std::string_view word, const std::vector<std::string>& names) {
  std::vector<std::string> normalized;
  for (const std::string& n : names) normalized.push_back(normalize(n));
  const auto i = nearest_index(normalize(word), normalized);
  return i ? names[*i] : "";
}

std::string weekday_name(int weekday) { return kWeekdays[weekday]; }

std::string rule_method(const Expr& e, RuleFamily want) {
  const bool date = want == RuleFamily::Date;
  const char* kind = date ? "date rule" : "time rule";
  const char* cls = date ? "DateRules" : "TimeRules";
  if (e.kind != Expr::Kind::Name && e.kind != Expr::Kind::Call)
    fail(std::string("expected a ") + kind + (date ? " such as DateRules.EveryDay()" : " such as TimeRules.At(8, 0)"),
         e.column);
  size_t prefix_column = 0;
  const RuleFamily family = rule_family(e, prefix_column);
  const std::string& name = e.last();
  const size_t column = e.last_column();
  if (family != RuleFamily::Unspecified && family != want)
    fail(std::string(date ? "TimeRules" : "DateRules") + "." + name + " is a " + (date ? "time" : "date") +
             " rule; a " + kind + " is expected here",
         prefix_column);
  const auto& mine = date ? kDateMethods : kTimeMethods;
  const auto& other = date ? kTimeMethods : kDateMethods;
  const Method* m = find_method(mine, name, true);
  if (!m) {
    if (const Method* near = find_method(mine, name, false))
      fail(std::string("write ") + cls + "." + near->name + " (C#) or " + snake_case(near->name) + " (Python), not '" +
               name + "'",
           column);
    if (family == RuleFamily::Unspecified && find_method(other, name, false))
      fail("'" + name + "' is a " + (date ? "time" : "date") + " rule; a " + kind + " is expected here", column);
    std::vector<std::string> names;
    const bool python = name.find('_') != std::string::npos ||
                        std::islower(static_cast<unsigned char>(name[0]));
    for (const Method& x : mine) names.push_back(python ? snake_case(x.name) : x.name);
    const std::string hint = closest(name, names);
    fail(std::string("unknown ") + kind + " '" + name + "'" + (hint.empty() ? "" : "; did you mean '" + hint + "'?"),
         column);
  }
  if (m->property && e.kind == Expr::Kind::Call)
    fail(std::string(cls) + "." + m->name + " is a property: remove the parentheses", column);
  if (!m->property && e.kind == Expr::Kind::Name)
    fail(std::string(cls) + "." + m->name + " is a method: add the parentheses, e.g. " + m->name + "()", column);
  return m->name;
}

}  // namespace trainsim::rules
