// calendar_bench — issue 3's targets, in process.
//   build/calendar_bench [--smoke]
// 1. reading the one market-hours entry a run needs (Equity-usa-SPY) from
//    the database: median time (target < 10 ms);
// 2. streaming a 20-year minute US-equity calendar (2005-2024) with every
//    timeslice instant visited: timeslices per second on one core (target
//    >= 50 million/s), with memory independent of the range.
#include "bench_util.h"

#include "calendar/market_hours_database.h"
#include "calendar/timeslice_stream.h"

#include <iostream>

using namespace trainsim;

int main(int argc, char** argv) {
  const bool smoke = bench::smoke(argc, argv);
  const int entry_reps = smoke ? 1 : 50, stream_reps = smoke ? 1 : 9;
  std::string label;
  const auto data = bench::data_folder(TRAINSIM_SOURCE_DIR, label);
  const auto file = MarketHoursDatabase::path_in(data);
  ExchangeHours hours;
  const double entry_ms = bench::median_ms(entry_reps, [&] {
    hours = MarketHoursDatabase::open(file).entry("Equity", "usa", "SPY");
  });
  std::cout << "data: " << label << "\n"
            << "entry Equity-usa-SPY (" << hours.holidays.size() << " holidays, " << hours.early_closes.size()
            << " early closes): " << entry_ms << " ms (median of " << entry_reps << ", file mapped and searched each time)\n";

  const TimeZone ny = *TimeZone::find("America/New_York");
  CalendarSpec spec;
  spec.data = {BarSchedule{&hours, kMinute, false, true, true}};
  spec.benchmark_hours = &hours;
  spec.start = ny.to_utc(day_from_ymd(2005, 1, 1), 0);
  spec.end_exclusive = ny.to_utc(day_from_ymd(2025, 1, 1), 0);

  std::int64_t slices = 0;
  Instant checksum = 0;
  const double ms = bench::median_ms(stream_reps, [&] {
    slices = 0;
    checksum = 0;
    TimesliceStream stream(spec);
    SliceRun r;
    while (stream.next(r)) {
      for (std::int64_t i = 0; i < r.count; ++i) checksum += r.first + i * r.step;  // every instant
      slices += r.count;
    }
  });
  std::cout << "20-year minute calendar: " << slices << " timeslices (checksum " << checksum % 1000003 << ") in "
            << ms << " ms (median of " << stream_reps << ") = " << static_cast<double>(slices) / ms / 1000.0
            << " million timeslices/s on one core\n";
  return 0;
}
