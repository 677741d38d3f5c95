// trials/estimate.cpp — the Wilson score interval.
#include "trials/estimate.h"

#include <cmath>

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

}  // namespace trainsim
