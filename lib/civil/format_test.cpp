// civil/format_test.cpp — format_instant and format_minutes, which write their
// digits by hand, against the printf formats they replaced, over many
// instants, zones (DST, half hours, local mean time) and durations.
#include "civil/time_zone.h"
#include "testing.h"

#include <doctest/doctest.h>

#include <cstdio>
#include <limits>
#include <string>

using namespace trainsim;

namespace {

std::string printf_instant(Instant t, const TimeZone& zone) {
  const Micros off = zone.offset_at(t);
  const LocalTime local = zone.to_local(t);
  const Ymd v = ymd_of(local.day);
  const Micros tod = local.time_of_day;
  char buf[64];
  const long long secs = tod / kSecond, us = tod % kSecond;
  int n = std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02lld:%02lld:%02lld", v.year, v.month, v.day, secs / 3600,
                        (secs / 60) % 60, secs % 60);
  if (us) n += std::snprintf(buf + n, sizeof buf - static_cast<size_t>(n), ".%06lld", us);
  const long long off_min = off / kMinute;
  if (off_min == 0) {
    std::snprintf(buf + n, sizeof buf - static_cast<size_t>(n), "Z");
  } else {
    const long long a = off_min < 0 ? -off_min : off_min;
    std::snprintf(buf + n, sizeof buf - static_cast<size_t>(n), "%c%02lld:%02lld", off_min < 0 ? '-' : '+', a / 60,
                  a % 60);
  }
  return buf;
}

std::string printf_minutes(Micros m) {
  const bool neg = m < 0;
  const unsigned long long a = neg ? 0ULL - static_cast<unsigned long long>(m) : static_cast<unsigned long long>(m);
  unsigned long long w = a / 60'000'000ULL;
  unsigned long long frac = ((a % 60'000'000ULL) * 2'000'000ULL + 60'000'000ULL) / 120'000'000ULL;
  if (frac == 1'000'000ULL) ++w, frac = 0;
  std::string out = (neg && (w || frac)) ? "-" : "";
  out += std::to_string(w);
  if (frac) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%06llu", frac);
    std::string f = buf;
    while (f.back() == '0') f.pop_back();
    out += "." + f;
  }
  return out;
}

// Many values, reproducibly.
struct Draws : testing::Xorshift {
  Draws() : Xorshift(88172645463325252ULL) {}
};

}  // namespace

TEST_CASE("format_instant: the printf format it replaced, in every kind of zone") {
  CHECK(format_instant(day_from_ymd(2024, 2, 4) * kDay + 13 * kHour, *TimeZone::find("America/New_York")) ==
        "2024-02-04T08:00:00-05:00");
  CHECK(format_instant(kSecond / 2, TimeZone()) == "1970-01-01T00:00:00.500000Z");
  const Instant from = day_from_ymd(1850, 1, 1) * kDay, to = day_from_ymd(2100, 1, 1) * kDay;
  for (const char* name : {"UTC", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "Europe/Dublin",
                           "America/St_Johns", "UTC-05", "UTC+09:30"}) {
    const auto zone = TimeZone::find(name);
    REQUIRE(zone);
    Draws draws;
    for (int i = 0; i < 3000; ++i) {
      Instant t = from + static_cast<Instant>(draws.next() % static_cast<unsigned long long>(to - from));
      if (i % 3 == 0) t -= t % kSecond;  // whole seconds, and whole minutes, as most events are
      if (i % 3 == 1) t -= t % kMinute;
      CAPTURE(name);
      CAPTURE(t);
      CHECK(format_instant(t, *zone) == printf_instant(t, *zone));
    }
  }
}

TEST_CASE("format_minutes: the printf format it replaced") {
  Draws draws;
  for (int i = 0; i < 20000; ++i) {
    const unsigned long long x = draws.next();
    const Micros m = static_cast<Micros>(x >> (1 + x % 63));
    CAPTURE(m);
    CHECK(format_minutes(m) == printf_minutes(m));
    CHECK(format_minutes(-m) == printf_minutes(-m));
  }
  for (const Micros m : {Micros{0}, Micros{29}, Micros{30}, Micros{59'999'970}, kMinute, -kSecond,
                         std::numeric_limits<Micros>::min(), std::numeric_limits<Micros>::max()}) {
    CAPTURE(m);
    CHECK(format_minutes(m) == printf_minutes(m));
  }
}
