// calibrate/fit.cpp — lognormal maximum likelihood and the KS distance.
#include "calibrate/fit.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace trainsim::calibrate {

double kolmogorov_p_value(double d, std::size_t n) {
  if (n == 0) return 1;
  const double sn = std::sqrt(static_cast<double>(n));
  const double t = (sn + 0.12 + 0.11 / sn) * d;
  if (t < 0.2) return 1;
  double p = 0;
  for (int k = 1; k <= 100; ++k) {
    const double term = 2 * ((k % 2) ? 1.0 : -1.0) * std::exp(-2.0 * k * k * t * t);
    p += term;
    if (std::fabs(term) < 1e-12) break;
  }
  return std::clamp(p, 0.0, 1.0);
}

double lognormal_cdf(const LogNormalFit& f, double x) {
  if (x <= 0) return 0;
  if (f.sigma <= 0) return x >= f.median_seconds ? 1 : 0;
  return 0.5 * std::erfc(-(std::log(x) - f.mu) / (f.sigma * std::numbers::sqrt2));
}

double lognormal_pdf(const LogNormalFit& f, double x) {
  if (x <= 0 || f.sigma <= 0) return 0;
  const double z = (std::log(x) - f.mu) / f.sigma;
  return std::exp(-0.5 * z * z) / (x * f.sigma * std::sqrt(2 * std::numbers::pi));
}

LogNormalFit fit_lognormal(const std::vector<double>& seconds) {
  LogNormalFit f;
  f.n = seconds.size();
  if (seconds.empty()) {
    f.weak = true;
    f.why_weak = "no samples";
    return f;
  }
  std::vector<double> xs = seconds;
  std::sort(xs.begin(), xs.end());
  f.min_seconds = xs.front();
  f.max_seconds = xs.back();
  double sum = 0;
  for (double x : xs) sum += x;
  f.mean_seconds = sum / static_cast<double>(xs.size());
  if (f.min_seconds <= 0) {
    f.weak = true;
    f.why_weak = "a measured duration is 0 (a lognormal has none)";
    return f;
  }
  const double n = static_cast<double>(xs.size());
  double mu = 0;
  for (double x : xs) mu += std::log(x);
  mu /= n;
  double var = 0;
  for (double x : xs) var += (std::log(x) - mu) * (std::log(x) - mu);
  f.mu = mu;
  f.sigma = std::sqrt(var / n);
  f.median_seconds = std::exp(mu);
  f.mu_stderr = f.sigma / std::sqrt(n);
  f.sigma_stderr = f.sigma / std::sqrt(2 * n);
  double d = 0;
  for (std::size_t i = 0; i < xs.size(); ++i) {
    const double c = lognormal_cdf(f, xs[i]);
    d = std::max({d, static_cast<double>(i + 1) / n - c, c - static_cast<double>(i) / n});
  }
  f.ks_distance = d;
  f.ks_p_value = kolmogorov_p_value(d, xs.size());
  if (xs.size() < kMinSamplesForFit) {
    f.weak = true;
    f.why_weak = std::to_string(xs.size()) + " sample" + (xs.size() == 1 ? "" : "s") + ", fewer than " +
                 std::to_string(kMinSamplesForFit) + ": the fit is weak";
  } else if (f.ks_p_value < 0.05) {
    f.weak = true;
    f.why_weak = "the lognormal does not fit (Kolmogorov-Smirnov p < 0.05)";
  }
  return f;
}

}  // namespace trainsim::calibrate
