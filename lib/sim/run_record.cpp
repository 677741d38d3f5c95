// sim/run_record.cpp — what both modes (and the calendar) record the same way:
// events, sessions, the bucket's path.
#include "sim/run_record.h"

namespace trainsim {

void RunRecorder::start(const ScheduledEventState& e, Instant scheduled, Instant fired, Instant row_time, Micros wall,
                        std::int64_t bucket_level, std::int64_t charged_so_far) {
  ++r_.event_occurrences;
  if (e.training) ++r_.training_sessions;
  rec_ = EventRecord{e.declared, scheduled, fired, wall, 0, 0, bucket_level, 0};
  charged_at_start_ = charged_so_far;
  if (o_.timeline) (*o_.timeline)({row_time, wall, "event-start", e.declared, bucket_level});
}

void RunRecorder::end(const ScheduledEventState& e, Instant row_time, Micros wall, std::int64_t bucket_level,
                      std::int64_t charged_so_far, bool finished) {
  rec_.duration = wall - rec_.wall_start;
  rec_.charged = charged_so_far - charged_at_start_;
  rec_.bucket_after = bucket_level;
  if (e.training) r_.training_time += rec_.duration;
  if (o_.record_events) r_.record_event(rec_);
  if (finished && o_.timeline) (*o_.timeline)({row_time, wall, "event-end", e.declared, bucket_level});
}

void RunRecorder::fail(Instant algorithm_time, Micros wall, int event, std::string message,
                       std::int64_t bucket_level) {
  Failure f;
  f.algorithm_time = algorithm_time;
  f.wall = wall;
  f.event = event;
  f.message = std::move(message);
  if (o_.timeline)
    (*o_.timeline)({algorithm_time, wall, "failure", event, bucket_level});
  r_.failure = std::move(f);
}

}  // namespace trainsim
