// algorithm/source_lexer.h — tokens of a Python or C# algorithm file: enough
// of each language to find calls reliably (comments, every string form, line
// continuations, bracket nesting), not a full grammar.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
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
};

// The file's tokens, ending with End. Python gets a Newline token at the end
// of every logical line (none inside brackets or after a `\` continuation);
// C# gets none. Throws LexError on an unterminated string or comment.
std::vector<Token> lex(std::string_view source, Language lang);

struct LexError {
  std::string message;
  size_t line = 0, column = 0;
};

}  // namespace trainsim::algorithm
