// sim/run_outcome.cpp — a run's outcome and totals (run_outcome.h).
#include "sim/run_outcome.h"

namespace trainsim {

RunOutcome run_outcome(const Scenario& s, const SimulationResult& r) {
  RunOutcome o;
  o.completed = r.completed();
  if (r.failure) {
    o.refused = r.failure->reason == FailureReason::BucketRefused;
    o.failure_time = r.failure->algorithm_time;
    o.failure_text = format_instant(r.failure->algorithm_time, s.sim.zone);
    o.failure_offset = r.failure->algorithm_time - s.start;
    o.failure_wall = r.failure->wall;
    o.failing_event = r.failure->event;
    o.failing_event_name =
        r.failure->event < 0 ? "on-data" : declared_events(s.sim).at(static_cast<size_t>(r.failure->event))->name;
  }
  o.sessions = r.training_sessions;
  o.training = r.training_time;
  o.charged = r.bucket.charged;
  o.bucket_minimum = r.bucket.minimum;
  o.wall = r.wall;
  o.timeslices = r.timeslices;
  return o;
}

}  // namespace trainsim
