// civil/time_zone.h — a time zone with LEAN's lenient local-to-UTC resolution.
//
// An IANA zone's history is read from its one file of the system tz database
// (TZif) when first asked for, as date/tz reads it (Boost.Date_Time keeps one
// rule per zone and no history). Fixed offsets such as "UTC-05", which
// LEAN's market-hours database uses, are supported too.
#pragma once
#include "civil/civil_time.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace trainsim {

struct LocalTime {
  Day day;
  Micros time_of_day;  // 0 <= time_of_day < kDay
};

class TimeZone {
 public:
  TimeZone();  // UTC
  // An IANA id ("America/New_York"), "UTC", or a fixed offset "UTC-05", "UTC+09:30".
  static std::optional<TimeZone> find(std::string_view name);

  const std::string& name() const { return name_; }

  // LEAN's lenient resolver (Common/Extensions.cs): an ambiguous local time
  // takes the later instant; a skipped one maps to the first instant after
  // the gap.
  Instant to_utc(Day day, Micros time_of_day) const;
  LocalTime to_local(Instant t) const;
  Micros offset_at(Instant t) const;  // local - UTC

  bool operator==(const TimeZone& o) const { return name_ == o.name_; }

  // One stretch of constant offset, from `begin` (UTC) to the next one's.
  struct Period {
    Instant begin;
    Micros offset;
  };

 private:
  // The zone's offset history, 1800-2200, read once from the tz database.
  // `first_in_block[b]` is the period in force at the start of the b-th
  // block of 2^kBlockBits µs (~12.7 days) after the first change, so a
  // lookup steps over a period or so instead of a binary search (a
  // calendar asks several a day, two for each to_utc).
  struct History {
    static constexpr int kBlockBits = 40;
    std::vector<Period> periods;  // periods[0].begin is INT64_MIN
    std::vector<std::uint32_t> first_in_block;
    Micros spread = 0;  // the largest offset minus the smallest
    explicit History(std::vector<Period> p);
  };
  std::shared_ptr<const History> history_;  // null: fixed offset
  Micros fixed_offset_ = 0;
  std::string name_ = "UTC";
  size_t period_index(Instant t) const;
  static std::shared_ptr<const History> load_history(const std::string& name);
};

// "2024-02-04T08:00:00-05:00": an instant in `zone`, as reports print it.
std::string format_instant(Instant t, const TimeZone& zone);

// "2024-03-04T10:00[:00[.000001]]" (a wall-clock time of `zone`), or the
// same followed by "Z" or an offset "+hh:mm" (an instant); 'T' or a space
// between date and time. nullopt when it is none of these.
std::optional<Instant> parse_date_time(std::string_view text, const TimeZone& zone);

// The version of the system tz database in use ("2024a"), or "unknown".
std::string tz_database_version();

}  // namespace trainsim
