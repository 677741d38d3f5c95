#include "app/common.h"

namespace trainsim::cli {
void add_calendar_command(CLI::App&, int&) {}
}  // namespace trainsim::cli
