// Tests of the one expression grammar: call chains, arguments named either
// way, literals, lists, lambdas and comprehensions, what stays opaque, and
// the nesting bound.
#include "grammar/expression.h"

#include <doctest/doctest.h>

#include <deque>
#include <string>

using namespace trainsim::grammar;

namespace {

struct Parsed {
  Tokens tokens;
  Expr expr;
  size_t stopped = 0;  // where the parser stopped
};
Parsed parse(const std::string& text, Language lang) {
  static std::deque<std::string> sources;  // the tokens view their source: keep each alive
  sources.push_back(text);
  Parsed p;
  p.tokens = lex(sources.back(), lang);
  size_t end = p.tokens.size() - 1;
  while (end > 0 && p.tokens[end - 1].kind == Token::Kind::Newline) --end;
  ExprParser parser(p.tokens, lang, 0, end);
  p.expr = parser.expr();
  p.stopped = parser.pos();
  return p;
}
std::vector<std::string> names(const Expr& e) {
  std::vector<std::string> out;
  for (const auto& s : e.chain) out.push_back(s.type == Segment::Type::Name ? s.name : s.type == Segment::Type::Call ? "()" : "[]");
  return out;
}

}  // namespace

TEST_CASE("expressions: a call chain with its arguments, named the Python, C# or rule way") {
  using V = std::vector<std::string>;
  const auto py = parse("self.schedule.on(self.date_rules.every_day('SPY'), time_rule=self.time_rules.at(9, 30))",
                        Language::Python);
  REQUIRE(py.expr.kind == Expr::Kind::Chain);
  CHECK(names(py.expr) == V{"self", "schedule", "on", "()"});
  const auto& args = py.expr.chain[3].args;
  REQUIRE(args.size() == 2);
  CHECK(args[0].name.empty());
  CHECK(names(args[0].value) == V{"self", "date_rules", "every_day", "()"});
  CHECK(args[0].value.chain[3].args[0].value.kind == Expr::Kind::String);
  CHECK(args[0].value.chain[3].args[0].value.text == "SPY");
  CHECK(args[1].name == "time_rule");
  CHECK(py.tokens[args[1].name_tok].text == "time_rule");
  CHECK(py.expr.chain[3].closed);

  const auto cs = parse("AddEquity(\"SPY\", Resolution.Minute, extendedMarketHours: true)", Language::CSharp);
  CHECK(cs.expr.chain[1].args[2].name == "extendedMarketHours");
  CHECK(cs.expr.chain[1].args[2].value.kind == Expr::Kind::Bool);
  // `name: value` is C#'s, `name=value` Python's; a rule's text takes both.
  CHECK(parse("f(a=1)", Language::CSharp).expr.chain[1].args[0].name.empty());
  CHECK(parse("f(a=1, b: 2)", Language::Rule).expr.chain[1].args[0].name == "a");
  CHECK(parse("f(a=1, b: 2)", Language::Rule).expr.chain[1].args[1].name == "b");
}

TEST_CASE("expressions: literals, new, lists, lambdas and comprehensions") {
  const auto n = parse("new TimeSpan(9, 30, 0)", Language::CSharp);
  CHECK(n.expr.is_new);
  CHECK(n.expr.chain.back().type == Segment::Type::Call);
  CHECK(parse("new TimeSpan(1, 0, 0)", Language::Rule).expr.is_new);
  CHECK(parse("'a' 'b'", Language::Python).expr.text == "ab");  // adjacent strings concatenate
  CHECK(parse("None", Language::Python).expr.kind == Expr::Kind::None);
  const auto l = parse("[1, 2, 3]", Language::Python);
  CHECK(l.expr.kind == Expr::Kind::List);
  CHECK(l.expr.items.size() == 3);
  CHECK(l.expr.closed);
  CHECK_FALSE(parse("[1, 2", Language::Python).expr.closed);
  CHECK_FALSE(parse("f(1, 2", Language::Rule).expr.chain[1].closed);
  const auto c = parse("[self.train(h) for h in [8, 20]]", Language::Python);
  REQUIRE(c.expr.kind == Expr::Kind::Comprehension);
  CHECK(c.expr.loop_var == "h");
  CHECK(c.expr.items[1].kind == Expr::Kind::List);
  CHECK(parse("lambda: self.fit()", Language::Python).expr.kind == Expr::Kind::Lambda);
  CHECK(parse("() => Fit()", Language::CSharp).expr.kind == Expr::Kind::Lambda);
  CHECK(parse("t => Schedule.On(t)", Language::CSharp).expr.kind == Expr::Kind::Lambda);
}

TEST_CASE("expressions: what cannot be structured stays opaque, its calls still found; stops are kept") {
  const auto o = parse("a + self.fit(1) * 2", Language::Python);
  REQUIRE(o.expr.kind == Expr::Kind::Opaque);
  REQUIRE(o.expr.items.size() >= 2);
  CHECK(o.expr.items[1].kind == Expr::Kind::Chain);  // self.fit(1), still a chain
  const auto neg = parse("-5", Language::Rule);
  CHECK(neg.expr.kind == Expr::Kind::Opaque);
  CHECK(neg.expr.items.size() == 1);
  CHECK(neg.expr.items[0].first == 1);
  // `=` and `,` end an expression: an assignment's target or the next argument.
  const auto a = parse("x = f(1)", Language::Python);
  CHECK(a.stopped == 1);
  CHECK(parse("At(8, 0) x", Language::Rule).expr.kind == Expr::Kind::Opaque);
}

TEST_CASE("expressions: one nesting bound for brackets, operators and conditionals, with the token past it") {
  CHECK(kMaxNesting == 64);
  const std::string ok = "f(" + std::string(62, '[') + "1" + std::string(62, ']') + ")";
  CHECK_NOTHROW(parse(ok, Language::Python));
  for (const std::string& deep : {"f(" + std::string(64, '[') + "1" + std::string(64, ']') + ")",
                                 std::string(200, '-') + "1"}) {
    try {
      parse(deep, Language::Python);
      FAIL("no NestingError");
    } catch (const NestingError& e) {
      CHECK(e.tok == (deep[0] == 'f' ? 2 + 63 : 64));  // after `f(`, the 64th '['; the 65th '-'
    }
  }
  std::string ternary;
  for (int i = 0; i < 70; ++i) ternary += "a ? ";
  ternary += "1";
  for (int i = 0; i < 70; ++i) ternary += " : 2";
  CHECK_THROWS_AS(parse(ternary, Language::CSharp), NestingError);
}
