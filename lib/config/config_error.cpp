// config/config_error.cpp — the bad-input message: file, key path, message.
#include "config/config_error.h"

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

}  // namespace trainsim
