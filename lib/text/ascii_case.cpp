// text/ascii_case.cpp — ASCII case changes, independent of the C locale.
#include "text/ascii_case.h"

namespace trainsim {
namespace {
char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
char upper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }
}  // namespace

std::string ascii_lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = lower(c);
  return out;
}

std::string ascii_upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = upper(c);
  return out;
}

std::string folded_name(std::string_view text, std::string_view drop) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text)
    if (drop.find(c) == std::string_view::npos) out += lower(c);
  return out;
}

}  // namespace trainsim
