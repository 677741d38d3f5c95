#include "app/common.h"

namespace trainsim::cli {
void add_sweep_commands(CLI::App&, int&) {}
}  // namespace trainsim::cli
