// grammar/lexer.h — the one lexer, for Python and C# algorithm files and for
// rule text (`DateRules.MonthStart("SPY")` in a config): enough of each
// language to find calls reliably (comments, every string form, line
// continuations, bracket nesting), not a full grammar.
#pragma once
#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace trainsim::grammar {

// Rule: a DateRules/TimeRules expression as a config writes it, in either
// language's spelling (both quotes, `name=value` and `name: value`); one
// line, no comments, no Newline tokens.
enum class Language { Python, CSharp, Rule };

struct Token {
  enum class Kind : std::uint8_t { Ident, Number, String, Punct, Newline, End };
  Kind kind = Kind::End;
  bool interpolated = false;  // f"..." / $"...": its value is not a constant
  // Ident: the name; Number: as written; String: the value (escapes applied;
  // an interpolated string's holes are kept as written); Punct: the operator.
  // A view into the source, or (a string whose value differs from its
  // source text) into the value its Tokens keeps.
  std::string_view text;
  // Positions fit 32 bits: lex refuses a source of 4 GB or more. A token is
  // kept per few bytes of source, so its size is the reader's memory.
  std::uint32_t line = 0, column = 0;  // 1-based, of the first character
  std::uint32_t begin = 0, end = 0;    // byte range in the source
  std::uint32_t indent = 0;  // Python: the column where this token's logical line starts
};

inline bool is_punct(const Token& t, std::string_view p) { return t.kind == Token::Kind::Punct && t.text == p; }

// A file's tokens, in order, with what they view that is not in the source:
// decoded string values and each interpolated string's holes (the byte range
// of each hole's expression, without its braces, conversion, alignment or
// format, to be read as code). Stored in blocks, so adding a token never
// moves the others or holds two copies of them.
class Tokens {
 public:
  using Holes = std::vector<std::pair<size_t, size_t>>;

  const Token& operator[](size_t k) const { return tokens_[k]; }
  size_t size() const { return tokens_.size(); }
  bool empty() const { return tokens_.empty(); }
  const Token& back() const { return tokens_.back(); }
  std::deque<Token>::const_iterator begin() const { return tokens_.begin(); }
  std::deque<Token>::const_iterator end() const { return tokens_.end(); }

  // The holes of the string token k (none for any other token).
  const Holes& holes(size_t k) const;

  void push_back(const Token& t) { tokens_.push_back(t); }
  void pop_back() { tokens_.pop_back(); }  // the End token, to append another file after these
  // A copy of `value` that lives as long as these tokens, for Token::text.
  std::string_view keep(std::string_view value);
  void set_holes(size_t k, Holes holes);
  // Appends `more`'s tokens (their holes renumbered), keeping what they view.
  void append(Tokens&& more);

 private:
  std::deque<Token> tokens_;
  std::map<size_t, Holes> holes_;
  std::vector<std::unique_ptr<char[]>> blocks_;  // kept values; a block never moves
  size_t block_free_ = 0, block_size_ = 0;
};

// What the lexer notes without refusing the file (C# `#if` on a symbol it
// reads as not defined).
struct LexNote {
  std::string message;
  size_t line = 0, column = 0;
};

// The file's tokens, ending with End. Python gets a Newline token at the end
// of every logical line (none inside brackets or after a `\` continuation);
// C# gets none. C# text excluded by `#if`/`#elif`/`#else` gives no tokens
// (symbols are those `#define`d in the file; `notes` says which others were
// read as not defined). Throws LexError on an unterminated string or comment,
// or an unbalanced `#if`/`#endif`. The tokens view `source`: keep it alive
// and unchanged while they are used.
Tokens lex(std::string_view source, Language lang, std::vector<LexNote>* notes = nullptr);

// The tokens of an interpolation hole source[begin, end) (from Token::holes),
// positioned as in the whole file: `line`/`column` are those of byte `from`,
// an earlier place (the string's first character). No Newline tokens, no End.
Tokens lex_hole(std::string_view source, Language lang, size_t begin, size_t end, size_t from,
                            size_t line, size_t column);

// `\r\n` and a lone `\r` (old Mac line ends) become `\n`, as Python and C#
// read them; the tokens' byte offsets are then into the returned text.
std::string normalize_line_ends(std::string_view source);

struct LexError {
  std::string message;
  size_t line = 0, column = 0;
  size_t tok = static_cast<size_t>(-1);  // the token, when thrown after lexing (its file, for a reader of several)
};

}  // namespace trainsim::grammar
