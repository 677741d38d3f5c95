// report/report.cpp — the JSON report of a run: the scenario, the verdict, the
// bucket and the events, written directly (report/json_writer.h): a 20-year
// run lists a thousand events, up to kMaxListedEvents.
#include "report/report.h"

#include "civil/instant_text.h"
#include "report/json_writer.h"
#include "sim/event_list.h"

#include <nlohmann/json.hpp>


namespace trainsim {
namespace {

// Minutes as a JSON number with at most 6 decimals, identical on every machine.
void minutes(JsonWriter& w, Micros m) {
  if (!w.fixed_point(minutes_millionths(m), 6)) w.decimal(format_minutes(m));
}

// A ratio rounded to 4 decimals, exactly.
void share_of(JsonWriter& w, Micros part, Micros whole) {
  if (whole <= 0) {
    w.integer(0);
    return;
  }
  const long long ten_thousandths = (part * 10000 + whole / 2) / whole;
  w.number(static_cast<double>(ten_thousandths) / 10000.0);
}

}  // namespace

const char* reason_name(FailureReason reason) {
  return reason == FailureReason::BucketRefused ? "bucket-refused" : "time-loop";
}

void write_report_members(JsonWriter& w, const Scenario& s, const SimulationResult& r, std::size_t max_events) {
  const auto declared = declared_events(s.sim);
  const TimeZone& zone = s.sim.zone;
  const size_t listed = std::min(r.events.size(), max_events);
  w.reserve(w.text().size() + 4096 + listed * 320);  // an event takes about 300 characters
  w.key("outcome").string(r.completed() ? "completed" : "failed");
  w.key("mode").string(r.live ? "live" : "backtest");
  w.key("failure");
  if (r.failure) {
    const Failure& f = *r.failure;
    w.begin_object();
    w.key("algorithm-time").string(format_instant(f.algorithm_time, zone));
    minutes(w.key("wall-minutes"), f.wall);
    if (f.event < 0) w.key("event").null();
    else w.key("event").string(declared[static_cast<size_t>(f.event)]->name);
    w.key("reason").string(reason_name(f.reason));
    w.key("message").string(f.message);
    w.end_object();
  } else {
    w.null();
  }
  w.key("timeslices").integer(r.timeslices);
  w.key("trading-days").integer(r.trading_days);
  minutes(w.key("wall-minutes"), r.wall);
  const BucketSummary& b = r.bucket;
  w.key("bucket").begin_object();
  w.key("capacity").integer(b.capacity);
  w.key("refill-amount").integer(b.refill_amount);
  w.key("interval-minutes").integer(b.interval_minutes);
  w.key("charged").integer(b.charged);
  w.key("refilled").integer(b.refilled);
  w.key("final").integer(b.final_level);
  w.key("minimum").integer(b.minimum);
  w.end_object();
  w.key("training").begin_object();
  w.key("sessions").integer(r.training_sessions);
  minutes(w.key("minutes"), r.training_time);
  if (r.runtime_calls) w.key("runtime-calls").integer(*r.runtime_calls);
  w.end_object();
  if (r.warm_up) {
    w.key("warm-up").begin_object();
    w.key("start").string(format_instant(r.warm_up->start, zone));
    w.key("timeslices").integer(r.warm_up->timeslices);
    w.key("training-sessions").integer(r.warm_up->training_sessions);
    minutes(w.key("wall-minutes"), r.warm_up->wall);
    w.end_object();
  }
  w.key("limits").begin_object();
  w.key("loop-maximum-minutes").number(s.lean.loop_maximum_minutes);
  w.key("bucket-clock").string(s.sim.bucket_clock == BucketClock::Wall ? "wall" : "algorithm");
  w.end_object();
  w.key("scheduled-event-runs").integer(r.event_occurrences);
  if (r.model) {
    const ModelAvailability& m = *r.model;
    w.key("model").begin_object();
    w.key("timeslices-while-training").integer(m.timeslices_while_training);
    minutes(w.key("market-minutes-without-model"), m.market_time_without_model);
    minutes(w.key("longest-without-model-minutes"), m.longest_without_model);
    share_of(w.key("training-share-in-open-market"), m.training_in_open_market, m.training_total);
    w.end_object();
  }
  w.key("events").begin_array();
  for (size_t i = 0; i < listed; ++i) {
    const EventRecord& e = r.events[i];
    const auto& event = *declared[static_cast<size_t>(e.event)];
    w.begin_object();
    w.key("name").string(event.name);
    w.key("training").boolean(event.training);
    w.key("scheduled").plain_string(instant_text(e.scheduled, zone).view());
    w.key("fired").plain_string(instant_text(e.fired, zone).view());
    minutes(w.key("wall-start-minutes"), e.wall_start);
    minutes(w.key("minutes"), e.duration);
    w.key("charged").integer(e.charged);
    w.key("bucket-before").integer(e.bucket_before);
    w.key("bucket-after").integer(e.bucket_after);
    // Marks that only appear when the run has them, so other reports keep their bytes.
    if (event.runtime_call()) w.key("runtime").boolean(true);
    if (r.warm_up && e.fired <= s.start) w.key("warm-up").boolean(true);
    w.end_object();
  }
  w.end_array();
  if (r.events_not_listed > 0) {
    w.key("events-not-listed").integer(r.events_not_listed);
    w.key("events-note").string("only the first " + std::to_string(kMaxListedEvents) + " of " +
                                std::to_string(static_cast<std::int64_t>(r.events.size()) + r.events_not_listed) +
                                " events are listed");
  }
}

nlohmann::ordered_json report_json(const Scenario& s, const SimulationResult& r) {
  JsonWriter w(-1);
  w.begin_object();
  write_report_members(w, s, r);
  w.end_object();
  return nlohmann::ordered_json::parse(w.text());
}

}  // namespace trainsim
