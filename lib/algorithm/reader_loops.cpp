// algorithm/reader_loops.cpp — loops over literal values, unrolled: the
// body read once per row with the loop's names bound (`for`, C#'s counted
// `for`, ForEach, map). A loop whose values are unknowable is read once to
// see whether it matters, then dropped with a warning.
#include "algorithm/reader.h"

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace trainsim::algorithm::detail {

// Loop variables bound for one iteration; what they were is restored after.
class Reader::Scope {
 public:
  explicit Scope(Reader& r) : r_(r) {}
  Scope(const Scope&) = delete;
  Scope& operator=(const Scope&) = delete;
  void bind(const std::string& name, const std::string& value, bool numeric) {
    if (!saved_.count(name)) {
      const auto it = r_.bindings_.find(name);
      saved_.emplace(name, std::make_pair(it == r_.bindings_.end() ? std::nullopt : std::optional<std::string>(it->second),
                                          r_.numeric_.count(name) > 0));
    }
    r_.bindings_[name] = value;
    if (numeric) r_.numeric_.insert(name);
    else r_.numeric_.erase(name);
  }
  ~Scope() {
    for (const auto& [name, was] : saved_) {
      if (was.first) r_.bindings_[name] = *was.first;
      else r_.bindings_.erase(name);
      if (was.second) r_.numeric_.insert(name);
      else r_.numeric_.erase(name);
    }
  }

 private:
  Reader& r_;
  std::map<std::string, std::pair<std::optional<std::string>, bool>> saved_;
};

// C#'s `for (var i = A; i < B; i++)` (or <=, >, >=, --, += N, -= N) with
// literal bounds: the values of i; nothing when it is another shape.
std::optional<std::vector<std::string>> Reader::counted_values(const Stmt& s, std::string& var) const {
  const size_t b = s.iter_first, e = s.iter_last;
  const size_t semi1 = find_top(t_, b, e, ";");
  if (semi1 >= e) return std::nullopt;
  const size_t semi2 = find_top(t_, semi1 + 1, e, ";");
  if (semi2 >= e) return std::nullopt;
  auto integer = [&](size_t k, long long& v) {
    bool negative = false;
    if (k < e && is_punct(t_[k], "-")) {
      negative = true;
      ++k;
    }
    if (k >= e || t_[k].kind != TK::Number || t_[k].text.size() > 9 ||
        t_[k].text.find_first_not_of("0123456789") != std::string_view::npos)
      return false;
    v = std::stoll(std::string(t_[k].text)) * (negative ? -1 : 1);
    return true;
  };
  // init: [type] NAME = N
  const size_t eq = find_top(t_, b, semi1, "=");
  if (eq >= semi1 || eq == b || t_[eq - 1].kind != TK::Ident) return std::nullopt;
  var = t_[eq - 1].text;
  long long from = 0, bound = 0, step = 0;
  if (!integer(eq + 1, from) || eq + (is_punct(t_[eq + 1], "-") ? 3 : 2) != semi1) return std::nullopt;
  // condition: NAME op N
  const size_t c = semi1 + 1;
  if (!(c + 2 <= semi2 && t_[c].kind == TK::Ident && t_[c].text == var && t_[c + 1].kind == TK::Punct)) return std::nullopt;
  const std::string op(t_[c + 1].text);
  if (!integer(c + 2, bound) || c + (is_punct(t_[c + 2], "-") ? 4 : 3) != semi2) return std::nullopt;
  // step: NAME++ / ++NAME / NAME-- / --NAME / NAME += N / NAME -= N
  const size_t st = semi2 + 1;
  auto is = [&](size_t k, const char* p) { return k < e && is_punct(t_[k], p); };
  auto name_at = [&](size_t k) { return k < e && t_[k].kind == TK::Ident && t_[k].text == var; };
  if (e == st + 3 && name_at(st) && is(st + 1, "+") && is(st + 2, "+")) step = 1;
  else if (e == st + 3 && name_at(st + 2) && is(st, "+") && is(st + 1, "+")) step = 1;
  else if (e == st + 3 && name_at(st) && is(st + 1, "-") && is(st + 2, "-")) step = -1;
  else if (e == st + 3 && name_at(st + 2) && is(st, "-") && is(st + 1, "-")) step = -1;
  else if (e == st + 3 && name_at(st) && (is(st + 1, "+=") || is(st + 1, "-=")) && integer(st + 2, step))
    step = is(st + 1, "+=") ? step : -step;
  else return std::nullopt;
  auto holds = [&](long long v) {
    if (op == "<") return v < bound;
    if (op == "<=") return v <= bound;
    if (op == ">") return v > bound;
    if (op == ">=") return v >= bound;
    if (op == "!=") return v != bound;
    return false;
  };
  if (op != "<" && op != "<=" && op != ">" && op != ">=" && op != "!=") return std::nullopt;
  std::vector<std::string> values;
  for (long long v = from; holds(v); v += step) {
    if (step == 0 || values.size() >= kMaxStatementsRead) return std::nullopt;  // endless or beyond any bound
    values.push_back(std::to_string(v));
  }
  return values;
}

void Reader::counted_for(const Stmt& s) {
  std::string var;
  auto values = counted_values(s, var);
  if (!values) {
    unknowable_loop(s, s.iter_first, "a `for` loop whose count trainsim cannot know (it reads literal bounds: "
                                     "`for (var i = 0; i < 3; i++)`)");
    return;
  }
  Rows rows;
  rows.numeric = {true};
  for (auto& v : *values) rows.rows.push_back({std::move(v)});
  unroll(s, {var}, rows);
}

// Reads a loop body once per row, its names bound to the row's values.
void Reader::unroll(const Stmt& s, const std::vector<std::string>& vars, const Rows& rows) {
  for (const auto& row : rows.rows) {
    Scope scope(*this);
    bind(scope, vars, rows, row);
    statements(s.body);
    undecided_return(s.keyword.empty() ? "for" : s.keyword);
  }
}

// A loop that cannot be unrolled: its body is read once to see whether it
// matters, then dropped, and the events in it are named as not simulated.
void Reader::unknowable_loop(const Stmt& s, size_t tok, const std::string& what) {
  unknowable([&] { statements(s.body); }, tok, what);
}

void Reader::unknowable(const std::function<void()>& read_body, size_t tok, const std::string& what,
                        const std::string& advice) {
  const size_t before = items_read();
  const ReadMark mark = read_mark();
  read_body();
  returned_ = false;
  const bool matters = items_read() != before || out_.warnings.size() != mark.warnings;
  const std::string lost = calls_named(mark.calls);
  rewind(mark);
  if (matters)
    warn(tok, what + ": its subscriptions and events are not read" +
                  (lost.empty() ? std::string() : " (not simulated: " + lost + ")") +
                  "; " + advice);
}

void Reader::for_loop(const Stmt& s) {
  ExprParser p(t_, lang_, s.iter_first, s.iter_last);
  const Expr iterable = p.expr();
  consuming_ = is_map(iterable);  // `for h in map(...)` runs the lambda
  visit(iterable);
  consuming_ = false;
  const auto rows = rows_of(iterable);
  const auto vars = loop_targets(s.target_first, s.target_last);
  if (!rows || vars.empty() || !binds(vars, *rows)) {
    unknowable_loop(s, s.iter_first, "a loop over `" + source_text(iterable) + "`, which is not a literal list");
    return;
  }
  unroll(s, vars, *rows);
}

// The parameters of a lambda: `lambda h:`, `lambda a, b:`, `t =>`, `(t) =>`, `(string t, int i) =>`.
std::vector<std::string> Reader::lambda_params(const Expr& l) const {
  size_t b = l.first, e = l.first;
  while (e < l.last && !is_punct(t_[e], "=>") && !is_punct(t_[e], ":")) ++e;
  if (lang_ == Language::Python) ++b;  // `lambda`
  else if (b < e && is_punct(t_[b], "(") && is_punct(t_[e - 1], ")")) return loop_targets(b, e);
  if (lang_ == Language::Python) {
    std::vector<std::string> names;
    for (size_t k = b; k < e; ++k) {
      if (t_[k].kind == TK::Ident && (k == b || is_punct(t_[k - 1], ","))) names.emplace_back(t_[k].text);
      else if (t_[k].kind != TK::Ident && !is_punct(t_[k], ",")) return {};  // defaults, *args
    }
    return names;
  }
  return loop_targets(b, e);
}

// A lambda applied to each value of a literal list, as a loop's body:
// C#'s `list.ForEach(t => ...)` (after `.ToList()` or on a bound list) and
// `Array.ForEach(list, t => ...)`; Python's `map(lambda h: ..., list[, list2])`,
// which is lazy: its lambda runs only where something consumes the map
// (`list(map(...))`, a `for` over it). Returns false when `e` is neither.
bool Reader::lambda_loop(const Expr& e) {
  const auto& c = e.chain;
  const Expr* lambda = nullptr;
  std::optional<Rows> rows;
  size_t at = 0;
  std::string what;
  if (lang_ == Language::CSharp) {
    const size_t k = c.size() >= 2 ? c.size() - 2 : c.size();
    if (k >= c.size() || c[k].type != Segment::Type::Name || c[k].name != "ForEach" ||
        c[k + 1].type != Segment::Type::Call)
      return false;
    const auto& args = c[k + 1].args;
    if (k == 1 && e.items.empty() && c[0].type == Segment::Type::Name && c[0].name == "Array" && args.size() == 2 &&
        args[1].value.kind == Expr::Kind::Lambda) {
      lambda = &args[1].value;
      rows = rows_of(args[0].value);
    } else if (args.size() == 1 && args[0].value.kind == Expr::Kind::Lambda && (k > 0 || e.items.size() == 1)) {
      lambda = &args[0].value;
      Expr receiver = e;
      receiver.chain.resize(k);
      if (receiver.chain.empty()) receiver = e.items[0];
      rows = rows_of(receiver);
    } else {
      return false;
    }
    at = c[k].tok;
    what = "ForEach";
  } else {
    const Expr* m = &e;
    bool consumed = false;
    // list(map(...)), tuple(map(...)), set(map(...)): consumed.
    if (c.size() == 2 && e.items.empty() && c[0].type == Segment::Type::Name &&
        (c[0].name == "list" || c[0].name == "tuple" || c[0].name == "set") && c[1].type == Segment::Type::Call &&
        c[1].args.size() == 1) {
      m = &c[1].args[0].value;
      consumed = true;
    }
    if (!is_map(*m)) return false;
    const auto& args = m->chain[1].args;
    lambda = &args[0].value;
    at = m->chain[0].tok;
    what = "map";
    consumed |= consuming_;
    consuming_ = false;  // a map inside the lambda is its own
    if (!consumed) {
      unknowable([&] { read_lambda(lambda->first, lambda->last); }, at,
                 "`map(...)` is lazy and nothing consumes it here, so its lambda never runs, in LEAN either",
                 "wrap it in list(...) if they should run");
      return true;
    }
    std::vector<const Expr*> iterables;
    for (size_t k = 1; k < args.size(); ++k) iterables.push_back(&args[k].value);
    rows = zipped(iterables);
  }
  const auto params = lambda_params(*lambda);
  if (!rows || params.empty() || !binds(params, *rows)) {
    unknowable([&] { read_lambda(lambda->first, lambda->last); }, at,
               "`" + what + "` over values trainsim cannot know (it reads literal lists)");
    return true;
  }
  for (const auto& row : rows->rows) {
    Scope scope(*this);
    bind(scope, params, *rows, row);
    ++statements_read_;
    charge(1 + span_characters(lambda->first, lambda->last), lambda->first);
    read_lambda(lambda->first, lambda->last);
  }
  return true;
}

bool Reader::is_map(const Expr& m) const {
  return lang_ == Language::Python && m.kind == Expr::Kind::Chain && m.items.empty() && m.chain.size() == 2 &&
         m.chain[0].type == Segment::Type::Name && m.chain[0].name == "map" &&
         m.chain[1].type == Segment::Type::Call && m.chain[1].args.size() >= 2 &&
         m.chain[1].args[0].value.kind == Expr::Kind::Lambda;
}

// The names a loop binds: `t`, `i, t`, `(k, v)`; C#'s `var t`, `var (k, v)`,
// `(string k, int v)`. Empty when it is another shape.
std::vector<std::string> Reader::loop_targets(size_t b, size_t e) const {
  std::vector<std::string> names;
  if (b >= e) return names;
  size_t open = b;
  while (open < e && !is_punct(t_[open], "(")) ++open;
  const bool tuple = lang_ == Language::CSharp && open < e;
  if (lang_ == Language::CSharp && !tuple) {  // `Type name`, the type maybe generic
    if (t_[e - 1].kind == TK::Ident) names.emplace_back(t_[e - 1].text);
    return names;
  }
  size_t k = tuple ? open + 1 : b;
  const size_t end = tuple ? closing(open) : e;
  std::string last;
  for (; k <= end && k <= e; ++k) {
    if (k == end || is_punct(t_[k], ",")) {
      if (last.empty()) return {};
      names.push_back(last);
      last.clear();
      continue;
    }
    if (t_[k].kind == TK::Ident) {
      if (lang_ == Language::Python && !last.empty()) return {};
      last = t_[k].text;  // C#: the type comes first, the name last
    } else if (!is_punct(t_[k], "(") && !is_punct(t_[k], ")")) {
      return {};
    }
  }
  return names;
}

// The rows fit the names: one column per name, or C#'s `foreach (var kv in
// dictionary)` reading kv.Key and kv.Value.
bool Reader::binds(const std::vector<std::string>& vars, const Rows& rows) {
  return rows.numeric.size() == vars.size() || (vars.size() == 1 && rows.numeric.size() == 2);
}

void Reader::bind(Scope& scope, const std::vector<std::string>& vars, const Rows& rows,
                  const std::vector<std::string>& row) {
  if (vars.size() == rows.numeric.size()) {
    for (size_t k = 0; k < vars.size(); ++k) scope.bind(vars[k], row[k], rows.numeric[k]);
    return;
  }
  scope.bind(vars[0] + ".Key", row[0], rows.numeric[0]);
  scope.bind(vars[0] + ".Value", row[1], rows.numeric[1]);
}

// The events read from index `from` on, as "name (main.py:12), ...", for a
// warning that they are not simulated.
std::string Reader::calls_named(size_t from) const {
  std::string s;
  for (size_t k = from; k < calls_seen_.size(); ++k) s += (s.empty() ? "" : ", ") + calls_seen_[k];
  return s;
}

}  // namespace trainsim::algorithm::detail
