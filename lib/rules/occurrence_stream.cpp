// rules/occurrence_stream.cpp — one event's occurrences in LEAN's order: the
// dates evaluated at once, each date's times only when the stream reaches it.
#include "rules/schedule_rules.h"

namespace trainsim {

OccurrenceStream::OccurrenceStream(DateRule date_rule, TimeRule time_rule, const RuleContext* ctx, Day from, Day to)
    : OccurrenceStream(std::make_shared<const std::vector<Day>>(date_rule.dates(*ctx, from, to)), std::move(time_rule),
                       ctx) {}

OccurrenceStream::OccurrenceStream(Dates dates, TimeRule time_rule, const RuleContext* ctx)
    : time_rule_(std::move(time_rule)), ctx_(ctx), dates_(std::move(dates)) {
  time_rule_->validate(*ctx);
  named_hours_ = time_rule_->hours(*ctx);
  refill();
}

OccurrenceStream OccurrenceStream::once(Instant t) {
  OccurrenceStream s;
  s.next_ = t;
  return s;
}

OccurrenceStream OccurrenceStream::over(const std::vector<Instant>* times) {
  OccurrenceStream s;
  s.shared_ = times;
  s.time_index_ = 0;
  s.next_ = times->empty() ? kNever : (*times)[s.time_index_++];
  return s;
}

std::vector<Instant> OccurrenceStream::drain() {
  std::vector<Instant> out;
  for (; next_ != kNever; advance()) out.push_back(next_);
  return out;
}

void OccurrenceStream::advance() {
  if (next_ == kNever) return;
  if (shared_) {
    next_ = time_index_ < shared_->size() ? (*shared_)[time_index_++] : kNever;
    return;
  }
  if (time_index_ < times_.size()) {
    next_ = times_[time_index_++];
    return;
  }
  refill();
}

// Evaluates dates until one gives a time; a date the time rule skips (a
// holiday for AfterMarketOpen) gives none.
void OccurrenceStream::refill() {
  times_.clear();
  time_index_ = 0;
  next_ = kNever;
  if (!time_rule_) return;
  const std::vector<Day>& dates = *dates_;
  while (times_.empty() && date_index_ < dates.size()) time_rule_->times(*ctx_, dates[date_index_++], times_, named_hours_);
  if (!times_.empty()) next_ = times_[time_index_++];
}

}  // namespace trainsim
