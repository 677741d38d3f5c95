// sweep/grid.cpp — parsing --grid axes and the point order of
// their cartesian product.
#include "sweep/grid.h"

#include "config/simulation_config.h"

#include "input/input_error.h"

#include <algorithm>
#include <cctype>
#include <limits>
#include <set>

namespace trainsim {
namespace {

constexpr int kMaxDecimals = 9;
constexpr std::int64_t kLimit = std::numeric_limits<std::int64_t>::max() / 10;

std::string trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}

std::string usage_hint() {
  return "expected key=v1,v2,... or key=lo:hi:step (e.g. scheduled-event-leaky-bucket-capacity=100:2000:100, "
         "simulation.training[1].duration=20m:40m:5m)";
}

}  // namespace

std::optional<DecimalValue> DecimalValue::parse(std::string_view text) {
  const std::string t = trim(text);
  DecimalValue v;
  size_t i = 0;
  bool negative = false;
  if (i < t.size() && (t[i] == '+' || t[i] == '-')) negative = t[i++] == '-';
  bool any_digit = false, point = false;
  std::int64_t units = 0;
  for (; i < t.size(); ++i) {
    const char c = t[i];
    if (c == '.' && !point) {
      point = true;
      continue;
    }
    if (c < '0' || c > '9') break;
    any_digit = true;
    // Refuse before the step that would pass INT64_MAX, not after.
    if (units > (std::numeric_limits<std::int64_t>::max() - (c - '0')) / 10) return std::nullopt;
    units = units * 10 + (c - '0');
    if (point && ++v.decimals > kMaxDecimals) return std::nullopt;
  }
  if (!any_digit) return std::nullopt;
  for (; i < t.size(); ++i) {
    if (!std::isalpha(static_cast<unsigned char>(t[i]))) return std::nullopt;
    v.unit += t[i];
  }
  // Only the duration units: "1e3" is not a number with unit "e".
  static const char* const kUnits[] = {"", "us", "ms", "s", "m", "min", "h", "d"};
  if (std::find(std::begin(kUnits), std::end(kUnits), v.unit) == std::end(kUnits)) return std::nullopt;
  v.units = negative ? -units : units;
  return v;
}

std::optional<std::int64_t> DecimalValue::scaled_to(int to) const {
  std::int64_t u = units;
  for (int d = decimals; d < to; ++d) {
    if (u > kLimit || u < -kLimit) return std::nullopt;
    u *= 10;
  }
  return u;
}

std::int64_t micros_per_unit(const std::string& unit) {
  if (unit == "us") return 1;
  if (unit == "ms") return 1'000;
  if (unit == "s") return 1'000'000;
  if (unit == "m" || unit == "min") return 60'000'000;
  if (unit == "h") return 3'600'000'000;
  if (unit == "d") return 86'400'000'000;
  return 0;
}

std::optional<DecimalValue> DecimalValue::in_unit(const std::string& to) const {
  const std::int64_t from_us = micros_per_unit(unit), to_us = micros_per_unit(to);
  if (!from_us || !to_us || from_us % to_us) return std::nullopt;
  const std::int64_t factor = from_us / to_us;
  if (units > kLimit / factor || units < -kLimit / factor) return std::nullopt;
  DecimalValue v = *this;
  v.units = units * factor;
  v.unit = to;
  return v;
}

std::string format_decimal(std::int64_t units, int decimals, const std::string& unit) {
  const bool negative = units < 0;
  // Magnitude as unsigned, so INT64_MIN prints too.
  std::uint64_t m = negative ? 0 - static_cast<std::uint64_t>(units) : static_cast<std::uint64_t>(units);
  std::string digits = std::to_string(m);
  if (decimals > 0) {
    if (digits.size() <= static_cast<size_t>(decimals))
      digits.insert(0, static_cast<size_t>(decimals) + 1 - digits.size(), '0');
    digits.insert(digits.size() - static_cast<size_t>(decimals), ".");
    while (digits.back() == '0') digits.pop_back();
    if (digits.back() == '.') digits.pop_back();
  }
  if (negative && digits != "0") digits.insert(0, "-");
  return digits + unit;
}

