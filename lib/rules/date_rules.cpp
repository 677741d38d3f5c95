// LEAN's DateRules (Common/Scheduling/DateRules.cs), docs/semantics.md#date-rules.
#include "rules/rule_impl.h"
#include "rules/rule_parser.h"

#include <algorithm>
#include <cstdio>

namespace trainsim {
namespace {
using namespace rules;
using Impl = DateRule::Impl;

// LEAN's GetName: "MonthStart", "SPY: MonthStart+2", "MonthEnd-3".
std::string period_name(const std::string& ticker, const std::string& rule, int signed_offset) {
  std::string name = ticker.empty() ? rule : ticker + ": " + rule;
  if (signed_offset > 0) name += "+" + std::to_string(signed_offset);
  if (signed_offset < 0) name += "-" + std::to_string(-static_cast<long long>(signed_offset));
  return name;
}

// "03/15/2024": DateTime.ToShortDateString under the invariant culture LEAN runs in.
std::string short_date(Day d) {
  const Ymd v = ymd_of(d);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02u/%02u/%04d", v.month, v.day, v.year);
  return buf;
}

void parse_period(const Expr& call, const std::string& method, Impl& r) {
  const std::string display = "DateRules." + method;
  const std::string what = display + "(): daysOffset";
  r.kind = Impl::Kind::Period;
  r.start = method.ends_with("Start");
  r.period = method.starts_with("Week")      ? Impl::Period::Week
             : method.starts_with("Month")   ? Impl::Period::Month
             : method.starts_with("Quarter") ? Impl::Period::Quarter
                                             : Impl::Period::Year;
  const Expr* offset = nullptr;
  if (symbol_overload(call)) {
    const auto a = bind_args(call, display, {{"symbol", true}, {"daysOffset"}, {"extendedMarketHours"}});
    r.ticker = as_ticker(*a[0], display + "(): symbol");
    offset = a[1];
    r.extended = a[2] ? as_bool(*a[2], display + "(): extendedMarketHours") : true;
  } else {
    offset = bind_args(call, display, {{"daysOffset"}})[0];
  }
  if (offset) {
    r.offset = as_int(*offset, what);
    r.offset_column = offset->column;
  }

  // LEAN checks these when the rule is made; the weekly symbol bound needs the
  // schedule and is checked by validate(). Month rules without a symbol, and
  // negative weekly symbol offsets, are unchecked in LEAN (a negative offset
  // then acts as 0).
  int max = -1;
  switch (r.period) {
    case Impl::Period::Week: max = r.ticker.empty() ? 6 : -1; break;
    case Impl::Period::Month: max = r.ticker.empty() ? -1 : 30; break;
    case Impl::Period::Quarter: max = 92; break;
    case Impl::Period::Year: max = 365; break;
  }
  if (max >= 0 && (r.offset < 0 || r.offset > max))
    fail(display + "() : Offset must be between 0 and " + std::to_string(max), r.offset_column);
  r.name = period_name(r.ticker, method, r.start ? r.offset : -r.offset);
}

// Trading-day arithmetic of DateRules.GetScheduledDay. Without a symbol LEAN
// uses an always-open schedule, so offsets count calendar days.
class Calendar {
 public:
  Calendar(const ExchangeHours* hours, bool extended) : hours_(hours), extended_(extended) {}

  // Opening a period honours extendedMarketHours; stepping between trading
  // days uses regular hours (GetNextTradingDay/GetPreviousTradingDay).
  bool open(Day d, bool extended) const { return !hours_ || hours_->is_date_open(d, extended); }

  Day step(Day d, bool forward) const {
    const int dir = forward ? 1 : -1;
    for (int i = 1; i <= 365; ++i)  // LEAN gives up after a year as well
      if (open(d + dir * i, false)) return d + dir * i;
    fail(std::string("no trading day within a year ") + (forward ? "after " : "before ") + format_date(d), 0);
  }

  Day scheduled(Day base, int offset, bool forward, Day boundary) const {
    Day d = base;
    if (!open(d, extended_)) d = step(d, forward);
    for (int i = 0; i < offset; ++i) d = step(d, forward);
    // An offset running past the period is clamped to its last (first) trading day.
    if (forward && d > boundary) d = open(boundary, extended_) ? boundary : step(boundary, false);
    if (!forward && d < boundary) d = open(boundary, extended_) ? boundary : step(boundary, true);
    return d;
  }

