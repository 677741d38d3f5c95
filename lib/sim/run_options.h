// sim/run_options.h — what a caller wants from a run besides the result.
#pragma once
#include "sim/timeline.h"

#include <functional>

namespace trainsim {

struct RunOptions {
  bool record_events = true;           // fill SimulationResult::events
  const TimelineSink* timeline = nullptr;
  std::function<void(double done)> progress;  // 0..1, called now and then
};

}  // namespace trainsim
