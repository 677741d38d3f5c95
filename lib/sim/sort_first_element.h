// sim/sort_first_element.h — where LEAN's SortFirstElement puts the head of
// its sorted event list once the head's time has moved on
// (Engine/RealTime/BacktestingRealTimeHandler.cs): .NET's List.BinarySearch
// over the rest by time, after an equal element when it finds one.
#pragma once
#include <cstddef>
#include <cstdint>

namespace trainsim {

// The index the head (index 0, time t) is inserted before, among 1..n-1
// sorted by time(i); time(1) < t. .NET's own probes: with several elements
// equal to t, they decide which one the head lands after.
template <class Time>
std::size_t dotnet_insert_place(std::size_t n, Time time, std::int64_t t) {
  std::ptrdiff_t lo = 1, hi = static_cast<std::ptrdiff_t>(n) - 1;
  while (lo <= hi) {
    const std::ptrdiff_t mid = lo + ((hi - lo) >> 1);
    const auto m = time(static_cast<std::size_t>(mid));
    if (m == t) return static_cast<std::size_t>(mid) + 1;  // after the equal element
    if (m < t) lo = mid + 1;
    else hi = mid - 1;
  }
  return static_cast<std::size_t>(lo);
}

// The same place, found from the end, where an event that fires daily goes
// (galloping, then bisecting): where no other element is due at t, the place
// is the first later one's whatever the search; a tie takes .NET's.
template <class Time>
std::size_t insert_place(std::size_t n, Time time, std::int64_t t) {
  std::size_t above = n, below = 1;  // time(below) <= t < time(above); n: past the end
  for (std::size_t step = 1;; step *= 2) {
    const std::size_t probe = above > step ? above - step : 1;
    if (probe <= 1) break;
    if (time(probe) <= t) {
      below = probe;
      break;
    }
    above = probe;
  }
  while (above - below > 1) {
    const std::size_t mid = below + (above - below) / 2;
    if (time(mid) <= t) below = mid;
    else above = mid;
  }
  return time(below) < t ? above : dotnet_insert_place(n, time, t);
}

}  // namespace trainsim
