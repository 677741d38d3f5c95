// civil/civil_time.cpp — civil dates and times to and from instants, and their
// ISO-8601 text.
#include "civil/civil_time.h"

#include <boost/date_time/gregorian/gregorian.hpp>

#include <charconv>
#include <cstdio>

namespace trainsim {
namespace {
const boost::gregorian::date kEpoch(1970, 1, 1);

bool parse_uint(std::string_view s, unsigned& out) {
  if (s.empty() || s.size() > 4) return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size();
}
}  // namespace

bool is_valid_ymd(int year, unsigned month, unsigned day) {
  if (year < 1400 || year > 9999 || month < 1 || month > 12 || day < 1) return false;
  return day <= days_in_month(year, month);
}

unsigned days_in_month(int year, unsigned month) {
  return boost::gregorian::gregorian_calendar::end_of_month_day(
      static_cast<unsigned short>(year), static_cast<unsigned short>(month));
}

Day day_from_ymd(int year, unsigned month, unsigned day) {
  const boost::gregorian::date d(static_cast<unsigned short>(year),
                                 static_cast<unsigned short>(month),
                                 static_cast<unsigned short>(day));
  return static_cast<Day>((d - kEpoch).days());
}

Ymd ymd_of(Day d) {
  const auto date = kEpoch + boost::gregorian::date_duration(d);
  const auto ymd = date.year_month_day();
  return {static_cast<int>(ymd.year), static_cast<unsigned>(ymd.month),
          static_cast<unsigned>(ymd.day)};
}

std::optional<Day> parse_date(std::string_view text) {
  unsigned y = 0, m = 0, d = 0;
  if (text.size() == 10 && text[4] == '-' && text[7] == '-') {
    if (!parse_uint(text.substr(0, 4), y) || !parse_uint(text.substr(5, 2), m) ||
        !parse_uint(text.substr(8, 2), d))
      return std::nullopt;
  } else {
    const auto a = text.find('/');
    const auto b = a == std::string_view::npos ? a : text.find('/', a + 1);
    if (b == std::string_view::npos) return std::nullopt;
    if (!parse_uint(text.substr(0, a), m) || !parse_uint(text.substr(a + 1, b - a - 1), d) ||
        !parse_uint(text.substr(b + 1), y) || text.size() - b - 1 != 4)
      return std::nullopt;
  }
  if (!is_valid_ymd(static_cast<int>(y), m, d)) return std::nullopt;
  return day_from_ymd(static_cast<int>(y), m, d);
}

std::string format_date(Day d) {
  const Ymd v = ymd_of(d);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", v.year, v.month, v.day);
  return buf;
}

std::int64_t minutes_millionths(Micros m) {
  // Exact decimal of m / 60e6, rounded half away from zero to 6 places.
  const bool neg = m < 0;
  const unsigned long long a = neg ? 0ULL - static_cast<unsigned long long>(m)
                                   : static_cast<unsigned long long>(m);
  const unsigned long long whole = a / 60'000'000ULL;
  const unsigned long long rest = a % 60'000'000ULL;          // in 1/60e6 minute
  const unsigned long long frac = (rest * 1'000'000ULL * 2 + 60'000'000ULL) / (2 * 60'000'000ULL);
  const auto k = static_cast<std::int64_t>(whole * 1'000'000ULL + frac);  // |m| / 60 < 2^63 / 60
  return neg ? -k : k;
}

std::string format_minutes(Micros m) {
  const std::int64_t k = minutes_millionths(m);
  const unsigned long long a = k < 0 ? 0ULL - static_cast<unsigned long long>(k) : static_cast<unsigned long long>(k);
  const unsigned long long w = a / 1'000'000ULL;
  unsigned long long frac = a % 1'000'000ULL;
  const bool neg = k < 0;
  // Digits by hand (a report writes thousands): sign, whole part, then the
  // six decimals without their trailing zeros.
  char buf[32];
  char* p = buf;
  if (neg && (w || frac)) *p++ = '-';
  p = std::to_chars(p, buf + sizeof buf, w).ptr;
  if (frac) {
    *p++ = '.';
    int n = 6;
    while (frac % 10 == 0) frac /= 10, --n;
    for (int i = n - 1; i >= 0; --i, frac /= 10) p[i] = static_cast<char>('0' + frac % 10);
    p += n;
  }
  return std::string(buf, p);
}

}  // namespace trainsim
