// input/input_error.cpp — the bad-input message: file, key path, message.
#include "input/input_error.h"

namespace trainsim {

std::string input_message(const std::string& file, const std::string& key_path,
                          const std::string& message) {
  std::string out;
  if (!file.empty()) out += file + ": ";
  if (!key_path.empty()) out += key_path + ": ";
  return out + message;
}

void fail_input(const std::string& file, const std::string& key_path, const std::string& message) {
  throw InputError(input_message(file, key_path, message));
}

void fail_option(const std::string& option, const std::string& value, const std::string& message) {
  throw InputError(input_message(option, value, message));
}

}  // namespace trainsim
