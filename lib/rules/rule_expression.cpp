// rules/rule_expression.cpp — a rule's text read into an Expr: lexed and
// parsed by the one lexer and expression grammar (lib/grammar), then checked
// strictly (a call chain of numbers, strings, booleans, names, calls, lists).
#include "rules/rule_parser.h"

#include "grammar/expression.h"
#include "grammar/lexer.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <string>

namespace trainsim::rules {
namespace {

// A rule is read by the one lexer and expression grammar (lib/grammar), then
// checked strictly here: a rule is a call chain whose arguments are numbers,
// strings, booleans, names, calls and lists, nothing else. Columns are
// 1-based bytes of the rule text.
class RuleReader {
 public:
  explicit RuleReader(const grammar::Tokens& t) : t_(t), end_(t.size() - 1) {}

  Expr top(const grammar::Expr& g, size_t stopped_at) {
    Expr e = convert(g, 0);
    if (stopped_at < end_) trailing(stopped_at, 0);
    return e;
  }

  size_t column(size_t tok) const { return t_[std::min(tok, end_)].begin + 1; }

 private:
  using G = grammar::Expr;
  using GSeg = grammar::Segment;

  std::string text(size_t tok) const { return std::string(t_[tok].text); }
  bool punct_at(size_t tok, std::string_view p) const { return tok < end_ && grammar::is_punct(t_[tok], p); }

  // The token at `tok` follows a complete expression but is not what the
  // context allows: the end of the rule (close 0) or `,` / `close`.
  [[noreturn]] void trailing(size_t tok, char close) const {
    if (punct_at(tok, ".")) fail("expected a name after '.'", column(tok + 1));
    if (close == 0) fail("unexpected '" + text(tok) + "' after the rule", column(tok));
    const std::string before = tok >= end_ ? " before the end of the rule" : " before '" + text(tok) + "'";
    fail(std::string("expected ',' or '") + close + "'" + before, column(tok));
  }

  // A bracket group left open: what the old reader said at the rule's end.
  [[noreturn]] void unclosed(char close) const {
    if (end_ > 0 && (punct_at(end_ - 1, "(") || punct_at(end_ - 1, "[") || punct_at(end_ - 1, ",")))
      fail("unexpected end of the rule", column(end_));
    fail(std::string("expected ',' or '") + close + "' before the end of the rule", column(end_));
  }

  Expr convert(const G& g, char close) {
    if (g.first >= end_) fail("unexpected end of the rule", column(end_));
    switch (g.kind) {
      case G::Kind::Number: return number(g.first);
      case G::Kind::String: {
        Expr e = leaf(Expr::Kind::String, g.first);
        e.text = g.text;
        return e;
      }
      case G::Kind::Bool: {
        Expr e = leaf(Expr::Kind::Bool, g.first);
        e.boolean = g.boolean;
        return e;
      }
      case G::Kind::None: {  // None / null: a name, as a rule argument reads it
        Expr e;
        e.column = column(g.first);
        e.path = {text(g.first)};
        e.path_columns = {e.column};
        return e;
      }
      case G::Kind::List:
        if (!punct_at(g.first, "[")) fail("unexpected '" + text(g.first) + "'", column(g.first));
        return list(g);
      case G::Kind::Chain: return chain(g, close);
      case G::Kind::Opaque: return opaque(g, close);
      default: fail("unexpected '" + text(g.first) + "'", column(g.first));
    }
  }

  // A literal of `kind` at token `tok`; the caller sets its value.
  Expr leaf(Expr::Kind kind, size_t tok) const {
    Expr e;
    e.kind = kind;
    e.column = column(tok);
    return e;
  }

  Expr number(size_t tok) const {
    const std::string_view s = t_[tok].text;
    size_t j = 0;
    bool integral = true;
    auto digits = [&] {
      while (j < s.size() && s[j] >= '0' && s[j] <= '9') ++j;
    };
    digits();
    if (j + 1 < s.size() && s[j] == '.' && s[j + 1] >= '0' && s[j + 1] <= '9') {
      integral = false;
      ++j;
      digits();
    }
    if (j < s.size() && (s[j] == 'e' || s[j] == 'E')) {
      size_t k = j + 1;
      if (k < s.size() && (s[k] == '+' || s[k] == '-')) ++k;
      if (k < s.size() && s[k] >= '0' && s[k] <= '9') {
        integral = false;
        j = k;
        digits();
      }
    }
    // "30m", "2d": C# literal suffixes and typos alike are not numbers here.
    if (j == 0 || j < s.size())
      fail("unexpected character '" + std::string(1, s[j < s.size() ? j : 0]) + "' in a number", column(tok) + j);
    Expr e;
    e.kind = Expr::Kind::Number;
    e.column = column(tok);
    std::from_chars(s.data(), s.data() + s.size(), e.number);
    if (integral) {
      const auto r = std::from_chars(s.data(), s.data() + s.size(), e.integer);
      if (r.ec != std::errc()) fail("number too large", e.column);
    }
    e.integral = integral;
    return e;
  }

