// html/odds_chart.cpp — failure probabilities along an axis, with intervals.
#include "html/odds_chart.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>

namespace trainsim::html {
double percent_axis_top(double highest) {
  const double want = std::min(100.0, std::max(highest * 100 * 1.1, 1.0));
  const auto ticks = nice_ticks(0, want, 5);
  if (ticks.size() < 2) return want;
  const double step = ticks[1] - ticks[0];
  return std::min(100.0, std::ceil(want / step - 1e-9) * step);
}

Ticks percent_ticks(const Scale& s, double top) {
  Ticks out;
  for (const double v : nice_ticks(0, top, 5)) out.push_back({s(v), num(v, top < 5 ? 1 : 0) + "%"});
  return out;
}

std::string odds_chart(const std::string& kind, const std::string& label, const std::vector<OddsPoint>& points,
                       const OddsAxis& axis, std::optional<double> target) {
  Frame f;
  f.height = 260;
  double highest = target.value_or(0);
  for (const auto& p : points) highest = std::max(highest, p.odds.high);
  const double top = percent_axis_top(highest);
  const Scale x{axis.lo, axis.hi > axis.lo ? axis.hi : axis.lo + 1, f.x0() + 10, f.x1() - 10};
  const Scale y{0, top, f.y0(), f.y1() + 6};
  std::string svg = svg_open(f, kind, label);
  svg += y_axis(f, percent_ticks(y, top), "probability of failure");
  svg += x_axis(f, axis.ticks(x), axis.title);
  if (target) {
    const double ty = y(*target * 100);
    svg += "<line data-target=\"" + nlohmann::json(*target).dump() + "\" x1=\"" + num(f.x0()) + "\" y1=\"" + num(ty) +
           "\" x2=\"" + num(f.x1()) + "\" y2=\"" + num(ty) + "\" stroke=\"#2c3e50\" stroke-dasharray=\"6 4\"><title>target: " +
           percent(*target) + " (the 95% upper bound must be at or below it)</title></line>";
  }
  std::string line;
  std::vector<const OddsPoint*> sorted;
  for (const auto& p : points) sorted.push_back(&p);
  std::stable_sort(sorted.begin(), sorted.end(), [](const OddsPoint* a, const OddsPoint* b) { return a->x < b->x; });
  for (const OddsPoint* p : sorted) line += (line.empty() ? "M" : "L") + num(x(p->x)) + " " + num(y(p->odds.estimate * 100));
  if (!line.empty()) svg += "<path d=\"" + line + "\" fill=\"none\" stroke=\"" + std::string(kFailed) + "\" stroke-opacity=\"0.5\"/>";
  for (const auto& p : points) {
    const double px = x(p.x), lo = y(p.odds.low * 100), hi = y(p.odds.high * 100);
    const bool meets = target && p.odds.high <= *target;
    svg += "<g data-odds-point=\"" + esc(p.value) + "\" data-p-fail=\"" + nlohmann::json(p.odds.estimate).dump() +
           "\" data-p-fail-lo=\"" + nlohmann::json(p.odds.low).dump() + "\" data-p-fail-hi=\"" +
           nlohmann::json(p.odds.high).dump() +
           "\"><title>" + esc(p.value) + ": " + esc(odds_text(p.odds)) + (target ? (meets ? " — meets the target" : " — above the target") : "") + "</title>";
    svg += "<path d=\"M" + num(px) + " " + num(lo) + "V" + num(hi) + "M" + num(px - 4) + " " + num(lo) + "h8M" +
           num(px - 4) + " " + num(hi) + "h8\" stroke=\"#1d232a\" fill=\"none\"/>";
    svg += "<circle cx=\"" + num(px) + "\" cy=\"" + num(y(p.odds.estimate * 100)) + "\" r=\"4\" fill=\"" +
           (target ? (meets ? kCompleted : kFailed) : kFailed) + "\"/></g>";
  }
  svg += "</svg>";
  return svg;
}

}  // namespace trainsim::html
