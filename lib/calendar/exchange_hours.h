// calendar/exchange_hours.h — one market-hours entry: when an exchange is open.
//
// Mirrors LEAN's SecurityExchangeHours: a weekly schedule of segments, holidays,
// early closes and late opens, all in the exchange's time zone.
#pragma once
#include "civil/civil_time.h"
#include "civil/time_zone.h"

#include <array>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace trainsim {

enum class SegmentState : unsigned char { PreMarket, Market, PostMarket };

struct MarketSegment {
  Micros start;  // from the local midnight of the date; 0..kDay
  Micros end;    // start < end <= kDay
  SegmentState state;
};

// A date's open segments after holidays, early closes and late opens.
struct DaySegments {
  static constexpr int kMax = 8;
  std::array<MarketSegment, kMax> items{};
  int count = 0;

  const MarketSegment* begin() const { return items.data(); }
  const MarketSegment* end() const { return items.data() + count; }
  bool empty() const { return count == 0; }
};

struct ExchangeHours {
  std::string key;  // the database entry used, e.g. "Equity-usa-[*]"
  TimeZone exchange_zone;
  TimeZone data_zone;
  std::array<std::vector<MarketSegment>, 7> weekly;  // index: 0 = Sunday
  std::vector<Day> holidays;                          // sorted
  std::vector<std::pair<Day, Micros>> early_closes;   // sorted by day
  std::vector<std::pair<Day, Micros>> late_opens;     // sorted by day

  // LEAN's GetMarketHours. With index() built, a table lookup.
  DaySegments segments_on(Day d) const;
  // The same computed from the fields, whether indexed or not.
  DaySegments compute_segments_on(Day d) const;
  // Builds the table segments_on reads (each weekday's segments, and each
  // holiday, early close and late open's), so that a run's many questions
  // about one day cost a lookup each. The database's entries come indexed;
  // call it again after changing weekly, holidays, early_closes or late_opens
  // (an index left from before the change would answer from the old ones).
  void index();
  bool is_holiday(Day d) const;
  const Micros* early_close_on(Day d) const;
  const Micros* late_open_on(Day d) const;
  // LEAN's IsDateOpen: any segment; with only pre/post segments, `extended`.
  bool is_date_open(Day d, bool extended = false) const;
  // Every weekday open in some week (24/7 markets): LEAN's IsMarketAlwaysOpen.
  bool always_open() const;

  // First open / last close of the date (regular: the market segments;
  // extended: any segment), local time of day; false when closed.
  bool first_open(Day d, bool extended, Micros& out) const;
  bool last_close(Day d, bool extended, Micros& out) const;

 private:
  struct DayTable;
  struct DayFacts;
  static DayFacts facts_of(const DaySegments& segs);
  // The indexed segments of `d`, and what the rules ask of them; null without an index.
  const DaySegments* indexed(Day d) const;
  const DayFacts* indexed_facts(Day d) const;
  std::shared_ptr<const DayTable> table_;  // shared by copies; immutable
};

// Empty when [first, last] lies within the years the entry's holidays cover
// (first to last listed holiday year) or it lists none; else a warning naming
// the entry and those years: outside them every weekday counts as open.
std::string holiday_coverage_warning(const ExchangeHours& h, Day first, Day last);

}  // namespace trainsim
