// input/nearest.cpp — edit distance and the nearest known name.
#include "input/nearest.h"

#include <algorithm>

namespace trainsim {

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

std::optional<size_t> nearest_index(std::string_view word, const std::vector<std::string>& candidates,
                                    size_t max_distance) {
  std::optional<size_t> best;
  size_t best_d = max_distance + 1;
  for (size_t i = 0; i < candidates.size(); ++i)
    if (const size_t d = edit_distance(word, candidates[i]); d < best_d) {
      best_d = d;
      best = i;
    }
  return best;
}

std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates) {
  const auto i = nearest_index(word, candidates);
  return i ? "; did you mean '" + candidates[*i] + "'?" : "";
}

}  // namespace trainsim
