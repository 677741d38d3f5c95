// report/json_writer.cpp — the JSON writer: nlohmann's layout and number
// forms without its tree.
#include "report/json_writer.h"

#include <nlohmann/json.hpp>

#include <cmath>

namespace trainsim {
namespace {

// Printable ASCII without '"' and '\\': what nlohmann writes unescaped.
bool plain(std::string_view s) {
  for (const char c : s)
    if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') return false;
  return true;
}

}  // namespace

void JsonWriter::new_line(size_t depth) {
  if (indent_ < 0) return;
  out_ += '\n';
  out_.append(depth * static_cast<size_t>(indent_), ' ');
}

void JsonWriter::before_value() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (empty_.empty()) return;
  if (!empty_.back()) out_ += ',';
  empty_.back() = false;
  new_line(empty_.size());
}

JsonWriter& JsonWriter::open(char bracket) {
  before_value();
  out_ += bracket;
  empty_.push_back(true);
  return *this;
}

JsonWriter& JsonWriter::close(char bracket) {
  const bool was_empty = empty_.back();
  empty_.pop_back();
  if (!was_empty) new_line(empty_.size());
  out_ += bracket;
  return *this;
}

JsonWriter& JsonWriter::raw(std::string_view text) {
  before_value();
  out_ += text;
  return *this;
}

JsonWriter& JsonWriter::key(std::string_view name) {
  string(name);
  out_ += indent_ < 0 ? ":" : ": ";
  after_key_ = true;
  return *this;
}

JsonWriter& JsonWriter::null() { return raw("null"); }

JsonWriter& JsonWriter::boolean(bool b) { return raw(b ? "true" : "false"); }

JsonWriter& JsonWriter::string(std::string_view s) {
  before_value();
  if (plain(s)) {
    out_ += '"';
    out_ += s;
    out_ += '"';
  } else {  // escapes, non-ASCII and invalid UTF-8 (an error) exactly as nlohmann has them
    out_ += nlohmann::ordered_json(std::string(s)).dump();
  }
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

JsonWriter& JsonWriter::json(const nlohmann::ordered_json& v) {
  before_value();
  const std::string text = v.dump(indent_);
  if (indent_ <= 0 || empty_.empty()) {
    out_ += text;
    return *this;
  }
  // dump() starts at depth 0: its lines move in to this depth.
  const std::string in(empty_.size() * static_cast<size_t>(indent_), ' ');
  for (const char c : text) {
    out_ += c;
    if (c == '\n') out_ += in;
  }
  return *this;
}

}  // namespace trainsim
