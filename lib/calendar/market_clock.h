// calendar/market_clock.h — is the market open at an instant, and until when.
//
// Live mode needs it: training runs slower while the market is open (the
// machine is busy with data), and the model report counts market minutes.
#pragma once
#include "calendar/exchange_hours.h"

#include <span>

namespace trainsim {

struct MarketState {
  bool open = false;
  Instant until = 0;  // when this state ends (> the instant asked about)
};

// The regular-hours (or, with `extended`, any-segment) state at `t`.
MarketState market_state_at(const ExchangeHours& h, Instant t, bool extended = false);

// Open-market time inside [a, b).
Micros open_time_between(const ExchangeHours& h, Instant a, Instant b, bool extended = false);

// When work of `work` microseconds started at `t` ends, running `slowdown`
// times slower while the market is open (with `extended`, in any segment).
Instant finish_with_slowdown(const ExchangeHours& h, Instant t, Micros work, double slowdown, bool extended = false);

// The same questions for several subscriptions: the market is open while
// any of them is (LEAN streams data while any subscription trades).
using Markets = std::span<const ExchangeHours* const>;
MarketState market_state_at(Markets m, Instant t, bool extended = false);
Micros open_time_between(Markets m, Instant a, Instant b, bool extended = false);
Instant finish_with_slowdown(Markets m, Instant t, Micros work, double slowdown, bool extended = false);

}  // namespace trainsim
