// trials/estimate.h — what a batch of Monte Carlo trials estimates: a
// proportion with its Wilson score interval, and sample quantiles.
#pragma once
#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

namespace trainsim {

// The normal quantiles of the two-sided intervals trainsim reports.
constexpr double kZ95 = 1.959963984540054;    // 95 %
constexpr double kZ999 = 3.2905267314919255;  // 99.9 %

struct Proportion {
  std::uint64_t hits = 0, n = 0;
  double estimate = 0, low = 0, high = 1;
  double half_width() const { return (high - low) / 2; }
};

// hits / n with the Wilson score interval at normal quantile `z`:
// (p + z²/2n ± z·sqrt(p(1−p)/n + z²/4n²)) / (1 + z²/n). Unlike the normal
// approximation it stays inside [0, 1] and is sensible at 0 or n hits.
// n = 0 gives [0, 1].
Proportion wilson(std::uint64_t hits, std::uint64_t n, double z = kZ95);

// "12.50%": a probability as the summaries and pages print it.
std::string percent(double p);
// "12.50% (95% interval 10.61% .. 14.68%)"; with `random` false (one run
// stands for all) "12.50% (exact: nothing is random)".
std::string interval_text(const Proportion& p, bool random = true);
// "p_fail 0.50% (95% interval 0.20% .. 1.10%, 5 of 1000 trials)"
std::string odds_text(const Proportion& p);

// The quantile levels reported, in percent.
constexpr int kQuantilePercents[] = {5, 25, 50, 75, 95};

// The nearest-rank quantile (Hyndman and Fan's type 1, the inverse of the
// empirical distribution function): the smallest sample x with at least
// pct % of the samples <= x, i.e. sorted[ceil(pct/100 · n) − 1] (the first
// for pct = 0). Always one of the samples, so an instant stays an instant.
// The index of that sample among n > 0 sorted ones.
inline std::size_t nearest_rank_index(std::size_t n, int pct) {
  const std::uint64_t rank = (static_cast<std::uint64_t>(pct) * n + 99) / 100;  // ceil(pct·n/100)
  return static_cast<std::size_t>(rank == 0 ? 0 : std::min<std::uint64_t>(rank, n) - 1);
}

// The reported quantiles of `samples` (sorted in place); empty when there are none.
template <typename T>
std::vector<T> quantiles(std::vector<T>& samples) {
  std::vector<T> out;
  if (samples.empty()) return out;
  std::sort(samples.begin(), samples.end());
  for (const int p : kQuantilePercents) out.push_back(samples[nearest_rank_index(samples.size(), p)]);
  return out;
}

}  // namespace trainsim
