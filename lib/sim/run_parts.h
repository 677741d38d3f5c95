// sim/run_parts.h — what every replayed run holds, backtest or live: the
// bucket, the time step's budget and the monitor that charges them, the
// scheduled events, the runtime calls, the OnData cost, the result and its
// recorder. Set up in one place so the two modes cannot drift apart.
#pragma once
#include "cost/duration.h"
#include "quota/leaky_bucket.h"
#include "quota/time_step_budget.h"
#include "sim/event_list.h"
#include "sim/run_options.h"
#include "sim/run_record.h"
#include "sim/runtime_calls.h"
#include "sim/scenario.h"
#include "sim/simulation_result.h"
#include "sim/time_monitor.h"

namespace trainsim {

struct RunParts {
  // `clock`/`clock_anchor`: the bucket's clock (a backtest's choice, or live
  // mode's wall time from the start); `times`: occurrences shared by a batch.
  RunParts(const Scenario& s, const RunOptions& o, BucketClock clock, Instant clock_anchor,
           const EventTimes* times = nullptr);
  RunParts(const RunParts&) = delete;  // the members refer to each other
  RunParts& operator=(const RunParts&) = delete;

  // The bucket refilled to `bucket_now` on its clock, and its summary in the result.
  void close_bucket(Micros bucket_now);

  const LeanSettings& lean;
  LeakyBucket bucket;
  TimeStepBudget budget;
  TimeMonitor monitor;
  EventList events;
  RuntimeCalls calls;
  DurationSampler on_data;
  SimulationResult r;
  RunRecorder rec;
};

}  // namespace trainsim
