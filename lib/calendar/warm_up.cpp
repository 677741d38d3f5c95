// calendar/warm_up.cpp — LEAN's warm-up start (QCAlgorithm.History.cs
// TryGetWarmupHistoryStartTime, Common/Time.cs GetStartTimeForTradeBars).
#include "calendar/warm_up.h"

#include <algorithm>

namespace trainsim {
namespace {

// Exchange wall-clock microseconds since the epoch: LEAN's DateTime arithmetic.
using Local = std::int64_t;

Local to_exchange_local(const ExchangeHours& h, Instant t) {
  const LocalTime l = h.exchange_zone.to_local(t);
  return static_cast<Local>(l.day) * kDay + l.time_of_day;
}

Instant local_to_utc(const TimeZone& z, Local l) {
  const Day d = static_cast<Day>(floor_div(l, kDay));
  return z.to_utc(d, l - static_cast<Local>(d) * kDay);
}

// DateTime.RoundDownInTimeZone: round in the data zone, come back to the exchange's.
Local round_down_in_data_zone(const ExchangeHours& h, Local l, Micros bar) {
  const LocalTime data = h.data_zone.to_local(local_to_utc(h.exchange_zone, l));
  const Local dl = static_cast<Local>(data.day) * kDay + data.time_of_day;
  return to_exchange_local(h, local_to_utc(h.data_zone, floor_div(dl, bar) * bar));
}

struct Interval {
  Local a, b;
};

// The latest counted segment that starts before `t` (exchange local).
bool latest_open_before(const ExchangeHours& h, bool extended, Local t, Interval& out) {
  Day d = static_cast<Day>(floor_div(t, kDay));
  for (int i = 0; i < 36600; ++i, --d) {
    const DaySegments segs = h.segments_on(d);
    for (int j = segs.count - 1; j >= 0; --j) {
      const MarketSegment& s = segs.items[static_cast<size_t>(j)];
      if (!extended && s.state != SegmentState::Market) continue;
      const Local a = static_cast<Local>(d) * kDay + s.start;
      if (a < t) {
        out = {a, static_cast<Local>(d) * kDay + s.end};
        return true;
      }
    }
  }
  return false;
}

}  // namespace

std::optional<Instant> warm_up_bars_start(const ExchangeHours& h, Instant end, Micros bar, std::int64_t bars,
                                          bool extended, bool strict_daily) {
  const Local end_local = to_exchange_local(h, end);
  Local current = end_local;
  bool round = true;
  if (strict_daily && bar == kDay) {
    // Daily bars at the close: an open date whose first close has passed counts today.
    const Day d = static_cast<Day>(floor_div(end_local, kDay));
    round = !h.is_date_open(d);
    if (!round)
      for (const auto& s : h.segments_on(d))
        if (s.state == SegmentState::Market) {  // GetNextMarketClose(date): the first close
          round = static_cast<Local>(d) * kDay + s.end > end_local;
          break;
        }
  }
  if (round) current = round_down_in_data_zone(h, end_local, bar);
  // Bars end on the grid current, current - bar, ...; in bulk per segment:
  // every bar ending in (a, e] of a segment (a, b) overlaps it.
  Local prev = current;
  std::int64_t remaining = bars;
  const Local earliest = end_local - 36600 * kDay;  // a century back: W stays a supported date
  while (remaining > 0) {
    Interval iv;
    if (prev < earliest || !latest_open_before(h, extended, prev, iv)) return std::nullopt;
    // The latest grid end e <= prev whose bar starts before b: e < b + bar.
    Local e = prev;
    if (e - bar >= iv.b) e -= (e - (iv.b + bar - 1) + bar - 1) / bar * bar;
    const std::int64_t n = (e - iv.a + bar - 1) / bar;
    const std::int64_t k = std::min(remaining, n);
    remaining -= k;
    prev = e - k * bar;
  }
  return local_to_utc(h.exchange_zone, prev);
}

Instant warm_up_period_start(Day start_date, const TimeZone& zone, Micros period) {
  const Local l = static_cast<Local>(start_date) * kDay - period;
  return local_to_utc(zone, l);
}

}  // namespace trainsim
