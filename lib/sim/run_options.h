// sim/run_options.h — what a caller wants from a run besides the result.
#pragma once
#include "calendar/timeslice_stream.h"
#include "sim/timeline.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

namespace trainsim {

// Each scheduled event's occurrences, in EventList's order of events.
using EventTimes = std::vector<std::vector<Instant>>;

struct RunOptions {
  bool record_events = true;           // fill SimulationResult::events
  const TimelineSink* timeline = nullptr;
  std::function<void(double done)> progress;  // 0..1, called now and then
  // The draws, chosen at run time so that trials and seed sweeps share one
  // scenario: `seed` (default simulation.seed) seeds every generator, and
  // Monte Carlo trial `trial` jumps each of them trial * 2^128 draws ahead.
  std::optional<std::uint64_t> seed;
  std::uint64_t trial = 0;
  // The calendar's runs computed once (sim/slice_source.h) for many runs of
  // one scenario; null: each run streams its own.
  const std::vector<SliceRun>* calendar = nullptr;
  // The same for the scheduled events' occurrences (event_times(), sim/event_list.h).
  const EventTimes* event_times = nullptr;

  std::uint64_t seed_or(std::uint64_t configured) const { return seed.value_or(configured); }
};

}  // namespace trainsim
