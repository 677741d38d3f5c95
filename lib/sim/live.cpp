#include "sim/live.h"

#include <stdexcept>

namespace trainsim {

SimulationResult run_live(const Scenario&, const RunOptions&) {
  throw std::runtime_error("live mode is not implemented yet");
}

}  // namespace trainsim
