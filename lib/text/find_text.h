// text/find_text.h — a short needle in a large text (LEAN's 3 MB
// market-hours file), anchored on its rarest byte: memchr skips the text
// many bytes at a time where a general search reads every one.
#pragma once
#include <cstddef>
#include <string_view>

namespace trainsim {

// The first position at or after `from` where `needle` occurs in `text`, or
// npos: the same answer as text.find(needle, from). "Rarest" is a guess for
// JSON-like text (capitals, then rare lower-case letters), so any needle is
// found; a needle of common bytes is merely slower.
std::size_t find_text(std::string_view text, std::string_view needle, std::size_t from = 0);

}  // namespace trainsim
