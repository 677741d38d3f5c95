// calendar/warm_up.h — where SetWarmUp(barCount) starts: LEAN's
// Time.GetStartTimeForTradeBars, per subscription (docs/semantics.md#warm-up).
#pragma once
#include "calendar/exchange_hours.h"
#include "civil/civil_time.h"

#include <cstdint>
#include <optional>

namespace trainsim {

// The start of the `bars`-th bar of `bar_size` (a second, minute, hour or a
// day) back from `end` whose span [c, c + bar_size) overlaps a counted segment
// (pre/post too when `extended`): the end rounded down to the bar size in the
// data zone (strict daily bars: only when that exchange date is closed or its
// first close is still ahead), then stepped back on the exchange's wall clock.
// nullopt when the market has no such bars within a century before `end`.
std::optional<Instant> warm_up_bars_start(const ExchangeHours& h, Instant end, Micros bar_size, std::int64_t bars,
                                          bool extended, bool strict_daily);

// SetWarmUp(TimeSpan): the start's wall-clock time of `zone` minus `period`.
Instant warm_up_period_start(Day start_date, const TimeZone& zone, Micros period);

}  // namespace trainsim
