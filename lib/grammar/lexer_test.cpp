// Tests of the one lexer: comments and strings in each language, Python's
// logical lines, positions, and rule text.
#include "grammar/lexer.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace trainsim::grammar;

namespace {

std::vector<std::string> idents(const std::string& src, Language lang) {
  std::vector<std::string> out;
  for (const auto& t : lex(src, lang))
    if (t.kind == Token::Kind::Ident) out.emplace_back(t.text);
  return out;
}
std::vector<std::string> texts(const Tokens& tokens) {
  std::vector<std::string> out;
  for (const auto& t : tokens)
    if (t.kind != Token::Kind::End) out.emplace_back(t.text);
  return out;
}

}  // namespace

TEST_CASE("lexer: comments and strings hide calls; strings decode") {
  using V = std::vector<std::string>;
  CHECK(idents("a # Train(x)\nb", Language::Python) == V{"a", "b"});
  CHECK(idents("a // Train(x)\n/* Train(\n y) */ b", Language::CSharp) == V{"a", "b"});
  const auto t = lex("x = '''Train(\n self.m)''' + r'\\d' + f\"{a['k']}\" + \"it's\"", Language::Python);
  std::vector<std::string> strings;
  for (const auto& k : t)
    if (k.kind == Token::Kind::String) strings.emplace_back(k.text);
  CHECK(strings == V{"Train(\n self.m)", "\\d", "{a['k']}", "it's"});
  const auto c = lex("var s = @\"C:\\path \"\"q\"\"\" + $\"{d[\"k\"]}\" + \"\\\"Train(\";", Language::CSharp);
  strings.clear();
  for (const auto& k : c)
    if (k.kind == Token::Kind::String) strings.emplace_back(k.text);
  CHECK(strings == V{"C:\\path \"q\"", "{d[\"k\"]}", "\"Train("});
}

TEST_CASE("lexer: Python logical lines, continuations and positions") {
  const auto t = lex("a = f(1,\n      2)\nb = 1 + \\\n    2\nc\n", Language::Python);
  int newlines = 0;
  for (const auto& k : t) newlines += k.kind == Token::Kind::Newline;
  CHECK(newlines == 3);
  CHECK(t[0].line == 1);
  CHECK(t[0].column == 1);
  // "2)" on line 2 keeps the indent of its logical line
  for (const auto& k : t)
    if (k.text == "2" && k.line == 2) CHECK(k.indent == 1);
}

TEST_CASE("lexer: unterminated strings and comments name the line and column") {
  CHECK_THROWS_AS(lex("x = 'abc\n", Language::Python), LexError);
  try {
    lex("a\n  b = \"\"\"never closed", Language::Python);
    FAIL("no error");
  } catch (const LexError& e) {
    CHECK(e.line == 2);
    CHECK(e.column == 7);
  }
  CHECK_THROWS_AS(lex("/* open", Language::CSharp), LexError);
  CHECK_THROWS_AS(lex("x = @\"open", Language::CSharp), LexError);
}

TEST_CASE("lexer: rule text takes either quote and either language's spelling, on one line") {
  using V = std::vector<std::string>;
  const auto t = lex("self.date_rules.month_start('SPY', days_offset=2)", Language::Rule);
  CHECK(texts(t) == V{"self", ".", "date_rules", ".", "month_start", "(", "SPY", ",", "days_offset", "=", "2", ")"});
  CHECK(t[6].kind == Token::Kind::String);
  CHECK(t[6].column == 29);
  CHECK(texts(lex("TimeRules.At(new TimeSpan(9, 30, 0), symbol: \"SPY\")", Language::Rule)) ==
        V{"TimeRules", ".", "At", "(", "new", "TimeSpan", "(", "9", ",", "30", ",", "0", ")", ",", "symbol", ":",
          "SPY", ")"});
  // No comments, no preprocessor, no Newline tokens: `#` and `//` are punctuation the rule parser refuses.
  CHECK(texts(lex("At(8, 0) # x", Language::Rule)).back() == "x");
  CHECK(texts(lex("#if At(8)\nB", Language::Rule)).front() == "#");
  for (const auto& k : lex("A(\n1)\n", Language::Rule)) CHECK(k.kind != Token::Kind::Newline);
  // A number keeps its suffix, for the parser to refuse with its column.
  CHECK(texts(lex("At(30m)", Language::Rule))[2] == "30m");
  try {
    lex("DateRules.MonthStart(\"SPY", Language::Rule);
    FAIL("no error");
  } catch (const LexError& e) {
    CHECK(e.message == "unterminated string");
    CHECK(e.column == 22);
  }
}
