// report/json_writer.cpp — the JSON writer: nlohmann's layout and number
// forms without its tree.
#include "report/json_writer.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

namespace trainsim {
namespace {

// Whether any byte of x is below n (n <= 0x80): the classic bit trick.
constexpr std::uint64_t kOnes = 0x0101010101010101ULL, kHighs = 0x8080808080808080ULL;
constexpr std::uint64_t any_below(std::uint64_t x, std::uint8_t n) { return (x - kOnes * n) & ~x & kHighs; }

// A control byte, a byte from 0x7f up, '"' or '\\' (the latter two xor-ed to 0) among eight.
bool plain_word(std::uint64_t x) {
  return !(any_below(x, 0x20) | ((x + kOnes) & kHighs) | (x & kHighs) | any_below(x ^ (kOnes * '"'), 1) |
           any_below(x ^ (kOnes * '\\'), 1));
}

// Eight bytes at a time (a report's strings are mostly plain and short: a
// key, a date); the last eight overlap the ones before, or a short string
// is padded with spaces, which are plain.
bool plain(std::string_view s) {
  std::uint64_t x;
  if (s.size() < 8) {
    char word[8] = {' ', ' ', ' ', ' ', ' ', ' ', ' ', ' '};
    std::memcpy(word, s.data(), s.size());
    std::memcpy(&x, word, 8);
    return plain_word(x);
  }
  for (size_t i = 0; i + 8 <= s.size(); i += 8) {
    std::memcpy(&x, s.data() + i, 8);
    if (!plain_word(x)) return false;
  }
  std::memcpy(&x, s.data() + s.size() - 8, 8);
  return plain_word(x);
}

}  // namespace

void JsonWriter::grow(size_t n) { out_.resize(std::max(2 * out_.size(), size_ + n + 4096)); }

void JsonWriter::new_line(size_t depth) {
  if (indent_ < 0) return;
  const size_t spaces = depth * static_cast<size_t>(indent_);
  // A newline and up to 31 spaces copied as one fixed block (cheaper than
  // a call), then the end set where the line's spaces end.
  static constexpr char kLine[33] = "\n                               ";
  if (spaces < 32) {
    char* p = room(32);
    std::memcpy(p, kLine, 32);
    size_ -= 31 - spaces;
    return;
  }
  char* p = room(1 + spaces);
  *p = '\n';
  std::memset(p + 1, ' ', spaces);
}

void JsonWriter::separate() {
  if (empty_.empty()) return;
  if (!empty_.back()) *room(1) = ',';
  empty_.back() = 0;
  new_line(empty_.size());
}

JsonWriter& JsonWriter::open(char bracket) {
  before_value();
  *room(1) = bracket;
  empty_.push_back(1);
  return *this;
}

JsonWriter& JsonWriter::close(char bracket) {
  const bool was_empty = empty_.back() != 0;
  empty_.pop_back();
  if (!was_empty) new_line(empty_.size());
  *room(1) = bracket;
  return *this;
}

JsonWriter& JsonWriter::raw(std::string_view text) {
  before_value();
  std::memcpy(room(text.size()), text.data(), text.size());
  return *this;
}

void JsonWriter::quoted(std::string_view s) {
  if (!plain(s)) {  // escapes, non-ASCII and invalid UTF-8 (an error) exactly as nlohmann has them
    const std::string text = nlohmann::ordered_json(std::string(s)).dump();
    std::memcpy(room(text.size()), text.data(), text.size());
    return;
  }
  quoted_as_is(s);
}

void JsonWriter::quoted_as_is(std::string_view s) {
  char* p = room(s.size() + 2);
  *p = '"';
  std::memcpy(p + 1, s.data(), s.size());
  p[s.size() + 1] = '"';
}

JsonWriter& JsonWriter::key(std::string_view name) {
  before_value();
  quoted(name);
  if (indent_ < 0) {
    *room(1) = ':';
  } else {
    char* p = room(2);
    p[0] = ':';
    p[1] = ' ';
  }
  after_key_ = true;
  return *this;
}

JsonWriter& JsonWriter::null() { return raw("null"); }

JsonWriter& JsonWriter::boolean(bool b) { return raw(b ? "true" : "false"); }

JsonWriter& JsonWriter::string(std::string_view s) {
  before_value();
  quoted(s);
  return *this;
}

JsonWriter& JsonWriter::plain_string(std::string_view s) {
  before_value();
  quoted_as_is(s);
  return *this;
}

JsonWriter& JsonWriter::number(double v) {
  if (!std::isfinite(v)) return null();
  char buf[64];
  const char* end = nlohmann::detail::to_chars(buf, buf + sizeof buf, v);
  return raw(std::string_view(buf, static_cast<size_t>(end - buf)));
}

JsonWriter& JsonWriter::decimal(std::string_view text) {
  if (text.find_first_of(".eE") == std::string_view::npos) return raw(text);
  double v = 0;
  std::from_chars(text.data(), text.data() + text.size(), v);
  return number(v);
}

bool JsonWriter::fixed_point(std::int64_t units, int scale) {
  static constexpr std::int64_t kPow10[] = {1, 10, 100, 1'000, 10'000, 100'000, 1'000'000, 10'000'000,
                                            100'000'000, 1'000'000'000};
  if (scale < 1 || scale > 9 || units <= 0 || units >= (std::int64_t{1} << 53)) return false;
  const std::int64_t one = kPow10[scale];
  if (units % one == 0) {  // decimal() writes a whole number's text as it is
    integer(units / one);
    return true;
  }
  // d = digits * 10^exponent, its significant digits without trailing zeros.
  std::int64_t digits = units;
  int exponent = -scale;
  while (digits % 10 == 0) digits /= 10, ++exponent;
  char buf[64];
  const int len = static_cast<int>(std::to_chars(buf, buf + 24, digits).ptr - buf);
  if (len > 15) return false;
  // v, the double nearest d (what decimal() parses its text to: both the
  // division and from_chars round correctly), is m * 2^e exactly.
  const double v = static_cast<double>(units) / static_cast<double>(one);
  int e = 0;
  const auto m = static_cast<std::int64_t>(std::ldexp(std::frexp(v, &e), 53));
  e -= 53;
  if (e >= 0 || e < -100) return false;
  // (d - v) * one * 2^-e, exactly, in 128 bits: half of v's ulp is one / 2.
  const __int128 diff = (static_cast<__int128>(units) << -e) - static_cast<__int128>(m) * one;
  const __int128 dist = diff < 0 ? -diff : diff;
  // nlohmann's Grisu2 gives the shortest digits in v's rounding interval
  // narrowed by its own error (under 0.006 ulp). Distinct decimals of at most
  // 15 significant digits round to distinct doubles, so when d lies inside
  // the interval by more than 1/64 ulp it is the one such number there, and
  // Grisu2's digits are d's. Below a power of two the interval's lower half
  // is a quarter ulp.
  const bool quarter = diff < 0 && m == (std::int64_t{1} << 52);
  if (dist * 64 >= static_cast<__int128>(one) * (quarter ? 15 : 31)) return false;
  // Formatted as nlohmann formats Grisu2's digits and exponent.
  const char* end = nlohmann::detail::dtoa_impl::format_buffer(buf, len, exponent, -4,
                                                              std::numeric_limits<double>::digits10);
  raw(std::string_view(buf, static_cast<size_t>(end - buf)));
  return true;
}

JsonWriter& JsonWriter::json(const nlohmann::ordered_json& v) {
  before_value();
  const std::string text = v.dump(indent_);
  // dump() starts at depth 0: its lines move in to this depth.
  const size_t in = indent_ > 0 ? empty_.size() * static_cast<size_t>(indent_) : 0;
  for (const char c : text) {
    *room(1) = c;
    if (c == '\n' && in) std::memset(room(in), ' ', in);
  }
  return *this;
}

}  // namespace trainsim
