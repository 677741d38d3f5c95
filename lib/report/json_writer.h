// report/json_writer.h — JSON written straight into a string, byte for byte as
// nlohmann's dump(indent) writes the same values (dump() with indent -1), so
// a report too long to build as a tree first (the run's events) costs what
// its text costs; streamed in chunks to a sink (a file), not even its length
// in memory.
#pragma once
#include <nlohmann/json_fwd.hpp>

#include <algorithm>
#include <charconv>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace trainsim {

class JsonWriter {
 public:
  // Spaces per level, as dump(indent); -1 writes one line, as dump().
  explicit JsonWriter(int indent = 2) : indent_(indent) {}

  JsonWriter& begin_object() { return open('{'); }
  JsonWriter& end_object() { return close('}'); }
  JsonWriter& begin_array() { return open('['); }
  JsonWriter& end_array() { return close(']'); }
  // The name of the next member of the open object; its value follows.
  JsonWriter& key(std::string_view name);
  // The same for a name written in the code (a report writes ten thousand):
  // its length is known, so it is copied inline, and a literal that needs no
  // escaping (all of trainsim's) skips the check at run time.
  template <std::size_t N>
  JsonWriter& key(const char (&name)[N]) {
    constexpr std::size_t n = N - 1;
    if (!plain_literal(name, n)) return key(std::string_view(name, n));
    before_value();
    char* p = room(n + 4);
    p[0] = '"';
    std::memcpy(p + 1, name, n);
    p[n + 1] = '"';
    p[n + 2] = ':';
    p[n + 3] = ' ';
    if (indent_ < 0) --size_;  // one line: no space after the colon
    after_key_ = true;
    return *this;
  }

  JsonWriter& null();
  JsonWriter& boolean(bool b);
  JsonWriter& string(std::string_view s);
  // A string trainsim made that needs no escaping (an instant, a date: ASCII
  // letters, digits and punctuation other than quote and backslash), copied
  // without the check string() makes.
  JsonWriter& plain_string(std::string_view s);
  template <std::integral Int>
    requires(!std::same_as<Int, bool>)
  JsonWriter& integer(Int v) {
    char buf[24];
    const auto end = std::to_chars(buf, buf + sizeof buf, v).ptr;
    return raw(std::string_view(buf, static_cast<size_t>(end - buf)));
  }
  // A double as nlohmann writes it: shortest round-trip digits, "1.0" for a
  // whole number, null when not finite.
  JsonWriter& number(double v);
  // A number given as decimal text ("30", "-1.5", "0.000001"), written as
  // nlohmann writes the number it parses the text to: a whole number as is,
  // a fraction as number() writes its double ("1e-06").
  JsonWriter& decimal(std::string_view text);
  // units / 10^scale (0 < units < 2^53, 1 <= scale <= 9) written as decimal()
  // writes its text, without the round trip through a double's shortest
  // digits where they are provably the text's own; false, with nothing
  // written, where that is not proven (a few percent of fractions): the caller
  // then writes decimal(text).
  bool fixed_point(std::int64_t units, int scale);
  // A small value built as a tree, dumped in place.
  JsonWriter& json(const nlohmann::ordered_json& v);

  // Room for about n characters: a writer of a long text sized ahead
  // grows its buffer once, not by doubling (fewer fresh pages touched).
  // Streaming, the buffer stays at its chunk.
  void reserve(size_t n) {
    if (sink_) n = std::min(n, chunk_ + 4096);
    if (n > out_.size()) out_.resize(n);
  }
  // Streams the text: whenever more than `chunk` characters are written,
  // they go to `sink` and the buffer starts again, so a long report touches
  // one chunk of memory instead of its whole length. text() and take() then
  // hold what is not yet sunk.
  void stream_to(std::function<void(std::string_view)> sink, size_t chunk) {
    sink_ = std::move(sink);
    chunk_ = chunk;
  }
  std::string_view text() const { return {out_.data(), size_}; }
  // The text, moved out (its buffer, usually with room to spare for the
  // newline a file ends with).
  std::string take() {
    out_.resize(size_);
    size_ = 0;
    return std::move(out_);
  }

 private:
  JsonWriter& open(char bracket);
  JsonWriter& close(char bracket);
  JsonWriter& raw(std::string_view text);
  // The separator and indentation a new value needs (nothing after a key).
  void before_value() {
    if (after_key_) after_key_ = false;
    else separate();
  }
  void separate();
  static constexpr bool plain_literal(const char* s, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) {
      const unsigned char c = static_cast<unsigned char>(s[i]);
      if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') return false;
    }
    return true;
  }
  void new_line(size_t depth);
  void quoted(std::string_view s);
  void quoted_as_is(std::string_view s);  // s needs no escaping
  // Room for n more characters at the end: `out_` is grown ahead, `size_`
  // is what is written.
  char* room(size_t n) {
    if (sink_ && size_ > chunk_) sink();
    if (out_.size() - size_ < n) grow(n);
    char* p = out_.data() + size_;
    size_ += n;
    return p;
  }
  void grow(size_t n);
  void sink() {
    sink_(text());
    size_ = 0;
  }

  std::string out_;
  size_t size_ = 0;
  int indent_;
  std::vector<char> empty_;  // per open object or array: nothing in it yet
  bool after_key_ = false;
  std::function<void(std::string_view)> sink_;
  size_t chunk_ = 0;
};

}  // namespace trainsim
