// Tests of each language's statement reader: Python's blocks by indentation,
// C#'s by braces and semicolons, and what both refuse.
#include "algorithm/statements.h"

#include "grammar/expression.h"

#include <doctest/doctest.h>

#include <string>

using namespace trainsim;
using namespace trainsim::algorithm;
using grammar::Language;

namespace {

// The statements' kinds and keywords, nested bodies in brackets: "S For(S S) If(S) Else(S)".
std::string shape(const std::vector<Stmt>& list) {
  std::string out;
  for (const auto& s : list) {
    if (!out.empty()) out += ' ';
    switch (s.kind) {
      case Stmt::Kind::Simple: out += 'S'; break;
      case Stmt::Kind::For: out += "For"; break;
      case Stmt::Kind::CountedFor: out += "Counted"; break;
      case Stmt::Kind::Conditional: out += s.keyword == "else" ? "Else" : "If"; break;
      case Stmt::Kind::Plain: out += s.keyword == "else" ? "Else" : "Plain"; break;  // Python's else
      case Stmt::Kind::Skip: out += "Skip"; break;
    }
    if (!s.body.empty()) out += "(" + shape(s.body) + ")";
  }
  return out;
}
std::string python(const std::string& body) {
  const auto t = grammar::lex(body, Language::Python);
  size_t i = 0;
  return shape(python_block(t, i, t.size() - 1, 0));
}
std::string csharp(const std::string& body) {
  const auto t = grammar::lex(body, Language::CSharp);
  return shape(csharp_statements(t, 0, t.size() - 1));
}

}  // namespace

TEST_CASE("statements, Python: logical lines, compound headers, inline bodies, definitions skipped") {
  CHECK(python("a = 1\nb(2)\n") == "S S");
  CHECK(python("for t in ['A', 'B']:\n    f(t)\n    g(t)\nh()\n") == "For(S S) S");
  CHECK(python("if x:\n    f()\nelif y:\n    g()\nelse:\n    h()\n") == "If(S) If(S) Else(S)");
  CHECK(python("for t in x: f(t); g(t)\n") == "For(S S)");
  CHECK(python("a(); b()\n") == "Plain(S S)");
  CHECK(python("def helper(self):\n    f()\n@decorator\nclass C:\n    pass\nz()\n") == "Skip Skip Skip S");
  CHECK(python("try:\n    f()\nexcept E:\n    g()\n") == "Plain(S) If(S)");
  CHECK(python("f(1,\n  2)\n") == "S");  // an open bracket continues the line
}

TEST_CASE("statements, C#: braces, headers with or without blocks, else, local functions") {
  CHECK(csharp("a = 1; b(2);") == "S S");
  CHECK(csharp("foreach (var t in xs) { F(t); G(t); }") == "For(Plain(S S))");
  CHECK(csharp("for (var i = 0; i < 3; i++) Train(i);") == "Counted(S)");
  CHECK(csharp("if (LiveMode) F(); else { G(); }") == "If(S Else(Plain(S)))");
  CHECK(csharp("{ { F(); } }") == "Plain(Plain(S))");
  CHECK(csharp("void Local() { F(); } G();") == "Skip S");
  CHECK(csharp("switch (x) { case 1: F(); break; } G();") == "Skip S");
}

TEST_CASE("statements: a C# statement missing its `;` and blocks nested past the bound are refused") {
  try {
    csharp("SetStartDate(2024, 1, 1)\nAddEquity(\"SPY\");");
    FAIL("no error");
  } catch (const grammar::LexError& e) {
    CHECK(e.message.find("missing `;`") == 0);
    CHECK(e.line == 1);
    CHECK(e.tok == 7);  // the `)` it follows, so a reader of several files can name the file
  }
  CHECK_THROWS_AS(csharp(std::string(100, '{') + std::string(100, '}')), grammar::NestingError);
  std::string deep, indent;
  for (int i = 0; i < 80; ++i) {
    deep += indent + "if x:\n";
    indent += " ";
  }
  deep += indent + "f()\n";
  CHECK_THROWS_AS(python(deep), grammar::NestingError);
}

TEST_CASE("statements: the first top-level mark, and simple statements split at `;`") {
  const auto t = grammar::lex("f(a, (b, c)), d; e", Language::CSharp);
  CHECK(find_top(t, 0, t.size() - 1, ",") == 10);  // f ( a , ( b , c ) ) ,
  CHECK(find_top(t, 0, t.size() - 1, ":") == t.size() - 1);
  std::vector<Stmt> out;
  simple_statements(t, 0, t.size() - 1, out);
  REQUIRE(out.size() == 2);
  CHECK(out[0].last == 12);
  CHECK(out[1].first == 13);
}
