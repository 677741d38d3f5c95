// cost/random.cpp — the fixed generator (jumps for trials) and the few
// distributions drawn on it.
#include "cost/random.h"

#include <array>
#include <cmath>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <vector>

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

// The jump map raised to 2^level, with its images of every 4-bit group of a
// state, so that applying it is 64 lookups instead of 256 masked columns (a
// trial's generators each take a jump per set bit of the trial's number: this
// was a quarter of a 10,000-trial run). 32 KB a level, at most 64 levels.
struct JumpLevel {
  StateMap map;
  std::array<std::array<StateMap::State, 16>, 64> nibble{};  // [group][its 4 bits] -> image

  explicit JumpLevel(const StateMap& m) : map(m) {
    for (size_t g = 0; g < 64; ++g)
      for (size_t v = 1; v < 16; ++v) {
        const size_t low = v & (v - 1);  // v without its lowest bit: built already
        const size_t bit = g * 4 + static_cast<size_t>(__builtin_ctz(static_cast<unsigned>(v)));
        for (size_t w = 0; w < 4; ++w) nibble[g][v][w] = nibble[g][low][w] ^ m.column[bit][w];
      }
  }

  StateMap::State apply(const StateMap::State& s) const {
    StateMap::State out{};
    for (size_t w = 0; w < 4; ++w)
      for (size_t k = 0; k < 16; ++k) {
        const StateMap::State& c = nibble[w * 16 + k][(s[w] >> (4 * k)) & 15];
        out[0] ^= c[0];
        out[1] ^= c[1];
        out[2] ^= c[2];
        out[3] ^= c[3];
      }
    return out;
  }
};

// Built once on demand (each level squares the one below: 256 applications,
// well under a millisecond).
const JumpLevel& jump_power(int level) {
  static std::mutex mutex;
  static std::vector<std::unique_ptr<const JumpLevel>> levels;
  std::lock_guard<std::mutex> lock(mutex);
  while (levels.size() <= static_cast<size_t>(level))
    levels.push_back(
        std::make_unique<const JumpLevel>(levels.empty() ? StateMap::jump() : levels.back()->map.squared()));
  return *levels[static_cast<size_t>(level)];
}

}  // namespace

StateMap::State StateMap::apply(const State& s) const {
  State out{};
  for (int w = 0; w < 4; ++w)
    for (int b = 0; b < 64; ++b) {
      // Branch-free: a mask of all ones when the bit is set.
      const std::uint64_t mask = 0 - ((s[static_cast<size_t>(w)] >> b) & 1);
      const State& c = column[static_cast<size_t>(w * 64 + b)];
      out[0] ^= c[0] & mask;
      out[1] ^= c[1] & mask;
      out[2] ^= c[2] & mask;
      out[3] ^= c[3] & mask;
    }
  return out;
}

StateMap StateMap::squared() const {
  StateMap m;
  for (size_t j = 0; j < 256; ++j) m.column[j] = apply(column[j]);
  return m;
}

StateMap StateMap::step() {
  StateMap m;
  for (size_t j = 0; j < 256; ++j) {
    State e{};
    e[j / 64] = std::uint64_t{1} << (j % 64);
    Rng r = Rng::from_state(e);
    r.next();
    m.column[j] = r.state();
  }
  return m;
}

StateMap StateMap::jump() {
  // Blackman and Vigna's jump polynomial for xoshiro256 (2^128 steps).
  static constexpr std::uint64_t kJump[] = {0x180ec6d33cfd0abaULL, 0xd5a61266f0c9392cULL, 0xa9582618e03fc9aaULL,
                                            0x39abdc4529b1661cULL};
  StateMap m;
  for (size_t j = 0; j < 256; ++j) {
    State e{};
    e[j / 64] = std::uint64_t{1} << (j % 64);
    Rng r = Rng::from_state(e);
    State acc{};
    for (const std::uint64_t word : kJump)
      for (int b = 0; b < 64; ++b) {
        if ((word >> b) & 1) {
          const State now = r.state();
          for (size_t w = 0; w < 4; ++w) acc[w] ^= now[w];
        }
        r.next();
      }
    m.column[j] = acc;
  }
  return m;
}

void Rng::jump(std::uint64_t times) {
  StateMap::State s = state();
  for (int level = 0; times != 0; ++level, times >>= 1)
    if (times & 1) s = jump_power(level).apply(s);
  for (size_t w = 0; w < 4; ++w) s_[w] = s[w];
}

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
