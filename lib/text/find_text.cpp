// text/find_text.cpp — substring search anchored on the needle's rarest byte.
#include "text/find_text.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <unistd.h>

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

std::optional<std::size_t> find_text_in_file(int fd, std::size_t size, std::string_view needle, std::size_t from,
                                             std::size_t chunk) {
  if (needle.empty()) return from <= size ? from : std::string_view::npos;
  if (from >= size || needle.size() > size - from) return std::string_view::npos;
  // Consecutive chunks overlap by needle.size() - 1 bytes, so a match across
  // a boundary lies whole in the later one.
  const std::size_t capacity = std::max(chunk, 2 * needle.size());
  const std::unique_ptr<char[]> buffer(new char[capacity]);
  for (std::size_t pos = from;;) {
    const std::size_t want = std::min(capacity, size - pos);
    for (std::size_t got = 0; got < want;) {
      const ssize_t r = ::pread(fd, buffer.get() + got, want - got, static_cast<off_t>(pos + got));
      if (r < 0 && errno == EINTR) continue;
      if (r <= 0) return std::nullopt;
      got += static_cast<std::size_t>(r);
    }
    const std::size_t at = find_text(std::string_view(buffer.get(), want), needle);
    if (at != std::string_view::npos) return pos + at;
    if (pos + want == size) return std::string_view::npos;
    pos += want - (needle.size() - 1);
  }
}

}  // namespace trainsim
