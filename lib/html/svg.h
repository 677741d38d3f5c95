// html/svg.h — the few drawing primitives the HTML pages share: escaping,
// fixed-precision numbers, linear scales with readable ticks, date ticks,
// axes, and the page frame. Output is deterministic text (no locale, no
// floating-point formatting beyond fixed decimals).
#pragma once
#include "civil/time_zone.h"

#include <string>
#include <string_view>
#include <vector>

namespace trainsim::html {

// Escapes & < > " ' for text and attribute values.
std::string esc(std::string_view text);
// A number with `decimals` fixed decimals ("12.5").
std::string num(double v, int decimals = 1);

// A number with `decimals` decimals and thousands separators ("12,500").
std::string group_number(double v, int decimals = 0);

// A linear map from data [lo, hi] to pixels [a, b].
struct Scale {
  double lo = 0, hi = 1, a = 0, b = 1;
  double operator()(double v) const { return hi == lo ? a : a + (v - lo) * (b - a) / (hi - lo); }
};

// About `count` round tick values in [lo, hi] (1, 2 or 5 times a power of ten apart).
std::vector<double> nice_ticks(double lo, double hi, int count);

// Round values (1, 2 and 5 times powers of ten; only the powers when the
// range spans more than three decades) in [lo, hi], lo > 0: a log axis's ticks.
std::vector<double> log_ticks(double lo, double hi);

struct DateTick {
  Instant at;
  std::string label;
};
// Month starts (or years, or days for short spans) between a and b, at most about `count`.
std::vector<DateTick> date_ticks(Instant a, Instant b, const TimeZone& zone, int count);

// The chart frame: plot area inside margins.
struct Frame {
  int width = 900, height = 260;
  int left = 64, right = 16, top = 16, bottom = 40;
  double x0() const { return left; }
  double x1() const { return width - right; }
  double y0() const { return height - bottom; }  // the bottom of the plot
  double y1() const { return top; }
};

// Tick positions (pixels) with labels: round values of `s` in [lo, hi], or
// date ticks between instants a and b.
using Ticks = std::vector<std::pair<double, std::string>>;
Ticks value_ticks(const Scale& s, double lo, double hi, int count, int decimals = 0);
Ticks time_ticks(const Scale& s, Instant a, Instant b, const TimeZone& zone, int count);

// The pages' palette, and a mix of two #rrggbb colours (t = 0: a, 1: b).
inline constexpr const char* kCompleted = "#2e8b57";
inline constexpr const char* kFailed = "#c0392b";
inline constexpr const char* kLevel = "#1f5fa8";
std::string mix(const std::string& a, const std::string& b, double t);

// The pages' text sizes (CSS pixels; the page's style sets the same), and a
// generous estimate of how wide a line of text is drawn, so labels can be
// kept inside their chart.
inline constexpr double kTickFontPixels = 11;
inline constexpr double kTitleFontPixels = 12;
double text_width(std::string_view text, double font_pixels);

// "<svg ... data-chart=kind>" opening tag with a role and label.
std::string svg_open(const Frame& f, const std::string& kind, const std::string& label);
// An x axis at the frame's bottom: ticks at pixel positions with labels, and a title.
std::string x_axis(const Frame& f, const std::vector<std::pair<double, std::string>>& ticks, const std::string& title);
// A y axis at the frame's left.
std::string y_axis(const Frame& f, const std::vector<std::pair<double, std::string>>& ticks, const std::string& title,
                   bool grid = true);
// A legend row: (css colour, label) pairs.
std::string legend(const std::vector<std::pair<std::string, std::string>>& items);
// The warm-up's stretch of a time axis, shaded (x0..x1 in pixels).
inline constexpr const char* kWarmUp = "#d0d3d4";
inline constexpr const char* kRuntime = "#e6550d";
std::string warm_up_band(const Frame& f, double x0, double x1, const std::string& title);

// A whole page: <!doctype html>, inline CSS, the title, the body, and
// `embedded_json` as <script type="application/json" id="trainsim-report">.
std::string page(const std::string& title, const std::string& body, const std::string& embedded_json);

}  // namespace trainsim::html
