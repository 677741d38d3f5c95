#include "config/data_lines.h"

#include "config/config_error.h"

#include <fstream>

namespace trainsim {

void for_each_data_line(const std::filesystem::path& file, const std::string& key_path, const char* what,
                        const std::function<void(const std::string& line, const std::string& where)>& row) {
  std::ifstream in(file);
  if (!in) fail_config(file.string(), key_path, std::string("cannot open ") + what);
  std::string line;
  size_t n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    row(line, file.string() + ":" + std::to_string(n));
  }
}

}  // namespace trainsim
