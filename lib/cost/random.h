// cost/random.h — the fixed generator and the few distributions trainsim draws.
//
// std:: distributions differ between standard libraries, so reports would not
// be byte-identical across machines; these are implemented here on
// xoshiro256** seeded through splitmix64.
//
// Monte Carlo trials (lib/trials) need many streams that provably never
// overlap: trial k uses each generator advanced by k * 2^128 draws
// (xoshiro256**'s jump, composed by binary powers of k). A trial draws far
// fewer than 2^128 numbers per stream, so no two trials ever share a draw, and
// trial 0 is the plain run.
#pragma once
#include <array>
#include <cmath>
#include <cstdint>
#include <string_view>

namespace trainsim {

inline std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

// FNV-1a, 64 bits, of the bytes of `text`.
inline std::uint64_t fnv1a64(std::string_view text) {
  std::uint64_t h = 0xCBF29CE484222325ULL;
  for (unsigned char c : text) {
    h ^= c;
    h *= 0x100000001B3ULL;
  }
  return h;
}

// The k-th chance (k = 0, 1, ...) of a Train call started at run time, a
// uniform in [0, 1) fixed by the contract so that any implementation draws
// alike (docs/semantics.md#runtime-draws): key = seed XOR FNV-1a-64(entry
// name), u = (splitmix64 step k + 1 from key) >> 11, over 2^53. Monte Carlo
// trial t > 0 XORs the key with splitmix64(t * 0xD1B54A32D192ED03): trial 0
// is the plain run, each other trial an independent sequence.
inline double runtime_draw(std::uint64_t seed, std::string_view entry, std::uint64_t k, std::uint64_t trial = 0) {
  std::uint64_t key = seed ^ fnv1a64(entry);
  if (trial != 0) {
    std::uint64_t t = trial * 0xD1B54A32D192ED03ULL;
    key ^= splitmix64(t);
  }
  std::uint64_t state = key + k * 0x9E3779B97F4A7C15ULL;
  return static_cast<double>(splitmix64(state) >> 11) * 0x1.0p-53;
}

class Rng {
 public:
  Rng() : Rng(0, 0) {}
  // One independent stream per (seed, stream): adding an event never shifts
  // the draws of another.
  Rng(std::uint64_t seed, std::uint64_t stream) {
    std::uint64_t sm = seed ^ (stream * 0xD1B54A32D192ED03ULL);
    for (auto& w : s_) w = splitmix64(sm);
  }

  std::uint64_t next() {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }

  // Uniform in [0, 1), 53 bits.
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

  // Advances the generator by `times` * 2^128 draws, in O(log times).
  void jump(std::uint64_t times);

  std::array<std::uint64_t, 4> state() const { return {s_[0], s_[1], s_[2], s_[3]}; }
  static Rng from_state(const std::array<std::uint64_t, 4>& s) {
    Rng r;
    for (size_t w = 0; w < 4; ++w) r.s_[w] = s[w];
    return r;
  }

  // Standard normal: Marsaglia and Tsang's ziggurat (128 layers). Nearly
  // every draw is one table compare and a multiply; log/exp only in the
  // rare wedge and tail cases, so a draw per timeslice stays cheap.
  double normal();

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t s_[4];
};

// A linear map of the generator's 256-bit state over GF(2) (every xoshiro
// step is one): column j is the image of state bit j. Jumps are such maps.
struct StateMap {
  using State = std::array<std::uint64_t, 4>;
  std::array<State, 256> column{};

  State apply(const State& s) const;
  StateMap squared() const;  // this map applied twice
  static StateMap step();    // one draw
  static StateMap jump();    // 2^128 draws, from the published jump polynomial
};

}  // namespace trainsim
