// algorithm/parameters.h — the algorithm parameters GetParameter reads, as
// the Lean CLI gives them: the project config.json's `parameters`, each
// overridden by `--parameter NAME VALUE` (as in `lean backtest`).
#pragma once
#include <filesystem>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace trainsim::algorithm {

using Parameters = std::map<std::string, std::string>;

// The parameters of the project holding `algorithm_file` (its folder's
// config.json; none when it has no such file), then `overrides` in order.
// Non-string values are kept as their JSON text. Throws InputError on a
// `parameters` key that is not an object.
Parameters project_parameters(const std::filesystem::path& algorithm_file,
                              const std::vector<std::pair<std::string, std::string>>& overrides);

}  // namespace trainsim::algorithm
