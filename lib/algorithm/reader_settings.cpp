// algorithm/reader_settings.cpp — the calls that set a run up: SetStartDate,
// SetEndDate, SetTimeZone, SetWarmUp, SetBrokerageModel and SetBenchmark,
// and the subscriptions (AddEquity and friends, AddSecurity).
#include "algorithm/reader.h"

#include "algorithm/lean_api.h"
#include "calendar/security_key.h"
#include "civil/civil_time.h"
#include "civil/time_zone.h"
#include "rules/rule_parser.h"
#include "rules/schedule_rules.h"
#include "text/ascii_case.h"

#include <algorithm>
#include <iterator>
#include <optional>
#include <string>
#include <utility>

namespace trainsim::algorithm::detail {

void Reader::date(const std::string& key, const Segment& name, const Segment& call, const Expr& whole) {
  const std::string setter = name.name;
  const std::string hint = "set simulation." + key + " (yyyy-mm-dd) in the config";
  dates_called_.insert(key);
  std::optional<Day> day;
  if (call.args.size() == 3) {
    int v[3] = {0, 0, 0};
    bool ok = true;
    for (int k = 0; k < 3; ++k) {
      const Expr& a = call.args[static_cast<size_t>(k)].value;
      ok &= a.kind == Expr::Kind::Number && !a.text.empty() &&
            std::all_of(a.text.begin(), a.text.end(), [](char c) { return c >= '0' && c <= '9'; }) && a.text.size() < 6;
      if (ok) v[k] = std::stoi(a.text);
    }
    if (!ok) {
      warn(call.tok, setter + " with values trainsim cannot evaluate: " + hint);
      return;
    }
    if (!is_valid_ymd(v[0], static_cast<unsigned>(v[1]), static_cast<unsigned>(v[2])))
      error(call.args[0].value.first, setter + "(" + std::to_string(v[0]) + ", " + std::to_string(v[1]) + ", " +
                                          std::to_string(v[2]) + ") is not a valid date");
    day = day_from_ymd(v[0], static_cast<unsigned>(v[1]), static_cast<unsigned>(v[2]));
  } else if (call.args.size() == 1) {
    const Expr& a = call.args[0].value;
    if (auto s = literal_string(a)) {
      day = parse_date(*s);
      if (!day) error(a.first, setter + "(\"" + *s + "\"): not a date trainsim can read (yyyy-mm-dd)");
    } else {
      const Rendered r = render(a, false);
      try {
        if (!r.unresolved) day = rules::as_date(rules::parse_expression(r.text));
      } catch (const RuleError&) {
      }
      if (!day) {
        warn(a.first, setter + "(" + source_text(a) + "): a date trainsim cannot evaluate statically; " + hint);
        return;
      }
    }
  } else {
    warn(call.tok, setter + " with " + std::to_string(call.args.size()) + " arguments trainsim cannot read; " + hint);
    return;
  }
  sim_[key] = format_date(*day);
  source(key, whole.first);
  ++settings_read_;
}

void Reader::time_zone(const Segment& name, const Segment& call) {
  if (call.args.size() != 1) {
    warn(call.tok, name.name + " with arguments trainsim cannot read; set simulation.time-zone");
    return;
  }
  const Expr& a = call.args[0].value;
  std::optional<TimeZone> tz;
  if (auto s = literal_string(a)) {
    tz = TimeZone::find(*s);
    if (!tz) error(a.first, "unknown time zone \"" + *s + "\" (an IANA id such as America/New_York)");
  } else {
    const Rendered r = render(a, false);
    if (!r.unresolved && a.kind == Expr::Kind::Chain && !a.chain.empty() && norm(a.chain[0].name) == "timezones") {
      try {
        tz = rules::as_time_zone(rules::parse_expression(r.text));
      } catch (const RuleError& e) {
        error(token_at(r, e.column), e.what());
      }
    }
    if (!tz) {
      warn(a.first, name.name + "(" + source_text(a) + "): a time zone trainsim cannot evaluate; set simulation.time-zone");
      return;
    }
  }
  sim_["time-zone"] = tz->name();
  source("time-zone", name.tok);
  ++settings_read_;
}

// A number literal's value (digits, one '.', optional `_`s and a C# m/d/f suffix).
std::optional<double> Reader::number_value(const Expr& e) {
  if (e.kind != Expr::Kind::Number) return std::nullopt;
  std::string t;
  for (char c : e.text)
    if (c != '_') t += c;
  while (!t.empty() && std::string("mMdDfFlLuU").find(t.back()) != std::string::npos) t.pop_back();
  if (t.empty() || t.size() > 15 || t.find_first_not_of("0123456789.") != std::string::npos ||
      std::count(t.begin(), t.end(), '.') > 1 || t == ".")
    return std::nullopt;
  return std::stod(t);
}

// timedelta(...) / TimeSpan.FromX(n) / new TimeSpan(...): whole seconds.
std::optional<long long> Reader::period_seconds(const Expr& e) const {
  if (e.kind != Expr::Kind::Chain || !e.items.empty() || e.chain.size() < 2) return std::nullopt;
  const Segment& call = e.chain.back();
  if (call.type != Segment::Type::Call) return std::nullopt;
  const std::string f = norm(e.chain[e.chain.size() - 2].name);
  double seconds = 0;
  auto value = [&](const Expr& x) -> std::optional<double> {
    if (auto n = number_value(x)) return n;
    if (auto i = integer_of(x)) return static_cast<double>(*i);
    return std::nullopt;
  };
  if (f == "timedelta" && e.chain.size() == 2) {
    // timedelta(days, seconds, microseconds, milliseconds, minutes, hours, weeks)
    static const std::pair<const char*, double> kUnits[] = {{"days", 86400}, {"seconds", 1}, {"microseconds", 1e-6},
                                                            {"milliseconds", 1e-3}, {"minutes", 60}, {"hours", 3600},
                                                            {"weeks", 604800}};
    size_t pos = 0;
    for (const auto& a : call.args) {
      double unit = 0;
      if (a.name.empty()) {
        if (pos >= std::size(kUnits)) return std::nullopt;
        unit = kUnits[pos++].second;
      } else {
        for (const auto& [n, u] : kUnits)
          if (a.name == n) unit = u;
        if (unit == 0) return std::nullopt;
      }
      auto v = value(a.value);
      if (!v) return std::nullopt;
      seconds += *v * unit;
    }
  } else if (e.chain.size() == 3 && norm(e.chain[0].name) == "timespan") {
    static const std::pair<const char*, double> kFrom[] = {{"fromdays", 86400}, {"fromhours", 3600},
                                                           {"fromminutes", 60}, {"fromseconds", 1},
                                                           {"frommilliseconds", 1e-3}};
    double unit = 0;
    for (const auto& [n, u] : kFrom)
      if (f == n) unit = u;
    if (unit == 0 || call.args.size() != 1) return std::nullopt;
    auto v = value(call.args[0].value);
    if (!v) return std::nullopt;
    seconds = *v * unit;
  } else if (e.is_new && f == "timespan") {
    // new TimeSpan(hours, minutes, seconds) / (days, hours, minutes, seconds)
    const auto& a = call.args;
    if (a.size() != 3 && a.size() != 4) return std::nullopt;
    const double units3[] = {3600, 60, 1}, units4[] = {86400, 3600, 60, 1};
    for (size_t k = 0; k < a.size(); ++k) {
      auto v = value(a[k].value);
      if (!v) return std::nullopt;
      seconds += *v * (a.size() == 3 ? units3[k] : units4[k]);
    }
  } else {
    return std::nullopt;
  }
  if (seconds < 0 || seconds > 1e11 || seconds != static_cast<double>(static_cast<long long>(seconds)))
    return std::nullopt;
  return static_cast<long long>(seconds);
}

std::string Reader::duration_text(long long seconds) {
  if (seconds == 0) return "0d";
  std::string out;
  for (const auto& [unit, size] : {std::pair<const char*, long long>{"d", 86400}, {"h", 3600}, {"m", 60}, {"s", 1}}) {
    if (seconds >= size) out += std::to_string(seconds / size) + unit;
    seconds %= size;
  }
  return out;
}

// SetWarmUp(period | bars[, resolution]) -> simulation.warm-up.
void Reader::warm_up(const Segment& name, const Segment& call) {
  const std::string hint = "set simulation.warm-up (\"30d\", a bar count, or {\"bars\": 200, \"resolution\": \"daily\"})";
  const Expr* what = arg(call, 0, "period");
  if (!what) what = arg(call, 0, "barCount");
  if (!what || positional(call) + (call.args.size() - positional(call)) > 2) {
    warn(call.tok, name.name + " with arguments trainsim cannot read; " + hint);
    return;
  }
  nlohmann::ordered_json value;
  bool bars = false;
  if (auto n = integer_of(*what)) {
    if (*n < 0) error(what->first, name.name + ": a negative bar count");
    value = *n;
    bars = true;
  } else if (auto p = period_seconds(*what)) {
    value = duration_text(*p);
  } else {
    warn(what->first, name.name + "(" + source_text(*what) + "): a period trainsim cannot evaluate; " + hint);
    return;
  }
  if (const Expr* r = arg(call, 1, "resolution"); r && r->kind != Expr::Kind::None) {
    auto res = resolution_of(*r);
    if (!res) {
      warn(r->first, name.name + ": resolution `" + source_text(*r) + "` trainsim cannot read; " + hint);
      return;
    }
    nlohmann::ordered_json o;
    o[bars ? "bars" : "period"] = value;
    o["resolution"] = *res;
    value = o;
  }
  sim_["warm-up"] = value;
  source("warm-up", name.tok);
  ++settings_read_;
}

// SetBrokerageModel(BrokerageName.X[, AccountType]) or (new XBrokerageModel(...)) -> simulation.brokerage.
void Reader::brokerage(const Segment& name, const Segment& call) {
  const Expr* a = arg(call, 0, "brokerage");
  if (!a) a = arg(call, 0, "model");
  std::string member;
  if (a && a->kind == Expr::Kind::Chain && a->items.empty() && a->chain.size() >= 2 &&
      a->chain.back().type == Segment::Type::Name && norm(a->chain[a->chain.size() - 2].name) == "brokeragename") {
    member = a->chain.back().name;
  } else if (a && a->kind == Expr::Kind::Chain && a->items.empty() && a->chain.size() >= 2 &&
             a->chain.back().type == Segment::Type::Call && a->chain[a->chain.size() - 2].type == Segment::Type::Name) {
    const std::string& cls = a->chain[a->chain.size() - 2].name;  // new XBrokerageModel() / XBrokerageModel()
    const std::string n = norm(cls);
    const std::string suffix = "brokeragemodel";
    if (n == "defaultbrokeragemodel") member = "Default";
    else if (n.size() > suffix.size() && n.compare(n.size() - suffix.size(), suffix.size(), suffix) == 0)
      member = cls.substr(0, cls.size() - 5);  // XBrokerageModel -> XBrokerage (the member's spelling)
  }
  if (member.empty()) {
    warn(a ? a->first : call.tok, name.name + "(" + (a ? source_text(*a) : "") +
                                      "): a brokerage model trainsim cannot name; set simulation.brokerage "
                                      "(a BrokerageName member, e.g. \"interactive-brokers\")");
    return;
  }
  sim_["brokerage"] = member;
  source("brokerage", name.tok);
  ++settings_read_;
}

void Reader::benchmark(const Segment& name, const Segment& call) {
  const Expr* a = call.args.empty() ? nullptr : &call.args[0].value;
  std::optional<std::string> t = a ? ticker_of(*a) : std::nullopt;
  if (t && ascii_upper(*t) == "SPY") return;  // LEAN's default benchmark: nothing changes
  sim_["benchmark"] = false;
  source("benchmark", name.tok);
  ++settings_read_;
  if (a && a->kind == Expr::Kind::Lambda) return;  // SetBenchmark(func): LEAN removes the feed
  warn(name.tok, name.name + "(" + (a ? source_text(*a) : "") +
                     "): trainsim drops the default SPY benchmark's hourly loops; LEAN would add this benchmark's "
                     "own hourly feed, which is not simulated (list it in simulation.securities if it matters)");
}

std::optional<std::string> Reader::add_security(const Segment& name, const Segment& call, const Expr& whole) {
  const Expr* type = arg(call, 0, "securityType");
  if (!type || type->kind != Expr::Kind::Chain || type->chain.size() < 2 ||
      norm(type->chain[type->chain.size() - 2].name) != "securitytype") {
    warn(name.tok, "AddSecurity(" + std::string(type ? source_text(*type) : "") +
                       ", ...): a security trainsim cannot read statically; add it to simulation.securities");
    return std::nullopt;
  }
  if (const ApiCall* sub = subscription_for_type(type->chain.back().name)) return add(*sub, name, call, 1, whole);
  warn(type->chain.back().tok, "AddSecurity(SecurityType." + type->chain.back().name +
                                   "): a security type trainsim does not read; add it to simulation.securities");
  return std::nullopt;
}

// AddEquity and friends; `shift` is 1 for AddSecurity's leading SecurityType.
std::optional<std::string> Reader::add(const ApiCall& sub, const Segment& name, const Segment& call, size_t shift,
                                       const Expr& whole) {
  const Expr* ticker_arg = arg(call, shift, "ticker");
  if (!ticker_arg) ticker_arg = arg(call, shift, "symbol");
  if (!ticker_arg) {
    warn(name.tok, name.name + " without a ticker; add the security to simulation.securities");
    return std::nullopt;
  }
  std::optional<std::string> ticker = ticker_of(*ticker_arg);
  std::string market = sub.market;
  const bool future = std::string(sub.type) == "Future";
  if (!ticker && future && ticker_arg->kind == Expr::Kind::Chain && !ticker_arg->chain.empty() &&
      norm(ticker_arg->chain[0].name) == "futures") {
    if (const FutureRoot* f = future_constant(ticker_arg->chain.back().name)) ticker = f->ticker;
    if (!ticker) {
      warn(ticker_arg->first, "`" + source_text(*ticker_arg) +
                                  "`: a futures constant trainsim does not know; add the future to simulation.securities");
      return std::nullopt;
    }
  }
  if (!ticker) {
    warn(ticker_arg->first, name.name + "(" + source_text(*ticker_arg) +
                                "): a ticker trainsim cannot read statically (a parameter or a computed value); "
                                "add the security to simulation.securities");
    return std::nullopt;
  }
  if (future) {
    const FutureRoot* root = future_root(ascii_upper(*ticker));
    if (root) market = root->market;
    if (!root && !arg(call, shift + 2, "market"))
      warn(ticker_arg->first, "future " + *ticker + ": trainsim does not know its exchange and uses cme; "
                                  "pass Market.X or set simulation.securities");
  }
  std::string resolution = default_resolution_;
  if (const Expr* r = arg(call, shift + 1, "resolution"); r && r->kind != Expr::Kind::None) {
    if (auto v = resolution_of(*r)) resolution = *v;
    else
      warn(r->first, "resolution `" + source_text(*r) + "` is not a Resolution.X trainsim can read; it uses " +
                         resolution + "; set it in simulation.securities");
  }
  if (const Expr* mk = arg(call, shift + 2, "market"); mk && mk->kind != Expr::Kind::None) {
    if (auto s = literal_string(*mk)) market = rules::normalize(*s);
    else if (mk->kind == Expr::Kind::Chain && mk->chain.size() >= 2 && norm(mk->chain[mk->chain.size() - 2].name) == "market")
      market = rules::normalize(mk->chain.back().name);
    else
      warn(mk->first, "market `" + source_text(*mk) + "` is not one trainsim can read; it uses " + market);
  }
  if (const Expr* ff = arg(call, shift + 3, "fillForward"); ff && ff->kind == Expr::Kind::Bool && !ff->boolean)
    warn(ff->first, "fill-forward off: trainsim still assumes a bar at every step of the open market "
                    "(missing bars are not modelled)");
  bool extended = default_extended_;
  const Expr* ext = sub.extended_hours_index >= 0 ? arg(call, shift + static_cast<size_t>(sub.extended_hours_index), "extendedMarketHours")
                                       : arg(call, 99, "extendedMarketHours");
  if (ext) {
    if (ext->kind == Expr::Kind::Bool) extended = ext->boolean;
    else warn(ext->first, "extended market hours from an expression trainsim cannot read; set simulation.securities");
  }
  const std::string key = security_key(sub.type, market, ascii_upper(*ticker));
  if (const auto found = security_index_.find(key); found != security_index_.end()) {
    const auto& s = securities_[found->second];  // LEAN returns the existing security
    if (s["resolution"] != resolution || s["extended-market-hours"] != extended)
      warn(name.tok, key + " is already subscribed (" + s["source"].get<std::string>() +
                         "); trainsim keeps that subscription's resolution and hours");
    return *ticker;
  }
  nlohmann::ordered_json s;
  s["security"] = key;
  s["resolution"] = resolution;
  s["extended-market-hours"] = extended;
  s["source"] = line_of(whole.first);
  security_index_.emplace(key, securities_.size());
  securities_.push_back(std::move(s));
  return *ticker;
}

}  // namespace trainsim::algorithm::detail
