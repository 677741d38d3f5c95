// algorithm/reader_events.cpp — Train and Schedule.On: the events Initialize
// declares, the trainings started by code that runs while the algorithm runs
// (read_runtime), and every Train call of the file, read or not.
#include "algorithm/reader.h"

#include "rules/schedule_rules.h"

#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace trainsim::algorithm::detail {

// "training fit at main.py:12": a Train or Schedule.On call met while reading.
void Reader::seen(bool training, const Segment& call, size_t tok) {
  if (training) train_lines_seen_.insert(line_of(tok));
  std::string method;
  if (!call.args.empty())
    if (auto m = method_name(call.args.back().value); m && !m->empty()) method = *m;
  calls_seen_.push_back(std::string(training ? "training " : "event ") + (method.empty() ? "(a lambda)" : method) +
                        " at " + line_of(tok));
}

// The method an event calls: its name, or empty for a lambda (LEAN's name then).
std::optional<std::string> Reader::method_name(const Expr& m) {
  if (m.kind == Expr::Kind::Lambda) return std::string();
  // Python's old Action(self.method) wrapper.
  if (m.kind == Expr::Kind::Chain && m.chain.size() == 2 && m.chain[1].type == Segment::Type::Call &&
      m.chain[1].args.size() == 1 && (norm(m.chain[0].name) == "action" || norm(m.chain[0].name) == "func"))
    return method_name(m.chain[1].args[0].value);
  if (m.kind == Expr::Kind::Chain && m.items.empty()) {
    bool names = true;
    for (const auto& s : m.chain) names &= s.type == Segment::Type::Name;
    if (names) return m.chain.back().name;
  }
  return std::nullopt;
}

std::optional<Reader::ParsedRules> Reader::rules_of(const Expr& d, const Expr& t, const std::string& what) {
  const Rendered dr = render(d), tr = render(t);
  ParsedRules out{dr.text, tr.text, ""};
  // The rule parser would read an unbound `self.x` as ticker "X": a guess, so not taken.
  if (dr.unresolved || tr.unresolved) {
    warn(dr.unresolved ? d.first : t.first,
         what + " not read: its rule names a value trainsim cannot resolve; add the event to simulation.events");
    return std::nullopt;
  }
  std::string names[2];
  for (int k = 0; k < 2; ++k) {
    const Rendered& r = k == 0 ? dr : tr;
    try {
      names[k] = k == 0 ? parse_date_rule(r.text).name() : parse_time_rule(r.text).name();
    } catch (const RuleError& e) {
      error(e.column ? token_at(r, e.column) : (k == 0 ? d.first : t.first),
            std::string(k == 0 ? "date rule: " : "time rule: ") + e.what());
    }
  }
  out.lean_name = names[0] + ": " + names[1];
  return out;
}

// `method` empty: a lambda, whose duration goes on the entry itself.
void Reader::add_event(bool training, const std::string& name, const std::string& method,
                       const std::optional<ParsedRules>& rules, size_t tok, const Expr& callback) {
  Callback cb{method, 0, 0};
  if (callback.kind == Expr::Kind::Lambda) {
    cb.lambda_first = callback.first;
    cb.lambda_last = callback.last;
  }
  callbacks_.push_back(std::move(cb));
  nlohmann::ordered_json ev;
  ev["training"] = training;
  if (!name.empty()) ev["name"] = name;
  if (method != name) ev["method"] = method;
  if (rules) {
    ev["date-rule"] = rules->date_text;
    ev["time-rule"] = rules->time_text;
  } else {
    ev["when"] = "now";
  }
  ev["source"] = line_of(tok);
  events_.push_back(std::move(ev));
  if (!method.empty() && methods_named_.insert(method).second) out_.methods.push_back(method);
}

