// Tests for the failure-probability gate's three verdicts and its exact cases.
#include "trials/gate.h"

#include "trials/estimate.h"

#include <doctest/doctest.h>

using namespace trainsim;

TEST_CASE("gate: pass at an upper bound <= P, fail at a lower bound > P, undecided between") {
  TrialStats s;
  s.failure = wilson(500, 1000);  // about 46.9% .. 53.1%
  CHECK(failure_gate(s, 0.60).verdict == GateVerdict::Pass);
  CHECK(failure_gate(s, 0.40).verdict == GateVerdict::Fail);
  CHECK(failure_gate(s, 0.50).verdict == GateVerdict::Undecided);
  CHECK(failure_gate(s, s.failure.high).verdict == GateVerdict::Pass);  // the bound itself passes
  CHECK(failure_gate(s, s.failure.low).verdict == GateVerdict::Undecided);
  CHECK(static_cast<int>(GateVerdict::Undecided) == 3);
  CHECK(failure_gate(s, 0.50).text.find("exit 3") != std::string::npos);
  s.failure = wilson(0, 2000);  // none failed: upper bound about 0.19%
  CHECK(failure_gate(s, 0.01).verdict == GateVerdict::Pass);
  CHECK(failure_gate(s, 0.001).verdict == GateVerdict::Undecided);
}

TEST_CASE("gate: nothing random is one outcome, pass or fail outright") {
  TrialStats s;
  s.random = false;
  s.failure = wilson(0, 1);
  CHECK(failure_gate(s, 0.01).verdict == GateVerdict::Pass);
  s.failure = wilson(1, 1);
  CHECK(failure_gate(s, 0.99).verdict == GateVerdict::Fail);
}

TEST_CASE("gate: without a probability, trials pass when none failed and fail when any did") {
  TrialStats s;
  s.failure = wilson(0, 2000);
  CHECK(trials_gate(s, std::nullopt).verdict == GateVerdict::Pass);
  s.failure = wilson(1, 2000);
  CHECK(trials_gate(s, std::nullopt).verdict == GateVerdict::Fail);
  CHECK(trials_gate(s, std::nullopt).text.find("1 of 2000 trials failed -> fail (exit 1)") != std::string::npos);
  CHECK(trials_gate(s, 0.05).verdict == GateVerdict::Pass);  // with P, the interval decides
}
