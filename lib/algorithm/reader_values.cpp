// algorithm/reader_values.cpp — the values an expression has statically:
// literals, the names assignments and loops bound, parameters, ranges, lists
// and tables (dicts, lists of tuples), what a loop iterates, resolutions.
#include "algorithm/reader.h"

#include <algorithm>
#include <cstdlib>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace trainsim::algorithm::detail {

std::optional<std::string> Reader::literal_string(const Expr& e) const {
  if (e.kind == Expr::Kind::String && !e.interpolated) return e.text;
  return std::nullopt;
}

// The chain's name path without self/this and without a trailing .Symbol / .Value.
std::optional<std::string> Reader::chain_key(const Expr& e, bool strip_symbol) {
  if (e.kind != Expr::Kind::Chain || !e.items.empty() || e.is_new) return std::nullopt;
  std::vector<std::string> names;
  for (const auto& s : e.chain) {
    if (s.type != Segment::Type::Name) return std::nullopt;
    names.push_back(s.name);
  }
  if (!names.empty() && is_self(names[0])) names.erase(names.begin());
  if (strip_symbol && names.size() > 1 && norm(names.back()) == "symbol") names.pop_back();
  if (names.empty()) return std::nullopt;
  std::string key;
  for (const auto& n : names) key += (key.empty() ? "" : ".") + n;
  return key;
}

std::optional<std::string> Reader::bound_ticker(const Expr& e) const {
  for (bool strip : {false, true})
    if (auto k = chain_key(e, strip))
      if (auto it = bindings_.find(*k); it != bindings_.end()) {
        charge(it->second.size(), e.first);
        return it->second;
      }
  return std::nullopt;
}

std::optional<Reader::Parameter> Reader::parameter_value(const Expr& e) const {
  if (!parameters_ || e.kind != Expr::Kind::Chain || !e.items.empty() || e.is_new) return std::nullopt;
  const auto& c = e.chain;
  const size_t k = !c.empty() && c[0].type == Segment::Type::Name && is_self(c[0].name) ? 1 : 0;
  if (c.size() != k + 2 || c[k].type != Segment::Type::Name || norm(c[k].name) != "getparameter" ||
      c[k + 1].type != Segment::Type::Call || (lang_ == Language::Python && k == 0))
    return std::nullopt;
  const auto& args = c[k + 1].args;
  if (args.empty() || args.size() > 2) return std::nullopt;
  const auto name = literal_string(args[0].value);
  if (!name) return std::nullopt;
  Parameter p{*name, std::nullopt, false};
  if (auto it = parameters_->find(*name); it != parameters_->end()) {
    p.value = it->second;
  } else if (args.size() == 2) {
    const Expr& d = args[1].value;
    if (auto s = literal_string(d)) p.value = *s;
    else if (d.kind == Expr::Kind::Number) p.value = d.text;
    else if (d.kind == Expr::Kind::Bool) p.value = d.boolean ? (lang_ == Language::Python ? "True" : "true") : (lang_ == Language::Python ? "False" : "false");
    else if (d.kind != Expr::Kind::None) return std::nullopt;
  } else {
    p.missing = true;
  }
  return p;
}

std::optional<std::string> Reader::ticker_of(const Expr& e) const {
  if (auto s = literal_string(e)) return s;
  if (auto p = parameter_value(e); p && p->value) return p->value;
  if (auto k = chain_key(e, false); k && numeric_.count(*k)) return std::nullopt;
  if (auto b = bound_ticker(e)) return b;
  if (auto it = subscription_tickers_.find(e.first); it != subscription_tickers_.end()) return it->second;
  return std::nullopt;
}

// An integer literal, or a name bound to one.
std::optional<long long> Reader::integer_of(const Expr& e) const {
  std::string text;
  if (e.kind == Expr::Kind::Number) {
    text = e.text;
  } else if (auto k = chain_key(e, false); k && numeric_.count(*k)) {
    text = bindings_.at(*k);
  } else if (e.kind == Expr::Kind::Opaque && e.last > e.first) {  // -3, 10 + i
    return arithmetic(e.first, e.last);
  } else if (auto p = parameter_value(e); p && p->value && lang_ == Language::CSharp) {
    text = *p->value;  // GetParameter("h", 8): the int overload
  } else if (lang_ == Language::Python && e.kind == Expr::Kind::Chain && e.items.empty() && e.chain.size() == 2 &&
             e.chain[0].type == Segment::Type::Name && e.chain[0].name == "int" &&
             e.chain[1].type == Segment::Type::Call && e.chain[1].args.size() == 1) {
    const Expr& x = e.chain[1].args[0].value;  // int(self.get_parameter("h"))
    if (auto p = parameter_value(x); p && p->value) text = *p->value;
    else return integer_of(x);
  }
  if (text.empty() || text.size() > 9 || text.find_first_not_of("0123456789") != std::string::npos)
    return std::nullopt;
  return std::stoll(text);
}

