// calendar/market_clock.cpp — whether the market is open at an instant, and
// until when, from an entry's sessions.
#include "calendar/market_clock.h"

#include <algorithm>
#include <cmath>

namespace trainsim {

MarketState market_state_at(const ExchangeHours& h, Instant t, bool extended) {
  const TimeZone& z = h.exchange_zone;
  const Day today = z.to_local(t).day;
  // Open intervals of the surrounding fortnight, contiguous ones joined. A
  // state may last longer (24/7 markets, long closures); callers loop.
  constexpr int kHorizon = 14;
  Instant open_from = INT64_MIN, open_to = INT64_MIN;
  for (Day d = today - 1; d <= today + kHorizon; ++d) {
    for (const auto& s : h.segments_on(d)) {
      if (!extended && s.state != SegmentState::Market) continue;
      const Instant a = z.to_utc(d, s.start);
      const Instant b = s.end >= kDay ? z.to_utc(d + 1, 0) : z.to_utc(d, s.end);
      if (a == open_to) {
        open_to = b;  // contiguous: one interval
      } else {
        if (t >= open_from && t < open_to) return {true, open_to};
        if (open_from > t) return {false, open_from};
        open_from = a;
        open_to = b;
      }
    }
  }
  if (t >= open_from && t < open_to) return {true, open_to};
  if (open_from > t) return {false, open_from};
  return {false, z.to_utc(today + kHorizon, 0)};
}

MarketState market_state_at(Markets m, Instant t, bool extended) {
  // Open when any is; the state may change at the first change of any of
  // them (callers loop, so an early `until` is only a shorter step).
  MarketState out{false, INT64_MAX};
  for (const ExchangeHours* h : m) {
    const MarketState s = market_state_at(*h, t, extended);
    out.open = out.open || s.open;
    out.until = std::min(out.until, s.until);
  }
  return out;
}

namespace {
// One algorithm over one market or many: `state(t)` answers for either.
template <class State>
Micros open_time(const State& state, Instant a, Instant b) {
  Micros open = 0;
  for (Instant t = a; t < b;) {
    const MarketState m = state(t);
    const Instant until = std::min(m.until, b);
    if (m.open) open += until - t;
    t = until;
  }
  return open;
}

template <class State>
Instant finish(const State& state, Instant t, Micros work, double slowdown) {
  if (slowdown <= 1.0) return t + work;
  double remaining = static_cast<double>(work);
  while (true) {
    const MarketState m = state(t);
    const double rate = m.open ? 1.0 / slowdown : 1.0;  // work per wall microsecond
    const double capacity = static_cast<double>(m.until - t) * rate;
    if (remaining <= capacity) return t + static_cast<Micros>(std::llround(remaining / rate));
    remaining -= capacity;
    t = m.until;
  }
}
}  // namespace

Micros open_time_between(const ExchangeHours& h, Instant a, Instant b, bool extended) {
  return open_time([&](Instant t) { return market_state_at(h, t, extended); }, a, b);
}

Instant finish_with_slowdown(const ExchangeHours& h, Instant t, Micros work, double slowdown, bool extended) {
  return finish([&](Instant x) { return market_state_at(h, x, extended); }, t, work, slowdown);
}

Micros open_time_between(Markets m, Instant a, Instant b, bool extended) {
  return open_time([&](Instant t) { return market_state_at(m, t, extended); }, a, b);
}

Instant finish_with_slowdown(Markets m, Instant t, Micros work, double slowdown, bool extended) {
  return finish([&](Instant x) { return market_state_at(m, x, extended); }, t, work, slowdown);
}

}  // namespace trainsim
