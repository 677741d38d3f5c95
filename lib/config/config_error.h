// config/config_error.h — the one error type for bad input.
//
// Every message names the file, the key path and, for JSON syntax, the line
// and column, so the CLI can print it as is and exit with status 2.
#pragma once
#include <stdexcept>
#include <string>
#include <string_view>

namespace trainsim {

struct ConfigError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// "<file>: <key path>: <message>" (either part may be empty).
std::string config_message(const std::string& file, const std::string& key_path,
                           const std::string& message);
[[noreturn]] void fail_config(const std::string& file, const std::string& key_path,
                              const std::string& message);

}  // namespace trainsim

