// config/simulation_json.cpp — the simulation block written back as JSON, as
// trainsim read it (defaults filled in): what `validate --print` shows and
// the report records.
#include "config/simulation_config.h"

#include <nlohmann/json.hpp>

namespace trainsim {

nlohmann::ordered_json warm_up_json(const WarmUpSpec& w) {
  nlohmann::ordered_json o;
  if (w.period > 0) o["period"] = format_duration(w.period);
  else o["bars"] = w.bars;
  if (w.resolution) o["resolution"] = to_string(*w.resolution);
  return o;
}

nlohmann::ordered_json runtime_trigger_json(const RuntimeTrigger& t, const TimeZone& zone) {
  nlohmann::ordered_json o;
  switch (t.kind) {
    case RuntimeCall::After:
      o["after"] = t.after;
      o["probability"] = t.probability;
      break;
    case RuntimeCall::Dates: {
      nlohmann::ordered_json a = nlohmann::ordered_json::array();
      for (Instant d : t.dates) a.push_back(format_instant(d, zone));
      o["dates"] = a;
      break;
    }
    case RuntimeCall::OnData:
      o["on-data"] = {{"per-day-probability", t.probability}};
      break;
    case RuntimeCall::None:
      break;
  }
  return o;
}

nlohmann::ordered_json to_json(const SimulationConfig& sim) {
  nlohmann::ordered_json j;
  j["start"] = format_date(sim.start);
  j["end"] = format_date(sim.end);
  j["time-zone"] = sim.zone.name();
  auto subscription = [](const SubscriptionSpec& sub, nlohmann::ordered_json& o) {
    o["security"] = sub.security.text();
    o["resolution"] = to_string(sub.resolution);
    o["extended-market-hours"] = sub.extended_market_hours;
  };
  if (sim.securities.size() == 1) {
    subscription(sim.securities[0], j);
  } else {
    nlohmann::ordered_json a = nlohmann::ordered_json::array();
    for (const auto& sub : sim.securities) {
      nlohmann::ordered_json o;
      subscription(sub, o);
      a.push_back(o);
    }
    j["securities"] = a;
  }
  j["seed"] = sim.seed;
  j["on-data"] = {{"cost", sim.on_data.to_json()}};
  // One list, so that declaration order survives a round trip; durations
  // that came from `methods` stay there.
  nlohmann::ordered_json events = nlohmann::ordered_json::array();
  for (const auto& e : sim.events) {
    nlohmann::ordered_json o;
    o["training"] = e.training;
    o["name"] = e.name;
    if (!e.method.empty() && e.method != e.name) o["method"] = e.method;
    if (e.now) o["when"] = "now";
    else if (e.runtime_call()) o["when"] = runtime_trigger_json(e.runtime, sim.zone);
    else {
      o["date-rule"] = e.date_rule_text;
      o["time-rule"] = e.time_rule_text;
    }
    if (e.duration_given) o["duration"] = e.duration.to_json();
    if (e.growth_given) o["growth"] = {{"per-year", format_duration(e.growth_per_year)}};
    events.push_back(o);
  }
  j["events"] = events;
  if (!sim.methods.empty()) {
    nlohmann::ordered_json m = nlohmann::ordered_json::object();
    for (const auto& [name, spec] : sim.methods) {
      nlohmann::ordered_json o = nlohmann::ordered_json::object();
      if (spec.has_duration) o["duration"] = spec.duration.to_json();
      if (spec.has_growth) o["growth"] = {{"per-year", format_duration(spec.growth_per_year)}};
      m[name] = o;
    }
    j["methods"] = m;
  }
  j["bucket-clock"] = sim.bucket_clock == BucketClock::Wall ? "wall" : "algorithm";
  j["benchmark"] = sim.benchmark;
  if (sim.brokerage != "Default") j["brokerage"] = sim.brokerage;
  if (sim.warm_up.active()) j["warm-up"] = warm_up_json(sim.warm_up);
  j["daily-precise-end-time"] = sim.daily_precise_end_time;
  if (sim.calendar_trace) j["calendar"] = {{"trace", sim.calendar_trace->string()}};
  j["live"] = {{"market-open-slowdown", sim.market_open_slowdown}};
  return j;
}

}  // namespace trainsim
