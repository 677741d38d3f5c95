// algorithm/python_statements.cpp — Python's statements: logical lines,
// compound headers (`for`, `if`, `def`...) and the blocks indented under them.
#include "algorithm/statements.h"
#include "grammar/expression.h"

#include <functional>
#include <set>
#include <string_view>

namespace trainsim::algorithm {
namespace {

using grammar::DepthGuard;
using grammar::is_punct;

class PythonBlocks {
 public:
  explicit PythonBlocks(const Tokens& t) : t_(t) {}

  // Statements from `i` while lines are indented deeper than `outer`; stops at `end`.
  std::vector<Stmt> block(size_t& i, size_t end, size_t outer) {
    const DepthGuard guard(depth_, i);
    std::vector<Stmt> out;
    while (i < end) {
      if (t_[i].kind == TK::Newline) {
        ++i;
        continue;
      }
      if (t_[i].indent <= outer) break;
      out.push_back(statement(i, end));
    }
    return out;
  }

 private:
  size_t line_end(size_t i, size_t end) const {
    while (i < end && t_[i].kind != TK::Newline) ++i;
    return i;
  }

  Stmt statement(size_t& i, size_t end) {
    const size_t b = i;
    const size_t e = line_end(i, end);
    const Token& first = t_[b];
    const std::string_view kw = first.kind == TK::Ident ? first.text : "";
    static const std::set<std::string, std::less<>> kCompound = {"for", "if", "elif", "else", "while", "try", "except",
                                                    "finally", "with", "def", "class", "async"};
    if (!kCompound.count(kw) && !is_punct(first, "@")) {
      Stmt s;
      s.kind = Stmt::Kind::Simple;
      std::vector<Stmt> parts;
      simple_statements(t_, b, e, parts);
      i = e;
      if (parts.size() == 1) return parts[0];
      s.kind = Stmt::Kind::Plain;
      s.first = b;
      s.last = e;
      s.body = std::move(parts);
      return s;
    }
    Stmt s;
    s.first = b;
    s.keyword = kw;
    if (is_punct(first, "@")) {  // a decorator: the definition follows
      i = e;
      s.kind = Stmt::Kind::Skip;
      return s;
    }
    // The header's colon: for `for`, the first top-level ':' after `in`.
    size_t from = b + 1;
    if (kw == "for") {
      size_t k = b + 1;
      while (k < e && !(t_[k].kind == TK::Ident && t_[k].text == "in")) ++k;
      s.var_tok = b + 1;
      s.target_first = b + 1;
      s.target_last = k;
      s.iter_first = k + 1;
      from = k + 1;
    }
    size_t colon = find_top(t_, from, e, ":");
    // `lambda ...:` inside a header would fool the search; rare enough to accept.
    if (kw == "for") s.iter_last = colon;
    s.last = colon;
    if (kw == "def" || kw == "class" || kw == "async") s.kind = Stmt::Kind::Skip;
    else if (kw == "for") s.kind = Stmt::Kind::For;
    else if (kw == "try" || kw == "finally" || kw == "with" || kw == "else") s.kind = Stmt::Kind::Plain;
    else s.kind = Stmt::Kind::Conditional;
    if (colon + 1 < e) {  // an inline body: `for t in x: self.add_equity(t)`
      simple_statements(t_, colon + 1, e, s.body);
      i = e;
      return s;
    }
    i = e;
    const size_t indent = first.indent;
    s.body = block(i, end, indent);
    if (s.kind == Stmt::Kind::Skip) s.body.clear();
    return s;
  }

  const Tokens& t_;
  int depth_ = 0;  // blocks being read
};

}  // namespace

std::vector<Stmt> python_block(const Tokens& t, size_t& i, size_t end, size_t outer) {
  PythonBlocks blocks(t);
  return blocks.block(i, end, outer);
}

}  // namespace trainsim::algorithm