DecimalRange parse_decimal_range(const std::string& lo_text, const std::string& hi_text,
                                 const std::string& step_text, const std::string& source, const std::string& what,
                                 std::uint64_t max_count) {
  const std::string texts[3] = {lo_text, hi_text, step_text};
  const char* names[3] = {"lo", "hi", "step"};
  DecimalValue parts[3];
  for (int i = 0; i < 3; ++i) {
    const auto v = DecimalValue::parse(texts[i]);
    if (!v)
      fail_input(source, what,
                 std::string(names[i]) + " '" + trim(texts[i]) +
                      "' is not a number (a range is lo:hi:step of plain decimals, optionally with one "
                      "unit, e.g. 0:100:10, 0.5:2:0.25 or 20m:40m:5m)");
    parts[i] = *v;
  }
  if (parts[0].unit != parts[1].unit || parts[0].unit != parts[2].unit) {
    // Mixed duration units: all three in the finest one.
    std::string finest = parts[0].unit;
    for (const auto& p : parts)
      if (micros_per_unit(p.unit) && micros_per_unit(p.unit) < micros_per_unit(finest)) finest = p.unit;
    bool converted = micros_per_unit(finest) != 0;
    for (auto& p : parts) {
      if (!converted) break;
      const auto v = p.in_unit(finest);
      if (v) p = *v;
      else converted = false;
    }
    if (converted) {
      for (auto& p : parts) p.unit = finest;  // "m" and "min" alike
    }
  }
  if (parts[0].unit != parts[1].unit || parts[0].unit != parts[2].unit)
    fail_input(source, what,
               "lo, hi and step must have the same unit (got '" + parts[0].unit + "', '" + parts[1].unit + "', '" +
                    parts[2].unit + "')");
  DecimalRange r;
  r.unit = parts[0].unit;
  r.decimals = std::max({parts[0].decimals, parts[1].decimals, parts[2].decimals});
  const auto lo = parts[0].scaled_to(r.decimals), hi = parts[1].scaled_to(r.decimals),
             step = parts[2].scaled_to(r.decimals);
  if (!lo || !hi || !step) fail_input(source, what, "a number is too large");
  r.lo = *lo;
  r.hi = *hi;
  r.step = *step;
  if (r.step <= 0) fail_input(source, what, "step must be greater than 0, got " + trim(step_text));
  if (r.lo > r.hi)
    fail_input(source, what, "empty range: lo " + trim(lo_text) + " is greater than hi " + trim(hi_text));
  if ((r.hi / 2 - r.lo / 2) > kLimit) fail_input(source, what, "the range is too wide");
  const std::uint64_t n = static_cast<std::uint64_t>((r.hi - r.lo) / r.step) + 1;
  if (n > max_count)
    fail_input(source, what,
               "the range has " + std::to_string(n) + " values, more than the " + std::to_string(max_count) +
                    " allowed");
  return r;
}

std::vector<std::string> split_top_level(std::string_view text, char sep) {
  std::vector<std::string> out;
  std::string current;
  int depth = 0;
  bool quoted = false, escaped = false;
  for (const char c : text) {
    if (quoted) {
      current += c;
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') quoted = false;
      continue;
    }
    if (c == '"') quoted = true;
    else if (c == '(' || c == '[' || c == '{') ++depth;
    else if ((c == ')' || c == ']' || c == '}') && depth > 0) --depth;
    else if (c == sep && depth == 0) {
      out.push_back(current);
      current.clear();
      continue;
    }
    current += c;
  }
  out.push_back(current);
  return out;
}

