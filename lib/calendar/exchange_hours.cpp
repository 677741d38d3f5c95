// calendar/exchange_hours.cpp — one market-hours entry read from LEAN's JSON:
// the sessions of a weekday, holidays, early closes and late opens.
#include "calendar/exchange_hours.h"

#include <algorithm>

namespace trainsim {
namespace {
template <class V>
const Micros* find_day(const V& v, Day d) {
  auto it = std::lower_bound(v.begin(), v.end(), d,
                             [](const auto& e, Day key) { return e.first < key; });
  return (it != v.end() && it->first == d) ? &it->second : nullptr;
}

void push(DaySegments& out, Micros start, Micros end, SegmentState state) {
  if (end > start && out.count < DaySegments::kMax) out.items[out.count++] = {start, end, state};
}
}  // namespace

std::string holiday_coverage_warning(const ExchangeHours& h, Day first, Day last) {
  if (h.holidays.empty()) return "";
  const int from = ymd_of(h.holidays.front()).year, to = ymd_of(h.holidays.back()).year;
  if (ymd_of(first).year >= from && ymd_of(last).year <= to) return "";
  return "market-hours entry " + h.key + " lists holidays for " + std::to_string(from) + "-" + std::to_string(to) +
         " only; the run's dates go beyond those years, where every weekday counts as a trading day";
}

bool ExchangeHours::is_holiday(Day d) const {
  return std::binary_search(holidays.begin(), holidays.end(), d);
}
const Micros* ExchangeHours::early_close_on(Day d) const { return find_day(early_closes, d); }
const Micros* ExchangeHours::late_open_on(Day d) const { return find_day(late_opens, d); }

// The days whose segments differ from their weekday's (holidays, early
// closes, late opens) in a dense map over their span, the rest by weekday.
// Beside each day's segments, the answers the date and time rules ask of it
// (a run with 100 market-open events asks each of them for every day).
struct ExchangeHours::DayFacts {
  bool open[2] = {};  // [extended]
  bool has_first[2] = {}, has_last[2] = {};
  Micros first[2] = {}, last[2] = {};
};

struct ExchangeHours::DayTable {
  std::array<DaySegments, 7> weekly;
  std::array<DayFacts, 7> weekly_facts;
  Day first = 0;                       // special_of[0] is this day
  std::vector<std::int32_t> special_of;  // index into specials, -1: by weekday
  std::vector<DaySegments> specials;
  std::vector<DayFacts> special_facts;

