// rules/rule_impl.h — internal: what a parsed rule holds. Only lib/rules uses it.
#pragma once
#include "rules/schedule_rules.h"

#include <optional>
#include <string>
#include <vector>

namespace trainsim {

struct DateRule::Impl {
  enum class Kind { EveryDay, TradingDays, Weekdays, On, Today, Tomorrow, Period };
  enum class Period { Week, Month, Quarter, Year };

  Kind kind = Kind::EveryDay;
  std::string name;
  std::string ticker;     // empty: every calendar day counts as open
  bool extended = false;  // LEAN's extendedMarketHours for the symbol overloads

  Period period = Period::Month;
  bool start = true;      // ...Start rules search forward, ...End rules backward
  int offset = 0;
  size_t offset_column = 0;  // where an offset the schedule rejects is reported

  std::vector<int> weekdays;  // Every: 0 = Sunday
  std::vector<Day> on;        // On: ascending, distinct
};

struct TimeRule::Impl {
  enum class Kind { At, Midnight, Noon, Now, Every, Open, Close };

  Kind kind = Kind::At;
  std::string name;
  size_t column = 0;  // the method name, for errors found when evaluating

  Micros time_of_day = 0;           // At
  std::optional<TimeZone> zone;     // At: absent means the algorithm zone
  Micros interval = 0;              // Every
  std::string ticker;               // Open/Close: empty means ctx.default_hours
  Micros offset = 0;                // Open/Close: added to the open or close (signed)
  bool extended = false;            // Open/Close: extended-hours open or close
};

}  // namespace trainsim