// Train takes a method, or a date rule, a time rule and a method.
size_t Reader::train_arguments(const Segment& name, const Segment& call) const {
  const size_t n = call.args.size();
  if (n != 1 && n != 3)
    error(call.tok, name.name + " takes a method (Train(method)) or a date rule, a time rule and a method; got " +
                        std::to_string(n) + " argument" + (n == 1 ? "" : "s"));
  return n;
}

void Reader::train(const Segment& name, const Segment& call, const Expr& whole) {
  seen(true, call, whole.first);
  const size_t n = train_arguments(name, call);
  const Expr& m = call.args[n - 1].value;
  auto method = method_name(m);
  if (!method) {
    warn(m.first, name.name + "(... " + source_text(m) + "): a method trainsim cannot name; the event is named "
                                                         "after its rules as LEAN names it");
    method = std::string();
  }
  if (n == 1) {
    // LEAN's name for an unnamed Train(now) is "Training: Now: <UTC time>"; the config reader gives it.
    add_event(true, *method, *method, std::nullopt, whole.first, m);
    return;
  }
  auto r = rules_of(call.args[0].value, call.args[1].value, name.name);
  if (!r) return;
  add_event(true, method->empty() ? r->lean_name : *method, *method, r, whole.first, m);
}

void Reader::schedule_on(const Segment& name, const Segment& call, const Expr& whole) {
  seen(false, call, whole.first);
  const size_t n = call.args.size();
  if (n != 3 && n != 4)
    error(call.tok, "Schedule." + name.name + " takes a date rule, a time rule and a method (optionally a name "
                                              "first); got " + std::to_string(n) + " arguments");
  const size_t base = n - 3;
  const Expr& m = call.args[n - 1].value;
  auto method = method_name(m);
  std::string explicit_name;
  if (n == 4) {
    if (auto s = literal_string(call.args[0].value)) explicit_name = *s;
  }
  auto r = rules_of(call.args[base].value, call.args[base + 1].value, "Schedule." + name.name);
  if (!r) return;
  std::string event_name = method && !method->empty() ? *method : (explicit_name.empty() ? r->lean_name : explicit_name);
  if (!method) warn(m.first, "Schedule.On(..., " + source_text(m) + "): a callback trainsim cannot name; the event is named `" + event_name + "`");
  add_event(false, event_name, method ? *method : std::string(), r, whole.first, m);
}

// ---- code that runs while the algorithm runs
// Train(method) called from a scheduled event's callback, from OnData, or
// from a method either reaches, becomes a training entry with a `when`
// object (docs/semantics.md#training-started-at-run-time); the callbacks of
// those trainings are read in turn. OnEndOfDay is not simulated: its Train
// calls are warned as not simulated.
void Reader::read_runtime() {
  const size_t declared = events_.size();
  std::set<std::string, std::less<>> callers, read_methods;
  auto read_caller = [&](size_t k) {
    if (!events_[k].contains("name") || !events_[k]["name"].is_string()) return;
    const std::string name = events_[k]["name"].get<std::string>();
    if (!callers.insert(name).second) return;
    const Callback cb = callbacks_[k];  // events_ and callbacks_ grow while it is read
    const bool lambda = cb.lambda_last > cb.lambda_first;
    const MethodDef* m = lambda || cb.method.empty() ? nullptr : own_method(cb.method, 0);
    if (!lambda && !m) return;
    // A run-time training whose method was read already (as any event's callback) starts a chain.
    if (m && !read_methods.insert(cb.method).second && k >= declared) {
      warn(m->name_tok, "`" + cb.method + "` trains again when it runs (a chain of Train calls at run time): "
                        "trainsim reads the chain once; add further links to simulation.events if they matter");
      return;
    }
    begin_runtime({Runtime::Kind::After, name,
                   lambda ? "the callback of event `" + name + "`"
                          : "`" + cb.method + "` (called by event `" + name + "`)"});
    if (lambda) read_lambda(cb);
    else follow(*m, nullptr, m->name_tok);
    runtime_.reset();
  };
  for (size_t k = 0; k < declared; ++k) read_caller(k);
  if (const MethodDef* m = own_method("OnData", 1)) {
    begin_runtime({Runtime::Kind::OnData, "", "`" + m->name + "`"});
    follow(*m, nullptr, m->name_tok);
    runtime_.reset();
  }
  if (const MethodDef* m = own_method("OnEndOfDay", 1)) {
    begin_runtime({Runtime::Kind::Elsewhere, "", "`" + m->name + "`"});
    follow(*m, nullptr, m->name_tok);
    runtime_.reset();
  }
  for (size_t k = declared; k < events_.size(); ++k) read_caller(k);
}

