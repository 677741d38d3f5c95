// input/data_lines.cpp — reading the small text files a config points at,
// line by line, each line capped in length.
#include "input/data_lines.h"

#include "input/input_error.h"
#include "input/input_files.h"

#include <fstream>

namespace trainsim {

// A data line longer than this is refused, so that a file without newlines
// (such as /dev/zero) is not read into one line until memory runs out.
constexpr std::streamsize kMaxDataLineBytes = 1 << 16;

void for_each_data_line(const std::filesystem::path& file, const std::string& key_path, const char* what,
                        const std::function<void(const std::string& line, const std::string& where)>& row) {
  std::ifstream in(file);
  if (!in) fail_input(file.string(), key_path, std::string("cannot open ") + what);
  note_input_file(file);
  std::string line(static_cast<size_t>(kMaxDataLineBytes) + 1, '\0');
  size_t n = 0;
  for (;;) {
    in.getline(line.data(), kMaxDataLineBytes + 1);
    const std::streamsize got = in.gcount();
    if (in.fail() && !in.eof() && got == kMaxDataLineBytes)
      fail_input(file.string() + ":" + std::to_string(n + 1), key_path,
                 "a line longer than " + std::to_string(kMaxDataLineBytes) + " bytes");
    if (got == 0 && in.eof()) break;
    if (in.bad() || (in.fail() && !in.eof())) fail_input(file.string(), key_path, std::string("cannot read ") + what);
    ++n;
    const bool delimited = !in.eof();  // the newline was read and counted
    std::string text(line.data(), static_cast<size_t>(got) - (delimited ? 1 : 0));
    if (!text.empty() && text.back() == '\r') text.pop_back();
    if (!text.empty() && text[0] != '#') row(text, file.string() + ":" + std::to_string(n));
    if (in.eof()) break;
  }
}

}  // namespace trainsim
