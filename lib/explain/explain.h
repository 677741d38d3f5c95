// explain/explain.h — `run --explain`: the run's story in a few plain
// sentences a quant can act on: what drew the bucket down (which events, how
// many minutes each), whether and how it refilled, which step died and why
// (with LEAN's rule in one sentence) or, for a completed run, how close it
// came; in live mode, training on its own thread and the model's readiness;
// and what the advice changes.
//
// Plain functions over the run's report; numbers use the summary's rounding
// (report/summary.h). Above report/ (it reads RunReport), below html/ (the run
// page shows the same sentences).
#pragma once
#include "report/run_report.h"

#include <string>
#include <vector>

namespace trainsim {

// The story, one paragraph per element, in this order: the draws, the
// refill, the death (a failed run) or the closest call (a completed one),
// live mode's thread and readiness, what the advice changes. With a
// capacity in the advice, the scenario is re-run once at that capacity (the
// same seed and trial 0, as the advice's own re-runs) to tell what it does
// to the bucket's lowest level.
std::vector<std::string> explain_run(const RunReport& report);

// Each paragraph alone (explain_run joins those that apply).
std::string explain_draws(const RunReport& report);
std::string explain_refill(const RunReport& report);
std::string explain_failure(const RunReport& report);    // empty for a completed run
std::string explain_closest(const RunReport& report);    // empty for a failed run
std::string explain_live(const RunReport& report);       // empty for a backtest
std::string explain_advice(const RunReport& report);     // empty without advice figures

}  // namespace trainsim
