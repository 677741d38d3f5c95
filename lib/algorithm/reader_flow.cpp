// algorithm/reader_flow.cpp — statements in order: the branches a backtest
// decides (the run's mode, a known parameter), `return`, the bound on how
// much a reading unrolls and the rewind of a body read only to see whether
// it matters; and simple statements, their calls and assignments.
#include "algorithm/reader.h"

#include <algorithm>
#include <cstddef>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace trainsim::algorithm::detail {

void Reader::statements(const std::vector<Stmt>& list) {
  const Branch outer = branch_;
  for (const auto& s : list) {
    if (returned_) {  // LEAN never runs what follows a `return`
      not_taken_.emplace_back(s.first, stmt_end(list.back()));
      break;
    }
    // An if/elif/else chain's state lives until a statement that is not its `elif`/`else`.
    if (s.keyword != "elif" && s.keyword != "else") branch_ = Branch::None;
    statement(s);
  }
  branch_ = outer;
}

// `self.live_mode` / `LiveMode` / `this.LiveMode` (`by_mode` set) and
// `self.is_warming_up` / `IsWarmingUp`, negated by `not`/`!`, in
// parentheses or not: a backtest's value. Anything else: nothing.
std::optional<bool> Reader::decide(size_t b, size_t e, bool* by_mode, std::string* missing) const {
  bool negated = false;
  for (;;) {
    while (b < e && ((lang_ == Language::Python && t_[b].kind == TK::Ident && t_[b].text == "not") || is_punct(t_[b], "!"))) {
      negated = !negated;
      ++b;
    }
    if (b + 1 < e && is_punct(t_[b], "(") && is_punct(t_[e - 1], ")") && closing(b) == e - 1) {
      ++b;
      --e;
      continue;
    }
    break;
  }
  if (parameters_ && b < e) {
    ExprParser p(t_, lang_, b, e);
    const Expr x = p.expr();
    if (p.done())
      if (auto v = parameter_condition(x, missing)) return *v != negated;
  }
  if (b < e && t_[b].kind == TK::Ident && is_self(t_[b].text) && b + 2 < e + 1 && is_punct(t_[b + 1], ".")) b += 2;
  if (b + 1 != e || t_[b].kind != TK::Ident) return std::nullopt;
  const std::string name = norm(t_[b].text);
  if (name == "livemode") {
    if (by_mode) *by_mode = true;
    return negated;  // LiveMode is false in a backtest
  }
  if (name == "iswarmingup") {
    // False in Initialize (the warm-up starts after it); at run time false
    // without a warm-up, and true for part of the run with one.
    if (runtime_ && sim_.contains("warm-up") && !no_warm_up(sim_["warm-up"])) return std::nullopt;
    return negated;
  }
  return std::nullopt;
}

// A condition on a parameter's value: `self.get_parameter("x")` (Python
// truthiness), or it `==` / `!=` a literal (string, number, bool, None).
// `missing` names a parameter given nowhere, without a default.
std::optional<bool> Reader::parameter_condition(const Expr& x, std::string* missing) const {
  if (auto p = parameter_value(x)) {
    if (lang_ != Language::Python) return std::nullopt;
    if (p->missing && missing) *missing = p->name;
    return p->value && !p->value->empty();
  }
  if (x.kind != Expr::Kind::Opaque || x.items.size() != 2 || x.items[0].last >= t_.size()) return std::nullopt;
  const Token& op = t_[x.items[0].last];
  if (!is_punct(op, "==") && !is_punct(op, "!=")) return std::nullopt;
  for (int side = 0; side < 2; ++side) {
    const auto p = parameter_value(x.items[side]);
    if (!p) continue;
    const Expr& other = x.items[1 - side];
    std::optional<std::string> literal;
    if (auto s = literal_string(other)) literal = *s;
    else if (other.kind == Expr::Kind::Number) literal = other.text;
    else if (other.kind == Expr::Kind::Bool) literal = other.boolean ? (lang_ == Language::Python ? "True" : "true") : (lang_ == Language::Python ? "False" : "false");
    else if (other.kind != Expr::Kind::None) return std::nullopt;
    if (p->missing && missing) *missing = p->name;
    const bool equal = p->value == literal;  // both none: a missing parameter compared with None/null
    return is_punct(op, "==") ? equal : !equal;
  }
  return std::nullopt;
}

