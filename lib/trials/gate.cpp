// trials/gate.cpp — the failure-probability gate's rule and its one line.
#include "trials/gate.h"

#include "input/input_error.h"
#include "trials/estimate.h"

namespace trainsim {

Gate failure_gate(const TrialStats& stats, double max_failure) {
  Gate g;
  const Proportion& p = stats.failure;
  const std::string allowed = percent(max_failure);
  if (!stats.random) {
    g.verdict = p.hits == 0 ? GateVerdict::Pass : GateVerdict::Fail;
    g.text = std::string("gate:     nothing is random: the run ") + (p.hits == 0 ? "completes" : "fails") +
             " every time; allowed " + allowed + " -> " + (p.hits == 0 ? "pass (exit 0)" : "fail (exit 1)");
    return g;
  }
  const std::string interval = "P(fail) " + interval_text(p) + " over " + std::to_string(p.n) + " trials";
  if (p.high <= max_failure) {
    g.verdict = GateVerdict::Pass;
    g.text = "gate:     " + interval + "; upper bound <= " + allowed + " -> pass (exit 0)";
  } else if (p.low > max_failure) {
    g.verdict = GateVerdict::Fail;
    g.text = "gate:     " + interval + "; lower bound > " + allowed + " -> fail (exit 1)";
  } else {
    g.verdict = GateVerdict::Undecided;
    g.text = "gate:     " + interval + " straddles " + allowed +
             " -> undecided (exit 3): run more trials (a smaller --precision, or a larger --trials)";
  }
  return g;
}

Gate trials_gate(const TrialStats& stats, const std::optional<double>& max_failure) {
  if (max_failure) return failure_gate(stats, *max_failure);
  const Proportion& p = stats.failure;
  Gate g;
  g.verdict = p.hits == 0 ? GateVerdict::Pass : GateVerdict::Fail;
  g.text = "gate:     " + std::to_string(p.hits) + " of " + std::to_string(p.n) + " trials failed -> " +
           (p.hits == 0 ? "pass (exit 0)" : "fail (exit 1)") +
           (stats.random ? "; --max-failure-probability P passes a failure probability up to P" : "");
  return g;
}

void check_failure_probability(double p) {
  if (!(p > 0 && p < 1))
    fail_option("--max-failure-probability", std::to_string(p), "expected a probability between 0 and 1, e.g. 0.05");
}

}  // namespace trainsim
