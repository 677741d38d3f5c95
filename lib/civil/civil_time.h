// civil/civil_time.h — the units trainsim counts time in.
//
// Both clocks are plain 64-bit integers of microseconds: exact, so charges at
// whole minutes compare exactly and reports are identical on every machine.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace trainsim {

using Micros = std::int64_t;   // a duration, or wall time since engine start
using Instant = std::int64_t;  // algorithm time: microseconds since 1970-01-01T00:00Z
using Day = std::int32_t;      // a zone-less civil date: days since 1970-01-01

inline constexpr Micros kSecond = 1'000'000;
inline constexpr Micros kMinute = 60 * kSecond;
inline constexpr Micros kHour = 60 * kMinute;
inline constexpr Micros kDay = 24 * kHour;

struct Ymd {
  int year;
  unsigned month;  // 1..12
  unsigned day;    // 1..31
};

Day day_from_ymd(int year, unsigned month, unsigned day);
Ymd ymd_of(Day d);
bool is_valid_ymd(int year, unsigned month, unsigned day);
unsigned days_in_month(int year, unsigned month);

// 0 = Sunday ... 6 = Saturday, as C#'s DayOfWeek.
inline int weekday_of(Day d) {
  const int w = static_cast<int>((static_cast<std::int64_t>(d) + 4) % 7);  // 1970-01-01 was a Thursday
  return w < 0 ? w + 7 : w;
}

// Floor division for instants before 1970.
inline std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  const std::int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

// "2024-01-31" (also accepts M/d/yyyy, the market-hours database's form).
std::optional<Day> parse_date(std::string_view text);
std::string format_date(Day d);  // yyyy-mm-dd

// Minutes as a report prints them: fixed, up to 6 decimals, trailing zeros cut.
std::string format_minutes(Micros m);
// The same number in millionths of a minute (format_minutes' digits as an
// integer, signed): m / 60, rounded half away from zero.
std::int64_t minutes_millionths(Micros m);

}  // namespace trainsim