bool Reader::no_warm_up(const nlohmann::ordered_json& w) {
  return (w.is_number() && w.get<double>() == 0) || (w.is_string() && (w == "0d" || w == "0"));
}

// An if/elif/else on the run's mode: only the branch a backtest takes is
// read, without a warning. Returns false when `s` is not decided.
bool Reader::decided_branch(const Stmt& s) {
  const bool python = lang_ == Language::Python;
  if (s.keyword == "else" && python) {
    if (branch_ == Branch::Taken) return not_taken(s.body);
    if (branch_ != Branch::NotTaken) return false;
    statements(s.body);
    return true;
  }
  if (s.keyword == "elif" && branch_ == Branch::Taken) return not_taken(s.body);
  if (s.keyword == "elif" && branch_ != Branch::NotTaken) return false;
  if (s.keyword != "if" && s.keyword != "elif") return false;
  bool by_mode = false;
  std::string missing;
  const auto d = python ? decide(s.first + 1, s.last, &by_mode, &missing)
                        : decide(s.first + 2, s.last - 1, &by_mode, &missing);
  if (!d) return false;
  if (by_mode) out_.decided_by_mode.push_back(line_of(s.first));
  if (!missing.empty())
    warn(s.first, "parameter `" + missing + "` is set nowhere (the project's config.json `parameters`, "
                  "--parameter " + missing + " VALUE) and has no default: GetParameter returns " +
                  (python ? "None" : "null") + ", so this branch is read as LEAN then takes it; set it if the "
                  "run you simulate gives it");
  branch_ = *d ? Branch::Taken : Branch::NotTaken;
  if (python) {
    if (*d) statements(s.body);
    else not_taken(s.body);
    return true;
  }
  // C#: body[0] is the statement, body[1] the `else` (its own body).
  if (*d && !s.body.empty()) statement(s.body[0]);
  if (*d && s.body.size() > 1) not_taken(s.body[1].body);
  if (!*d && !s.body.empty()) not_taken({s.body[0]});
  if (!*d && s.body.size() > 1) statements(s.body[1].body);
  branch_ = Branch::None;
  return true;
}

// A branch LEAN does not take: its Train calls are not calls the run makes.
bool Reader::not_taken(const std::vector<Stmt>& body) {
  if (!body.empty()) not_taken_.emplace_back(body.front().first, stmt_end(body.back()));
  return true;
}

size_t Reader::stmt_end(const Stmt& s) {
  return s.body.empty() ? s.last : std::max(s.last, stmt_end(s.body.back()));
}

bool Reader::in_not_taken(size_t tok) const {
  for (const auto& [b, e] : not_taken_)
    if (tok >= b && tok < e) return true;
  return false;
}

// A `return` read inside a block that may not run (a condition trainsim
// does not decide, a loop): what follows is read, and the user told.
void Reader::undecided_return(const std::string& keyword) {
  if (!returned_) return;
  returned_ = false;
  if (runtime_) {  // what follows runs only sometimes: its Train calls say so
    maybe_returned_ = true;
    return;
  }
  warn(return_tok_, "a `return` inside `" + keyword + "`: trainsim reads the statements after this block as if "
                    "it does not return; if it does, override them in the config's `simulation` block");
}

// Loops over literal lists are unrolled, so nested ones multiply: three
// tickers nested twelve deep are half a million statements, each parsed
// again (fuzzing found such files taking minutes). Reading is bounded by
// kMaxStatementsRead statements and kMaxCharactersRead characters: the
// statements' own and those of each bound value a use copies in (one
// 200 KB string used in a nested loop took a minute).
void Reader::charge(size_t characters, size_t tok) const {
  characters_read_ += characters;
  if (statements_read_ > kMaxStatementsRead || characters_read_ > kMaxCharactersRead)
    error(tok, "Initialize unrolls to more than " +
                   (statements_read_ > kMaxStatementsRead ? std::to_string(kMaxStatementsRead) + " statements"
                                                          : std::to_string(kMaxCharactersRead) + " characters") +
                   " (loops over literal lists, nested); simplify the loops, or list the "
                   "subscriptions and events in the config's `simulation` block");
}

