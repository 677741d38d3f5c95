// text/find_text.h — a short needle in a large text (LEAN's 3 MB
// market-hours file), anchored on its rarest byte: memchr skips the text
// many bytes at a time where a general search reads every one.
#pragma once
#include <cstddef>
#include <optional>
#include <string_view>

namespace trainsim {

// The first position at or after `from` where `needle` occurs in `text`, or
// npos: the same answer as text.find(needle, from). "Rarest" is a guess for
// JSON-like text (capitals, then rare lower-case letters), so any needle is
// found; a needle of common bytes is merely slower.
std::size_t find_text(std::string_view text, std::string_view needle, std::size_t from = 0);

// The same answer over the first `size` bytes of the open file `fd`, read
// with pread through one buffer of `chunk` bytes: on a machine where a
// process's first touch of a page is dear (a virtual machine's shadow page
// tables), scanning a 3 MB file through a mapping costs twice as much as
// letting the kernel copy it through a buffer that stays in cache. nullopt
// when a read fails (the caller searches its mapping instead).
std::optional<std::size_t> find_text_in_file(int fd, std::size_t size, std::string_view needle, std::size_t from = 0,
                                             std::size_t chunk = 64 * 1024);

}  // namespace trainsim
