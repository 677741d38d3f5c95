// sim/runtime_calls.cpp — the calls of runtime trainings, in the order LEAN
// makes them: event callbacks, then dates, then OnData, entries in listed order.
#include "sim/runtime_calls.h"

#include "cost/random.h"

namespace trainsim {

RuntimeCalls::RuntimeCalls(const Scenario& s, std::uint64_t seed, std::uint64_t trial)
    : s_(s), seed_(seed), trial_(trial), next_date_(OccurrenceStream::kNever) {
  const auto declared = declared_events(s.sim);
  for (size_t i = 0; i < declared.size(); ++i) {
    const ScheduledEventSpec& spec = *declared[i];
    if (!spec.runtime_call()) continue;
    entries_.push_back(Entry{static_cast<int>(i), spec.runtime.kind, spec.name, spec.runtime.after,
                             spec.runtime.probability, &spec.runtime.dates});
    has_on_data_ = has_on_data_ || spec.runtime.kind == RuntimeCall::OnData;
    has_after_ = has_after_ || spec.runtime.kind == RuntimeCall::After;
  }
  update_next_date();
}

bool RuntimeCalls::chance(Entry& e) {
  return runtime_draw(seed_, e.name, e.chances++, trial_) < e.probability;
}

void RuntimeCalls::make(Entry& e, Instant t, EventList& list) {
  ++calls_;
  list.call(e.declared, t);
}

void RuntimeCalls::make_after_calls(const ScheduledEventState& done, Instant t, EventList& list) {
  // (completed() skips LEAN's daily sampling, declared < 0: it calls nothing.)
  for (auto& e : entries_)
    if (e.kind == RuntimeCall::After && e.after == done.name && chance(e)) make(e, t, list);
}

void RuntimeCalls::update_next_date() {
  next_date_ = OccurrenceStream::kNever;
  for (const auto& e : entries_)
    if (e.kind == RuntimeCall::Dates && e.next < e.dates->size() && (*e.dates)[e.next] < next_date_)
      next_date_ = (*e.dates)[e.next];
}

void RuntimeCalls::make_date_calls(Instant limit, bool inclusive, EventList& list) {
  while (next_date_ < limit || (inclusive && next_date_ == limit)) {
    const Instant t = next_date_;
    for (auto& e : entries_)
      while (e.kind == RuntimeCall::Dates && e.next < e.dates->size() && (*e.dates)[e.next] == t) {
        ++e.next;
        make(e, t, list);
      }
    update_next_date();
  }
}

void RuntimeCalls::on_data(Instant t, Day date, EventList& list) {
  if (!draws_on(date)) return;
  last_on_data_date_ = date;
  for (auto& e : entries_)
    if (e.kind == RuntimeCall::OnData && chance(e)) make(e, t, list);
}

void RuntimeCalls::cache_date(Instant t) const {
  if (t >= cached_from_ && t < cached_to_) return;
  cached_date_ = s_.sim.zone.to_local(t).day;
  cached_from_ = s_.sim.zone.to_utc(cached_date_, 0);
  cached_to_ = s_.sim.zone.to_utc(cached_date_ + 1, 0);
  if (t < cached_from_ || t >= cached_to_) cached_from_ = cached_to_ = t;  // a zone's odd day: no caching
}

Day RuntimeCalls::date_of(Instant t) const {
  cache_date(t);
  return cached_from_ == cached_to_ ? s_.sim.zone.to_local(t).day : cached_date_;
}

Instant RuntimeCalls::next_date_start(Instant t) const {
  cache_date(t);
  return cached_from_ == cached_to_ ? s_.sim.zone.to_utc(s_.sim.zone.to_local(t).day + 1, 0) : cached_to_;
}

}  // namespace trainsim
