// report/report_test.cpp — the report written directly (report/json_writer.h)
// against the tree it was built as before, byte for byte, over every sample
// config and test fixture config.
#include "report/report.h"

#include "config/config_document.h"
#include "report/json_writer.h"
#include "sim/event_list.h"
#include "sim/simulate.h"
#include "testing.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <filesystem>

using namespace trainsim;

namespace {

// Minutes as a JSON number with at most 6 decimals, identical on every machine.
nlohmann::ordered_json minutes(Micros m) {
  return nlohmann::ordered_json::parse(format_minutes(m));
}

// A ratio rounded to 4 decimals, exactly.
nlohmann::ordered_json share_of(Micros part, Micros whole) {
  if (whole <= 0) return 0;
  const long long ten_thousandths = (part * 10000 + whole / 2) / whole;
  return static_cast<double>(ten_thousandths) / 10000.0;
}

// The report as it was built before: a tree, dumped.
nlohmann::ordered_json old_report_json(const Scenario& s, const SimulationResult& r) {
  const auto declared = declared_events(s.sim);
  auto name_of = [&](int i) -> nlohmann::ordered_json {
    if (i < 0) return nullptr;
    return declared[static_cast<size_t>(i)]->name;
  };
  nlohmann::ordered_json j;
  j["outcome"] = r.completed() ? "completed" : "failed";
  j["mode"] = r.live ? "live" : "backtest";
  if (r.failure) {
    j["failure"] = {{"algorithm-time", format_instant(r.failure->algorithm_time, s.sim.zone)},
                    {"wall-minutes", minutes(r.failure->wall)},
                    {"event", name_of(r.failure->event)},
                    {"reason", reason_name(r.failure->reason)},
                    {"message", r.failure->message}};
  } else {
    j["failure"] = nullptr;
  }
  j["timeslices"] = r.timeslices;
  j["trading-days"] = r.trading_days;
  j["wall-minutes"] = minutes(r.wall);
  j["bucket"] = {{"capacity", r.bucket.capacity},       {"refill-amount", r.bucket.refill_amount},
                 {"interval-minutes", r.bucket.interval_minutes}, {"charged", r.bucket.charged},
                 {"refilled", r.bucket.refilled},       {"final", r.bucket.final_level},
                 {"minimum", r.bucket.minimum}};
  j["training"] = {{"sessions", r.training_sessions}, {"minutes", minutes(r.training_time)}};
  if (r.runtime_calls) j["training"]["runtime-calls"] = *r.runtime_calls;
  if (r.warm_up)
    j["warm-up"] = {{"start", format_instant(r.warm_up->start, s.sim.zone)},
                    {"timeslices", r.warm_up->timeslices},
                    {"training-sessions", r.warm_up->training_sessions},
                    {"wall-minutes", minutes(r.warm_up->wall)}};
  j["limits"] = {{"loop-maximum-minutes", s.lean.loop_maximum_minutes},
                 {"bucket-clock", s.sim.bucket_clock == BucketClock::Wall ? "wall" : "algorithm"}};
  j["scheduled-event-runs"] = r.event_occurrences;
  nlohmann::ordered_json events = nlohmann::ordered_json::array();
  for (const auto& e : r.events) {
    nlohmann::ordered_json o;
    o["name"] = declared[static_cast<size_t>(e.event)]->name;
    o["training"] = declared[static_cast<size_t>(e.event)]->training;
    o["scheduled"] = format_instant(e.scheduled, s.sim.zone);
    o["fired"] = format_instant(e.fired, s.sim.zone);
    o["wall-start-minutes"] = minutes(e.wall_start);
    o["minutes"] = minutes(e.duration);
    o["charged"] = e.charged;
    o["bucket-before"] = e.bucket_before;
    o["bucket-after"] = e.bucket_after;
    // Marks that only appear when the run has them, so other reports keep their bytes.
    if (declared[static_cast<size_t>(e.event)]->runtime_call()) o["runtime"] = true;
    if (r.warm_up && e.fired <= s.start) o["warm-up"] = true;
    events.push_back(std::move(o));
  }
  if (r.model) {
    const auto& m = *r.model;
    j["model"] = {{"timeslices-while-training", m.timeslices_while_training},
                  {"market-minutes-without-model", minutes(m.market_time_without_model)},
                  {"longest-without-model-minutes", minutes(m.longest_without_model)},
                  {"training-share-in-open-market",
                   share_of(m.training_in_open_market, m.training_total)}};
  }
  j["events"] = std::move(events);
  if (r.events_not_listed > 0) {
    j["events-not-listed"] = r.events_not_listed;
    j["events-note"] = "only the first " + std::to_string(kMaxListedEvents) + " of " +
                       std::to_string(static_cast<std::int64_t>(r.events.size()) + r.events_not_listed) +
                       " events are listed";
  }
  return j;
}

std::string written(const Scenario& s, const SimulationResult& r, int indent, size_t max_events) {
  JsonWriter w(indent);
  w.begin_object();
  write_report_members(w, s, r, max_events);
  w.end_object();
  return w.take();
}

}  // namespace

TEST_CASE("report: written directly, byte-identical to the tree it was built as, over every config") {
  int checked = 0;
  for (const char* folder : {"configs", "tests/fixtures/configs"}) {
    for (const auto& entry : std::filesystem::directory_iterator(std::filesystem::path(TRAINSIM_SOURCE_DIR) / folder)) {
      if (entry.path().extension() != ".json") continue;
      const std::string name = entry.path().string();
      CAPTURE(name);
      std::vector<std::string> warnings;
      Scenario s;
      try {
        s = load_scenario(load_config_document(entry.path()), warnings);
      } catch (const ConfigError&) {
        continue;  // a fixture of bad input
      }
      const SimulationResult r = simulate(s);
      const nlohmann::ordered_json tree = old_report_json(s, r);
      CHECK(written(s, r, 2, SIZE_MAX) == tree.dump(2));
      CHECK(written(s, r, -1, SIZE_MAX) == tree.dump());
      // The page's cut: the first events only.
      nlohmann::ordered_json cut = tree;
      if (cut["events"].size() > 2) cut["events"].erase(cut["events"].begin() + 2, cut["events"].end());
      CHECK(written(s, r, -1, 2) == cut.dump());
      ++checked;
    }
  }
  CHECK(checked >= 20);
}
