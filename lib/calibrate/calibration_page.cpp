// calibrate/calibration_page.cpp — histograms with the fitted curve.
#include "calibrate/calibration_page.h"

#include "html/svg.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

namespace trainsim::calibrate {
namespace {

using namespace trainsim::html;

// Square-root rule, at least 5 and at most 40 bins.
std::size_t bin_count(std::size_t n) {
  return std::clamp<std::size_t>(static_cast<std::size_t>(std::ceil(std::sqrt(static_cast<double>(n)))), 5, 40);
}

std::string method_chart(const MethodCalibration& m) {
  const LogNormalFit& fit = m.fit;
  Frame f;
  f.height = 280;
  const double lo_data = fit.min_seconds, hi_data = fit.max_seconds > fit.min_seconds ? fit.max_seconds : fit.min_seconds + 1;
  const std::size_t bins = bin_count(m.seconds.size());
  const double width = (hi_data - lo_data) / static_cast<double>(bins);
  std::vector<std::size_t> counts(bins, 0);
  for (double s : m.seconds) {
    auto i = static_cast<std::size_t>((s - lo_data) / width);
    counts[std::min(i, bins - 1)]++;
  }
  // Heights as densities (per second), so the curve shares the axis.
  const double n = static_cast<double>(m.seconds.size());
  double top = 0;
  for (auto c : counts) top = std::max(top, static_cast<double>(c) / (n * width));
  const bool curve = fit.sigma > 0;
  const int steps = 120;
  std::vector<std::pair<double, double>> pts;
  if (curve)
    for (int k = 0; k <= steps; ++k) {
      const double x = lo_data + (hi_data - lo_data) * k / steps;
      pts.push_back({x, lognormal_pdf(fit, x)});
      top = std::max(top, pts.back().second);
    }
  if (top <= 0) top = 1;
  const Scale x{lo_data, hi_data, f.x0() + 4, f.x1() - 4};
  const Scale y{0, top * 1.08, f.y0(), f.y1()};
  std::string svg = svg_open(f, "duration-histogram", "measured durations of " + m.name + " with the fitted lognormal");
  svg += y_axis(f, value_ticks(y, 0, top * 1.08, 4, top < 0.01 ? 4 : 3), "density (per second)");
  svg += x_axis(f, value_ticks(x, lo_data, hi_data, 6, hi_data - lo_data < 10 ? 1 : 0), "seconds");
  for (std::size_t i = 0; i < bins; ++i) {
    const double a = lo_data + width * static_cast<double>(i), b = a + width;
    const double h = static_cast<double>(counts[i]) / (n * width);
    svg += "<rect data-bin=\"" + std::to_string(i) + "\" data-count=\"" + std::to_string(counts[i]) + "\" x=\"" +
           num(x(a)) + "\" y=\"" + num(y(h)) + "\" width=\"" + num(std::max(0.5, x(b) - x(a) - 1)) + "\" height=\"" +
           num(y(0) - y(h)) + "\" fill=\"" + kLevel + "\" fill-opacity=\"0.55\"><title>" + num(a, 1) + "-" + num(b, 1) +
           " s: " + std::to_string(counts[i]) + "</title></rect>";
  }
  if (curve) {
    std::string d;
    for (const auto& [px, py] : pts) d += (d.empty() ? "M" : "L") + num(x(px)) + " " + num(y(py));
    svg += "<path data-fitted-curve=\"lognormal\" d=\"" + d + "\" fill=\"none\" stroke=\"" + std::string(kFailed) +
           "\" stroke-width=\"2\"/>";
  }
  svg += "</svg>";
  std::string out = "<section data-method=\"" + esc(m.name) + "\" data-samples=\"" + std::to_string(fit.n) + "\"><h2>" +
                    esc(m.name) + "</h2><p>" + std::to_string(fit.n) + " measured durations, " + num(fit.min_seconds, 1) +
                    "&ndash;" + num(fit.max_seconds, 1) + " s. ";
  if (curve)
    out += "Lognormal (maximum likelihood): median " + num(fit.median_seconds, 1) + " s, &sigma; " + num(fit.sigma, 4) +
           "; Kolmogorov&ndash;Smirnov D " + num(fit.ks_distance, 4) + ", p " + num(fit.ks_p_value, 3) + ". ";
  out += m.use_trace ? "<strong>Uses the measured trace</strong>: " + esc(fit.why_weak) + "."
                     : "Uses the lognormal.";
  out += "</p>" + legend({{kLevel, "measured (histogram)"}, {kFailed, "fitted lognormal density"}}) + svg + "</section>";
  return out;
}

}  // namespace

std::string calibration_page(const Calibration& c) {
  std::string body = "<h1>trainsim calibrate: " + std::to_string(c.methods.size()) + " training method" +
                     (c.methods.size() == 1 ? "" : "s") + " measured</h1><pre>" + esc(calibration_text(c)) + "</pre>";
  for (const auto& m : c.methods) body += method_chart(m);
  if (c.methods.empty()) body += "<p>No training method was measured: add the probe (<code>trainsim probe</code>).</p>";
  nlohmann::json j = nlohmann::json(calibration_block(c));
  nlohmann::json fits = nlohmann::json::object();
  for (const auto& m : c.methods)
    fits[m.name] = {{"samples", m.fit.n}, {"median-seconds", m.fit.median_seconds}, {"sigma", m.fit.sigma},
                    {"ks-distance", m.fit.ks_distance}, {"ks-p-value", m.fit.ks_p_value}, {"weak", m.fit.weak},
                    {"uses-trace", m.use_trace}};
  nlohmann::json embedded = {{"trainsim", j}, {"fits", fits}};
  return page("trainsim calibrate", body, embedded.dump());
}

}  // namespace trainsim::calibrate
