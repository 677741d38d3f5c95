// advice/odds_advice.cpp — the quota for a failure probability: the smallest
// capacity meeting it over Monte Carlo trials (common random numbers; tune's
// answer, by a search that re-runs only undecided trials), or the Cloud nodes
// of the run's kind tried smallest first.
#include "advice/advice.h"

#include "config/lean_settings.h"
#include "presets/quota_presets.h"
#include "sweep/point_model.h"
#include "text/number_text.h"

#include <algorithm>
#include <map>

namespace trainsim {
namespace {

// "completes in >= 95.00% of runs (2,000 trials, common random numbers: P(fail) 3.85%, upper 95% bound 4.79%)"
std::string odds_sentence(const OddsAdvice& a) {
  const Proportion& p = *a.odds;
  return "completes in >= " + percent(1 - a.max_failure) + " of runs (" + grouped_thousands(p.n) +
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
           " node meets it over " + grouped_thousands(a.trials) + " trials (" + smaller + ")";
}

// How much smaller a bucket a completed trial surely completes with: its
// lowest level m, less what smaller refills may cost. A bucket d smaller is at
// most d lower (docs/semantics.md#the-leaky-bucket), plus, per refill
// interval, the difference of the refills (ceil(c / 7) - ceil((c - d) / 7) <=
// ceil(d / 7) when the refill follows the capacity), so each draw still finds
// its minute when d + n * ceil(d / 7) <= m, which holds for d = 7 (m - n) / (7 + n).
std::int64_t completes_below(std::int64_t m, std::int64_t refill_intervals, bool fixed_refill) {
  if (fixed_refill || refill_intervals == 0) return m;
  if (refill_intervals < 0 || m <= refill_intervals) return 0;
  return 7 * (m - refill_intervals) / (7 + refill_intervals);
}

// The fewest failures out of n whose Wilson upper bound exceeds max_failure
// (n + 1 when none does): a probe stops counting there.
std::uint64_t failures_over(double max_failure, std::uint64_t n) {
  std::uint64_t lo = 0, hi = n + 1;  // wilson(lo) meets it; hi misses it or is n + 1
  if (wilson(0, n).high > max_failure) return 0;
  while (hi - lo > 1) {
    const std::uint64_t mid = lo + (hi - lo) / 2;
    (wilson(mid, n).high > max_failure ? hi : lo) = mid;
  }
  return hi;
}

// The smallest capacity whose trials meet the target (Wilson upper bound of
// P(fail) <= max_failure), by bracketing from the configured capacity and
// bisecting, with common random numbers. One trial's outcome is monotone in
// the capacity (a larger bucket, refilled by at least as much, is never
// lower, and the durations a trial draws do not depend on it), so a trial that
// completed at some capacity completes at every larger one (and, by
// completes_below, at some smaller ones) and one that failed fails at every
// smaller one: each probe runs only the trials no earlier probe decided, a
// few times the trials in all instead of every trial at every probe as `tune` does.
struct CapacitySearch {
  std::optional<std::int64_t> capacity;
  Proportion odds;           // at the answer
  std::string no_answer;     // why there is none
};

CapacitySearch search_capacity(PointModel& model, const Scenario& s, double max_failure, std::uint64_t trials,
                               bool fixed_refill, unsigned jobs) {
  constexpr std::int64_t kMax = 2147483647;  // LEAN reads the key with GetInt
  std::vector<std::int64_t> passes_at(trials, kMax + 1), fails_at(trials, -1);
  // Each capacity tried: its odds when it meets the target, nullopt when it misses.
  std::map<std::int64_t, std::optional<Proportion>> tried;
  const std::uint64_t too_many = failures_over(max_failure, trials);
  auto probe = [&](std::int64_t c) {
    if (auto it = tried.find(c); it != tried.end()) return it->second.has_value();
    std::uint64_t failed = 0;
    std::vector<std::uint64_t> open;
    for (std::uint64_t i = 0; i < trials; ++i) {
      if (c >= passes_at[i]) continue;
      if (c <= fails_at[i]) ++failed;
      else open.push_back(i);
    }
    // In fixed batches (the same on any --jobs), stopping as soon as the
    // failures already miss the target: a capacity far too small is then
    // decided by its first batch, and the trials left stay open for later probes.
    constexpr std::size_t kBatch = 256;
    for (std::size_t from = 0; from < open.size() && failed < too_many; from += kBatch) {
      const std::vector<std::uint64_t> batch(open.begin() + static_cast<std::ptrdiff_t>(from),
                                             open.begin() + static_cast<std::ptrdiff_t>(std::min(open.size(), from + kBatch)));
      const auto ends = model.trial_ends({std::to_string(c)}, batch, jobs);
      for (size_t j = 0; j < batch.size(); ++j) {
        const PointModel::TrialEnd& e = ends[j];
        if (e.failed) {
          fails_at[batch[j]] = c;
          ++failed;
        } else {
          passes_at[batch[j]] = c - completes_below(std::clamp<std::int64_t>(e.bucket_minimum, 0, c),
                                                    e.refill_intervals, fixed_refill);
        }
      }
    }
    auto& odds = tried[c];
    if (failed < too_many) odds = wilson(failed, trials);
    return odds.has_value();
  };
  CapacitySearch out;
  // The bracket (below fails the target, above meets it), grown from the
  // configured capacity by doubling, over capacities from 1: a bucket of
  // capacity 0 is never consulted (docs/semantics.md#the-leaky-bucket), so
  // it is outside the monotone family (live, it even never fails).
  std::int64_t below = 0, above = std::clamp<std::int64_t>(s.lean.capacity, 1, kMax);
  if (probe(above)) {
    while (above > 1 && below == 0) {
      const std::int64_t c = above / 2;
      if (probe(c)) above = c;
      else below = c;
    }
    if (below == 0) {
      out.no_answer = "every capacity meets it, even 1";
      return out;
    }
  } else {
    below = above;
    while (true) {
      if (below == kMax) {
        out.no_answer = "no capacity up to " + std::to_string(kMax) + " meets it over " + grouped_thousands(trials) + " trials";
        return out;
      }
      const std::int64_t c = below > (kMax - 1) / 2 ? kMax : below * 2 + 1;
      if (probe(c)) {
        above = c;
        break;
      }
      below = c;
    }
  }
  while (above - below > 1) {
    const std::int64_t mid = below + (above - below) / 2;
    (probe(mid) ? above : below) = mid;
  }
  out.capacity = above;
  out.odds = *tried.at(above);
  return out;
}

}  // namespace

std::int64_t odds_advice_work(const Scenario& s) {
  const std::int64_t days = (s.end_exclusive - s.warm_up_start + kDay - 1) / kDay;
  return days * (1 + static_cast<std::int64_t>(s.sim.events.size()));
}

OddsAdvice advise_for_odds(const ConfigDocument& doc, const Scenario& s, double max_failure, std::uint64_t trials,
                           unsigned jobs) {
  OddsAdvice a;
  a.max_failure = max_failure;
  a.trials = trials;
  if (const auto preset = find_quota_preset(s.lean.quota); preset && is_cloud(preset->kind)) {
    advise_node(doc, *preset, a, jobs);
    return a;
  }
  const std::string head = "for P(fail) <= " + percent(max_failure) + ": ";
  // The refill is what --set of the capacity leaves it: the key's value, or
  // LEAN's ceil(capacity / 7) when it is unset.
  const auto refill = s.lean.source.find(lean_key::kRefill);
  const bool default_refill = refill == s.lean.source.end() || refill->second == "default";
  PointModel model(doc, {lean_key::kCapacity}, 1, "--max-failure-probability");
  const CapacitySearch found = search_capacity(model, s, max_failure, trials, !default_refill, jobs);
  if (!found.capacity) {
    a.line = head + found.no_answer;
    return a;
  }
  const std::string value = std::to_string(*found.capacity);
  a.odds = found.odds;
  a.capacity = std::stoll(value);
  a.configured_meets = *a.capacity <= s.lean.capacity;
  a.line = head + (a.configured_meets ? "the configured capacity " + std::to_string(s.lean.capacity) +
                                            " is enough; the smallest that is, " + value + ", "
                                      : "capacity " + value + " ") +
           odds_sentence(a) +
           (default_refill ? " with the refill following ceil(capacity / 7) = " +
                                 std::to_string(default_refill_amount(*a.capacity))
                           : " with the refill held at " + std::to_string(s.lean.refill_amount)) +
           (a.configured_meets ? "" : "; --set " + std::string(lean_key::kCapacity) + "=" + value) +
           (s.lean.capacity == 0 ? " (the configured capacity 0 is LEAN's special case: the bucket is never consulted, "
                                   "so only the loop maximum stops a time step)"
                                 : "");
  return a;
}

}  // namespace trainsim
