// civil/instant_text.h — an instant as reports print it, in a buffer of its
// own: a report prints two per event, and a std::string of this length is
// a heap allocation each.
#pragma once
#include "civil/civil_time.h"
#include "civil/time_zone.h"

#include <cstddef>
#include <string_view>

namespace trainsim {

struct InstantText {
  char text[40];
  std::size_t size = 0;
  std::string_view view() const { return {text, size}; }
};

// "2024-02-04T08:00:00-05:00": what format_instant returns, without the string.
InstantText instant_text(Instant t, const TimeZone& zone);

}  // namespace trainsim
