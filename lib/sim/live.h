// sim/live.h — LEAN live trading, replayed: wall time is algorithm time; the
// algorithm thread takes timeslices as they arrive while a scheduling thread
// fires events by the clock, in creation order, one at a time (training is
// asynchronous). Both draw on the one bucket. docs/semantics.md#live-mode.
#pragma once
#include "calendar/exchange_hours.h"
#include "calendar/market_clock.h"
#include "sim/run_options.h"
#include "sim/scenario.h"
#include "sim/simulation_result.h"

namespace trainsim {

SimulationResult run_live(const Scenario& scenario, const RunOptions& options = {});

// When an occurrence scheduled at `scheduled` fires in live mode: by the
// clock, at its time (OccurrenceStream::kNever from the run's end E on). A
// long training can still hold it up; `run --report` shows when it did.
Instant live_fires_at(const Scenario& s, Instant scheduled);

// The open segments live mode asks about — the market-open slowdown and the
// `model` figures: those the calendar takes timeslices from (pre- and
// post-market too with extended hours). Every live market-open question
// goes through here.
struct OpenSegments {
  Markets markets;  // every subscription's hours: open while any is
  bool extended = false;  // any subscription with extended hours

  static OpenSegments of(const Scenario& s);
  // Open time inside [a, b).
  Micros time_between(Instant a, Instant b) const;
  // When `work` started at `t` ends, `slowdown` times slower while open.
  Instant finish(Instant t, Micros work, double slowdown) const;
};

}  // namespace trainsim
