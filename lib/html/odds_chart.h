// html/odds_chart.h — failure probabilities with their 95 % intervals at
// points along one axis: a sweep's points (`sweep --trials`) or a tune's
// probes (`tune --max-failure-probability`). Shared so both draw the odds alike.
//
// Test hooks: <svg data-chart=kind>; each point a <g data-odds-point=VALUE>
// (the axis value's text) with data-p-fail, data-p-fail-lo and data-p-fail-hi (as the JSON
// rows give them); the target, when given, a line with data-target.
#pragma once
#include "html/svg.h"
#include "trials/estimate.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace trainsim::html {

struct OddsPoint {
  double x = 0;           // on the axis's own scale
  std::string value;      // the axis value's text
  Proportion odds;        // its trials' failures, with the 95 % interval
};

struct OddsAxis {
  double lo = 0, hi = 1;
  std::string title;
  std::function<Ticks(const Scale&)> ticks;
};

// `target`: a probability drawn as a dashed line (tune's maximum).
std::string odds_chart(const std::string& kind, const std::string& label, const std::vector<OddsPoint>& points,
                       const OddsAxis& axis, std::optional<double> target = std::nullopt);

// The top of a probability axis, in percent: the first round tick at or
// above `highest` (a probability) plus a little room.
double percent_axis_top(double highest);
// Ticks labelled "0%", "20%", ... for a scale in percent up to `top`.
Ticks percent_ticks(const Scale& s, double top);

}  // namespace trainsim::html
