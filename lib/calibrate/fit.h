// calibrate/fit.h — a method's measured durations summarised two ways: the
// empirical distribution (a trace, replayed as measured) and a lognormal fitted
// by maximum likelihood, with the Kolmogorov-Smirnov distance as the goodness
// of fit. Small samples are called weak: the trace is used then.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

namespace trainsim::calibrate {

// Below this many samples the lognormal is not trusted.
inline constexpr std::size_t kMinSamplesForFit = 20;

struct LogNormalFit {
  std::size_t n = 0;
  double mu = 0, sigma = 0;      // of ln(seconds), maximum likelihood (sigma divides by n)
  double median_seconds = 0;     // exp(mu)
  double mu_stderr = 0, sigma_stderr = 0;  // sigma/sqrt(n), sigma/sqrt(2n)
  double ks_distance = 0;        // sup |F_empirical - F_fitted|
  double ks_p_value = 1;         // asymptotic Kolmogorov (parameters estimated: a lenient test)
  bool weak = false;             // too few samples, a zero duration, or the fit rejected at 5%
  std::string why_weak;
  double min_seconds = 0, max_seconds = 0, mean_seconds = 0;
};

// Fits `seconds` (each > 0 for the lognormal; zeros make the fit weak).
LogNormalFit fit_lognormal(const std::vector<double>& seconds);

// The fitted distribution function at x seconds.
double lognormal_cdf(const LogNormalFit& f, double x);
double lognormal_pdf(const LogNormalFit& f, double x);

// P(K > d sqrt(n)) for Kolmogorov's limiting distribution, with Stephens'
// small-sample correction.
double kolmogorov_p_value(double d, std::size_t n);

}  // namespace trainsim::calibrate
