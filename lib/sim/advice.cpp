#include "sim/advice.h"

#include "sim/simulate.h"

#include <chrono>

namespace trainsim {

std::optional<std::int64_t> smallest_completing(std::int64_t lo, std::int64_t hi,
                                                const std::function<bool(std::int64_t)>& completes, int& runs) {
  ++runs;
  if (!completes(hi)) return std::nullopt;
  while (lo < hi) {
    const std::int64_t mid = lo + (hi - lo) / 2;
    ++runs;
    if (completes(mid)) hi = mid;
    else lo = mid + 1;
  }
  return hi;
}

Advice advise(const Scenario& s, const SimulationResult& failed, double budget_seconds) {
  Advice a;
  if (!failed.failure) return a;
  struct OutOfTime {};
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                                               std::chrono::duration<double>(budget_seconds));
  auto completes = [&](const Scenario& t, const RunOptions& o) {
    if (std::chrono::steady_clock::now() > deadline) throw OutOfTime{};
    return simulate(t, o).completed();
  };
  const auto declared = declared_events(s.sim);
  RunOptions quiet;
  quiet.record_events = false;
  int runs = 0;
  if (failed.failure->event < 0) {
    a.text = "OnData alone took longer than the loop maximum; the bucket cannot help. Raise "
             "algorithm-manager-time-loop-maximum or make OnData cheaper.";
    return a;
  }
  const std::string& name = declared[static_cast<size_t>(failed.failure->event)]->name;
  constexpr std::int64_t kCeiling = 2'000'000'000;  // LEAN reads these with GetInt
  // As in LEAN (and --set), an unset refill amount follows the capacity.
  const bool refill_follows = s.lean.source.count(lean_key::kRefill) && s.lean.source.at(lean_key::kRefill) == "default";
  try {
    a.capacity = smallest_completing(s.lean.capacity + 1, kCeiling, [&](std::int64_t cap) {
      Scenario t = s;
      t.lean.capacity = cap;
      if (refill_follows) t.lean.refill_amount = (cap + 6) / 7;
      return completes(t, quiet);
    }, runs);
    if (s.lean.capacity > 0)
      a.refill_amount = smallest_completing(s.lean.refill_amount + 1, s.lean.capacity, [&](std::int64_t refill) {
        Scenario t = s;
        t.lean.refill_amount = refill;
        return completes(t, quiet);
      }, runs);
  } catch (const OutOfTime&) {
    return Advice{{}, {}, {}, true};
  }
  std::string text = "'" + name + "' could not be paid for";
  if (a.capacity)
    text += "; scheduled-event-leaky-bucket-capacity " + std::to_string(*a.capacity) + " (now " +
            std::to_string(s.lean.capacity) + (refill_follows ? ", refill following at ceil(capacity / 7)" : "") +
            ") would let this run complete";
  if (a.refill_amount)
    text += std::string(a.capacity ? ", or" : ";") + " scheduled-event-leaky-bucket-refill-amount " +
            std::to_string(*a.refill_amount) + " (now " + std::to_string(s.lean.refill_amount) + ")";
  if (!a.capacity && !a.refill_amount)
    text += "; no bucket size helps: work not paid by the bucket (a long first minute, OnData) exceeds the "
            "loop maximum, so raise algorithm-manager-time-loop-maximum or shorten the event";
  a.text = text + ".";
  return a;
}

}  // namespace trainsim
