// calendar/timeslice_stream.h — when LEAN's algorithm loop runs (docs/semantics.md#timeslices).
//
// Produced as runs (first instant, step, count) rather than one slice at a
// time, so a simulation with nothing random per timeslice costs in
// proportion to days and events, not timeslices. Nothing is materialised.
#pragma once
#include "calendar/exchange_hours.h"
#include "civil/civil_time.h"

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace trainsim {

struct SliceRun {
  Instant first = 0;
  Micros step = 0;     // between consecutive slices of the run (0 when count == 1)
  std::int64_t count = 0;
  bool has_data = false;  // OnData runs (user data in the slice)
  Day day = 0;            // the market date of user data, for counting trading days
  Micros cost = -1;       // recorded on-data cost (calendar traces); -1: use the model
  bool pulse = false;     // the warm-up's end pulse at the start: past-due events only
  Instant last() const { return first + (count - 1) * step; }
};

// One subscription's bar end times: user data, or the benchmark's hour bars.
struct BarSchedule {
  const ExchangeHours* hours = nullptr;
  Micros step = kMinute;        // 0: daily bars
  bool extended = false;        // pre/post-market segments too
  bool strict_daily = true;     // daily bars end at the close (DailyPreciseEndTime)
  bool has_data = true;
  // > 0: not the bars but their fill-forward copies at this (finer) step,
  // as LEAN's FillForwardEnumerator makes them (docs in timeslice_stream.cpp).
  Micros fill_step = 0;
};

// Streams bar end times of one subscription inside [start, end_exclusive):
// a bar is kept when its end >= start and its start < end_exclusive, and
// its end <= until (where LEAN ends a filled-forward subscription).
class BarStream {
 public:
  BarStream() = default;
  BarStream(BarSchedule schedule, Instant start, Instant end_exclusive, Instant until = INT64_MAX);
  bool next(SliceRun& out);

 private:
  void fill_day();
  BarSchedule s_;
  Instant start_ = 0, end_ = 0, until_ = INT64_MAX;
  Day day_ = 0, last_day_ = -1;
  // A day's runs; fill-forward copies skip up to 3 instants (one per
  // daily bar near the day), each splitting a run in two.
  SliceRun buffer_[DaySegments::kMax + 3];
  int buffered_ = 0, taken_ = 0;
  Instant last_emitted_ = INT64_MIN;
};

// A recorded calendar: rows "algorithm_time[,on_data_cost]".
struct RecordedSlice {
  Instant time;
  Micros cost;  // -1: none recorded
};
// Reads and validates a calendar trace (times increasing, values parse);
// times without an offset are in `zone`. Throws InputError with file:line.
std::vector<RecordedSlice> read_calendar_trace(const std::filesystem::path& file, const class TimeZone& zone,
                                               const std::string& key_path);

struct CalendarSpec {
  std::vector<BarSchedule> data;                   // one per subscription
  const ExchangeHours* benchmark_hours = nullptr;  // null: no benchmark loops
  bool no_start_slice = false;                     // true: bars only (per-security counts)
  Instant start = 0;          // start date 00:00, algorithm zone
  Instant end_exclusive = 0;  // the day after the end date, 00:00, algorithm zone
  std::shared_ptr<const std::vector<RecordedSlice>> recorded;  // replaces the calendar
  // SetWarmUp: the clock starts at `warm_up_start` (< start), bars ending in
  // [warm_up_start, start] at `warm_up_step` when given (every subscription
  // and the benchmark; 0: daily) else at their own; then the loop at the
  // start (a bar ending there, or a time pulse); docs/semantics.md#warm-up.
  Instant warm_up_start = INT64_MAX;  // INT64_MAX or >= start: none
  std::optional<Micros> warm_up_step;
  Instant last_bar_end = INT64_MAX;   // no bar ends after it
  bool fill_forward_from_start = false;  // a bar before the start is there to copy
};

// Every loop of the algorithm, in time order: the start slice, every
// subscription's bars (with LEAN's fill-forward at the finest resolution)
// and the benchmark's hourly loops merged, one slice per distinct instant.
// Sources that lie on the leading run's grid are absorbed a run at a time,
// so a slice costs in proportion to runs, not to sources × minutes. All
// buffers are sized when the stream is made: nothing is allocated per slice.
class TimesliceStream {
 public:
  explicit TimesliceStream(const CalendarSpec& spec);
  bool next(SliceRun& out);

 private:
  bool next_after_warm_up(SliceRun& out);
  bool pull(size_t i);
  // The warm-up's own stream, then the loop at the start, then the rest.
  std::unique_ptr<TimesliceStream> warm_;
  enum class Phase : unsigned char { WarmUp, AtStart, After } phase_ = Phase::After;
  bool start_has_data_ = false;  // a warm-up bar ends exactly at the start
  Day start_day_ = 0;
  SliceRun held_{};
  bool has_held_ = false;
  std::vector<BarStream> bars_;  // the start slice is the source after the last stream
  std::vector<SliceRun> current_;
  std::vector<char> live_;
  bool start_pending_ = true;
  Day max_day_ = INT32_MIN;  // trading days are counted on a non-decreasing date
  Instant start_;
  std::shared_ptr<const std::vector<RecordedSlice>> recorded_;
  size_t recorded_pos_ = 0;
  const ExchangeHours* recorded_hours_ = nullptr;  // dates recorded rows by its exchange zone
};

}  // namespace trainsim
