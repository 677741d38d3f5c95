// input/utf8.h — whether input text is valid UTF-8. Text read from a user's
// file that ends up in a JSON report or a page must be: the JSON writer throws
// on anything else, and only after the work is done.
#pragma once
#include <string_view>

namespace trainsim {

// Strict UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing above U+10FFFF.
bool is_utf8(std::string_view text);

}  // namespace trainsim
