// algorithm/syntax_check.cpp — syntax errors found on the tokens, before
// anything is read: the reader never reads a program LEAN would not compile.
#include "algorithm/syntax_check.h"

#include <set>
#include <string>

namespace trainsim::algorithm {
namespace {

using TK = Token::Kind;

bool punct(const Token& t, const char* p) { return t.kind == TK::Punct && t.text == p; }
bool opener(const Token& t) { return punct(t, "(") || punct(t, "[") || punct(t, "{"); }
bool closer(const Token& t) { return punct(t, ")") || punct(t, "]") || punct(t, "}"); }
char closing_of(std::string_view open) { return open == "(" ? ')' : open == "[" ? ']' : '}'; }

std::string where(const Token& t) { return std::to_string(t.line) + ":" + std::to_string(t.column); }
[[noreturn]] void fail(const Token& t, const std::string& message) { throw LexError{message, t.line, t.column}; }

const std::set<std::string, std::less<>>& python_keywords() {
  static const std::set<std::string, std::less<>> k = {"and", "or", "not", "in", "is", "if", "else", "for", "lambda", "await",
                                          "async", "yield", "from", "as", "elif", "while", "with", "def", "class",
                                          "return", "import", "pass", "break", "continue", "raise", "try",
                                          "except", "finally", "del", "global", "nonlocal", "assert"};
  return k;
}

// A token that can end an operand, and one that can start one, in Python.
bool python_operand_end(const Token& t) {
  if (t.kind == TK::Number || t.kind == TK::String) return true;
  if (t.kind == TK::Ident) return !python_keywords().count(t.text);
  return punct(t, ")") || punct(t, "]") || punct(t, "}");
}
bool python_operand_start(const Token& t, const Token& previous) {
  if (t.kind == TK::Number) return true;
  if (t.kind == TK::String) return previous.kind != TK::String;  // "a" "b" concatenates
  return t.kind == TK::Ident && !python_keywords().count(t.text);
}

void brackets(const Tokens& t, Language lang) {
  std::vector<size_t> open;  // indexes of the open brackets
  std::vector<std::pair<size_t, size_t>> braces;  // C#: matched {} pairs, for a better place when one is missing
  for (size_t k = 0; k < t.size(); ++k) {
    const Token& x = t[k];
    if (opener(x)) {
      open.push_back(k);
      continue;
    }
    if (closer(x)) {
      if (open.empty()) fail(x, "`" + std::string(x.text) + "` closes no bracket");
      const Token& o = t[open.back()];
      if (x.text[0] != closing_of(o.text))
        fail(x, "`" + std::string(x.text) + "` does not close the `" + std::string(o.text) + "` at " + where(o) + " (a missing `" +
                    closing_of(o.text) + "`?)");
      if (x.text == "}") braces.emplace_back(open.back(), k);
      open.pop_back();
      continue;
    }
    // Python: inside brackets, a line that starts with an operand right after
    // one that ended with an operand is a new statement swallowed by a
    // bracket left open (`f(2022, 12, 31` then `self.add_equity(...)`).
    if (lang == Language::Python && !open.empty() && k > 0 && t[k - 1].line < x.line &&
        python_operand_end(t[k - 1]) && python_operand_start(x, t[k - 1]) && !opener(t[k - 1])) {
      const Token& o = t[open.back()];
      fail(o, "`" + std::string(o.text) + "` is not closed before line " + std::to_string(x.line) +
                  " (a missing `" + closing_of(o.text) + "` or `,`): the next line would be read into this statement");
    }
  }
  if (open.empty()) return;
  // C#: a `}` that sits left of the line of the `{` it closed belongs to an
  // outer block: the `{` it was matched with is the one left open.
  if (lang == Language::CSharp)
    for (const auto& [o, c] : braces)
      if (t[c].line > t[o].line && t[c].column < t[o].indent)
        fail(t[o], "`{` is never closed (the `}` at " + where(t[c]) + " lines up with an outer block)");
  const Token& o = t[open.back()];
  fail(o, "`" + std::string(o.text) + "` is never closed (a missing `" + closing_of(o.text) + "`)");
}

void python_blocks(const Tokens& t) {
  static const std::set<std::string, std::less<>> kCompound = {"if", "elif", "else", "for", "while", "def", "class", "try",
                                                  "except", "finally", "with", "async"};
  std::vector<size_t> indents = {1};
  bool expect_block = false;
  size_t header_line = 0;
  for (size_t k = 0; k < t.size(); ++k) {
    if (t[k].kind == TK::Newline || t[k].kind == TK::End) continue;
    // k starts a logical line.
    const Token& first = t[k];
    const size_t c = first.indent;
    if (expect_block) {
      if (c <= indents.back())
        fail(first, "expected an indented block after the `:` on line " + std::to_string(header_line));
      indents.push_back(c);
      expect_block = false;
    } else if (c > indents.back()) {
      fail(first, "unexpected indent");
    } else {
      while (c < indents.back()) indents.pop_back();
      if (c != indents.back())
        fail(first, "this line's indentation matches no enclosing block (inconsistent indentation)");
    }
    size_t e = k;
    while (e < t.size() && t[e].kind != TK::Newline && t[e].kind != TK::End) ++e;
    const Token& last = t[e - 1];
    if (first.kind == TK::Ident && kCompound.count(first.text)) {
      bool colon = false;
      int nest = 0;
      for (size_t j = k; j < e; ++j) {
        if (opener(t[j])) ++nest;
        else if (closer(t[j])) --nest;
        else if (nest == 0 && punct(t[j], ":")) colon = true;
      }
      if (!colon) fail(last, "`" + std::string(first.text) + "` statement without its `:` at the end of the line");
    }
    if (punct(last, ":")) {
      expect_block = true;
      header_line = last.line;
    }
    k = e;
  }
  if (expect_block) fail(t.back(), "expected an indented block after the `:` on line " + std::to_string(header_line));
}

const std::set<std::string, std::less<>>& csharp_continuing_words() {
  // Words that continue an expression on the next line (LINQ query syntax,
  // patterns, `as`/`is`, switch expressions) or that end a statement's head.
  static const std::set<std::string, std::less<>> k = {"from", "where", "select", "group", "into", "orderby", "join", "let",
                                          "on", "equals", "by", "ascending", "descending", "is", "as", "and",
                                          "or", "not", "when", "with", "switch", "in"};
  return k;
}
bool csharp_keyword(std::string_view w) {
  static const std::set<std::string, std::less<>> k = {"return", "new", "await", "var", "else", "throw", "yield", "case",
                                          "default", "const", "static", "readonly", "public", "private",
                                          "protected", "internal", "override", "async", "ref", "out", "params",
                                          "using", "namespace", "class", "struct", "void", "int", "string",
                                          "bool", "double", "decimal", "long", "float", "object", "goto"};
  return k.count(w) > 0;
}

}  // namespace

void check_syntax(const Tokens& tokens, Language lang) {
  if (tokens.empty()) return;
  brackets(tokens, lang);
  if (lang == Language::Python) python_blocks(tokens);
}

std::optional<size_t> missing_semicolon(const Tokens& t, size_t begin, size_t end) {
  int nest = 0;
  for (size_t k = begin; k + 1 < end && k + 1 < t.size(); ++k) {
    if (opener(t[k])) ++nest;
    else if (closer(t[k])) --nest;
    if (nest != 0) continue;
    const Token& a = t[k];
    const Token& b = t[k + 1];
    if (b.line <= a.line || b.kind != TK::Ident || csharp_continuing_words().count(b.text) ||
        csharp_continuing_words().count(a.text))
      continue;
    const bool ends = a.kind == TK::Number || a.kind == TK::String || punct(a, ")") || punct(a, "]") ||
                      punct(a, "++") || punct(a, "--") || (a.kind == TK::Ident && !csharp_keyword(a.text));
    if (ends) return k;
  }
  return std::nullopt;
}

}  // namespace trainsim::algorithm
