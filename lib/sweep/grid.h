// sweep/grid.h — the parameter grid of a sweep: `--grid key=v1,v2,...` and
// `--grid key=lo:hi:step` axes, their cartesian product in one fixed order
// (the first axis varies slowest, the last fastest, as nested loops), and the
// interleaved `--shard K/N` slices of it (parallel/shard.h). Also the decimal numbers ranges are
// made of, shared with `tune`.
#pragma once
#include "parallel/shard.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace trainsim {

// A decimal with an optional unit suffix, kept exact: "12.5m" is units 125,
// decimals 1, unit "m". Ranges step in these units, so values print exactly.
struct DecimalValue {
  std::int64_t units = 0;  // value * 10^decimals
  int decimals = 0;
  std::string unit;  // letters after the number ("m", "ms", "h"), may be empty

  // `text` as a decimal: [+-]digits[.digits][unit], the unit one of trainsim's
  // duration units (us ms s m min h d); nullopt when it is not one (exponents,
  // compound durations "1h30m", more than 9 decimals or 18 digits).
  static std::optional<DecimalValue> parse(std::string_view text);
  // The same number with `decimals` decimals (>= this->decimals); nullopt on overflow.
  std::optional<std::int64_t> scaled_to(int decimals) const;
  // The same duration in `unit` (a finer duration unit, e.g. "5m" in "s" is
  // "300s"), exactly; nullopt on overflow or when either unit is empty.
  std::optional<DecimalValue> in_unit(const std::string& unit) const;
};

// Microseconds per duration unit ("m" and "min" are minutes); 0 for "" or an unknown unit.
std::int64_t micros_per_unit(const std::string& unit);

// Prints units / 10^decimals with trailing zeros cut ("2.50" -> "2.5", "3.0" -> "3"), then `unit`.
std::string format_decimal(std::int64_t units, int decimals, const std::string& unit);

// An inclusive arithmetic range on a common decimal scale: values
// lo, lo + step, ... up to hi (hi itself only when the steps land on it).
struct DecimalRange {
  std::int64_t lo = 0, hi = 0, step = 1;  // in units of 10^-decimals
  int decimals = 0;
  std::string unit;
  std::uint64_t count() const { return static_cast<std::uint64_t>((hi - lo) / step) + 1; }
  std::int64_t at(std::uint64_t i) const { return lo + static_cast<std::int64_t>(i) * step; }
  std::string text(std::uint64_t i) const { return format_decimal(at(i), decimals, unit); }
};

// Builds a range from its bound and step texts (one unit for all three, or
// none; mixed duration units, "1s:5m:1s", are put in the finest of them). Throws InputError naming `source` and `what` (e.g. "--grid",
// "key=1:0:1") when a part is not a number, lo > hi, step <= 0, or the range
// has more than `max_count` values.
DecimalRange parse_decimal_range(const std::string& lo, const std::string& hi, const std::string& step,
                                 const std::string& source, const std::string& what,
                                 std::uint64_t max_count = 10'000'000);

struct GridAxis {
  std::string key;                  // as --set takes it: a LEAN key or a simulation.* path
  std::string argument;             // the --grid argument as given, "key=..."
  std::vector<std::string> values;  // each as --set's value text, in the given order
};

// Parses one --grid argument. A value list is split at commas outside
// parentheses, brackets, braces and double quotes, so
// `simulation.training[1].time-rule=TimeRules.At(8, 0),TimeRules.At(9, 30)`
// has two values; a single value of three colon-separated parts is a range.
// Throws InputError ("--grid: <argument>: <what is wrong>"), also for a
// range of more than Grid::kMaxAxisValues values.
GridAxis parse_grid_axis(const std::string& argument);

// Splits `text` at `sep` outside (), [], {} and "..." (for lists and ranges).
std::vector<std::string> split_top_level(std::string_view text, char sep);

class Grid {
 public:
  static constexpr std::uint64_t kMaxPoints = 100'000'000;
  // A range axis is expanded to its values' texts: at most this many, so a
  // hostile range (or a shard CSV's grid line) cannot take minutes and GBs.
  static constexpr std::uint64_t kMaxAxisValues = 1'000'000;

  Grid() = default;
  // Throws InputError for a key given twice or more than kMaxPoints points.
  explicit Grid(std::vector<GridAxis> axes);
  static Grid parse(const std::vector<std::string>& arguments);

  const std::vector<GridAxis>& axes() const { return axes_; }
  std::uint64_t size() const { return size_; }
  // The value index on each axis of point `i`.
  std::vector<size_t> coordinates(std::uint64_t point) const;
  const std::string& value(std::uint64_t point, size_t axis) const;
  // The point's "key=value" overrides, in axis order.
  std::vector<std::string> assignments(std::uint64_t point) const;
  // The --grid arguments as given.
  std::vector<std::string> arguments() const;
  // Same keys and the same expanded values in the same order.
  bool same_points(const Grid& other) const;

 private:
  std::vector<GridAxis> axes_;
  std::vector<std::uint64_t> stride_;
  std::uint64_t size_ = 1;
};

}  // namespace trainsim
