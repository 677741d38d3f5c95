// LEAN's TimeRules (Common/Scheduling/TimeRules.cs), docs/semantics.md#time-rules.
// Every local time goes through TimeZone::to_utc, LEAN's lenient resolver.
#include "rules/rule_impl.h"
#include "rules/rule_parser.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace trainsim {
namespace {
using namespace rules;
using TimeImpl = TimeRule::Impl;  // not `Impl`: date_rules.cpp's, in the same unity unit

// As rule_parser's time spans: about 3,000 years, far inside what stays representable.
constexpr Micros kMaxSpan = 100'000'000'000'000'000;

void parse_at(const Expr& e, TimeImpl& r) {
  const std::string display = "TimeRules.At";
  r.kind = TimeImpl::Kind::At;
  const Expr* zone = nullptr;
  const bool span = (!e.args.empty() && e.args[0].name.empty() && looks_like_time_span(e.args[0].value)) ||
                    std::any_of(e.args.begin(), e.args.end(),
                                [](const Arg& a) { return normalize(a.name) == "timeofday"; });
  if (span) {
    const auto a = bind_args(e, display, {{"timeOfDay", true}, {"timeZone"}});
    r.time_of_day = as_time_span(*a[0], display + "(): timeOfDay");
    zone = a[1];
  } else {
    // At(h, m, tz) and At(h, m, s[, tz]) differ in what the third argument is.
    const bool hm_zone = e.args.size() == 3 && e.args[2].name.empty() && looks_like_time_zone(e.args[2].value);
    const auto a = hm_zone ? bind_args(e, display, {{"hour", true}, {"minute", true}, {"timeZone", true}})
                           : bind_args(e, display, {{"hour", true}, {"minute", true}, {"second"}, {"timeZone"}});
    // LEAN builds a TimeSpan from any ints (At(25, 0) is the next day's 01:00).
    const std::int64_t h = as_int(*a[0], display + "(): hour");
    const std::int64_t m = as_int(*a[1], display + "(): minute");
    const std::int64_t s = (!hm_zone && a[2]) ? as_int(*a[2], display + "(): second") : 0;
    r.time_of_day = h * kHour + m * kMinute + s * kSecond;
    if (r.time_of_day > kMaxSpan || r.time_of_day < -kMaxSpan) fail("time span out of range", a[0]->column);
    zone = hm_zone ? a[2] : a[3];
  }
  if (zone) r.zone = as_time_zone(*zone);
  r.name = format_hundredths(r.time_of_day, kHour);
}

void parse_market(const Expr& e, const std::string& method, TimeImpl& r) {
  const std::string display = "TimeRules." + method;
  const bool open = method.ends_with("Open");
  const bool after = method.starts_with("After");
  r.kind = open ? TimeImpl::Kind::Open : TimeImpl::Kind::Close;
  const std::string minutes_param = std::string("minutes") + (after ? "After" : "Before") + (open ? "Open" : "Close");
  const std::string ext_param = open ? "extendedMarketOpen" : "extendedMarketClose";
  // Only AfterMarketOpen and BeforeMarketClose have no-symbol overloads
  // (earliest open / latest close of ctx.default_hours).
  const bool has_default = method == "AfterMarketOpen" || method == "BeforeMarketClose";
  std::vector<const Expr*> a;
  if (symbol_overload(e) || !has_default) {
    a = bind_args(e, display, {{"symbol", true}, {minutes_param.c_str()}, {ext_param.c_str()}});
    r.ticker = as_ticker(*a[0], display + "(): symbol");
  } else {
    a = bind_args(e, display, {{minutes_param.c_str()}, {ext_param.c_str()}});
    a.insert(a.begin(), nullptr);
  }
  const double minutes = a[1] ? as_number(*a[1], display + "(): " + minutes_param) : 0.0;
  if (!std::isfinite(minutes) || std::fabs(minutes) > 1e9) fail(display + "(): minutes out of range", a[1]->column);
  r.extended = a[2] && as_bool(*a[2], display + "(): " + ext_param);
  const Micros span = std::llround(minutes * static_cast<double>(kMinute));
  r.offset = after ? span : -span;

  // LEAN: "SPY: 30 min after MarketOpen"; an offset of 0 reads "before".
  const std::string type = std::string(r.extended ? "Extended" : "") + (open ? "MarketOpen" : "MarketClose");
  r.name = (r.ticker.empty() ? "" : r.ticker + ": ") + format_hundredths(std::llabs(r.offset), kMinute) + " min " +
           (r.offset > 0 ? "after " : "before ") + type;
}

// The local open (close) of `h` on `d` plus the rule's offset, in UTC; false
// when the date is closed.
bool market_time(const TimeImpl& r, const ExchangeHours& h, Day d, Instant& out) {
  Micros t = 0;
  // first_open/last_close find a segment exactly when is_date_open(d, r.extended) holds.
  const bool found = r.kind == TimeImpl::Kind::Open ? h.first_open(d, r.extended, t) : h.last_close(d, r.extended, t);
  if (!found) return false;
  out = h.exchange_zone.to_utc(d, t + r.offset);
  return true;
}

}  // namespace

