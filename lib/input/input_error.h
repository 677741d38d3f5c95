// input/input_error.h — the one error type for bad input.
//
// Every message names the file, the key path and, for JSON syntax, the line
// and column, so the CLI can print it as is and exit with status 2.
#pragma once
#include <stdexcept>
#include <string>
#include <string_view>

namespace trainsim {

struct InputError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// "<file>: <key path>: <message>" (either part may be empty).
std::string input_message(const std::string& file, const std::string& key_path,
                          const std::string& message);
[[noreturn]] void fail_input(const std::string& file, const std::string& key_path,
                             const std::string& message);
// A bad command-line value: "<option>: <value>: <message>" (`value` may be
// empty), in the same shape as a file's, so the CLI prints both alike.
[[noreturn]] void fail_option(const std::string& option, const std::string& value, const std::string& message);

}  // namespace trainsim

