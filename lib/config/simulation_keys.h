// config/simulation_keys.h — the `simulation` block's key names, the one list
// of each (in the order a config is written, and `extract` writes them), for
// reading the block, its near-miss warnings, shell completion, --set's and
// --grid's path check, and the algorithm readers' output.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

namespace trainsim {

// "However far": a suggestion for any unknown simulation key (names are short).
inline constexpr std::size_t kAnyEditDistance = 1000;

const std::vector<std::string>& known_simulation_keys();
const std::vector<std::string>& known_event_keys();       // in `training` and `scheduled-events`
const std::vector<std::string>& known_list_event_keys();  // in `events`: also "training"
const std::vector<std::string>& known_subscription_keys();
const std::vector<std::string>& known_method_keys();      // under methods.<name>

// For a key path given on the command line (--set, --grid, tune): empty when
// it is not a simulation.* path or is one trainsim reads; else why not, with
// the nearest known key ("unknown key 'nonsense' under simulation; did you mean ...").
std::string unknown_simulation_path(const std::string& key);

}  // namespace trainsim