void TimeRule::validate(const RuleContext& ctx) const {
  const TimeImpl& r = *impl_;
  if ((r.kind == TimeImpl::Kind::Open || r.kind == TimeImpl::Kind::Close) && r.ticker.empty() && ctx.default_hours.empty())
    fail("TimeRules." + std::string(r.kind == TimeImpl::Kind::Open ? "AfterMarketOpen" : "BeforeMarketClose") +
             "() without a symbol needs the default market hours (SPY), and none are configured",
         r.column);
}

const ExchangeHours* TimeRule::hours(const RuleContext& ctx) const {
  return impl_->ticker.empty() ? nullptr : &ctx.hours_for(impl_->ticker);
}

void TimeRule::times(const RuleContext& ctx, Day d, std::vector<Instant>& out, const ExchangeHours* named) const {
  const TimeImpl& r = *impl_;
  switch (r.kind) {
    case TimeImpl::Kind::At:
      out.push_back((r.zone ? *r.zone : ctx.algorithm_zone).to_utc(d, r.time_of_day));
      break;
    case TimeImpl::Kind::Midnight:
      out.push_back(ctx.algorithm_zone.to_utc(d, 0));
      break;
    case TimeImpl::Kind::Noon:
      // LEAN adds 12 h to the UTC of local midnight: 13:00 local on a spring-forward day.
      out.push_back(ctx.algorithm_zone.to_utc(d, 0) + 12 * kHour);
      break;
    case TimeImpl::Kind::Now:
      // The algorithm's current time whatever the date (LEAN GH #6410).
      out.push_back(ctx.now);
      break;
    case TimeImpl::Kind::Every:
      // Local 00:00 + i*interval while under 24 h: DST days repeat or skip an instant.
      for (Micros t = 0; t < kDay; t += r.interval) out.push_back(ctx.algorithm_zone.to_utc(d, t));
      break;
    case TimeImpl::Kind::Open:
    case TimeImpl::Kind::Close: {
      Instant t = 0;
      if (!r.ticker.empty()) {
        if (market_time(r, named ? *named : ctx.hours_for(r.ticker), d, t)) out.push_back(t);
        break;
      }
      validate(ctx);
      bool any = false;
      Instant best = 0;
      for (const ExchangeHours* h : ctx.default_hours) {
        if (!market_time(r, *h, d, t)) continue;
        const bool better = r.kind == TimeImpl::Kind::Open ? t < best : t > best;
        if (!any || better) best = t;
        any = true;
      }
      if (any) out.push_back(best);
      break;
    }
  }
}

TimeRule parse_time_rule(std::string_view text) {
  const Expr e = parse_expression(text);
  const std::string method = rule_method(e, RuleFamily::Time);
  auto r = std::make_shared<TimeImpl>();
  r->column = e.last_column();
  if (method == "Midnight") {
    r->kind = TimeImpl::Kind::Midnight;
    r->name = method;
  } else if (method == "Noon") {
    r->kind = TimeImpl::Kind::Noon;
    r->name = method;
  } else if (method == "Now") {
    r->kind = TimeImpl::Kind::Now;
    r->name = method;
  } else if (method == "At") {
    parse_at(e, *r);
  } else if (method == "Every") {
    const auto a = bind_args(e, "TimeRules.Every", {{"interval", true}});
    r->kind = TimeImpl::Kind::Every;
    r->interval = as_time_span(*a[0], "TimeRules.Every(): interval");
    if (r->interval <= 0) fail("TimeRules.Every(): time span interval can not be zero or less", a[0]->column);
    // LEAN would accept it, but millions of events a day is never what a config means.
    if (r->interval < kSecond) fail("TimeRules.Every(): intervals under one second are not simulated", a[0]->column);
    r->name = "Every " + format_hundredths(r->interval, kMinute) + " min";
  } else {
    parse_market(e, method, *r);
  }
  return TimeRule(std::move(r));
}

}  // namespace trainsim
