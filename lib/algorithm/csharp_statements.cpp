// algorithm/csharp_statements.cpp — C#'s statements: braces, `;`, the
// headers of `for`/`foreach`/`if`/`while`..., and local functions.
#include "algorithm/statements.h"
#include "algorithm/syntax_check.h"
#include "grammar/expression.h"

#include <algorithm>
#include <string>
#include <string_view>

namespace trainsim::algorithm {
namespace {

using grammar::DepthGuard;
using grammar::is_punct;

class CSharpBlocks {
 public:
  explicit CSharpBlocks(const Tokens& t) : t_(t) {}

  // Statements in [i, end).
  std::vector<Stmt> list(size_t i, size_t end) {
    std::vector<Stmt> out;
    while (i < end) {
      if (is_punct(t_[i], ";")) {
        ++i;
        continue;
      }
      out.push_back(statement(i, end));
    }
    return out;
  }

 private:
  // The index after the group opening at i (a bracket).
  size_t after_group(size_t i, size_t end) const {
    int nest = 0;
    for (size_t k = i; k < end; ++k) {
      const auto& p = t_[k];
      if (p.kind != TK::Punct) continue;
      if (p.text == "(" || p.text == "[" || p.text == "{") ++nest;
      else if (p.text == ")" || p.text == "]" || p.text == "}") {
        if (--nest == 0) return k + 1;
      }
    }
    return end;
  }

  Stmt statement(size_t& i, size_t end) {
    const DepthGuard guard(depth_, i);  // `{ {`, and `if (a) if (b)` without braces
    const Token& first = t_[i];
    Stmt s;
    s.first = i;
    if (is_punct(first, "{")) {
      const size_t close = after_group(i, end);
      s.kind = Stmt::Kind::Plain;
      s.body = list(i + 1, close - 1);
      s.last = close;
      i = close;
      return s;
    }
    const std::string_view kw = first.kind == TK::Ident ? first.text : "";
    if (kw == "foreach" || kw == "for" || kw == "if" || kw == "while" || kw == "using" || kw == "lock" ||
        kw == "switch") {
      s.keyword = kw;
      if (i + 1 < end && is_punct(t_[i + 1], "(")) {
        const size_t close = after_group(i + 1, end);
        if (kw == "foreach") {
          size_t in = i + 2;
          while (in < close && !(t_[in].kind == TK::Ident && t_[in].text == "in")) ++in;
          s.var_tok = in - 1;
          s.target_first = i + 2;
          s.target_last = in;
          s.iter_first = in + 1;
          s.iter_last = close - 1;
          s.kind = Stmt::Kind::For;
        } else {
          s.kind = (kw == "using" || kw == "lock") ? Stmt::Kind::Plain : Stmt::Kind::Conditional;
          if (kw == "for") {  // for (init; condition; step): read by counted_for
            s.kind = Stmt::Kind::CountedFor;
            s.iter_first = i + 2;
            s.iter_last = close - 1;
          }
        }
        s.last = close;
        i = close;
        if (kw == "switch") {
          s.kind = Stmt::Kind::Skip;
          if (i < end) i = after_group(i, end);
          return s;
        }
        if (i < end) s.body.push_back(statement(i, end));
        if (kw == "if" && i < end && t_[i].kind == TK::Ident && t_[i].text == "else") {
          Stmt e;
          e.kind = Stmt::Kind::Conditional;
          e.keyword = "else";
          e.first = i;
          e.last = i + 1;
          ++i;
          if (i < end) e.body.push_back(statement(i, end));
          s.body.push_back(std::move(e));
        }
        return s;
      }
    }
    if (kw == "try" || kw == "finally" || kw == "else" || kw == "do" || kw == "unsafe" || kw == "checked") {
      s.kind = Stmt::Kind::Plain;
      s.keyword = kw;
      s.last = i + 1;
      ++i;
      if (i < end) s.body.push_back(statement(i, end));
      return s;
    }
    if (kw == "catch") {
      s.kind = Stmt::Kind::Conditional;
      s.keyword = kw;
      ++i;
      if (i < end && is_punct(t_[i], "(")) i = after_group(i, end);
      s.last = i;
      if (i < end) s.body.push_back(statement(i, end));
      return s;
    }
    // A simple statement up to its top-level ';'. A local function
    // (`void F() { ... }`) ends at its closing brace instead.
    int nest = 0;
    size_t k = i;
    for (; k < end; ++k) {
      const auto& p = t_[k];
      if (p.kind != TK::Punct) continue;
      if (p.text == "(" || p.text == "[" || p.text == "{") ++nest;
      else if (p.text == ")" || p.text == "]" || p.text == "}") {
        --nest;
        if (nest == 0 && p.text == "}" && k + 1 < end && !is_punct(t_[k + 1], ";") && !is_punct(t_[k + 1], ")") &&
            !is_punct(t_[k + 1], ",") && !is_punct(t_[k + 1], ".") && k > i && is_punct(t_[k - 1], "}") == false &&
            local_function(i, k)) {
          s.kind = Stmt::Kind::Skip;
          s.last = k + 1;
          i = k + 1;
          return s;
        }
      } else if (nest == 0 && p.text == ";") {
        break;
      }
    }
    // A statement run into the next line, or into the end of its block,
    // for want of a `;`: C# reads on, LEAN's compiler refuses the file.
    if (auto miss = missing_semicolon(t_, i, std::min(k, end)))
      missing_semicolon_error(*miss, "the next line would be read into this statement");
    if (k >= end && end > i) missing_semicolon_error(end - 1, "the statement runs into the end of its block");
    s.kind = Stmt::Kind::Simple;
    s.last = k;
    i = k < end ? k + 1 : end;
    return s;
  }

  [[noreturn]] void missing_semicolon_error(size_t k, const std::string& why) const {
    const Token& a = t_[k];
    throw LexError{"missing `;` after `" + std::string(a.text.substr(0, 40)) + "`: " + why, a.line,
                   a.column + (a.kind == TK::String ? 0 : a.end - a.begin), k};
  }

  // [b, close] looks like `T Name(...) { ... }`.
  bool local_function(size_t b, size_t close) const {
    for (size_t k = b; k + 1 < close; ++k)
      if (is_punct(t_[k], ")") && is_punct(t_[k + 1], "{")) return k > b + 1;
    return false;
  }

  const Tokens& t_;
  int depth_ = 0;  // blocks being read
};

}  // namespace

std::vector<Stmt> csharp_statements(const Tokens& t, size_t begin, size_t end) {
  CSharpBlocks blocks(t);
  return blocks.list(begin, end);
}

}  // namespace trainsim::algorithm
