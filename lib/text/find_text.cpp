// text/find_text.cpp — substring search anchored on the needle's rarest byte.
#include "text/find_text.h"

#include <cstring>

namespace trainsim {
namespace {

// Lower is rarer in the JSON files trainsim searches: capitals, then the
// rare lower-case letters, then the rest; quotes, spaces, digits and
// punctuation last.
int rank(unsigned char c) {
  if (c >= 'A' && c <= 'Z') return 0;
  if (std::string_view("qzjxkvwbgfy").find(static_cast<char>(c)) != std::string_view::npos) return 1;
  if (c >= 'a' && c <= 'z') return 2;
  if (c == '-' || c == '_' || c == '/') return 3;
  return 4;
}

}  // namespace

std::size_t find_text(std::string_view text, std::string_view needle, std::size_t from) {
  if (needle.empty()) return from <= text.size() ? from : std::string_view::npos;
  if (from >= text.size() || needle.size() > text.size() - from) return std::string_view::npos;
  std::size_t anchor = 0;
  for (std::size_t i = 1; i < needle.size(); ++i)
    if (rank(static_cast<unsigned char>(needle[i])) < rank(static_cast<unsigned char>(needle[anchor]))) anchor = i;
  const char want = needle[anchor];
  const std::size_t last_start = text.size() - needle.size();
  // Candidate starts in increasing order, so the first match is the first occurrence.
  for (std::size_t start = from; start <= last_start;) {
    const char* at = static_cast<const char*>(
        std::memchr(text.data() + start + anchor, want, last_start - start + 1));
    if (!at) break;
    start = static_cast<std::size_t>(at - text.data()) - anchor;
    if (std::memcmp(text.data() + start, needle.data(), needle.size()) == 0) return start;
    ++start;
  }
  return std::string_view::npos;
}

}  // namespace trainsim
