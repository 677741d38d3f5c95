#include "calendar/timeslice_stream.h"

#include "civil/time_zone.h"
#include "config/config_error.h"
#include "config/data_lines.h"
#include "cost/duration.h"

#include <algorithm>
#include <cstdio>

namespace trainsim {
namespace {

Instant local_to_utc(const TimeZone& z, Day d, Micros t) {
  return t >= kDay ? z.to_utc(d + 1, t - kDay) : z.to_utc(d, t);
}

// True when a regular-hours segment strictly overlaps the UTC span (a, b).
bool market_open_between(const ExchangeHours& h, Instant a, Instant b) {
  const Day first = h.exchange_zone.to_local(a).day, last = h.exchange_zone.to_local(b).day;
  for (Day d = first; d <= last; ++d)
    for (const auto& s : h.segments_on(d))
      if (s.state == SegmentState::Market &&
          local_to_utc(h.exchange_zone, d, s.start) < b && local_to_utc(h.exchange_zone, d, s.end) > a)
        return true;
  return false;
}

}  // namespace

BarStream::BarStream(BarSchedule schedule, Instant start, Instant end_exclusive, Instant last_end)
    : s_(schedule), start_(start), end_(end_exclusive), last_end_(last_end) {
  // Non-strict daily bars span data-zone days; everything else exchange days.
  const TimeZone& z = (s_.step == 0 && !s_.strict_daily) ? s_.hours->data_zone : s_.hours->exchange_zone;
  day_ = z.to_local(start).day - 1;
  last_day_ = z.to_local(end_exclusive).day + 1;
}

void BarStream::fill_day() {
  buffered_ = taken_ = 0;
  const ExchangeHours& h = *s_.hours;
  const Day d = day_;
  auto emit = [&](Instant first, Micros step, std::int64_t count) {
    // Never repeat an instant (a bar ending at midnight belongs to one day).
    if (count > 0 && first <= last_emitted_) {
      const std::int64_t skip = step > 0 ? (last_emitted_ - first) / step + 1 : count;
      first += skip * step;
      count -= skip;
    }
    if (count > 0 && first + (count - 1) * step > last_end_)
      count = first > last_end_ ? 0 : (step > 0 ? (last_end_ - first) / step + 1 : 1);
    if (count <= 0) return;
    buffer_[buffered_++] = SliceRun{first, count > 1 ? step : 0, count, s_.has_data, d, -1};
    last_emitted_ = first + (count - 1) * step;
  };

  if (s_.step == 0) {
    if (s_.strict_daily) {
      // LEAN's DailyPreciseEndTime: the bar spans open to close and arrives at the close.
      Micros open = 0, close = 0;
      if (!h.first_open(d, false, open) || !h.last_close(d, false, close)) return;
      const Instant bar_start = local_to_utc(h.exchange_zone, d, open);
      const Instant bar_end = local_to_utc(h.exchange_zone, d, close);
      if (bar_end >= start_ && bar_start < end_) emit(bar_end, 0, 1);
    } else {
      // The bar spans a data-zone day and arrives at the following midnight.
      const Instant a = h.data_zone.to_utc(d, 0), b = h.data_zone.to_utc(d + 1, 0);
      if (b >= start_ && a < end_ && market_open_between(h, a, b)) emit(b, 0, 1);
    }
    return;
  }

  const DaySegments segs = h.segments_on(d);
  const Micros step = s_.step;
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
    if (last >= first) emit(first, step, (last - first) / step + 1);
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
      fail_config(where, key_path, "expected a time such as 2024-01-02T09:31:00, got \"" + ts + "\"");
    size_t pos = static_cast<size_t>(consumed);
    if (pos < ts.size() && ts[pos] == ':') {
      int c2 = 0;
      if (std::sscanf(ts.c_str() + pos, ":%2d%n", &s, &c2) != 1)
        fail_config(where, key_path, "bad seconds in \"" + ts + "\"");
      pos += static_cast<size_t>(c2);
    }
    if (!is_valid_ymd(Y, static_cast<unsigned>(M), static_cast<unsigned>(D)) || h > 23 || m > 59 || s > 59)
      fail_config(where, key_path, "not a valid date and time: \"" + ts + "\"");
    const Day day = day_from_ymd(Y, static_cast<unsigned>(M), static_cast<unsigned>(D));
    const Micros tod = h * kHour + m * kMinute + s * kSecond;
    Instant t;
    const std::string zone_part = ts.substr(pos);
    if (zone_part.empty()) {
      t = zone.to_utc(day, tod);
    } else if (zone_part == "Z") {
      t = static_cast<Instant>(day) * kDay + tod;
    } else {
      int oh = 0, om = 0;
      char sign = 0;
      if (std::sscanf(zone_part.c_str(), "%c%2d:%2d", &sign, &oh, &om) != 3 || (sign != '+' && sign != '-'))
        fail_config(where, key_path, "bad UTC offset \"" + zone_part + "\"");
      const Micros off = (sign == '-' ? -1 : 1) * (oh * kHour + om * kMinute);
      t = static_cast<Instant>(day) * kDay + tod - off;
    }
    Micros cost = -1;
    if (comma != std::string::npos) {
      const std::string c = line.substr(comma + 1);
      char* end = nullptr;
      const double ms = std::strtod(c.c_str(), &end);
      if (c.empty() || *end != '\0' || !(ms >= 0))
        fail_config(where, key_path, "on_data_cost must be a non-negative number of milliseconds, got \"" + c + "\"");
      // Checked before the conversion, which would overflow.
      if (ms * 1000.0 > static_cast<double>(kMaxDuration))
        fail_config(where, key_path, c + " ms is longer than the limit of 366 days for any single duration or cost");
      cost = static_cast<Micros>(ms * 1000.0 + 0.5);
    }
    if (!out.empty() && t <= out.back().time)
      fail_config(where, key_path, "times must increase (\"" + ts + "\" is not after the previous row)");
    out.push_back({t, cost});
  });
  if (out.empty()) fail_config(file.string(), key_path, "calendar trace has no rows");
  return out;
}

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
  // Fill-forward (lean-semantics §12): a coarser subscription repeats its
  // last bar at every step of the finest resolution while its market is
  // open, from its first real bar on.
  Micros fill = -1;  // the finest step; daily (0) is the coarsest
  for (const auto& d : spec.data)
    if (d.step > 0 && (fill < 0 || d.step < fill)) fill = d.step;
  for (const auto& d : spec.data) bars_.emplace_back(d, spec.start, spec.end_exclusive, spec.last_bar_end);
  for (const auto& d : spec.data) {
    if (fill <= 0 || (d.step > 0 && d.step <= fill)) continue;
    Instant from = spec.start;
    if (!spec.fill_forward_from_start) {  // nothing is copied before the first real bar
      BarStream real(d, spec.start, spec.end_exclusive, spec.last_bar_end);
      SliceRun first;
      if (!real.next(first)) continue;
      from = first.first;
    }
    BarSchedule ff = d;
    ff.step = fill;
    if (d.step == 0) ff.extended = false;  // daily bars ignore extended hours
    bars_.emplace_back(ff, from, spec.end_exclusive, spec.last_bar_end);
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
