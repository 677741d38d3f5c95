// Tests for the one bound on any single duration or cost (kMaxDuration,
// 366 days) and for the samplers' distributions: inputs that used to
// overflow a cast or run forever are bad input naming file, key or line.
#include "calendar/timeslice_stream.h"
#include "civil/time_zone.h"
#include "cost/duration.h"
#include "input/input_error.h"

#include <doctest/doctest.h>

#include "testing.h"

#include <cmath>
#include <string>
#include <vector>

using namespace trainsim;
using testing::TempDir;

using testing::contains;
using testing::error_of;

TEST_CASE("limits: a duration over 366 days is bad input naming the file, key and limit") {
  const std::string e = error_of([] {
    parse_duration_spec(nlohmann::json("10000000h"), "config.json", "simulation.training[0].duration", ".");
  });
  CHECK(contains(e, "config.json"));
  CHECK(contains(e, "simulation.training[0].duration"));
  CHECK(contains(e, "366 days"));
  CHECK(error_of([] { parse_duration_spec(nlohmann::json("366d"), "c", "k", "."); }).empty());
  CHECK(contains(error_of([] { parse_duration_spec(nlohmann::json("366d1s"), "c", "k", "."); }), "366 days"));
  const std::string u = error_of([] {
    parse_duration_spec(nlohmann::json::parse(R"({"uniform": {"min": "1m", "max": "400d"}})"), "c", "d", ".");
  });
  CHECK(contains(u, "d.uniform.max"));
  CHECK(contains(u, "366 days"));
}

TEST_CASE("limits: duration trace lines that overflowed (1e13 s, 1e300) are bad input naming file:line") {
  TempDir dir;
  for (const std::string big : {"1e13", "1e300", "99999999999999999999h"}) {
    const auto p = dir.write("durations.csv", "30m\n" + big + "\n");
    const std::string e = error_of([&] { read_duration_trace(p, "simulation.training[0].duration.trace"); });
    CAPTURE(big);
    CHECK(contains(e, "durations.csv:2"));
    CHECK(contains(e, "simulation.training[0].duration.trace"));
    CHECK((contains(e, "366 days") || contains(e, "not a duration")));
  }
  const auto ok = dir.write("ok.csv", "31622400\n");  // 366 days in seconds: the limit itself
  CHECK(read_duration_trace(ok, "k").at(0) == kMaxDuration);
}

TEST_CASE("limits: a calendar trace cost of 1e16 ms is bad input naming file:line") {
  TempDir dir;
  const auto p = dir.write("calendar.csv", "2024-01-02T09:31:00,5\n2024-01-02T09:32:00,1e16\n");
  const TimeZone ny = *TimeZone::find("America/New_York");
  const std::string e = error_of([&] { read_calendar_trace(p, ny, "simulation.calendar.trace"); });
  CHECK(contains(e, "calendar.csv:2"));
  CHECK(contains(e, "366 days"));
}

TEST_CASE("limits: draws past the limit (a heavy lognormal tail) are capped, never overflow") {
  DurationSpec ln;
  ln.kind = DurationSpec::Kind::LogNormal;
  ln.a = 300 * kDay;
  ln.sigma = 10;  // exp(10 * z) overflows a 64-bit cast for large z
  DurationSampler s(ln, 7, 1);
  bool capped = false;
  for (int i = 0; i < 10000; ++i) {
    const Micros d = s.next();
    CHECK(d >= 0);
    CHECK(d <= kMaxDuration);
    capped = capped || d == kMaxDuration;
  }
  CHECK(capped);
}

TEST_CASE("samplers: the truncated normal has the analytic mean and variance of N(mu, sigma) given x >= 0") {
  // mu = 1 min, sigma = 2 min: a third of the mass lies below 0 and is redrawn.
  const double mu = 1, sigma = 2, alpha = (0 - mu) / sigma;
  const double pdf = std::exp(-alpha * alpha / 2) / std::sqrt(2 * M_PI);
  const double tail = 0.5 * std::erfc(alpha / std::sqrt(2.0));  // P(Z >= alpha)
  const double lambda = pdf / tail;
  const double mean = mu + sigma * lambda;                                 // 2.0183 min
  const double variance = sigma * sigma * (1 + alpha * lambda - lambda * lambda);  // 1.9447 min^2
  DurationSpec nm;
  nm.kind = DurationSpec::Kind::Normal;
  nm.a = 1 * kMinute;
  nm.b = 2 * kMinute;
  DurationSampler t(nm, 1, 2);
  const int n = 200000;
  double sum = 0, sum2 = 0;
  for (int i = 0; i < n; ++i) {
    const double x = static_cast<double>(t.next()) / kMinute;
    REQUIRE(x >= 0);
    sum += x;
    sum2 += x * x;
  }
  const double m = sum / n, v = sum2 / n - m * m;
  // Standard errors with n = 200,000: mean sqrt(v / n) ~ 0.0031 min; variance
  // about v * sqrt(2 / n) ~ 0.0061 min^2 (the truncated normal's kurtosis is
  // close to the normal's). Five standard errors: a correct sampler fails by
  // chance with probability < 1e-6, while a sampler that clamped negatives to 0
  // (mean 1.33) or ignored the truncation (mean 1.0) is far outside.
  CHECK(std::abs(m - mean) < 5 * std::sqrt(variance / n));
  CHECK(std::abs(v - variance) < 5 * variance * std::sqrt(2.0 / n));
}
