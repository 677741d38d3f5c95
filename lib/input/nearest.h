// input/nearest.h — the one "did you mean" helper: config keys, grid keys,
// rule names, subcommands and flags all suggest their nearest known name with it.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace trainsim {

// Levenshtein distance.
size_t edit_distance(std::string_view a, std::string_view b);

// The index of the candidate nearest to `word` within `max_distance` edits
// (the first on ties), or none; an exact match is distance 0.
std::optional<size_t> nearest_index(std::string_view word, const std::vector<std::string>& candidates,
                                    size_t max_distance = 2);

// "; did you mean 'x'?" for the nearest candidate within two edits, else "".
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace trainsim
