// advice/odds_advice.cpp — the quota for a failure probability: tune's search
// with Monte Carlo trials (common random numbers) over the capacity, or the
// Cloud nodes of the run's kind tried smallest first.
#include "advice/advice.h"

#include "config/lean_settings.h"
#include "presets/quota_presets.h"
#include "sweep/point_model.h"
#include "sweep/tune.h"

namespace trainsim {
namespace {

// "2,000"
std::string grouped(std::uint64_t n) {
  std::string s = std::to_string(n);
  for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3) s.insert(static_cast<size_t>(i), ",");
  return s;
}

// "completes in >= 95.00% of runs (2,000 trials, common random numbers: P(fail) 3.85%, upper 95% bound 4.79%)"
std::string odds_sentence(const OddsAdvice& a) {
  const Proportion& p = *a.odds;
  return "completes in >= " + percent(1 - a.max_failure) + " of runs (" + grouped(p.n) +
         " trials, common random numbers: P(fail) " + percent(p.estimate) + ", upper 95% bound " + percent(p.high) + ")";
}

void advise_node(const ConfigDocument& doc, const QuotaPreset& preset, OddsAdvice& a, unsigned jobs) {
  PointModel model(doc, {"simulation.quota"}, 1, "--quota");
  std::vector<QuotaPreset> nodes = {preset};
  for (const auto& n : larger_nodes(preset)) nodes.push_back(n);
  std::string smaller;
  for (const auto& n : nodes) {
    const PointResult r = model.run({n.name}, 0, a.trials, jobs);
    if (r.p_fail_hi <= a.max_failure) {
      a.node = n.name;
      a.odds = trial_odds(r);
      a.configured_meets = n.name == preset.name;
      a.line = "for P(fail) <= " + percent(a.max_failure) + ": " +
               (a.configured_meets ? "the configured node " + n.name + " is enough: it "
                                   : "the smallest " + std::string(to_string(n.kind)) + " node that " +
                                         "meets it is " + n.name + ": it ") +
               odds_sentence(a) + (a.configured_meets ? "" : "; --quota " + n.name) +
               (smaller.empty() ? "" : " (" + smaller + ")");
      return;
    }
    smaller += (smaller.empty() ? "" : ", ") + n.name + " P(fail) " + percent(r.p_fail);
  }
  a.line = "for P(fail) <= " + percent(a.max_failure) + ": no " + std::string(to_string(preset.kind)) +
           " node meets it over " + grouped(a.trials) + " trials (" + smaller + ")";
}

}  // namespace

OddsAdvice advise_for_odds(const ConfigDocument& doc, const Scenario& s, double max_failure, std::uint64_t trials,
                           unsigned jobs) {
  OddsAdvice a;
  a.max_failure = max_failure;
  a.trials = trials;
  if (const auto preset = find_quota_preset(s.lean.quota); preset && is_cloud(preset->kind)) {
    advise_node(doc, *preset, a, jobs);
    return a;
  }
  TuneRequest q;
  q.key = lean_key::kCapacity;
  q.goal = TuneGoal::Minimize;
  q.jobs = jobs;
  q.max_failure_probability = max_failure;
  q.trials = trials;
  const TuneReport t = run_tune(doc, q);
  const TuneOutcome& o = t.outcome;
  const std::string head = "for P(fail) <= " + percent(max_failure) + ": ";
  if (o.status != TuneOutcome::Status::Found) {
    a.line = head + o.message;
    return a;
  }
  const TuneRun& b = o.runs[*o.boundary];
  // The refill is what --set of the capacity leaves it: the key's value, or
  // LEAN's ceil(capacity / 7) when it is unset.
  const auto refill = s.lean.source.find(lean_key::kRefill);
  const bool default_refill = refill == s.lean.source.end() || refill->second == "default";
  a.capacity = std::stoll(b.value);
  a.odds = trial_odds(b.result);
  a.configured_meets = *a.capacity <= s.lean.capacity;
  a.line = head + (a.configured_meets ? "the configured capacity " + std::to_string(s.lean.capacity) +
                                            " is enough; the smallest that is, " + b.value + ", "
                                      : "capacity " + b.value + " ") +
           odds_sentence(a) +
           (default_refill ? " with the refill following ceil(capacity / 7) = " +
                                 std::to_string(default_refill_amount(*a.capacity))
                           : " with the refill held at " + std::to_string(s.lean.refill_amount)) +
           (a.configured_meets ? "" : "; --set " + std::string(lean_key::kCapacity) + "=" + b.value);
  return a;
}

}  // namespace trainsim
