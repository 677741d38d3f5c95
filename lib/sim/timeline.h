// sim/timeline.h — the optional per-event trace of a run (--timeline):
// one row per event start and end, bucket change and failure.
#pragma once
#include "civil/civil_time.h"

#include <cstdint>
#include <functional>
#include <string_view>

namespace trainsim {

struct TimelineRow {
  Instant algorithm_time;
  Micros wall;
  std::string_view what;  // event-start, charge, refused, event-end, failure
  int event;              // index into declared_events(); -1: on-data (rows outlive the run's names)
  std::int64_t bucket_level;
};

using TimelineSink = std::function<void(const TimelineRow&)>;

}  // namespace trainsim
