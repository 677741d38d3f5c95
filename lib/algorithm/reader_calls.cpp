// algorithm/reader_calls.cpp — every call in an expression visited, and
// each dispatched: into the algorithm's own methods (and its bases'), or by
// its role in LEAN's API (algorithm/lean_api.h) to the reading of that call.
#include "algorithm/reader.h"

#include "algorithm/lean_api.h"

#include <optional>
#include <string>
#include <vector>

namespace trainsim::algorithm::detail {

// Visits every call in `e`; returns the ticker when `e` is (a chain on) a subscription.
std::optional<std::string> Reader::visit(const Expr& e, bool statement) {
  switch (e.kind) {
    case Expr::Kind::Chain: return chain(e, statement);
    case Expr::Kind::Comprehension: {
      if (e.items.size() < 2) return std::nullopt;
      visit(e.items[1]);
      const auto values = list_of(e.items[1]);
      const size_t before = items_read();
      if (!values || e.loop_var.empty()) {
        const ReadMark mark = read_mark();
        visit(e.items[0]);
        const bool matters = items_read() != before || out_.warnings.size() != mark.warnings;
        rewind(mark);
        if (matters)
          warn(e.items[1].first, "a comprehension over `" + source_text(e.items[1]) +
                                     "`, which is not a literal list of tickers: its subscriptions are not read; "
                                     "list them in simulation.securities");
        return std::nullopt;
      }
      const bool numeric = numeric_values(e.items[1]);
      for (const auto& v : *values) {
        bindings_[e.loop_var] = v;
        if (numeric) numeric_.insert(e.loop_var);
        charge(1 + span_characters(e.items[0].first, e.items[0].last), e.items[0].first);
        visit(e.items[0]);
      }
      bindings_.erase(e.loop_var);
      numeric_.erase(e.loop_var);
      return std::nullopt;
    }
    case Expr::Kind::Lambda: return std::nullopt;  // runs later, not in Initialize
    case Expr::Kind::String:  // f"{self.train(...)}": the holes run
      for (size_t k = e.first; k < e.last && e.interpolated; ++k)
        if (auto it = holes_of_.find(k); it != holes_of_.end())
          for (const auto& [b, end] : it->second) {
            ExprParser p(t_, lang_, b, end);
            while (!p.done()) {
              const size_t before = p.pos();
              visit(p.expr(), true);
              if (p.pos() == before) break;
            }
          }
      return std::nullopt;
    default:
      for (const auto& i : e.items) visit(i);
      return std::nullopt;
  }
}

std::optional<std::string> Reader::chain(const Expr& e, bool statement) {
  if (lambda_loop(e)) return std::nullopt;
  for (const auto& i : e.items) visit(i);
  // The first call in the chain decides; later segments (.Symbol) follow it.
  size_t call = 0;
  while (call < e.chain.size() && e.chain[call].type != Segment::Type::Call) ++call;
  if (call == e.chain.size() || call == 0 || e.is_new || !e.items.empty()) {
    for (const auto& s : e.chain)
      for (const auto& a : s.args) visit(a.value);
    return std::nullopt;
  }
  std::vector<std::string> receiver;
  for (size_t k = 0; k + 1 < call; ++k) {
    if (e.chain[k].type != Segment::Type::Name) {
      receiver.push_back("?");
      continue;
    }
    if (k == 0 && is_self(e.chain[k].name)) continue;
    receiver.push_back(norm(e.chain[k].name));
  }
  const Segment& name = e.chain[call - 1];
  const Segment& args = e.chain[call];
  const std::string m = norm(name.name);
  std::optional<std::string> result;
  bool handled = true;
  const bool own = receiver.empty();
  const bool method_call = lang_ == Language::CSharp || is_self(e.chain[0].name);
  // The algorithm's own methods (and its base classes' in the file) are
  // read with their parameters bound; `super().initialize()` and
  // `base.Initialize()` read the base class's.
  const MethodDef* target = nullptr;
  const Segment* target_args = &args;
  size_t target_tok = name.tok;
  if (own && method_call) {
    target = find_method(algorithm_class_, name.name, args.args.size());  // virtual: from the algorithm's class
  } else if (lang_ == Language::Python && own && name.name == "super" && e.chain.size() >= 4 &&
             e.chain[2].type == Segment::Type::Name && e.chain[3].type == Segment::Type::Call) {
    target = find_in_bases(e.chain[2].name, e.chain[3].args.size());
    target_args = &e.chain[3];
    target_tok = e.chain[2].tok;
  } else if (lang_ == Language::CSharp && receiver.size() == 1 && receiver[0] == "base") {
    target = find_in_bases(name.name, args.args.size());
  }
  if (target) {
    for (const auto& s : e.chain)
      for (const auto& a : s.args) visit(a.value);
    follow(*target, target_args, target_tok);
    return std::nullopt;
  }
  // LEAN's call, when it is one: the algorithm's own (`self.x`), or the scheduling manager's `Schedule.On`.
  const ApiCall* api = nullptr;
  if (own) api = lean_call(m);
  else if (receiver.size() == 1 && receiver[0] == "schedule" && m == "on") api = lean_call("Schedule.On");
  const ApiRole role = api ? api->role : ApiRole::Quiet;
  if (runtime_) {  // code that runs while the algorithm runs: only Train is simulated from it
    if (role == ApiRole::Train) {
      runtime_train(name, args, e);
      return std::nullopt;
    }
    for (const auto& s : e.chain)
      for (const auto& a : s.args) visit(a.value);
    if (role == ApiRole::ScheduleOn) {
      seen(false, args, e.first);
      warn(name.tok, "Schedule.On in " + runtime_->where + " creates an event while the algorithm runs: not "
                     "simulated; add the event to simulation.events if it matters");
    } else if (role == ApiRole::AddSecurity || role == ApiRole::Subscribe) {
      warn(name.tok, name.name + " in " + runtime_->where + " subscribes while the algorithm runs: not simulated "
                     "(the calendar comes from Initialize's subscriptions); add it to simulation.securities if "
                     "its bars change the calendar");
    }
    return std::nullopt;
  }
  switch (role) {
    case ApiRole::StartDate: date("start", name, args, e); break;
    case ApiRole::EndDate: date("end", name, args, e); break;
    case ApiRole::TimeZone: time_zone(name, args); break;
    case ApiRole::Benchmark: benchmark(name, args); break;
    case ApiRole::WarmUp: warm_up(name, args); break;
    case ApiRole::Brokerage: brokerage(name, args); break;
    case ApiRole::Train: train(name, args, e); break;
    case ApiRole::ScheduleOn: schedule_on(name, args, e); break;
    case ApiRole::AddSecurity: result = add_security(name, args, e); break;
    case ApiRole::Subscribe: result = add(*api, name, args, 0, e); break;
    case ApiRole::UnreadSubscription:
      warn(name.tok, name.name + ": a subscription trainsim does not read; if its bars change the calendar, "
                     "add the security to simulation.securities");
      break;
    case ApiRole::Quiet: handled = false; break;  // its arguments are still searched below
  }
  if (!handled) {
    for (const auto& s : e.chain)
      for (const auto& a : s.args) visit(a.value);
    // A statement that calls a method the file does not define may
    // subscribe or schedule; a Python free function (print, super) does not.
    if (statement && own && method_call && !api)
        warn(name.tok, "`" + name.name + "(...)` is not read (no such method in this file's algorithm class or "
                       "its bases); if it adds securities or schedules events, add them to the config's "
                       "`simulation` block");
  }
  if (result) subscription_tickers_[e.first] = *result;
  return result;
}

// Positional argument i or the keyword `name` (C# camelCase or Python snake_case).
const Expr* Reader::arg(const Segment& call, size_t i, const char* name) {
  for (const auto& a : call.args)
    if (!a.name.empty() && norm(a.name) == norm(name)) return &a.value;
  size_t pos = 0;
  for (const auto& a : call.args) {
    if (!a.name.empty()) break;
    if (pos++ == i) return &a.value;
  }
  return nullptr;
}

size_t Reader::positional(const Segment& call) {
  size_t n = 0;
  for (const auto& a : call.args) n += a.name.empty() ? 1 : 0;
  return n;
}

void Reader::source(const std::string& key, size_t tok) {
  for (auto& [k, v] : out_.sources)
    if (k == key) {
      v = line_of(tok);
      return;
    }
  out_.sources.emplace_back(key, line_of(tok));
}

}  // namespace trainsim::algorithm::detail