size_t Reader::items_read() const { return events_.size() + securities_.size() + settings_read_; }

size_t Reader::span_characters(size_t first, size_t last) const {
  if (last <= first || last > t_.size()) return 0;
  return t_[last - 1].end - t_[first].begin;
}

Reader::ReadMark Reader::read_mark() const {
  return {events_.size(), securities_.size(), out_.warnings.size(), out_.methods.size(), calls_seen_.size()};
}

void Reader::rewind(const ReadMark& m) {
  for (size_t k = m.securities; k < securities_.size(); ++k)
    security_index_.erase(securities_[k]["security"].get<std::string>());
  for (size_t k = m.warnings; k < out_.warnings.size(); ++k) warned_.erase(out_.warnings[k]);
  for (size_t k = m.methods; k < out_.methods.size(); ++k) methods_named_.erase(out_.methods[k]);
  securities_.erase(securities_.begin() + static_cast<std::ptrdiff_t>(m.securities), securities_.end());
  events_.erase(events_.begin() + static_cast<std::ptrdiff_t>(m.events), events_.end());
  callbacks_.resize(m.events);
  out_.warnings.resize(m.warnings);
  while (!out_.assumed.empty() && !warned_.count(out_.assumed.back().warning)) out_.assumed.pop_back();
  calls_seen_.resize(m.calls);
  out_.methods.resize(m.methods);
}

void Reader::statement(const Stmt& s) {
  ++statements_read_;
  charge(1 + span_characters(s.first, s.last), s.first);
  switch (s.kind) {
    case Stmt::Kind::Skip: return;
    case Stmt::Kind::Plain: {
      if (lang_ == Language::Python && s.keyword == "else" && branch_ == Branch::Taken) {
        not_taken(s.body);
        return;
      }
      // The `else` of an undecided `if` runs only sometimes too.
      const bool undecided = lang_ == Language::Python && s.keyword == "else" && branch_ == Branch::Undecided;
      conditions_ += undecided;
      statements(s.body);
      conditions_ -= undecided;
      return;
    }
    case Stmt::Kind::Conditional: {
      if (decided_branch(s)) return;
      if (s.keyword == "if" || s.keyword == "elif") branch_ = Branch::Undecided;
      const size_t before = items_read();
      if (lang_ == Language::CSharp || s.keyword != "else") {
        // Calls in the condition itself run too (rare, but read them).
        if (s.last > s.first + 1) {
          ExprParser p(t_, lang_, s.first + 1, s.last);
          while (!p.done()) {
            const size_t b = p.pos();
            visit(p.expr());
            if (p.pos() == b) break;
          }
        }
      }
      ++conditions_;
      statements(s.body);
      --conditions_;
      undecided_return(s.keyword);
      // At run time each Train call says how it was modelled (runtime_train).
      if (items_read() != before && !runtime_)
        warn(s.first, "inside `" + s.keyword + "`: trainsim reads the calls in this block as if it always runs; "
                      "if it does not, override them in the config's `simulation` block");
      return;
    }
    case Stmt::Kind::For: for_loop(s); return;
    case Stmt::Kind::CountedFor: counted_for(s); return;
    case Stmt::Kind::Simple: simple(s.first, s.last); return;
  }
}

void Reader::simple(size_t b, size_t e) {
  if (b >= e) return;
  const Token& first = t_[b];
  if (first.kind == TK::Ident) {
    if (first.text == "return") {
      if (b + 1 < e) {  // `return self.setup()`: the call runs first
        ExprParser p(t_, lang_, b + 1, e);
        visit(p.expr());
      }
      returned_ = true;
      return_tok_ = b;
      return;
    }
    static const std::set<std::string, std::less<>> kSkip = {"pass", "break", "continue", "raise", "throw",
                                                "import", "from", "global", "nonlocal", "del", "assert",
                                                "yield", "goto"};
    if (kSkip.count(first.text)) return;
  }
  size_t eq = find_top(t_, b, e, "=");
  if (eq < e) {
    ExprParser p(t_, lang_, eq + 1, e);
    const Expr value = p.expr();
    const auto ticker = visit(value);
    assign(b, eq, value, ticker);
    return;
  }
  ExprParser p(t_, lang_, b, e);
  while (!p.done()) {
    const size_t before = p.pos();
    const Expr x = p.expr();
    visit(x, /*statement=*/true);
    if (p.pos() == before) break;
  }
}

