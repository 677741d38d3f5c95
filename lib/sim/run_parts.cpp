// sim/run_parts.cpp — a run's parts set up from the scenario and options.
#include "sim/run_parts.h"

namespace trainsim {

RunParts::RunParts(const Scenario& s, const RunOptions& o, BucketClock clock, Instant clock_anchor,
                   const EventTimes* times)
    : lean(s.lean),
      bucket(make_bucket(s.lean)),
      budget(s.lean.loop_maximum_minutes),
      monitor(bucket, budget, clock, clock_anchor),
      events(s, o.seed_or(s.sim.seed), o.trial, times),
      calls(s, o.seed_or(s.draw_seed()), o.trial),
      on_data(s.sim.on_data, o.seed_or(s.sim.seed), 0, o.trial),
      rec(r, o) {
  monitor.note_level();
}

void RunParts::close_bucket(Micros bucket_now) {
  bucket.refill_to(bucket_now);
  r.bucket = {lean.capacity, lean.refill_amount, lean.interval_minutes, monitor.charged(),
              bucket.refilled(), bucket.level(), monitor.minimum()};
}

}  // namespace trainsim
