// trials/estimate.cpp — the Wilson score interval, and how it is printed.
#include "trials/estimate.h"

#include <cmath>
#include <cstdio>

namespace trainsim {

Proportion wilson(std::uint64_t hits, std::uint64_t n, double z) {
  Proportion p;
  p.hits = hits;
  p.n = n;
  if (n == 0) return p;
  const double nn = static_cast<double>(n);
  const double ph = static_cast<double>(hits) / nn;
  const double z2 = z * z;
  const double denominator = 1 + z2 / nn;
  const double centre = (ph + z2 / (2 * nn)) / denominator;
  const double half = z * std::sqrt(ph * (1 - ph) / nn + z2 / (4 * nn * nn)) / denominator;
  p.estimate = ph;
  // At 0 or n hits the bound is exactly 0 or 1; keep rounding from moving it.
  p.low = hits == 0 ? 0.0 : std::max(0.0, centre - half);
  p.high = hits == n ? 1.0 : std::min(1.0, centre + half);
  return p;
}

std::string percent(double p) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f%%", p * 100);
  return buf;
}

std::string interval_text(const Proportion& p, bool random) {
  if (!random) return percent(p.estimate) + " (exact: nothing is random)";
  return percent(p.estimate) + " (95% interval " + percent(p.low) + " .. " + percent(p.high) + ")";
}

std::string odds_text(const Proportion& p) {
  return "p_fail " + percent(p.estimate) + " (95% interval " + percent(p.low) + " .. " + percent(p.high) + ", " +
         std::to_string(p.hits) + " of " + std::to_string(p.n) + " trials)";
}

}  // namespace trainsim
