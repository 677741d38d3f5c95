// parallel/shard_file.cpp — CSV quoting and parsing, and the '#' preamble.
#include "parallel/shard_file.h"

#include "input/input_error.h"

namespace trainsim {

std::string csv_field(const std::string& value) {
  if (value.find_first_of(",\"\r\n") == std::string::npos) return value;
  std::string out = "\"";
  for (const char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string csv_row(const std::vector<std::string>& fields) {
  std::string out;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i) out += ',';
    out += csv_field(fields[i]);
  }
  return out + "\n";
}

std::vector<std::vector<std::string>> parse_csv_records(const std::string& text, const std::string& source) {
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> record;
  std::string field;
  bool quoted = false, in_record = false;
  size_t line = 1;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          quoted = false;
        }
      } else {
        if (c == '\n') ++line;
        field += c;
      }
      continue;
    }
    if (c == '"' && field.empty()) {
      quoted = true;
      in_record = true;
    } else if (c == ',') {
      record.push_back(std::move(field));
      field.clear();
      in_record = true;
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      ++line;
      record.push_back(std::move(field));
      field.clear();
      records.push_back(std::move(record));
      record.clear();
      in_record = false;
    } else {
      field += c;
      in_record = true;
    }
  }
  if (quoted) fail_input(source, "", "line " + std::to_string(line) + ": unterminated quoted field");
  if (in_record || !field.empty()) {
    record.push_back(std::move(field));
    records.push_back(std::move(record));
  }
  return records;
}

ShardFilePreamble split_preamble(const std::string& text) {
  ShardFilePreamble p;
  size_t pos = 0;
  while (pos < text.size() && text[pos] == '#') {
    const size_t end = text.find('\n', pos);
    std::string l = text.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
    if (!l.empty() && l.back() == '\r') l.pop_back();
    p.lines.push_back(std::move(l));
    pos = end == std::string::npos ? text.size() : end + 1;
  }
  p.body = pos;
  return p;
}

}  // namespace trainsim
