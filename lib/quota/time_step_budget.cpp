// quota/time_step_budget.cpp — LEAN's per-timeslice time limit and the minutes
// a time step draws from the bucket.
#include "quota/time_step_budget.h"

#include <charconv>
#include <cmath>

namespace trainsim {

TimeStepBudget::TimeStepBudget(double loop_maximum_minutes)
    : maximum_minutes_(loop_maximum_minutes),
      maximum_(static_cast<Micros>(std::llround(loop_maximum_minutes * 60e6))) {}

std::string format_csharp_double(double v) {
  // .NET Core 3.0+: the shortest round-trip digits, in fixed notation for
  // decimal exponents -4..14, else scientific as "1E+15" / "1E-05".
  char buf[64];
  const double a = std::fabs(v);
  if (a == 0 || (a >= 1e-4 && a < 1e15)) {
    const auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed);
    return std::string(buf, r.ptr);
  }
  const auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific);
  std::string s(buf, r.ptr);
  const auto e = s.find('e');
  std::string mant = s.substr(0, e), ex = s.substr(e + 1);
  const char sign = ex[0] == '-' ? '-' : '+';
  if (ex[0] == '-' || ex[0] == '+') ex = ex.substr(1);
  while (ex.size() < 2) ex = "0" + ex;
  return mant + "E" + sign + ex;
}

std::string format_minutes_one_decimal(Micros d) {
  const bool neg = d < 0;
  const long long a = neg ? -d : d;
  // tenths of a minute = a / 6e6, rounded half away from zero
  const long long tenths = (a * 2 + 6'000'000) / 12'000'000;
  return std::string(neg && tenths ? "-" : "") + std::to_string(tenths / 10) + "." + std::to_string(tenths % 10);
}

std::string TimeStepBudget::failure_message(Micros wall) const {
  std::string m = "Algorithm took longer than " + format_csharp_double(maximum_minutes_) +
                  " minutes on a single time loop.";
  const std::int64_t shown = additional_ - static_cast<std::int64_t>(maximum_minutes_);
  if (shown > 0) m += " An additional " + std::to_string(shown) + " minutes were also allocated and consumed.";
  m += " CurrentTimeStepElapsed: " + format_minutes_one_decimal(elapsed(wall)) + " minutes";
  return m;
}

}  // namespace trainsim