// The algorithm's method `name` in any spelling (on_data, OnData), or null.
const MethodDef* Reader::own_method(const std::string& name, size_t args) const {
  return find_method(algorithm_class_, name, args, /*normalized=*/true);
}

void Reader::begin_runtime(Runtime r) {
  runtime_ = std::move(r);
  conditions_ = 0;
  maybe_returned_ = false;
}

// A lambda callback: `lambda: self.check()`, `() => Check()`, `() => { ... }`.
void Reader::read_lambda(const Callback& cb) { read_lambda(cb.lambda_first, cb.lambda_last); }

void Reader::read_lambda(size_t first, size_t last) {
  size_t arrow = first;
  while (arrow < last && !is_punct(t_[arrow], "=>") && !is_punct(t_[arrow], ":")) ++arrow;
  const size_t b = arrow + 1;
  if (b >= last) return;
  if (lang_ == Language::CSharp && is_punct(t_[b], "{")) {
    statements(csharp_statements(t_, b + 1, closing(b)));
    return;
  }
  ExprParser p(t_, lang_, b, last);
  while (!p.done()) {
    const size_t before = p.pos();
    visit(p.expr(), true);
    if (p.pos() == before) break;
  }
}

bool Reader::event_named(const std::string& name) const {
  for (const auto& e : events_)
    if (e.contains("name") && e["name"] == name) return true;
  return false;
}

void Reader::runtime_train(const Segment& name, const Segment& call, const Expr& whole) {
  seen(true, call, whole.first);
  const size_t n = train_arguments(name, call);
  const std::string& where = runtime_->where;
  if (n == 3) {
    warn(whole.first, name.name + "(date rule, time rule, method) in " + where + " schedules a training while the "
                      "algorithm runs: not simulated; add it to simulation.events with its rules");
    return;
  }
  const auto method = method_name(call.args[0].value);
  if (!method || method->empty()) {
    warn(whole.first, name.name + "(" + source_text(call.args[0].value) + ") in " + where + ": a method trainsim "
                      "cannot name: not simulated; add a training entry with a `when` object to simulation.events");
    return;
  }
  const std::string call_text = name.name + "(" + *method + ")";
  if (runtime_->kind == Runtime::Kind::Elsewhere) {
    warn(whole.first, call_text + " in " + where + ": trainsim does not simulate when " + where + " runs, so this "
                      "training is not simulated; add a training entry to simulation.events (date and time rules, "
                      "or a `when` object: {\"after\": EVENT}, {\"dates\": [...]}, {\"on-data\": {}})");
    return;
  }
  const bool on_data = runtime_->kind == Runtime::Kind::OnData;
  std::string entry = *method;
  if (event_named(entry)) entry = *method + (on_data ? " from OnData" : " after " + runtime_->after);
  for (int k = 2; event_named(entry); ++k) entry = *method + " (" + std::to_string(k) + ")";
  nlohmann::ordered_json ev;
  ev["training"] = true;
  ev["name"] = entry;
  if (entry != *method) ev["method"] = *method;
  nlohmann::ordered_json when;
  if (on_data) when["on-data"] = nlohmann::ordered_json::object();
  else when["after"] = runtime_->after;
  ev["when"] = std::move(when);
  ev["source"] = line_of(whole.first);
  const std::string path = "simulation.events[" + std::to_string(events_.size()) + "].when.";
  events_.push_back(std::move(ev));
  callbacks_.push_back({*method, 0, 0});
  if (methods_named_.insert(*method).second) out_.methods.push_back(*method);
  const bool conditional = conditions_ > 0 || maybe_returned_;
  const size_t warnings = out_.warnings.size();
  if (on_data)
    warn(whole.first, call_text + " in " + where + ": modelled as one call a day at most, after the date's first "
                      "OnData, with per-day-probability 1 (the default)" +
                      (conditional ? std::string("; it runs under a condition trainsim cannot decide")
                                   : std::string("; LEAN calls it at every OnData that reaches it")) +
                      ": set " + path + "on-data.per-day-probability to the share of days that train");
  else if (conditional)
    warn(whole.first, call_text + " in " + where + " runs under a condition trainsim cannot decide: modelled as "
                      "called after every completed occurrence of `" + runtime_->after + "` (probability 1, the "
                      "default); set " + path + "probability to the share of occurrences that train");
  if (out_.warnings.size() > warnings)
    out_.assumed.push_back({path + (on_data ? "on-data.per-day-probability" : "probability"), out_.warnings.back(),
                            at(whole.first) + ": " + call_text + " in " + where});
}

