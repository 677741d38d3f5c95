// calendar/timeslice_stream.cpp — the instants LEAN's algorithm loop runs at,
// day by day, from the subscriptions' sessions.
#include "calendar/timeslice_stream.h"

#include "civil/time_zone.h"
#include "cost/duration.h"
#include "input/data_lines.h"
#include "input/input_error.h"

#include <algorithm>
#include <cstdio>
#include <optional>

namespace trainsim {
namespace {

Instant local_to_utc(const TimeZone& z, Day d, Micros t) {
  return t >= kDay ? z.to_utc(d + 1, t - kDay) : z.to_utc(d, t);
}

// True when a segment (regular ones, any with `extended`) strictly overlaps
// the UTC span (a, b): LEAN's IsOpenDuringBar.
bool open_between(const ExchangeHours& h, Instant a, Instant b, bool extended) {
  const Day first = h.exchange_zone.to_local(a).day, last = h.exchange_zone.to_local(b).day;
  for (Day d = first; d <= last; ++d)
    for (const auto& s : h.segments_on(d))
      if ((extended || s.state == SegmentState::Market) &&
          local_to_utc(h.exchange_zone, d, s.start) < b && local_to_utc(h.exchange_zone, d, s.end) > a)
        return true;
  return false;
}

struct DailyBar {
  Instant start, end;
};

// The daily bar of date `d` (the exchange date when strict, else the data
// zone's), if the market trades then. Daily bars ignore extended hours.
std::optional<DailyBar> daily_bar(const BarSchedule& s, Day d) {
  const ExchangeHours& h = *s.hours;
  if (s.strict_daily) {
    // LEAN's DailyPreciseEndTime: the bar spans open to close and arrives at the close.
    Micros open = 0, close = 0;
    if (!h.first_open(d, false, open) || !h.last_close(d, false, close)) return std::nullopt;
    return DailyBar{local_to_utc(h.exchange_zone, d, open), local_to_utc(h.exchange_zone, d, close)};
  }
  // The bar spans a data-zone day and arrives at the following midnight.
  const Instant a = h.data_zone.to_utc(d, 0), b = h.data_zone.to_utc(d + 1, 0);
  if (!open_between(h, a, b, false)) return std::nullopt;
  return DailyBar{a, b};
}

}  // namespace

BarStream::BarStream(BarSchedule schedule, Instant start, Instant end_exclusive, Instant until)
    : s_(schedule), start_(start), end_(end_exclusive), until_(until) {
  // Non-strict daily bars span data-zone days; everything else (fill-forward
  // copies too) exchange days.
  const bool data_days = s_.step == 0 && s_.fill_step == 0 && !s_.strict_daily;
  const TimeZone& z = data_days ? s_.hours->data_zone : s_.hours->exchange_zone;
  day_ = z.to_local(start).day - 1;
  last_day_ = z.to_local(end_exclusive).day + 1;
}

void BarStream::fill_day() {
  buffered_ = taken_ = 0;
  const ExchangeHours& h = *s_.hours;
  const Day d = day_;
  const Micros step = s_.fill_step > 0 ? s_.fill_step : s_.step;

  // Fill-forward copies of a daily bar that arrives off the step grid (a
  // 13:20 close beside hourly data): LEAN's FillForwardEnumerator
  // (GetReferenceDateIntervals) makes the copy at the end of the step bar
  // holding the close only when the market is open during [close, close +
  // step); otherwise the next copy is at the end of the step bar holding the
  // next open. Those skipped copies, ascending.
  Instant skip[3];
  int skips = 0;
  if (s_.fill_step > 0 && s_.step == 0)
    for (Day b = d - 1; b <= d + 1; ++b)
      if (const auto bar = daily_bar(s_, b); bar && floor_div(bar->end, step) * step != bar->end &&
                                              !open_between(h, bar->end, bar->end + step, s_.extended))
        skip[skips++] = floor_div(bar->end, step) * step + step;

  auto push = [&](Instant first, std::int64_t count) {
    if (count <= 0) return;
    buffer_[buffered_++] = SliceRun{first, count > 1 ? step : 0, count, s_.has_data, d, -1};
    last_emitted_ = first + (count - 1) * step;
  };
  auto emit = [&](Instant first, std::int64_t count) {
    // Never repeat an instant (a bar ending at midnight belongs to one day).
    if (count > 0 && first <= last_emitted_) {
      const std::int64_t drop = step > 0 ? (last_emitted_ - first) / step + 1 : count;
      first += drop * step;
      count -= drop;
    }
    // Nothing after `until`.
    if (count > 0 && first + (count - 1) * step > until_) count = first > until_ ? 0 : (until_ - first) / step + 1;
    for (int i = 0; i < skips && count > 0; ++i) {
      const Instant t = skip[i];
      if (t < first || t > first + (count - 1) * step || (t - first) % step != 0) continue;
      const std::int64_t before = (t - first) / step;
      push(first, before);
      first = t + step;
      count -= before + 1;
    }
    push(first, count);
  };

  if (step == 0) {
    if (const auto bar = daily_bar(s_, d); bar && bar->end >= start_ && bar->start < end_) emit(bar->end, 1);
    return;
  }

  const DaySegments segs = h.segments_on(d);
  const MarketSegment* it = segs.begin();
  while (it != segs.end()) {
    if (!s_.extended && it->state != SegmentState::Market) {
      ++it;
      continue;
    }
    // Contiguous open segments form one interval.
    Micros a = it->start, b = it->end;
    for (++it; it != segs.end() && it->start == b && (s_.extended || it->state == SegmentState::Market); ++it)
      b = it->end;
    const Instant ua = local_to_utc(h.exchange_zone, d, a), ub = local_to_utc(h.exchange_zone, d, b);
    // A bar [e - step, e) is kept when it strictly overlaps [ua, ub).
    Instant first = floor_div(ua, step) * step + step;
    Instant last = floor_div(ub + step - 1, step) * step;
    // Range: end >= start_, bar start < end_.
    if (first < start_) first += (start_ - first + step - 1) / step * step;
    const Instant limit = end_ + step - 1;  // e - step < end_  <=>  e <= end_ + step - 1
    if (last > limit) last = floor_div(limit, step) * step;
    if (last >= first) emit(first, (last - first) / step + 1);
  }
}

bool BarStream::next(SliceRun& out) {
  if (!s_.hours) return false;
  while (taken_ == buffered_) {
    if (day_ > last_day_) return false;
    fill_day();
    ++day_;
  }
  out = buffer_[taken_++];
  return true;
}

std::vector<RecordedSlice> read_calendar_trace(const std::filesystem::path& file, const TimeZone& zone,
                                               const std::string& key_path) {
  std::vector<RecordedSlice> out;
  bool first_row = true;
  for_each_data_line(file, key_path, "calendar trace", [&](const std::string& line, const std::string& where) {
    const auto comma = line.find(',');
    const std::string ts = line.substr(0, comma);
    const bool header = first_row && ts.find_first_of("0123456789") != 0;
    first_row = false;
    if (header) return;
    // yyyy-mm-ddThh:mm[:ss][Z|±hh:mm], or "yyyy-mm-dd hh:mm:ss".
    int Y, M, D, h, m, s = 0, consumed = 0;
    if (std::sscanf(ts.c_str(), "%4d-%2d-%2d%*1[T ]%2d:%2d%n", &Y, &M, &D, &h, &m, &consumed) != 5)
      fail_input(where, key_path, "expected a time such as 2024-01-02T09:31:00, got \"" + ts + "\"");
    size_t pos = static_cast<size_t>(consumed);
    if (pos < ts.size() && ts[pos] == ':') {
      int c2 = 0;
      if (std::sscanf(ts.c_str() + pos, ":%2d%n", &s, &c2) != 1)
        fail_input(where, key_path, "bad seconds in \"" + ts + "\"");
      pos += static_cast<size_t>(c2);
    }
    if (!is_valid_ymd(Y, static_cast<unsigned>(M), static_cast<unsigned>(D)) || h > 23 || m > 59 || s > 59)
      fail_input(where, key_path, "not a valid date and time: \"" + ts + "\"");
    const Day day = day_from_ymd(Y, static_cast<unsigned>(M), static_cast<unsigned>(D));
    const Micros tod = h * kHour + m * kMinute + s * kSecond;
    Instant t;
    const std::string zone_part = ts.substr(pos);
    if (zone_part.empty()) {
      t = zone.to_utc(day, tod);
    } else if (zone_part == "Z") {
      t = static_cast<Instant>(day) * kDay + tod;
    } else {
      int oh = 0, om = 0, used = 0;
      char sign = 0;
      if (std::sscanf(zone_part.c_str(), "%c%2d:%2d%n", &sign, &oh, &om, &used) != 3 || (sign != '+' && sign != '-') ||
          static_cast<size_t>(used) != zone_part.size())
        fail_input(where, key_path, "bad UTC offset \"" + zone_part + "\"");
      // Real offsets lie within -12:00..+14:00; anything past 14 hours is a typo.
      if (oh < 0 || om < 0 || om > 59 || oh * 60 + om > 14 * 60)
        fail_input(where, key_path, "UTC offset \"" + zone_part + "\" is out of range (-14:00 to +14:00)");
      const Micros off = (sign == '-' ? -1 : 1) * (oh * kHour + om * kMinute);
      t = static_cast<Instant>(day) * kDay + tod - off;
    }
    Micros cost = -1;
    if (comma != std::string::npos) {
      const std::string c = line.substr(comma + 1);
      char* end = nullptr;
      const double ms = std::strtod(c.c_str(), &end);
      if (c.empty() || *end != '\0' || !(ms >= 0))
        fail_input(where, key_path, "on_data_cost must be a non-negative number of milliseconds, got \"" + c + "\"");
      // Checked before the conversion, which would overflow.
      if (ms * 1000.0 > static_cast<double>(kMaxDuration))
        fail_input(where, key_path, c + " ms is longer than the limit of 366 days for any single duration or cost");
      cost = static_cast<Micros>(ms * 1000.0 + 0.5);
    }
    if (!out.empty() && t <= out.back().time)
      fail_input(where, key_path, "times must increase (\"" + ts + "\" is not after the previous row)");
    out.push_back({t, cost});
  });
  if (out.empty()) fail_input(file.string(), key_path, "calendar trace has no rows");
  return out;
}

namespace {

// Where a subscription's fill-forward copies lie: from its first real bar,
// step bars starting before `bound`, and (copies and real bars alike)
// nothing after `until`. Not filled forward when it is the finest.
struct FillWindow {
  bool filled = false;
  Instant first = 0, bound = 0, until = INT64_MAX;
};

FillWindow fill_window(const BarSchedule& d, Micros fill, Instant start, Instant end_exclusive) {
  FillWindow w;
  if (fill <= 0 || (d.step > 0 && d.step <= fill)) return w;
  SliceRun r;
  BarStream real(d, start, end_exclusive);
  if (!real.next(r)) return w;
  w.filled = true;
  w.first = r.first;
  w.bound = end_exclusive;
  BarSchedule ff = d;
  ff.fill_step = fill;
  // LEAN ends the subscription when a copy is due after a point at or past
  // the end instant (FillForwardEnumerator.MoveNext): with a real bar
  // arriving after the end (the crypto or forex daily bar of the evening
  // after it), the first copy at or past the end comes instead of it, if
  // one comes before it.
  if (BarStream straddling(d, end_exclusive, end_exclusive); straddling.next(r)) {
    // (Copies come only after the first real bar, which is always emitted.)
    const Instant bar = r.first;
    BarStream copies(ff, std::max(end_exclusive, w.first), bar);
    w.until = w.bound = copies.next(r) && r.first < bar ? r.first : bar;
  } else if (d.step == 0 && d.strict_daily) {
    // After the last bar LEAN fills forward only inside the calendar of the
    // end date (its end-of-subscription bar), which that bar closes: no
    // copies after it (with extended hours, none in the end date's evening).
    for (Day day = d.hours->exchange_zone.to_local(end_exclusive).day;; --day)
      if (const auto b = daily_bar(d, day); b && b->end < end_exclusive) {
        w.until = b->end;
        break;
      }
  }
  return w;
}

}  // namespace

inline bool TimesliceStream::pull(size_t i) {
  if (i < bars_.size()) return (live_[i] = bars_[i].next(current_[i])) != 0;
  live_[i] = start_pending_;
  if (start_pending_) current_[i] = SliceRun{start_, 0, 1, false, 0, -1};
  start_pending_ = false;
  return live_[i] != 0;
}

TimesliceStream::TimesliceStream(const CalendarSpec& spec) : start_(spec.start), recorded_(spec.recorded) {
  if (recorded_) {
    // Recorded rows are dated by the (first) security's exchange zone.
    recorded_hours_ = spec.data.empty() ? nullptr : spec.data.front().hours;
    return;
  }
  if (spec.warm_up_start < spec.start) {
    // The warm-up: from W, bars ending by the start (at the warm-up
    // resolution when one is given, the benchmark's too).
    CalendarSpec w = spec;
    w.start = spec.warm_up_start;
    w.end_exclusive = spec.start;
    w.last_bar_end = spec.start;
    w.warm_up_start = INT64_MAX;
    if (spec.warm_up_step) {
      for (auto& d : w.data) {
        d.step = *spec.warm_up_step;
        d.extended = d.extended && d.step > 0 && d.step < kHour;  // hour and daily bars have no extended hours
      }
      if (w.benchmark_hours) {
        w.data.push_back(BarSchedule{w.benchmark_hours, *spec.warm_up_step, false, true, false});
        w.benchmark_hours = nullptr;
      }
    }
    CalendarSpec after = spec;
    after.warm_up_start = INT64_MAX;
    after.no_start_slice = true;
    after.fill_forward_from_start = true;  // the feed starts a trading day before the start
    *this = TimesliceStream(after);  // then the rest, as without a warm-up
    warm_ = std::make_unique<TimesliceStream>(w);
    phase_ = Phase::WarmUp;
    return;
  }
  // Fill-forward (README "What is simulated"): a coarser subscription repeats its
  // last bar at every step of the finest resolution while its market is
  // open (extended hours too when it has them), from its first real bar on.
  Micros fill = -1;  // the finest step; daily (0) is the coarsest
  for (const auto& d : spec.data)
    if (d.step > 0 && (fill < 0 || d.step < fill)) fill = d.step;
  std::vector<FillWindow> windows;
  for (const auto& d : spec.data) {
    windows.push_back(fill_window(d, fill, spec.start, spec.end_exclusive));
    FillWindow& w = windows.back();
    w.until = std::min(w.until, spec.last_bar_end);  // a warm-up's bars end by the start
    if (w.filled && spec.fill_forward_from_start) w.first = spec.start;  // copies of a bar before the start
  }
  for (size_t i = 0; i < spec.data.size(); ++i)
    bars_.emplace_back(spec.data[i], spec.start, spec.end_exclusive, windows[i].until);
  for (size_t i = 0; i < spec.data.size(); ++i) {
    if (!windows[i].filled) continue;
    BarSchedule ff = spec.data[i];
    ff.fill_step = fill;
    bars_.emplace_back(ff, windows[i].first, windows[i].bound, windows[i].until);
  }
  if (spec.benchmark_hours) {
    BarSchedule b{spec.benchmark_hours, kHour, false, true, false};
    bars_.emplace_back(b, spec.start, spec.end_exclusive, spec.last_bar_end);
  }
  start_pending_ = !spec.no_start_slice;
  current_.resize(bars_.size() + 1);
  live_.assign(bars_.size() + 1, 0);
  for (size_t i = 0; i < current_.size(); ++i) pull(i);
}

bool TimesliceStream::next(SliceRun& out) {
  if (phase_ == Phase::After) {
    if (!has_held_) return next_after_warm_up(out);
    out = held_;
    has_held_ = false;
    return true;
  }
  if (phase_ == Phase::WarmUp) {
    if (warm_->next(out)) {
      if (out.last() < start_) return true;
      // A warm-up bar ends exactly at the start: that instant is the loop at the start.
      start_has_data_ = start_has_data_ || out.has_data;
      start_day_ = out.day;
      if (out.count > 1) {
        --out.count;
        if (out.count == 1) out.step = 0;
        phase_ = Phase::AtStart;
        return true;
      }
    }
    phase_ = Phase::AtStart;
  }
  // The loop at the start: a bar ending there, or LEAN's time pulse.
  phase_ = Phase::After;
  SliceRun b;
  const bool have = next_after_warm_up(b);
  out = SliceRun{start_, 0, 1, start_has_data_, start_day_, -1};
  if (have && b.first == start_) {
    out.has_data = out.has_data || b.has_data;
    if (b.has_data) out.day = b.day;
    out.cost = b.cost;
    if (b.count > 1) {
      held_ = b;
      held_.first += b.step;
      if (--held_.count == 1) held_.step = 0;
      has_held_ = true;
    }
  } else if (have) {
    held_ = b;
    has_held_ = true;
  }
  out.pulse = !out.has_data;
  return true;
}

bool TimesliceStream::next_after_warm_up(SliceRun& out) {
  if (recorded_) {
    if (recorded_pos_ == recorded_->size()) return false;
    const auto& r = (*recorded_)[recorded_pos_++];
    // A recorded row is a slice with data; its date in the exchange's zone
    // (as for the market-hours calendar) counts as a trading day.
    const Micros offset = recorded_hours_ ? recorded_hours_->exchange_zone.offset_at(r.time) : 0;
    out = SliceRun{r.time, 0, 1, true, static_cast<Day>(floor_div(r.time + offset, kDay)), r.cost};
    return true;
  }
  const size_t n_sources = current_.size();
  SliceRun* const cur = current_.data();  // sized once: pull() never reallocates
  const char* const live = live_.data();
  // The earliest source leads; a source whose slices lie on the leader's
  // grid (benchmark hours inside minute data, a second security's minutes
  // inside the first's) is absorbed in bulk.
  size_t lead = n_sources;
  for (size_t i = 0; i < n_sources; ++i)
    if (live[i] && (lead == n_sources || cur[i].first < cur[lead].first ||
                     (cur[i].first == cur[lead].first && cur[i].count > cur[lead].count)))
      lead = i;
  if (lead == n_sources) return false;
  SliceRun& L = cur[lead];
  for (size_t i = 0; i < n_sources; ++i) {
    if (i == lead) continue;
    while (live[i]) {
      SliceRun& S = cur[i];
      const bool on_grid = L.count > 1 && S.first >= L.first && S.first <= L.last() &&
                           (S.first - L.first) % L.step == 0 && (S.count == 1 || S.step % L.step == 0);
      if (!on_grid || (S.has_data && !L.has_data)) break;
      const std::int64_t k = std::min(S.count, S.count == 1 ? 1 : (L.last() - S.first) / S.step + 1);
      S.first += k * S.step;
      S.count -= k;
      if (S.count > 0 || !pull(i)) break;  // the rest lies past the leader
    }
  }
  Instant cut = INT64_MAX;
  for (size_t i = 0; i < n_sources; ++i)
    if (i != lead && live[i]) cut = std::min(cut, cur[i].first);
  if (cut == L.first) {
    // Sources collide at this instant: one slice, data if any has it.
    out = SliceRun{L.first, 0, 1, false, L.day, -1};
    for (size_t i = 0; i < n_sources; ++i) {
      if (!live[i] || cur[i].first != out.first) continue;
      if (cur[i].has_data && (!out.has_data || cur[i].day > out.day)) {
        out.has_data = true;
        out.day = cur[i].day;
      }
      cur[i].first += cur[i].step;
      if (--cur[i].count == 0) pull(i);
    }
  } else {
    std::int64_t n = L.count;
    if (cut != INT64_MAX && cut <= L.last()) n = (cut - L.first + L.step - 1) / L.step;
    out = L;
    out.count = n;
    if (n == 1) out.step = 0;
    L.first += n * L.step;
    L.count -= n;
    if (L.count == 0) pull(lead);
  }
  // Securities in different zones label their days differently; a slice
  // never counts a date earlier than one already counted.
  if (out.has_data) {
    if (out.day < max_day_) out.day = max_day_;
    max_day_ = out.day;
  }
  return true;
}

}  // namespace trainsim