// Python's range(stop) / range(start, stop[, step]) with integer literals.
std::optional<std::vector<std::string>> Reader::range_of(const Expr& e) const {
  if (lang_ != Language::Python || e.kind != Expr::Kind::Chain || !e.items.empty() || e.chain.size() != 2 ||
      e.chain[0].type != Segment::Type::Name || e.chain[0].name != "range" || e.chain[1].type != Segment::Type::Call)
    return std::nullopt;
  const auto& a = e.chain[1].args;
  if (a.empty() || a.size() > 3) return std::nullopt;
  std::vector<long long> v;
  for (const auto& x : a) {
    auto n = x.name.empty() ? integer_of(x.value) : std::nullopt;
    if (!n) return std::nullopt;
    v.push_back(*n);
  }
  const long long start = v.size() == 1 ? 0 : v[0], stop = v.size() == 1 ? v[0] : v[1], step = v.size() == 3 ? v[2] : 1;
  if (step == 0) return std::nullopt;
  std::vector<std::string> out;
  for (long long k = start; step > 0 ? k < stop : k > stop; k += step) {
    if (out.size() >= kMaxStatementsRead) return std::nullopt;
    out.push_back(std::to_string(k));
    charge(1 + out.back().size(), e.first);
  }
  return out;
}

// The values are numbers (range(...), [8, 20]): bound unquoted.
bool Reader::numeric_values(const Expr& e) const {
  if (range_of(e)) return true;
  if (auto k = chain_key(e, false); k && numeric_lists_.count(*k) && list_bindings_.count(*k)) return true;
  if (e.kind != Expr::Kind::List || e.items.empty()) return false;
  for (const auto& item : e.items)
    if (!integer_of(item)) return false;
  return true;
}

std::optional<std::vector<std::string>> Reader::list_of(const Expr& e) const {
  if (e.kind == Expr::Kind::List) {
    std::vector<std::string> v;
    for (const auto& item : e.items) {
      auto t = ticker_of(item);
      if (!t)
        if (auto n = integer_of(item)) t = std::to_string(*n);
      if (!t) return std::nullopt;
      v.push_back(*t);
    }
    return v;
  }
  if (auto r = range_of(e)) return r;
  if (auto k = chain_key(e, false))
    if (auto it = list_bindings_.find(*k); it != list_bindings_.end()) {
      for (const auto& v : it->second) charge(1 + v.size(), e.first);
      return it->second;
    }
  return std::nullopt;
}

// An item of a literal list: a ticker or string, or an integer (numeric).
std::optional<std::string> Reader::scalar(const Expr& e, bool& numeric) const {
  if (auto t = ticker_of(e)) {
    numeric = false;
    return t;
  }
  if (auto n = integer_of(e)) {
    numeric = true;
    return std::to_string(*n);
  }
  return std::nullopt;
}

// A literal of several columns: a Python dict `{"SPY": 10}`, a list of
// tuples `[("SPY", 10)]`, C#'s `new Dictionary<string, int> { {"SPY", 10} }`
// or `new[] { ("SPY", 10) }`, or a name bound to one.
std::optional<Rows> Reader::table_of(const Expr& e) const {
  if (auto k = chain_key(e, false))
    if (auto it = table_bindings_.find(*k); it != table_bindings_.end()) {
      for (const auto& row : it->second.rows)
        for (const auto& v : row) charge(1 + v.size(), e.first);
      return it->second;
    }
  const bool dict = lang_ == Language::Python && e.kind == Expr::Kind::Opaque && e.first < t_.size() &&
                    is_punct(t_[e.first], "{");
  if (!dict && e.kind != Expr::Kind::List) return std::nullopt;
  if (e.items.empty()) return std::nullopt;
  Rows r;
  r.dict = dict || (lang_ == Language::CSharp && e.first + 1 < t_.size() && t_[e.first].text == "new" &&
                    t_[e.first + 1].kind == TK::Ident && norm(t_[e.first + 1].text) == "dictionary");
  for (const auto& item : e.items) {
    const bool pair = item.kind == Expr::Kind::Opaque && item.items.size() == 2 && item.items[0].last < t_.size() &&
                      is_punct(t_[item.items[0].last], ":");
    if (dict != pair || (!dict && item.kind != Expr::Kind::List)) return std::nullopt;
    if (item.items.size() < 2 || (!r.numeric.empty() && item.items.size() != r.numeric.size())) return std::nullopt;
    if (r.numeric.empty()) r.numeric.assign(item.items.size(), true);
    std::vector<std::string> row;
    for (size_t c = 0; c < item.items.size(); ++c) {
      bool numeric = false;
      auto v = scalar(item.items[c], numeric);
      if (!v) return std::nullopt;
      r.numeric[c] = r.numeric[c] && numeric;
      row.push_back(std::move(*v));
    }
    r.rows.push_back(std::move(row));
  }
  return r;
}

