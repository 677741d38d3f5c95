// input/near_miss.h — "did you mean" for a config object's keys: the
// warnings for unknown keys within a small edit distance of a known one.
#pragma once
#include "input/input_error.h"
#include "input/nearest.h"

#include <algorithm>
#include <string>
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
    if (std::find(known.begin(), known.end(), key) != known.end()) continue;  // known: nothing nearer than itself
    if (const auto near = nearest_index(key, known, max_distance))
      out.push_back(input_message(file, prefix + key, "unknown key, ignored; did you mean '" + known[*near] + "'?"));
  }
  return out;
}
}  // namespace trainsim
