#include "config/config_error.h"

#include <algorithm>
#include <vector>

namespace trainsim {

std::string config_message(const std::string& file, const std::string& key_path,
                           const std::string& message) {
  std::string out;
  if (!file.empty()) out += file + ": ";
  if (!key_path.empty()) out += key_path + ": ";
  return out + message;
}

void fail_config(const std::string& file, const std::string& key_path, const std::string& message) {
  throw ConfigError(config_message(file, key_path, message));
}

size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diag = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

}  // namespace trainsim
