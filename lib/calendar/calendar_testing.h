// lib/calendar/calendar_testing.h — what the calendar's unit tests (calendar_test.cpp,
// calendar_timeslices_test.cpp, holiday_coverage_test.cpp) share, through `using namespace trainsim::calendar_test`:
// trading days a year, New York instants, a stream's slices expanded, one date's bars, the market-hours
// databases to test (the sample, LEAN's when present) and their paths.
#pragma once
#include "calendar/exchange_hours.h"
#include "calendar/market_hours_database.h"
#include "calendar/timeslice_stream.h"
#include "civil/civil_time.h"
#include "civil/time_zone.h"

#include <doctest/doctest.h>

#include "testing.h"

#include <cstdint>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

namespace trainsim::calendar_test {

using testing::kLeanDb;
using testing::kSampleDb;

inline const TimeZone& ny() {
  static const TimeZone z = *TimeZone::find("America/New_York");
  return z;
}

// The days of `year` the entry is open (trading days).
inline int open_days(const ExchangeHours& h, int year) {
  int n = 0;
  for (Day d = day_from_ymd(year, 1, 1); d <= day_from_ymd(year, 12, 31); ++d) n += h.is_date_open(d);
  return n;
}

// Local midnight of a New York date, as a UTC instant.
inline Instant ny_midnight(int y, unsigned m, unsigned d) { return ny().to_utc(day_from_ymd(y, m, d), 0); }
inline Instant ny_at(int y, unsigned m, unsigned d, int h, int min = 0, int s = 0) {
  return ny().to_utc(day_from_ymd(y, m, d), h * kHour + min * kMinute + s * kSecond);
}

// Every slice instant of a stream, expanded.
struct Slices {
  std::vector<Instant> times;
  std::vector<bool> data;
  std::set<Day> days;  // market dates of slices with user data
  std::int64_t count() const { return static_cast<std::int64_t>(times.size()); }
  std::int64_t with_data() const {
    std::int64_t n = 0;
    for (bool b : data) n += b;
    return n;
  }
};

template <class Stream>
Slices expand(Stream& s) {
  Slices out;
  SliceRun r;
  bool well_formed = true;  // runs non-empty, instants strictly increasing
  while (s.next(r)) {
    if (r.count < 1 || (r.count > 1 && r.step <= 0)) well_formed = false;
    for (std::int64_t i = 0; i < r.count; ++i) {
      if (!out.times.empty() && r.first + i * r.step <= out.times.back()) well_formed = false;
      out.times.push_back(r.first + i * r.step);
      out.data.push_back(r.has_data);
    }
    if (r.has_data) out.days.insert(r.day);
  }
  CHECK(well_formed);
  return out;
}

inline Slices bars(const ExchangeHours& h, Micros step, bool extended, Instant start, Instant end_exclusive,
                   bool strict_daily = true) {
  BarStream s(BarSchedule{&h, step, extended, strict_daily, true}, start, end_exclusive);
  return expand(s);
}

// One New York date's bars.
inline Slices day_bars(const ExchangeHours& h, Micros step, bool extended, int y, unsigned m, unsigned d) {
  const Day day = day_from_ymd(y, m, d);
  return bars(h, step, extended, ny().to_utc(day, 0), ny().to_utc(day + 1, 0));
}

struct Db {
  std::string label;
  MarketHoursDatabase db;
};

inline std::vector<Db> databases() {
  std::vector<Db> out;
  out.push_back({"sample", MarketHoursDatabase::open(kSampleDb)});
  if (std::filesystem::exists(kLeanDb)) out.push_back({"lean", MarketHoursDatabase::open(kLeanDb)});
  else MESSAGE("LEAN's market-hours database is not at " << kLeanDb.string() << "; testing the sample only");
  return out;
}

}  // namespace trainsim::calendar_test