GridAxis parse_grid_axis(const std::string& argument) {
  const auto eq = argument.find('=');
  if (eq == std::string::npos) fail_option("--grid", argument, "no '=': " + usage_hint());
  GridAxis axis;
  axis.argument = argument;
  axis.key = trim(argument.substr(0, eq));
  if (axis.key.empty()) fail_option("--grid", argument, "empty key: " + usage_hint());
  if (axis.key == "quota") axis.key = "simulation.quota";  // a node axis: --grid quota=B-MICRO,B2-8
  if (const std::string why = unknown_simulation_path(axis.key); !why.empty()) fail_option("--grid", argument, why);
  const std::string spec = argument.substr(eq + 1);
  if (trim(spec).empty()) fail_option("--grid", argument, "no values: " + usage_hint());

  const auto items = split_top_level(spec, ',');
  if (items.size() == 1) {
    const auto parts = split_top_level(spec, ':');
    if (parts.size() == 3) {
      const DecimalRange r =
          parse_decimal_range(parts[0], parts[1], parts[2], "--grid", argument, Grid::kMaxAxisValues);
      axis.values.reserve(r.count());
      for (std::uint64_t i = 0; i < r.count(); ++i) axis.values.push_back(r.text(i));
      return axis;
    }
    if (parts.size() > 3)
      fail_option("--grid", argument, "a range has three parts, lo:hi:step; to pass a value with colons, quote it "
                                      "as a JSON string");
  }
  std::set<std::string> seen;
  for (size_t i = 0; i < items.size(); ++i) {
    std::string v = trim(items[i]);
    if (v.empty()) fail_option("--grid", argument, "value " + std::to_string(i + 1) + " is empty");
    if (!seen.insert(v).second) fail_option("--grid", argument, "value '" + v + "' is listed twice");
    axis.values.push_back(std::move(v));
  }
  return axis;
}

Grid::Grid(std::vector<GridAxis> axes) : axes_(std::move(axes)) {
  std::set<std::string> keys;
  for (const auto& a : axes_) {
    if (!keys.insert(a.key).second) fail_option("--grid", a.argument, "the key '" + a.key + "' has two --grid axes");
    if (a.values.empty()) fail_option("--grid", a.argument, "no values");
  }
  stride_.assign(axes_.size(), 1);
  size_ = 1;
  for (size_t j = axes_.size(); j-- > 0;) {
    stride_[j] = size_;
    const std::uint64_t n = axes_[j].values.size();
    if (size_ > kMaxPoints / n)
      fail_option("--grid", "", "the grid has more than " + std::to_string(kMaxPoints) + " points");
    size_ *= n;
  }
}

Grid Grid::parse(const std::vector<std::string>& arguments) {
  std::vector<GridAxis> axes;
  for (const auto& a : arguments) axes.push_back(parse_grid_axis(a));
  return Grid(std::move(axes));
}

std::vector<size_t> Grid::coordinates(std::uint64_t point) const {
  std::vector<size_t> c(axes_.size());
  for (size_t j = 0; j < axes_.size(); ++j) c[j] = static_cast<size_t>((point / stride_[j]) % axes_[j].values.size());
  return c;
}

const std::string& Grid::value(std::uint64_t point, size_t axis) const {
  return axes_[axis].values[static_cast<size_t>((point / stride_[axis]) % axes_[axis].values.size())];
}

std::vector<std::string> Grid::assignments(std::uint64_t point) const {
  std::vector<std::string> out;
  out.reserve(axes_.size());
  for (size_t j = 0; j < axes_.size(); ++j) out.push_back(axes_[j].key + "=" + value(point, j));
  return out;
}

std::vector<std::string> Grid::arguments() const {
  std::vector<std::string> out;
  for (const auto& a : axes_) out.push_back(a.argument);
  return out;
}

bool Grid::same_points(const Grid& other) const {
  if (axes_.size() != other.axes_.size()) return false;
  for (size_t j = 0; j < axes_.size(); ++j)
    if (axes_[j].key != other.axes_[j].key || axes_[j].values != other.axes_[j].values) return false;
  return true;
}

}  // namespace trainsim
