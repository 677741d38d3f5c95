// algorithm/source_lexer.h — tokens of a Python or C# algorithm file: enough
// of each language to find calls reliably (comments, every string form, line
// continuations, bracket nesting), not a full grammar.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace trainsim::algorithm {

enum class Language { Python, CSharp };

struct Token {
  enum class Kind { Ident, Number, String, Punct, Newline, End };
  Kind kind = Kind::End;
  // Ident: the name; Number: as written; String: the value (escapes applied;
  // an interpolated string's holes are kept as written); Punct: the operator.
  std::string text;
  bool interpolated = false;  // f"..." / $"...": its value is not a constant
  size_t line = 0, column = 0;  // 1-based, of the first character
  size_t begin = 0, end = 0;    // byte range in the source
  size_t indent = 0;  // Python: the column where this token's logical line starts
  // An interpolated string's holes: the byte range of each hole's expression
  // (without its braces, conversion, alignment or format), to be read as code.
  std::vector<std::pair<size_t, size_t>> holes;
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
// or an unbalanced `#if`/`#endif`.
std::vector<Token> lex(std::string_view source, Language lang, std::vector<LexNote>* notes = nullptr);

// The tokens of an interpolation hole source[begin, end) (from Token::holes),
// positioned as in the whole file: `line`/`column` are those of byte `from`,
// an earlier place (the string's first character). No Newline tokens, no End.
std::vector<Token> lex_hole(std::string_view source, Language lang, size_t begin, size_t end, size_t from,
                            size_t line, size_t column);

// `\r\n` and a lone `\r` (old Mac line ends) become `\n`, as Python and C#
// read them; the tokens' byte offsets are then into the returned text.
std::string normalize_line_ends(std::string_view source);

struct LexError {
  std::string message;
  size_t line = 0, column = 0;
};

}  // namespace trainsim::algorithm
