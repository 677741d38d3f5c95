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

// Levenshtein distance, for "did you mean" warnings on near-miss keys.
size_t edit_distance(std::string_view a, std::string_view b);

}  // namespace trainsim

#include <cstdint>
#include <vector>
namespace trainsim {
// Warnings for keys of `object` that are not in `known` but within edit
// distance `max_distance` of one of them: "…: unknown key 'x'; did you mean 'y'?".
template <class Json>
std::vector<std::string> near_miss_warnings(const Json& object, const std::vector<std::string>& known,
                                            const std::string& file, const std::string& prefix,
                                            size_t max_distance = 2) {
  std::vector<std::string> out;
  if (!object.is_object()) return out;
  for (const auto& item : object.items()) {
    const std::string& key = item.key();
    bool exact = false;
    const std::string* best = nullptr;
    size_t best_d = max_distance == SIZE_MAX ? SIZE_MAX : max_distance + 1;
    for (const auto& k : known) {
      if (k == key) { exact = true; break; }
      const size_t d = edit_distance(key, k);
      if (d < best_d) { best_d = d; best = &k; }
    }
    if (!exact && best)
      out.push_back(config_message(file, prefix + key,
                                   "unknown key, ignored; did you mean '" + *best + "'?"));
  }
  return out;
}
}  // namespace trainsim