  // specials[i] for i >= 0, else weekly[-1 - i].
  std::int32_t slot(Day d) const {
    const auto i = static_cast<std::uint64_t>(static_cast<std::int64_t>(d) - first);
    if (i < special_of.size())
      if (const std::int32_t s = special_of[i]; s >= 0) return s;
    return -1 - weekday_of(d);
  }
};

namespace {

bool open_in(const DaySegments& segs, bool extended) {
  if (segs.empty()) return false;
  for (const auto& s : segs)
    if (s.state == SegmentState::Market) return true;
  return extended;
}

bool first_open_in(const DaySegments& segs, bool extended, Micros& out) {
  for (const auto& s : segs) {
    if (extended || s.state == SegmentState::Market) {
      out = s.start;
      return true;
    }
  }
  return false;
}

bool last_close_in(const DaySegments& segs, bool extended, Micros& out) {
  for (int i = segs.count - 1; i >= 0; --i) {
    if (extended || segs.items[static_cast<size_t>(i)].state == SegmentState::Market) {
      out = segs.items[static_cast<size_t>(i)].end;
      return true;
    }
  }
  return false;
}

}  // namespace

ExchangeHours::DayFacts ExchangeHours::facts_of(const DaySegments& segs) {
  DayFacts f;
  for (int e = 0; e < 2; ++e) {
    f.open[e] = open_in(segs, e);
    f.has_first[e] = first_open_in(segs, e, f.first[e]);
    f.has_last[e] = last_close_in(segs, e, f.last[e]);
  }
  return f;
}

void ExchangeHours::index() {
  table_.reset();
  auto t = std::make_shared<DayTable>();
  for (size_t wd = 0; wd < 7; ++wd) {
    for (const MarketSegment& s : weekly[wd]) push(t->weekly[wd], s.start, s.end, s.state);
    t->weekly_facts[wd] = facts_of(t->weekly[wd]);
  }
  std::vector<Day> days = holidays;
  for (const auto& [d, time] : early_closes) days.push_back(d);
  for (const auto& [d, time] : late_opens) days.push_back(d);
  std::sort(days.begin(), days.end());
  days.erase(std::unique(days.begin(), days.end()), days.end());
  if (!days.empty()) {
    t->first = days.front();
    t->special_of.assign(static_cast<size_t>(days.back() - days.front() + 1), -1);
    t->specials.reserve(days.size());
    t->special_facts.reserve(days.size());
    for (Day d : days) {
      t->special_of[static_cast<size_t>(d - t->first)] = static_cast<std::int32_t>(t->specials.size());
      t->specials.push_back(compute_segments_on(d));
      t->special_facts.push_back(facts_of(t->specials.back()));
    }
  }
  table_ = std::move(t);
}

const DaySegments* ExchangeHours::indexed(Day d) const {
  if (!table_) return nullptr;
  const std::int32_t s = table_->slot(d);
  return s >= 0 ? &table_->specials[static_cast<size_t>(s)] : &table_->weekly[static_cast<size_t>(-1 - s)];
}

const ExchangeHours::DayFacts* ExchangeHours::indexed_facts(Day d) const {
  if (!table_) return nullptr;
  const std::int32_t s = table_->slot(d);
  return s >= 0 ? &table_->special_facts[static_cast<size_t>(s)] : &table_->weekly_facts[static_cast<size_t>(-1 - s)];
}

DaySegments ExchangeHours::segments_on(Day d) const {
  const DaySegments* s = indexed(d);
  return s ? *s : compute_segments_on(d);
}

DaySegments ExchangeHours::compute_segments_on(Day d) const {
  DaySegments out;
  if (is_holiday(d)) return out;
  const auto& week = weekly[static_cast<size_t>(weekday_of(d))];
  const Micros* close = early_close_on(d);
  const Micros* open = late_open_on(d);
  // LEAN's off-by-one (docs/semantics.md#market-hours): an early close in a gap between
  // segments drops the segment that ended before it too (GetMarketHours
  // sets index = i - 1 for the first segment starting after C, then keeps
  // Take(index)). Oanda forex's 17:00 closes thus leave no segment at all.
  size_t keep_before_gap = week.size();
  if (close) {
    for (size_t i = 0; i < week.size(); ++i) {
      if (week[i].start > *close) {
        if (i > 0 && week[i - 1].end < *close) keep_before_gap = i - 1;
        break;
      }
    }
  }
  for (size_t i = 0; i < week.size(); ++i) {
    const MarketSegment& s = week[i];
    const bool dropped = i >= keep_before_gap;  // its part before C is gone
    Micros a = s.start, b = s.end;
    if (close && open && *close <= *open) {
      // The market closes early and reopens late: keep before C and after L.
      if (!dropped) push(out, a, std::min(b, *close), s.state);
      push(out, std::max(a, *open), b, s.state);
      continue;
    }
    if (dropped) continue;
    if (close) b = std::min(b, *close);
    if (open) a = std::max(a, *open);
    push(out, a, b, s.state);
  }
  return out;
}

bool ExchangeHours::is_date_open(Day d, bool extended) const {
  if (const DayFacts* f = indexed_facts(d)) return f->open[extended];
  return open_in(compute_segments_on(d), extended);
}

bool ExchangeHours::always_open() const {
  for (const auto& day : weekly) {
    if (day.size() != 1 || day[0].start != 0 || day[0].end != kDay) return false;
  }
  return holidays.empty() && early_closes.empty() && late_opens.empty();
}

bool ExchangeHours::first_open(Day d, bool extended, Micros& out) const {
  if (const DayFacts* f = indexed_facts(d)) {
    if (f->has_first[extended]) out = f->first[extended];
    return f->has_first[extended];
  }
  return first_open_in(compute_segments_on(d), extended, out);
}

bool ExchangeHours::last_close(Day d, bool extended, Micros& out) const {
  if (const DayFacts* f = indexed_facts(d)) {
    if (f->has_last[extended]) out = f->last[extended];
    return f->has_last[extended];
  }
  return last_close_in(compute_segments_on(d), extended, out);
}

}  // namespace trainsim
