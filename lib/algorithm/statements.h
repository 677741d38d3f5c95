// algorithm/statements.h — the statement reader of each language: Python's
// blocks by indentation, C#'s by braces and semicolons. A statement is a token
// range; its expressions are read by the one grammar (grammar/expression.h).
#pragma once
#include "grammar/lexer.h"

#include <cstddef>
#include <string>
#include <vector>

namespace trainsim::algorithm {

using grammar::Token;
using grammar::Tokens;
using TK = Token::Kind;

struct Stmt {
  enum class Kind { Simple, For, CountedFor, Conditional, Plain, Skip };
  Kind kind = Kind::Simple;
  size_t first = 0, last = 0;  // Simple: the statement; others: the header
  std::string keyword;
  size_t var_tok = 0;                  // For: the loop variable
  size_t target_first = 0, target_last = 0;  // For: between `for`/`foreach (` and `in`
  size_t iter_first = 0, iter_last = 0;  // For: the iterable
  std::vector<Stmt> body;
};

// The index of the first `what` at bracket depth 0 in [b, e), or e.
size_t find_top(const Tokens& t, size_t b, size_t e, const char* what);

// Splits [b, e) at top-level `;` into simple statements.
void simple_statements(const Tokens& t, size_t b, size_t e, std::vector<Stmt>& out);

// Python: the statements from `i` while lines are indented deeper than
// `outer`, stopping at `end`; `i` is left after them. Throws
// grammar::NestingError for blocks nested past grammar::kMaxNesting.
std::vector<Stmt> python_block(const Tokens& t, size_t& i, size_t end, size_t outer);

// C#: the statements in [begin, end). Throws grammar::NestingError as above,
// and grammar::LexError for a statement missing its `;`.
std::vector<Stmt> csharp_statements(const Tokens& t, size_t begin, size_t end);

}  // namespace trainsim::algorithm
