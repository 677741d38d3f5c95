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

#include "suggest/nearest.h"

#include <vector>
namespace trainsim {
// Warnings for keys of `object` that are not in `known` but within edit
// distance 2 of one of them: "…: unknown key 'x'; did you mean 'y'?".
template <class Json>
std::vector<std::string> near_miss_warnings(const Json& object, const std::vector<std::string>& known,
                                            const std::string& file, const std::string& prefix) {
  std::vector<std::string> out;
  if (!object.is_object()) return out;
  for (const auto& item : object.items()) {
    const std::string& key = item.key();
    const auto near = nearest_index(key, known);
    if (near && known[*near] != key)
      out.push_back(config_message(file, prefix + key, "unknown key, ignored" + did_you_mean(key, known)));
  }
  return out;
}
}  // namespace trainsim