// Every `self.train(` / `Train(` call in the file (holes included), read or not.
void Reader::find_train_calls() {
  std::set<size_t> lines;
  // In a base class's file, only the algorithm's own bases are its code.
  std::vector<std::pair<size_t, size_t>> bases;
  for (size_t c = algorithm_class_, depth = 0; c < classes_.size() && depth < 32; ++depth) {
    if (file_index(classes_[c].tok) != 0) bases.emplace_back(classes_[c].tok, classes_[c].end);
    size_t next = classes_.size();
    for (const auto& b : classes_[c].bases)
      if (const ClassDef* d = class_named(b); d && d != &classes_[c] && next == classes_.size()) next = class_index(d);
    c = next;
  }
  auto algorithm_code = [&](size_t k) {
    if (file_index(k) == 0) return true;
    const size_t at = k > end_tok_ ? hole_string(k) : k;
    for (const auto& [b, e] : bases)
      if (at >= b && at < e) return true;
    return false;
  };
  for (size_t k = 0; k + 1 < t_.size(); ++k) {
    const Token& x = t_[k];
    if (x.kind != TK::Ident || !is_punct(t_[k + 1], "(") || norm(x.text) != "train") continue;
    if (!algorithm_code(k)) continue;
    const bool dotted = k >= 2 && is_punct(t_[k - 1], ".");
    const bool on_self = dotted && t_[k - 2].kind == TK::Ident && is_self(t_[k - 2].text);
    const bool bare = lang_ == Language::CSharp && !dotted && !(k >= 1 && t_[k - 1].kind == TK::Ident);
    if (!(on_self || bare) || (in_not_taken(k) && !train_lines_seen_.count(line_of(k))) ||
        !lines.insert(x.line).second)
      continue;
    out_.train_calls.push_back(line_of(k));
    if (!train_lines_seen_.count(line_of(k)))
      warn(on_self ? k - 2 : k, "this Train call is not reached from Initialize, a scheduled event's callback or OnData (trainsim "
              "follows those and the methods they call): not simulated; add a training entry to simulation.events "
              "if it runs");
  }
}

// The string token whose interpolation hole holds token k (k after End).
size_t Reader::hole_string(size_t k) const {
  for (const auto& [string, holes] : holes_of_)
    for (const auto& [b, e] : holes)
      if (k >= b && k < e) return string;
  return k;
}

void Reader::finish() {
  find_train_calls();
  finish_simulation(out_, files_[0], dates_called_.count("start") > 0, dates_called_.count("end") > 0, sim_,
                    securities_, events_);
}

}  // namespace trainsim::algorithm::detail
