#include "cost/random.h"

#include <cmath>
#include <cstdlib>

namespace trainsim {
namespace {

struct ZigguratTables {
  static constexpr int kLayers = 128;
  static constexpr double kR = 3.442619855899;        // start of the tail
  static constexpr double kV = 9.91256303526217e-3;   // area of each layer
  std::uint32_t k[kLayers];
  double w[kLayers], f[kLayers];

  ZigguratTables() {
    const double m1 = 2147483648.0;  // 2^31
    double dn = kR, tn = dn;
    const double q = kV / std::exp(-0.5 * dn * dn);
    k[0] = static_cast<std::uint32_t>((dn / q) * m1);
    k[1] = 0;
    w[0] = q / m1;
    w[kLayers - 1] = dn / m1;
    f[0] = 1.0;
    f[kLayers - 1] = std::exp(-0.5 * dn * dn);
    for (int i = kLayers - 2; i >= 1; --i) {
      dn = std::sqrt(-2.0 * std::log(kV / dn + std::exp(-0.5 * dn * dn)));
      k[i + 1] = static_cast<std::uint32_t>((dn / tn) * m1);
      tn = dn;
      f[i] = std::exp(-0.5 * dn * dn);
      w[i] = dn / m1;
    }
  }
};

const ZigguratTables& tables() {
  static const ZigguratTables t;
  return t;
}

}  // namespace

double Rng::normal() {
  const ZigguratTables& t = tables();
  while (true) {
    const auto hz = static_cast<std::int32_t>(next() >> 32);
    const int iz = static_cast<int>(hz & 127);
    const std::int64_t magnitude = std::llabs(static_cast<std::int64_t>(hz));
    const double x = hz * t.w[iz];
    if (magnitude < t.k[iz]) return x;  // inside the layer's rectangle
    if (iz == 0) {
      // The tail beyond R (Marsaglia's method).
      double tx, ty;
      do {
        tx = -std::log(1.0 - uniform()) / ZigguratTables::kR;
        ty = -std::log(1.0 - uniform());
      } while (ty + ty < tx * tx);
      return hz > 0 ? ZigguratTables::kR + tx : -ZigguratTables::kR - tx;
    }
    // The wedge: accept under the curve, else draw again.
    if (t.f[iz] + uniform() * (t.f[iz - 1] - t.f[iz]) < std::exp(-0.5 * x * x)) return x;
  }
}

}  // namespace trainsim