Rows Reader::column(const Rows& t, size_t c) {
  Rows r;
  r.numeric = {t.numeric[c]};
  for (const auto& row : t.rows) r.rows.push_back({row[c]});
  return r;
}

// The iterables side by side, as zip() pairs them (each of one column).
std::optional<Rows> Reader::zipped(const std::vector<const Expr*>& iterables) const {
  Rows r;
  for (const Expr* x : iterables) {
    const auto c = rows_of(*x);
    if (!c || c->numeric.size() != 1) return std::nullopt;
    if (r.numeric.empty()) r.rows.resize(c->rows.size());
    r.rows.resize(std::min(r.rows.size(), c->rows.size()));
    for (size_t k = 0; k < r.rows.size(); ++k) r.rows[k].push_back(c->rows[k][0]);
    r.numeric.push_back(c->numeric[0]);
  }
  if (r.numeric.empty()) return std::nullopt;
  return r;
}

// What a loop over `e` binds, when trainsim can know it: a literal list (or
// range, or a name bound to one), a dict (its keys; `.items()`, `.keys()`,
// `.values()`), a list of tuples, `enumerate(...)`, `zip(...)`, `list(...)`,
// C#'s `.ToList()` / `.ToArray()` on one.
std::optional<Rows> Reader::rows_of(const Expr& e) const {
  if (auto l = list_of(e)) {
    Rows r;
    r.numeric = {numeric_values(e)};
    for (auto& v : *l) r.rows.push_back({std::move(v)});
    return r;
  }
  if (auto t = table_of(e)) return t->dict && lang_ == Language::Python ? column(*t, 0) : t;  // C#: key-value pairs
  if (e.kind != Expr::Kind::Chain || e.chain.size() < 2 || e.chain.back().type != Segment::Type::Call ||
      e.chain[e.chain.size() - 2].type != Segment::Type::Name)
    return std::nullopt;
  const std::string f = e.chain[e.chain.size() - 2].name;
  const auto& args = e.chain.back().args;
  if (args.empty() && (f == "items" || f == "keys" || f == "values" || f == "ToList" || f == "ToArray" ||
                       f == "AsEnumerable")) {
    Expr receiver = e;
    receiver.chain.resize(e.chain.size() - 2);
    if (receiver.chain.empty()) {
      if (e.items.size() != 1) return std::nullopt;
      receiver = e.items[0];
    }
    if (f == "ToList" || f == "ToArray" || f == "AsEnumerable") return rows_of(receiver);
    if (lang_ != Language::Python) return std::nullopt;
    const auto t = table_of(receiver);
    if (!t || !t->dict) return std::nullopt;
    if (f == "items") {
      Rows r = *t;
      r.dict = false;
      return r;
    }
    return column(*t, f == "keys" ? 0 : 1);
  }
  if (lang_ != Language::Python || e.chain.size() != 2 || !e.items.empty()) return std::nullopt;
  for (const auto& a : args)
    if (!a.name.empty() && !(f == "enumerate" && a.name == "start")) return std::nullopt;
  if ((f == "list" || f == "tuple") && args.size() == 1) return rows_of(args[0].value);
  if (f == "enumerate" && (args.size() == 1 || args.size() == 2)) {
    const auto inner = rows_of(args[0].value);
    const auto start = args.size() == 2 ? integer_of(args[1].value) : std::optional<long long>(0);
    if (!inner || inner->numeric.size() != 1 || !start || std::llabs(*start) > 1'000'000'000) return std::nullopt;
    Rows r;
    r.numeric = {true, inner->numeric[0]};
    for (size_t k = 0; k < inner->rows.size(); ++k)
      r.rows.push_back({std::to_string(*start + static_cast<long long>(k)), inner->rows[k][0]});
    return r;
  }
  if (f == "zip" && !args.empty()) {
    std::vector<const Expr*> iterables;
    for (const auto& a : args) iterables.push_back(&a.value);
    return zipped(iterables);
  }
  return std::nullopt;
}

std::optional<std::string> Reader::resolution_of(const Expr& e) {
  if (e.kind != Expr::Kind::Chain || e.chain.size() < 2) return std::nullopt;
  const auto& c = e.chain;
  if (c[c.size() - 2].type != Segment::Type::Name || c.back().type != Segment::Type::Name ||
      norm(c[c.size() - 2].name) != "resolution")
    return std::nullopt;
  const std::string r = norm(c.back().name);
  if (r == "second" || r == "minute" || r == "hour" || r == "daily") return r;
  if (r == "tick") {
    warn(c.back().tok, "tick resolution is not simulated (one timeslice per trade is unknowable in advance); "
                       "trainsim uses second bars for it; set the resolution in simulation.securities to choose");
    return std::string("second");
  }
  error(c.back().tok, "unknown Resolution." + c.back().name + " (Tick, Second, Minute, Hour, Daily)");
}

}  // namespace trainsim::algorithm::detail
