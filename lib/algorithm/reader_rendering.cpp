// algorithm/reader_rendering.cpp — a rule or date argument as the text
// lib/rules reads: its names replaced by their bound values, its integer
// arithmetic done, each place mapped back to its token for messages.
#include "algorithm/reader.h"

#include "algorithm/lean_api.h"

#include <cstdlib>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>

namespace trainsim::algorithm::detail {

// Integer arithmetic on literals and numeric bindings (`10 + i`, `h * 2`),
// as a rule argument needs it; nothing for anything else.
std::optional<long long> Reader::arithmetic(size_t b, size_t e) const {
  size_t k = b;
  std::function<std::optional<long long>(int)> sum;
  std::function<std::optional<long long>()> atom = [&]() -> std::optional<long long> {
    if (k >= e) return std::nullopt;
    const Token& x = t_[k];
    if (is_punct(x, "-")) {
      ++k;
      auto v = atom();
      return v ? std::optional<long long>(-*v) : std::nullopt;
    }
    if (is_punct(x, "(")) {
      ++k;
      auto v = sum(0);
      if (!v || k >= e || !is_punct(t_[k], ")")) return std::nullopt;
      ++k;
      return v;
    }
    std::string text;
    if (x.kind == TK::Number) text = x.text;
    else if (x.kind == TK::Ident && numeric_.count(x.text)) text = bindings_.find(x.text)->second;
    if (text.empty() || text.size() > 9 || text.find_first_not_of("-0123456789") != std::string::npos) return std::nullopt;
    ++k;
    return std::stoll(text);
  };
  sum = [&](int depth) -> std::optional<long long> {
    if (depth > 50) return std::nullopt;
    auto product = [&]() -> std::optional<long long> {
      auto v = atom();
      while (v && k < e && is_punct(t_[k], "*")) {
        ++k;
        auto r = atom();
        if (!r || std::llabs(*v) > 1'000'000'000 || std::llabs(*r) > 1'000'000'000) return std::nullopt;
        v = *v * *r;
      }
      return v;
    };
    auto v = product();
    while (v && k < e && (is_punct(t_[k], "+") || is_punct(t_[k], "-"))) {
      const bool plus = is_punct(t_[k], "+");
      ++k;
      auto r = product();
      if (!r) return std::nullopt;
      v = plus ? *v + *r : *v - *r;
    }
    return v;
  };
  auto v = sum(0);
  if (k != e) return std::nullopt;
  return v;
}

void Reader::render_into(const Expr& e, std::map<size_t, std::pair<size_t, std::string>>& subs, bool& unresolved,
                         bool tickers) {
  if (e.kind == Expr::Kind::Opaque && e.last > e.first + 1) {
    if (auto v = arithmetic(e.first, e.last)) {
      subs[e.first] = {e.last, std::to_string(*v)};
      return;
    }
  }
  if (e.kind == Expr::Kind::Chain && e.last > e.first) {  // a parameter's value: int(...) a number, else a string
    if (auto p = parameter_value(e); p && p->value) {
      const auto n = integer_of(e);
      subs[e.first] = {e.last, n ? std::to_string(*n) : "\"" + *p->value + "\""};
      return;
    }
    if (auto n = integer_of(e)) {
      subs[e.first] = {e.last, std::to_string(*n)};
      return;
    }
    for (const auto& seg : e.chain)
      if (seg.type == Segment::Type::Name && norm(seg.name) == "getparameter") {
        unresolved = true;
        warn(e.first, "`" + source_text(e) + "`: a parameter value trainsim does not have (it reads the project's "
                      "config.json `parameters` and --parameter NAME VALUE)");
        return;
      }
  }
  if (e.kind == Expr::Kind::Chain && e.items.empty() && !e.is_new) {
    bool calls = false;
    for (const auto& s : e.chain) calls |= s.type != Segment::Type::Name;
    if (!calls) {
      const auto key = chain_key(e, false);
      const std::string head = key ? norm(key->substr(0, key->find('.'))) : "";
      if (is_lean_namespace(head)) return;
      if (auto t = bound_ticker(e)) {
        const auto k = chain_key(e, false);
        subs[e.first] = {e.last, k && numeric_.count(*k) ? *t : "\"" + *t + "\""};
        return;
      }
      unresolved = true;
      if (tickers)
        warn(e.first, "`" + source_text(e) + "` is not bound to a ticker trainsim can read "
                    "(it reads `x = AddEquity(\"SPY\").Symbol` and string assignments)");
      return;
    }
  }
  for (const auto& s : e.chain)
    for (const auto& a : s.args) render_into(a.value, subs, unresolved, tickers);
  for (const auto& i : e.items) render_into(i, subs, unresolved, tickers);
}

// `tickers`: names stand for symbols (rules); else for values (dates, zones).
Rendered Reader::render(const Expr& e, bool tickers) {
  Rendered r;
  std::map<size_t, std::pair<size_t, std::string>> subs;
  render_into(e, subs, r.unresolved, tickers);
  for (size_t k = e.first; k < e.last;) {
    if (k > e.first && t_[k].begin > t_[k - 1].end) r.text += ' ';
    r.map.emplace_back(r.text.size(), k);
    if (auto it = subs.find(k); it != subs.end()) {
      r.text += it->second.second;
      k = it->second.first;
      continue;
    }
    r.text.append(source_of(k).substr(t_[k].begin, t_[k].end - t_[k].begin));
    ++k;
  }
  return r;
}

// The token a rule parser column points into.
size_t Reader::token_at(const Rendered& r, size_t column) const {
  size_t tok = r.map.empty() ? 0 : r.map.front().second;
  for (const auto& [offset, k] : r.map)
    if (offset + 1 <= column) tok = k;
  return tok;
}

}  // namespace trainsim::algorithm::detail
