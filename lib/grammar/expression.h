// grammar/expression.h — the one expression grammar, for algorithm code and
// rule text alike: call chains (`self.schedule.on(...)`), arguments (named
// either way), literals, lists, lambdas and comprehensions. It is lenient:
// what it cannot structure becomes an Opaque node whose operands are still
// searched for calls; rules::parse_expression is the strict reading of a rule.
#pragma once
#include "grammar/lexer.h"

#include <algorithm>
#include <cstddef>
#include <string>
#include <vector>

namespace trainsim::grammar {

// How deep brackets, prefix operators, conditional operators and blocks may
// nest, in algorithm code and in rules alike: far beyond real code, and a
// hostile file cannot overflow the stack (fuzzing found `{` nested a few
// hundred deep doing so). README "Limits and hardening".
inline constexpr int kMaxNesting = 64;

// Thrown where kMaxNesting is passed.
struct NestingError {
  size_t tok;  // the token that opens the level past the bound
};

// Counts one level of nesting for as long as it lives.
class DepthGuard {
 public:
  DepthGuard(int& depth, size_t tok) : depth_(depth) {
    if (++depth_ > kMaxNesting) {
      --depth_;
      throw NestingError{tok};
    }
  }
  ~DepthGuard() { --depth_; }
  DepthGuard(const DepthGuard&) = delete;
  DepthGuard& operator=(const DepthGuard&) = delete;

 private:
  int& depth_;
};

struct Arg;
// One link of a chain: `.name`, `(args)` or `[args]`.
struct Segment {
  enum class Type { Name, Call, Index };
  Type type = Type::Name;
  std::string name;       // Name
  std::vector<Arg> args;  // Call, Index
  size_t tok = 0;         // the name, or the opening bracket
  bool closed = true;     // Call, Index: its closing bracket was found
};

struct Expr {
  enum class Kind { Chain, String, Number, Bool, None, List, Lambda, Comprehension, Opaque };
  Kind kind = Kind::Opaque;
  std::string text;  // String value, Number as written
  bool interpolated = false;
  bool boolean = false;
  bool is_new = false;        // C# `new T(...)`: chain holds T and the call
  bool closed = true;         // List: its closing bracket was found
  std::vector<Segment> chain;
  std::vector<Expr> items;    // List items; Opaque operands; Comprehension {element, iterable}
  std::string loop_var;       // Comprehension
  size_t first = 0, last = 0; // token range [first, last)
};

struct Arg {
  std::string name;  // keyword / named argument, else empty
  size_t name_tok = 0;
  Expr value;
};

// Expressions over the token range [begin, end). Never throws on code it does
// not understand; throws NestingError past kMaxNesting.
class ExprParser {
 public:
  ExprParser(const Tokens& t, Language lang, size_t begin, size_t end)
      : t_(t), lang_(lang), i_(begin), end_(end) {}

  size_t pos() const { return i_; }
  bool done() const { return i_ >= end_; }

  Expr expr(bool comprehension = false);

  // Arguments up to the closing bracket; i_ is just after the opening one.
  std::vector<Arg> args(const char* close);

 private:
  const Token& tok() const { return t_[std::min({i_, end_, t_.size() - 1})]; }
  bool is_punct_at(size_t k, const char* p) const;
  bool is_punct(const char* p) const { return is_punct_at(i_, p); }
  bool is_ident(const char* name) const { return !done() && tok().kind == Token::Kind::Ident && tok().text == name; }

  bool stop(bool comprehension) const;

  void skip_to_stop();
  // Skips a balanced bracket group starting at i_.
  void skip_group();

  Expr lambda_body(size_t start);

  // C# generic arguments `<...>` after a name, when they are followed by '(' or '.'.
  bool skip_generic();

  Expr list_until(const char* close, size_t start);

  Expr unary(bool comprehension);

  Expr postfix(Expr e);

  const Tokens& t_;
  Language lang_;
  size_t i_, end_;
  int depth_ = 0;  // nesting levels being read (kMaxNesting)
  bool closed_ = false;  // whether the last args() found its closing bracket
};

}  // namespace trainsim::grammar