  Expr list(const G& g) {
    Expr e;
    e.kind = Expr::Kind::List;
    e.column = column(g.first);
    for (const G& item : g.items) e.args.push_back({"", 0, convert(item, ']')});
    if (!g.closed) unclosed(']');
    e.close_column = column(g.last - 1);
    return e;
  }

  // `-5`, `+5`: a signed number. Anything else opaque to the grammar (an
  // operator between two operands, a token that cannot start one) is an error
  // at the first token a rule cannot have.
  Expr opaque(const G& g, char close) {
    const bool prefix = (punct_at(g.first, "-") || punct_at(g.first, "+")) &&
                        (g.items.empty() || g.items[0].first == g.first + 1);
    if (prefix) {
      if (g.items.size() != 1 || g.items[0].kind != G::Kind::Number)
        fail("expected a number after '" + text(g.first) + "'", column(g.first + 1));
      Expr e = number(g.items[0].first);
      e.column = column(g.first);
      if (punct_at(g.first, "-")) {
        e.number = -e.number;
        e.integer = -e.integer;
      }
      return e;
    }
    if (g.items.empty()) fail("unexpected '" + text(g.first) + "'", column(g.first));
    convert(g.items[0], close);  // its own errors come first, as they come first in the text
    trailing(g.items[0].last, close);
  }

  Expr chain(const G& g, char close) {
    if (!g.items.empty()) {  // a call on a literal or a bracket: `"SPY".lower()`
      convert(g.items[0], close);
      trailing(g.items[0].last, close);
    }
    Expr e;
    e.column = column(g.first);
    e.is_new = g.is_new;
    size_t k = 0;
    for (; k < g.chain.size() && g.chain[k].type == GSeg::Type::Name; ++k) {
      e.path.push_back(g.chain[k].name);
      e.path_columns.push_back(column(g.chain[k].tok));
    }
    if (e.path.empty()) fail("expected a type name after 'new'", column(g.first + 1));  // `new`, `new(1)`
    if (k == g.chain.size()) {
      if (e.is_new) fail("expected '(' after 'new " + e.last() + "'", column(g.last));
      return e;
    }
    const GSeg& call = g.chain[k];
    if (call.type != GSeg::Type::Call) trailing(call.tok, close);
    e.kind = Expr::Kind::Call;
    bool named_seen = false;
    for (const auto& a : call.args) {
      Arg arg;
      if (!a.name.empty()) {
        arg.name = a.name;
        arg.name_column = column(a.name_tok);
        named_seen = true;
      } else if (named_seen) {
        fail("positional argument after a named one", column(a.value.first));
      }
      arg.value = convert(a.value, ')');
      e.args.push_back(std::move(arg));
    }
    if (!call.closed) unclosed(')');
    if (k + 1 < g.chain.size()) {
      const GSeg& next = g.chain[k + 1];
      const size_t at = next.type == GSeg::Type::Name ? next.tok - 1 : next.tok;
      fail("unexpected '" + text(at) + "' after a call", column(at));
    }
    e.close_column = column(g.last - 1);
    return e;
  }

  const grammar::Tokens& t_;
  size_t end_;  // the End token
};

}  // namespace

Expr parse_expression(std::string_view text) {
  grammar::Tokens t;
  try {
    t = grammar::lex(text, grammar::Language::Rule);
  } catch (const grammar::LexError& e) {
    // Rule text is one line in practice; a column past a newline counts bytes.
    size_t column = e.column;
    for (size_t line = 1, k = 0; line < e.line && k < text.size(); ++k)
      if (text[k] == '\n') {
        ++line;
        column += k + 1;
      }
    fail(e.message, column);
  }
  RuleReader reader(t);
  // Rules use a handful of punctuation marks; any other is refused where it is.
  for (size_t k = 0; k + 1 < t.size(); ++k) {
    if (t[k].kind != grammar::Token::Kind::Punct) continue;
    const std::string_view p = t[k].text;
    if (p.size() == 1 && std::string_view(".,()[]=:-+").find(p[0]) != std::string_view::npos) continue;
    fail(p.size() == 1 ? "unexpected character '" + std::string(p) + "'" : "unexpected '" + std::string(p) + "'",
         reader.column(k));
  }
  if (t.size() == 1) fail("empty rule", 1);
  grammar::ExprParser parser(t, grammar::Language::Rule, 0, t.size() - 1);
  try {
    const grammar::Expr g = parser.expr();
    return reader.top(g, parser.pos());
  } catch (const grammar::NestingError& e) {
    fail("nested more than " + std::to_string(grammar::kMaxNesting) + " levels deep", reader.column(e.tok));
  }
}

}  // namespace trainsim::rules
