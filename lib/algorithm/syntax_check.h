// algorithm/syntax_check.h — the syntax errors that would make the reader
// read a different program than the one LEAN runs: a bracket never closed or
// closed by the wrong one, a Python line run into the next inside brackets,
// inconsistent Python indentation, a compound header without its `:`.
// (A C# statement run into the next line is found where statements are split:
// see missing_semicolon.)
#pragma once
#include "grammar/lexer.h"

#include <optional>
#include <vector>

namespace trainsim::algorithm {

// The reader speaks the grammar's vocabulary (lib/grammar).
using grammar::Language;
using grammar::LexError;
using grammar::LexNote;
using grammar::Token;
using grammar::Tokens;

// Throws LexError at the place to fix.
void check_syntax(const Tokens& tokens, Language lang);

// C#: within one statement [begin, end) (no `;` at depth 0), the token after
// which a `;` is missing because the next line starts a new statement, if any.
std::optional<size_t> missing_semicolon(const Tokens& tokens, size_t begin, size_t end);

}  // namespace trainsim::algorithm
