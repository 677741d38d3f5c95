// grammar/expression.cpp — the expression grammar: a recursive descent over
// the lexer's tokens that keeps every call it can see.
#include "grammar/expression.h"

#include <algorithm>
#include <functional>
#include <set>
#include <string_view>

namespace trainsim::grammar {

using TK = Token::Kind;

Expr ExprParser::expr(bool comprehension) {
  const size_t start = i_;
  Expr lhs = unary(comprehension);
  if (stop(comprehension)) return lhs;
  Expr op;
  op.kind = Expr::Kind::Opaque;
  op.first = start;
  op.items.push_back(std::move(lhs));
  while (!stop(comprehension)) {
    const size_t before = i_;
    if (is_punct("?") && lang_ == Language::CSharp) {
      const DepthGuard guard(depth_, i_);  // `a ? b ? c ...` nests without brackets
      ++i_;
      op.items.push_back(expr(comprehension));
      if (is_punct(":")) ++i_;
      continue;
    }
    ++i_;  // a binary operator (or a token it cannot place)
    if (!stop(comprehension)) op.items.push_back(unary(comprehension));
    if (i_ == before) ++i_;
  }
  op.last = i_;
  return op;
}

std::vector<Arg> ExprParser::args(const char* close) {
  std::vector<Arg> out;
  while (!done() && !is_punct(close)) {
    Arg a;
    const Token& t = tok();
    if (t.kind == TK::Ident && i_ + 1 < end_ &&
        ((lang_ != Language::CSharp && is_punct_at(i_ + 1, "=")) ||
         (lang_ != Language::Python && is_punct_at(i_ + 1, ":")))) {
      a.name = t.text;
      a.name_tok = i_;
      i_ += 2;
    }
    const size_t before = i_;
    a.value = expr();
    if (is_punct(":")) {  // a Python dict entry or slice: keep the value's calls too
      ++i_;
      Expr v = expr();
      Expr both;
      both.first = a.value.first;
      both.items.push_back(std::move(a.value));
      both.items.push_back(std::move(v));
      both.last = i_;
      a.value = std::move(both);
    }
    out.push_back(std::move(a));
    if (is_punct(",")) {
      ++i_;
      continue;
    }
    if (!is_punct(close)) {  // something it cannot structure: skip to the next ',' or the close
      skip_to_stop();
      if (is_punct(",")) ++i_;
    }
    if (i_ == before) ++i_;
  }
  closed_ = !done();
  if (closed_) ++i_;  // the closing bracket
  return out;
}

bool ExprParser::is_punct_at(size_t k, const char* p) const {
  return k < end_ && t_[k].kind == TK::Punct && t_[k].text == p;
}

bool ExprParser::stop(bool comprehension) const {
  if (done()) return true;
  const Token& t = tok();
  if (t.kind == TK::Newline || t.kind == TK::End) return true;
  if (t.kind == TK::Punct) {
    static const std::set<std::string, std::less<>> kStops = {",", ")", "]", "}", ";", "=", ":", "=>", "+=", "-=",
                                                 "*=", "/=", "%=", "|=", "&=", ":="};
    return kStops.count(t.text) > 0;
  }
  if (t.kind == TK::Ident && lang_ == Language::Python)
    return t.text == "for" || t.text == "async" || (comprehension && t.text == "if");
  return false;
}

void ExprParser::skip_to_stop() {
  int nest = 0;
  while (!done()) {
    const Token& t = tok();
    if (t.kind == TK::Punct) {
      if (t.text == "(" || t.text == "[" || t.text == "{") ++nest;
      else if (t.text == ")" || t.text == "]" || t.text == "}") {
        if (nest == 0) return;
        --nest;
      } else if (t.text == "," && nest == 0) return;
    }
    ++i_;
  }
}

void ExprParser::skip_group() {
  int nest = 0;
  do {
    const Token& t = tok();
    if (t.kind == TK::Punct && (t.text == "(" || t.text == "[" || t.text == "{")) ++nest;
    if (t.kind == TK::Punct && (t.text == ")" || t.text == "]" || t.text == "}")) --nest;
    ++i_;
  } while (!done() && nest > 0);
}

Expr ExprParser::lambda_body(size_t start) {
  Expr e;
  e.kind = Expr::Kind::Lambda;
  e.first = start;
  if (is_punct("{")) skip_group();
  else e.items.push_back(expr());
  e.last = i_;
  return e;
}

bool ExprParser::skip_generic() {
  if (lang_ != Language::CSharp || !is_punct("<")) return false;
  size_t k = i_ + 1;
  int nest = 1;
  while (k < end_ && nest > 0) {
    const Token& t = t_[k];
    if (t.kind == TK::Punct) {
      if (t.text == "<") ++nest;
      else if (t.text == ">") --nest;
      else if (t.text == ">>") nest -= 2;
      else if (t.text != "," && t.text != "." && t.text != "[" && t.text != "]" && t.text != "?") return false;
    } else if (t.kind != TK::Ident) {
      return false;
    }
    ++k;
  }
  if (nest != 0 || !(is_punct_at(k, "(") || is_punct_at(k, ".") || is_punct_at(k, "{") || is_punct_at(k, "[")))
    return false;
  i_ = k;
  return true;
}

Expr ExprParser::list_until(const char* close, size_t start) {
  Expr e;
  e.kind = Expr::Kind::List;
  e.first = start;
  ++i_;
  if (std::string(close) == "]" && lang_ == Language::Python && !is_punct("]")) {
    Expr element = expr(true);
    if (is_ident("for")) {  // [element for name in iterable (if cond)]
      ++i_;
      Expr c;
      c.kind = Expr::Kind::Comprehension;
      c.first = start;
      if (!done() && tok().kind == TK::Ident) c.loop_var = tok().text;
      while (!done() && !is_ident("in")) ++i_;
      if (!done()) ++i_;
      Expr iterable = expr(true);
      c.items.push_back(std::move(element));
      c.items.push_back(std::move(iterable));
      skip_to_stop();
      if (!done()) ++i_;
      c.last = i_;
      return c;
    }
    e.items.push_back(std::move(element));
    if (is_punct(",")) ++i_;
  }
  for (auto& a : args(close)) e.items.push_back(std::move(a.value));
  e.closed = closed_;
  e.last = i_;
  return e;
}

// Every nesting level (a bracket, a prefix operator, a cast) passes here once.
Expr ExprParser::unary(bool comprehension) {
  const DepthGuard guard(depth_, i_);
  const size_t start = i_;
  if (done()) return Expr{};
  const Token& t = tok();
  Expr e;
  e.first = start;
  if (t.kind == TK::String) {
    e.kind = Expr::Kind::String;
    while (!done() && tok().kind == TK::String) {  // "a" "b" concatenates
      e.text += tok().text;
      e.interpolated |= tok().interpolated;
      ++i_;
    }
    e.last = i_;
    return postfix(std::move(e));
  }
  if (t.kind == TK::Number) {
    e.kind = Expr::Kind::Number;
    e.text = t.text;
    ++i_;
    e.last = i_;
    return postfix(std::move(e));
  }
  if (t.kind == TK::Punct) {
    static const std::set<std::string, std::less<>> kPrefix = {"-", "+", "!", "~", "*", "**", "&", "^"};
    if (kPrefix.count(t.text)) {
      ++i_;
      e.kind = Expr::Kind::Opaque;
      if (!stop(comprehension)) e.items.push_back(unary(comprehension));
      e.last = i_;
      return e;
    }
    if (t.text == "(") {
      ++i_;
      auto inner = args(")");
      if (lang_ == Language::CSharp && is_punct("=>")) {
        ++i_;
        return lambda_body(start);
      }
      if (inner.size() == 1 && !is_punct_at(i_ - 2, ",")) {
        Expr one = std::move(inner[0].value);
        // A C# cast `(int)x` is followed by its operand.
        if (lang_ == Language::CSharp && !stop(comprehension) && (tok().kind == TK::Ident || tok().kind == TK::Number))
          return unary(comprehension);
        return postfix(std::move(one));
      }
      e.kind = Expr::Kind::List;  // a tuple
      for (auto& a : inner) e.items.push_back(std::move(a.value));
      e.last = i_;
      return postfix(std::move(e));
    }
    if (t.text == "[") return postfix(list_until("]", start));
    if (t.text == "{") {
      Expr l = list_until("}", start);
      // Python braces are a dict or set; only C# array initializers are lists of values.
      if (lang_ != Language::CSharp) l.kind = Expr::Kind::Opaque;
      return postfix(std::move(l));  // {"SPY": 10}.items()
    }
    ++i_;  // a token that cannot start an expression
    e.last = i_;
    return e;
  }
  if (t.kind != TK::Ident) {
    ++i_;
    e.last = i_;
    return e;
  }
  const std::string_view w = t.text;
  if (w == "True" || w == "False" || w == "true" || w == "false") {
    e.kind = Expr::Kind::Bool;
    e.boolean = w == "True" || w == "true";
    ++i_;
    e.last = i_;
    return e;
  }
  if (w == "None" || w == "null") {
    e.kind = Expr::Kind::None;
    ++i_;
    e.last = i_;
    return e;
  }
  if (lang_ == Language::Python && (w == "not" || w == "await")) {
    ++i_;
    e.kind = Expr::Kind::Opaque;
    e.items.push_back(unary(comprehension));
    e.last = i_;
    return e;
  }
  if (lang_ == Language::CSharp && (w == "await" || w == "ref" || w == "out" || w == "var")) {
    ++i_;
    return unary(comprehension);
  }
  if (lang_ == Language::Python && w == "lambda") {
    while (!done() && !is_punct(":")) ++i_;
    if (!done()) ++i_;
    return lambda_body(start);
  }
  if (lang_ == Language::CSharp && is_punct_at(i_ + 1, "=>")) {
    i_ += 2;
    return lambda_body(start);
  }
  if (lang_ != Language::Python && w == "new") {
    ++i_;
    if (is_punct("[")) {  // new[] { ... }
      skip_group();
      if (is_punct("{")) return postfix(list_until("}", start));  // new[] {...}.ToList().ForEach(...)
      e.last = i_;
      return e;
    }
    e.kind = Expr::Kind::Chain;
    e.is_new = true;
    while (!done() && tok().kind == TK::Ident) {
      e.chain.push_back({Segment::Type::Name, std::string(tok().text), {}, i_});
      ++i_;
      skip_generic();
      if (is_punct(".")) ++i_;
      else break;
    }
    if (is_punct("[")) {  // new string[] { ... }
      skip_group();
      if (is_punct("{")) return postfix(list_until("}", start));
    }
    if (is_punct("(")) {
      Segment call{Segment::Type::Call, "", {}, i_};
      ++i_;
      call.args = args(")");
      call.closed = closed_;
      e.chain.push_back(std::move(call));
    }
    if (is_punct("{")) {  // new List<string> { ... } / new T { Prop = ... }
      return postfix(list_until("}", start));
    }
    e.last = i_;
    return postfix(std::move(e));
  }
  e.kind = Expr::Kind::Chain;
  e.chain.push_back({Segment::Type::Name, std::string(w), {}, i_});
  ++i_;
  return postfix(std::move(e));
}

Expr ExprParser::postfix(Expr e) {
  for (;;) {
    if (done()) break;
    if ((is_punct(".") || is_punct("?.")) && i_ + 1 < end_ && t_[i_ + 1].kind == TK::Ident) {
      ++i_;
      if (e.kind != Expr::Kind::Chain) {  // "SPY".lower(): a call on a literal
        Expr base;
        base.kind = Expr::Kind::Opaque;
        base.first = e.first;
        base.items.push_back(std::move(e));
        e = std::move(base);
        e.kind = Expr::Kind::Chain;
      }
      e.chain.push_back({Segment::Type::Name, std::string(tok().text), {}, i_});
      ++i_;
      continue;
    }
    if (skip_generic()) continue;
    if (is_punct("(") || is_punct("[")) {
      const bool call = is_punct("(");
      if (e.kind != Expr::Kind::Chain) {
        Expr base;
        base.kind = Expr::Kind::Chain;
        base.first = e.first;
        base.items.push_back(std::move(e));
        e = std::move(base);
      }
      Segment s{call ? Segment::Type::Call : Segment::Type::Index, "", {}, i_};
      ++i_;
      s.args = args(call ? ")" : "]");
      s.closed = closed_;
      e.chain.push_back(std::move(s));
      continue;
    }
    if (lang_ == Language::CSharp && is_punct("!") && i_ + 1 < end_ && (is_punct_at(i_ + 1, ".") || is_punct_at(i_ + 1, ")"))) {
      ++i_;  // the null-forgiving operator
      continue;
    }
    break;
  }
  e.last = i_;
  return e;
}

}  // namespace trainsim::grammar
