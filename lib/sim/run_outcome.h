// sim/run_outcome.h — what a sweep point or a Monte Carlo trial keeps of one
// run: how it ended and its totals, without the event list. One value, so a
// sweep row and a trial record are read from a run by the same code.
#pragma once
#include "sim/scenario.h"
#include "sim/simulation_result.h"

#include <cstdint>
#include <string>

namespace trainsim {

struct RunOutcome {
  bool completed = false;
  bool refused = false;          // the failure: the bucket refused a minute (else the time loop)
  Instant failure_time = 0;      // algorithm time of the failure (0 when completed)
  std::string failure_text;      // the same in the algorithm zone; empty when completed
  Micros failure_offset = 0;     // from the start date's 00:00 to the failure
  Micros failure_wall = 0;
  int failing_event = -1;          // index into declared_events(); -1: OnData
  std::string failing_event_name;  // the event's name, "on-data", or empty when completed
  std::int64_t sessions = 0;       // training sessions started
  Micros training = 0;             // minutes trained
  std::int64_t charged = 0;        // bucket minutes charged
  std::int64_t bucket_minimum = 0;
  Micros wall = 0;
  std::int64_t timeslices = 0;
};

RunOutcome run_outcome(const Scenario& s, const SimulationResult& r);

}  // namespace trainsim