// The binding key of an assignment target: `spy`, `self._spy` -> "_spy",
// C#'s `Symbol _spy` / `var spy` -> the declared name.
std::string Reader::target_key(size_t b, size_t eq) const {
  size_t e = find_top(t_, b, eq, ":");  // Python annotation `x: Symbol = ...`
  if (e == b) return "";
  std::vector<std::string> names;
  bool dotted = true;
  for (size_t k = b; k < e; ++k) {
    if (t_[k].kind == TK::Ident) names.emplace_back(t_[k].text);
    else if (lang_ == Language::CSharp && t_[k].kind == TK::Punct &&
             std::string("[]<>,?").find(t_[k].text) != std::string::npos && t_[k].text.size() == 1)
      continue;  // type syntax in a declaration: string[] a, List<Symbol> b
    else if (!is_punct(t_[k], ".")) dotted = false;
  }
  if (!dotted || names.empty()) return "";
  // Python: a dotted path; C#: `Type name` (or `private readonly Type name`) -> the last name.
  bool has_dot = false;
  for (size_t k = b; k < e; ++k) has_dot |= is_punct(t_[k], ".");
  if (!has_dot || lang_ == Language::CSharp) {
    if (has_dot && names.size() == 2 && is_self(names[0])) return names[1];  // this._spy
    if (has_dot) {  // Settings.DailyPreciseEndTime
      std::string key;
      for (const auto& n : names) key += (key.empty() ? "" : ".") + n;
      return key;
    }
    return names.back();
  }
  std::string key;
  for (size_t k = 0; k < names.size(); ++k) {
    if (k == 0 && is_self(names[k])) continue;
    key += (key.empty() ? "" : ".") + names[k];
  }
  return key;
}

void Reader::assign(size_t b, size_t eq, const Expr& value, const std::optional<std::string>& ticker) {
  const std::string key = target_key(b, eq);
  if (key.empty()) return;
  const std::string nk = norm(key);
  // self.settings.daily_precise_end_time = False; Settings.DailyPreciseEndTime = false;
  if (nk == "settings.dailypreciseendtime") {
    if (value.kind == Expr::Kind::Bool) {
      sim_["daily-precise-end-time"] = value.boolean;
      source("daily-precise-end-time", b);
      ++settings_read_;
    } else {
      warn(value.first, "Settings.DailyPreciseEndTime from an expression trainsim cannot read; set simulation.daily-precise-end-time");
    }
    return;
  }
  if (nk == "universesettings.resolution") {
    if (auto r = resolution_of(value)) default_resolution_ = *r;
    else warn(value.first, "UniverseSettings.Resolution from an expression trainsim cannot read; the subscriptions after it use minute");
    return;
  }
  if (nk == "universesettings.extendedmarkethours") {
    if (value.kind == Expr::Kind::Bool) default_extended_ = value.boolean;
    return;
  }
  numeric_.erase(key);
  table_bindings_.erase(key);
  if (auto t = table_of(value)) {  // a dict or a list of tuples, for loops over it
    table_bindings_[key] = *t;
    bindings_.erase(key);
    list_bindings_.erase(key);
    return;
  }
  if (auto n = integer_of(value); n && !ticker) {
    bindings_[key] = std::to_string(*n);
    numeric_.insert(key);
    list_bindings_.erase(key);
  } else if (ticker) {
    bindings_[key] = *ticker;
    list_bindings_.erase(key);
  } else if (auto s = literal_string(value)) {
    bindings_[key] = *s;
    list_bindings_.erase(key);
  } else if (auto l = list_of(value)) {
    const bool numeric = numeric_values(value);
    list_bindings_[key] = *l;
    bindings_.erase(key);
    if (numeric) numeric_lists_.insert(key);
    else numeric_lists_.erase(key);
  } else {
    bindings_.erase(key);
    list_bindings_.erase(key);
  }
}

}  // namespace trainsim::algorithm::detail
