// sim/event_list.cpp — the run's scheduled events and LEAN's order for events
// due at the same time.
#include "sim/event_list.h"

#include "sim/sort_first_element.h"

#include <algorithm>
#include <memory>
#include <unordered_map>

namespace trainsim {

EventTimes event_times(const Scenario& s) {
  EventList list(s, 0, 0);
  EventTimes out;
  for (auto& e : list.events()) out.push_back(e.occurrences.drain());
  return out;
}

EventList::EventList(const Scenario& s, std::uint64_t seed, std::uint64_t trial, const EventTimes* times)
    : start_(s.start) {
  const auto declared = declared_events(s.sim);
  // GetDates(UtcTime.Date - 1 day, ...): the UTC date of the clock's start
  // (the warm-up's, with one: events fire during the warm-up).
  const Instant clock_start = s.warm_up_start;
  const Day from = static_cast<Day>(floor_div(clock_start, kDay)) - 1;
  // Occurrences after the last slice never fire; a margin covers rules whose
  // times land on a later UTC date than their local one.
  const Day to = s.sim.end + 7;
  // Events with the same date rule share its dates, evaluated once (the rule
  // is parsed from its text alone, so equal texts give equal dates).
  std::unordered_map<std::string, OccurrenceStream::Dates> dates_of_rule;
  for (size_t i = 0; i < declared.size(); ++i) {
    const ScheduledEventSpec& spec = *declared[i];
    if (spec.runtime_call()) {  // no event until a call makes one
      runtime_entries_.push_back({static_cast<int>(i), spec.name, DurationSampler(spec.duration, seed, i + 1, trial),
                                  spec.growth_per_year});
      continue;
    }
    ScheduledEventState e;
    e.declared = static_cast<int>(i);
    e.name = spec.name;
    e.training = spec.training;
    // Train(method) in Initialize: Today + Now, i.e. the clock's start.
    if (times) e.occurrences = OccurrenceStream::over(&times->at(events_.size()));
    else if (spec.now)
      e.occurrences = OccurrenceStream::once(clock_start);
    else {
      OccurrenceStream::Dates& dates = dates_of_rule[spec.date_rule_text];
      if (!dates) dates = std::make_shared<const std::vector<Day>>(spec.date_rule->dates(*s.rules, from, to));
      e.occurrences = OccurrenceStream(dates, *spec.time_rule, s.rules.get());
    }
    e.duration = DurationSampler(spec.duration, seed, i + 1, trial);
    e.growth_per_year = spec.growth_per_year;
    add(std::move(e));
  }
  ScheduledEventState sampling;
  sampling.name = "Daily Sampling";
  sampling.occurrences =
      times ? OccurrenceStream::over(&times->at(events_.size()))
            : OccurrenceStream(parse_date_rule("EveryDay()"), parse_time_rule("Midnight"), s.rules.get(), from, to);
  static const DurationSpec kInstant = DurationSpec::constant(0);
  sampling.duration = DurationSampler(kInstant, 0, 0);
  add(std::move(sampling));

  for (auto& e : events_) e.occurrences.skip_until(clock_start);
  sort_order();
}

void EventList::sort_order() {
  // Exhausted events stay in LEAN's list at DateTime.MaxValue; dropping them
  // changes no order among the others.
  std::vector<std::uint32_t> ids;
  for (size_t i = 0; i < events_.size(); ++i)
    if (at(i).next() != OccurrenceStream::kNever) ids.push_back(static_cast<std::uint32_t>(i));
  std::stable_sort(ids.begin(), ids.end(), [&](std::uint32_t a, std::uint32_t b) { return at(a).next() < at(b).next(); });
  order_.assign(ids);
}

void EventList::reposition_head() {
  const Instant t = at(order_[0]).next();
  if (t == OccurrenceStream::kNever) {
    order_.pop_front();
    return;
  }
  if (order_.size() < 2 || t <= at(order_[1]).next()) return;
  const size_t place = insert_place(order_.size(), [this](size_t i) { return at(order_[i]).next(); }, t);
  order_.move_front_to(place - 1);
}

void EventList::call(int declared, Instant t) {
  for (auto& entry : runtime_entries_) {
    if (entry.declared != declared) continue;
    ScheduledEventState e;
    e.declared = declared;
    e.name = entry.name;
    e.training = true;
    e.runtime = true;
    e.occurrences = OccurrenceStream::once(t);
    e.growth_per_year = entry.growth_per_year;
    e.fixed_duration = entry.duration.next();
    pending_.push_back(std::move(e));
    return;
  }
}

void EventList::rebuild_if_needed() {
  if (pending_.empty()) return;
  // Fired runtime events are exhausted: dropped, so that the list does not
  // grow with every call (positions keep creation order, i.e. ids).
  events_.erase(std::remove_if(events_.begin(), events_.end(),
                               [](const ScheduledEventState& e) { return e.runtime && e.next() == OccurrenceStream::kNever; }),
                events_.end());
  at_.clear();  // the erase moved the events after each dropped one
  for (auto& e : events_) at_.push_back(&e);
  for (auto& e : pending_) add(std::move(e));
  pending_.clear();
  sort_order();
}

void EventList::release_calls(Instant t) {
  for (auto& e : pending_) {
    e.created = t;
    add(std::move(e));
  }
  pending_.clear();
}

Micros EventList::draw_duration(ScheduledEventState& e, Instant t) const {
  Micros d = e.fixed_duration >= 0 ? e.fixed_duration : e.duration.next();
  if (e.growth_per_year > 0 && t > start_) {
    // An expanding training window: linear in the years of history.
    const long double years = static_cast<long double>(t - start_) / (365.25L * kDay);
    d += static_cast<Micros>(years * static_cast<long double>(e.growth_per_year) + 0.5L);
  }
  return std::min(d, kMaxDuration);  // the one bound on any duration, grown or drawn
}

}  // namespace trainsim