 private:
  const ExchangeHours* hours_;
  bool extended_;
};

Day first_of_month(Day d) {
  const Ymd v = ymd_of(d);
  return day_from_ymd(v.year, v.month, 1);
}
Day last_of_month(Day d) {
  const Ymd v = ymd_of(d);
  return day_from_ymd(v.year, v.month, days_in_month(v.year, v.month));
}
Day add_months(Day first, int months) {
  const Ymd v = ymd_of(first);
  const int m = static_cast<int>(v.month) - 1 + months;
  return day_from_ymd(v.year + m / 12, static_cast<unsigned>(m % 12 + 1), 1);
}
Day first_of_quarter(Day d) {
  const Ymd v = ymd_of(d);
  return day_from_ymd(v.year, (v.month - 1) / 3 * 3 + 1, 1);
}

// The weekdays the schedule has any hours on, Sunday first (LEAN orders
// MarketHours by DayOfWeek), so a 24/7 market's week runs Sunday..Saturday.
std::vector<int> open_weekdays(const ExchangeHours& h) {
  std::vector<int> out;
  for (int wd = 0; wd < 7; ++wd)
    if (!h.weekly[static_cast<size_t>(wd)].empty()) out.push_back(wd);
  return out;
}

void period_dates(const Impl& r, const RuleContext& ctx, Day from, Day to, std::vector<Day>& out) {
  const ExchangeHours* hours = r.ticker.empty() ? nullptr : &ctx.hours_for(r.ticker);
  const Calendar cal(hours, r.extended);
  auto emit = [&](Day base, Day boundary) {
    const Day d = cal.scheduled(base, r.offset, r.start, boundary);
    if (d >= from && d <= to) out.push_back(d);
  };
  switch (r.period) {
    case Impl::Period::Month:
      // Periods overlapping the range count: MonthStart(10) from Dec 4 yields Dec 11.
      for (Day m = first_of_month(from); m <= to; m = add_months(m, 1)) {
        const Day last = last_of_month(m);
        r.start ? emit(m, last) : emit(last, m);
      }
      break;
    case Impl::Period::Quarter:
      for (Day q = first_of_quarter(from); q <= to; q = add_months(q, 3)) {
        const Day last = add_months(q, 3) - 1;
        r.start ? emit(q, last) : emit(last, q);
      }
      break;
    case Impl::Period::Year: {
      // LEAN's quirk: the window runs from the 1st of from's *month* to the end
      // of to's month, so a year whose base day precedes it is never generated.
      const Day lo = first_of_month(from), hi = last_of_month(to);
      for (int y = ymd_of(from).year; y <= ymd_of(to).year; ++y) {
        const Day jan1 = day_from_ymd(y, 1, 1), dec31 = day_from_ymd(y, 12, 31);
        const Day base = r.start ? jan1 : dec31;
        if (base >= lo && base <= hi) r.start ? emit(jan1, dec31) : emit(dec31, jan1);
      }
      break;
    }
    case Impl::Period::Week: {
      int base_wd = r.start ? 1 : 5, boundary_shift = r.start ? 6 : -6;  // Mon..Sun, Fri..the Sat before
      if (hours) {
        const std::vector<int> days = open_weekdays(*hours);
        base_wd = r.start ? days.front() : days.back();
        boundary_shift = (r.start ? days.back() : days.front()) - base_wd;
      }
      // Weeks run Monday..Sunday; a Sunday belongs to the week before it.
      const Day monday = from - (weekday_of(from) + 6) % 7;
      const Day sunday = to + (7 - weekday_of(to)) % 7;
      for (Day d = monday + (base_wd + 6) % 7; d <= sunday; d += 7) emit(d, d + boundary_shift);
      break;
    }
  }
}

}  // namespace

void DateRule::validate(const RuleContext& ctx) const {
  const Impl& r = *impl_;
  if (r.kind != Impl::Kind::Period || r.period != Impl::Period::Week || r.ticker.empty()) return;
  const std::string method = r.start ? "WeekStart" : "WeekEnd";
  const std::vector<int> days = open_weekdays(ctx.hours_for(r.ticker));
  if (days.empty()) fail("DateRules." + method + "() : " + r.ticker + " has no trading days in its weekly schedule", 0);
  if (r.offset > static_cast<int>(days.size()) - 1) {
    std::string schedule;
    for (int wd : days) schedule += (schedule.empty() ? "" : ", ") + weekday_name(wd);
    fail("DateRules." + method + "() : " + weekday_name(r.start ? days.front() : days.back()) +
             (r.start ? "+" : "-") + std::to_string(r.offset) + " is out of range for " + r.ticker +
             "'s schedule, please use an offset between 0 - " + std::to_string(days.size() - 1) +
             "; Schedule : " + schedule,
         r.offset_column);
  }
}

std::vector<Day> DateRule::dates(const RuleContext& ctx, Day from, Day to) const {
  validate(ctx);
  const Impl& r = *impl_;
  std::vector<Day> out;
  switch (r.kind) {
    case Impl::Kind::Today:
    case Impl::Kind::Tomorrow: {
      // LEAN reads the algorithm clock, not the range (ScheduleManager backs the range up a day).
      const Day today = ctx.algorithm_zone.to_local(ctx.now).day;
      out.push_back(r.kind == Impl::Kind::Today ? today : today + 1);
      break;
    }
    case Impl::Kind::EveryDay:
      for (Day d = from; d <= to; ++d) out.push_back(d);
      break;
    case Impl::Kind::TradingDays: {
      const ExchangeHours& h = ctx.hours_for(r.ticker);
      for (Day d = from; d <= to; ++d)
        if (h.is_date_open(d, r.extended)) out.push_back(d);
      break;
    }
    case Impl::Kind::Weekdays:
      for (Day d = from; d <= to; ++d)
        if (std::find(r.weekdays.begin(), r.weekdays.end(), weekday_of(d)) != r.weekdays.end()) out.push_back(d);
      break;
    case Impl::Kind::On:
      for (Day d : r.on)
        if (d >= from && d <= to) out.push_back(d);
      break;
    case Impl::Kind::Period:
      if (from <= to) period_dates(r, ctx, from, to, out);
      break;
  }
  return out;
}

DateRule parse_date_rule(std::string_view text) {
  const Expr e = parse_expression(text);
  const std::string method = rule_method(e, RuleFamily::Date);
  const std::string display = "DateRules." + method;
  auto r = std::make_shared<Impl>();

  if (method == "Today" || method == "Tomorrow") {
    r->kind = method == "Today" ? Impl::Kind::Today : Impl::Kind::Tomorrow;
    r->name = method + "Only";
  } else if (method == "EveryDay") {
    if (e.args.empty()) {
      r->kind = Impl::Kind::EveryDay;
      r->name = "EveryDay";
    } else {
      const auto a = bind_args(e, display, {{"symbol", true}, {"extendedMarketHours"}});
      r->kind = Impl::Kind::TradingDays;
      r->ticker = as_ticker(*a[0], display + "(): symbol");
      r->extended = a[1] && as_bool(*a[1], display + "(): extendedMarketHours");
      r->name = r->ticker + ": EveryDay";
    }
  } else if (method == "Every") {
    r->kind = Impl::Kind::Weekdays;
    std::vector<const Expr*> days;
    for (const Arg& a : e.args) {
      if (!a.name.empty()) fail(display + "() takes days of week as positional arguments", a.name_column);
      if (a.value.kind == Expr::Kind::List && e.args.size() == 1) {
        for (const Arg& item : a.value.args) days.push_back(&item.value);
      } else {
        days.push_back(&a.value);
      }
    }
    for (const Expr* d : days) {
      r->weekdays.push_back(as_weekday(*d));
      r->name += (r->name.empty() ? "" : ",") + weekday_name(r->weekdays.back());
    }
  } else if (method == "On") {
    r->kind = Impl::Kind::On;
    const bool ymd = has_named(e, "year") || (!e.args.empty() && looks_like_number(e.args[0].value));
    if (ymd) {
      const auto a = bind_args(e, display, {{"year", true}, {"month", true}, {"day", true}});
      const int y = as_int(*a[0], display + "(): year");
      const int m = as_int(*a[1], display + "(): month");
      const int d = as_int(*a[2], display + "(): day");
      if (m < 1 || d < 1 || !is_valid_ymd(y, static_cast<unsigned>(m), static_cast<unsigned>(d)))
        fail("Year, Month, and Day parameters describe an un-representable DateTime.", a[0]->column);
      r->on.push_back(day_from_ymd(y, static_cast<unsigned>(m), static_cast<unsigned>(d)));
    } else {
      for (const Arg& a : e.args) {
        if (!a.name.empty()) fail(display + "() takes dates as positional arguments", a.name_column);
        if (a.value.kind == Expr::Kind::List && e.args.size() == 1) {
          for (const Arg& item : a.value.args) r->on.push_back(as_date(item.value));
        } else {
          r->on.push_back(as_date(a.value));
        }
      }
    }
    for (Day d : r->on) r->name += (r->name.empty() ? "" : ",") + short_date(d);
    std::sort(r->on.begin(), r->on.end());
    r->on.erase(std::unique(r->on.begin(), r->on.end()), r->on.end());
  } else {
    parse_period(e, method, *r);
  }
  return DateRule(std::move(r));
}

}  // namespace trainsim
