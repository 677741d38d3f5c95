// explain/explain.cpp — the run's story, paragraph by paragraph, from the
// recorded events, the bucket summary, the failure and the advice.
#include "explain/explain.h"

#include "report/report.h"
#include "report/summary.h"
#include "sim/simulate.h"
#include "trials/estimate.h"

#include <algorithm>
#include <map>

namespace trainsim {
namespace {

std::string minutes_text(std::int64_t n) {
  return group_thousands(std::to_string(n)) + (n == 1 ? " minute" : " minutes");
}

std::string quoted_name(const Scenario& s, int event) {
  if (event < 0) return "OnData";
  return "'" + declared_events(s.sim)[static_cast<size_t>(event)]->name + "'";
}

// The listed events only: a run past kMaxListedEvents says so.
std::string listed_note(const SimulationResult& r) {
  return r.events_not_listed > 0 ? " (from the first " + group_thousands(std::to_string(r.events.size())) +
                                       " events; " + group_thousands(std::to_string(r.events_not_listed)) +
                                       " more are counted, not listed)"
                                 : "";
}

// Where the bucket was lowest: the first listed event that left it there.
const EventRecord* lowest_record(const SimulationResult& r) {
  const EventRecord* low = nullptr;
  for (const auto& e : r.events)
    if (e.charged > 0 && (!low || e.bucket_after < low->bucket_after)) low = &e;
  return low;
}

// "when 'weekly', fired Mon 2024-01-22 09:31, had drawn its 29 minutes, 2.1
// wall hours into the run": the level an event leaves is reached at its end.
std::string when_drawn(const Scenario& s, const EventRecord& e, bool live) {
  return "when " + quoted_name(s, e.event) + ", fired " + moment_text(e.fired, s.sim.zone) + ", had drawn its " +
         minutes_text(e.charged) + ", " + span_text(e.wall_start + e.duration, live ? "" : "wall") + " into the run";
}

}  // namespace

std::string explain_draws(const RunReport& report) {
  const Scenario& s = *report.scenario;
  const SimulationResult& r = report.result;
  struct Draw {
    int event = 0;
    std::int64_t runs = 0, total = 0, largest = 0;
    Instant largest_at = 0;
  };
  std::map<int, Draw> by_event;
  for (const auto& e : r.events) {
    if (e.charged <= 0) continue;
    Draw& d = by_event[e.event];
    d.event = e.event;
    ++d.runs;
    d.total += e.charged;
    if (e.charged > d.largest) {
      d.largest = e.charged;
      d.largest_at = e.fired;
    }
  }
  std::string out = "LEAN lets every scheduled event run the first minute of its time step free and takes one "
                    "minute from the bucket for each further minute it runs; the bucket started full at " +
                    minutes_text(r.bucket.capacity) + ".";
  if (by_event.empty())
    return out + " No event ran past its free first minute, so nothing was drawn" + listed_note(r) + ".";
  std::vector<Draw> draws;
  for (const auto& kv : by_event) draws.push_back(kv.second);
  std::stable_sort(draws.begin(), draws.end(), [](const Draw& a, const Draw& b) { return a.total > b.total; });
  out += " It was drawn down by ";
  constexpr size_t kNamed = 4;
  for (size_t i = 0; i < std::min(draws.size(), kNamed); ++i) {
    const Draw& d = draws[i];
    out += (i == 0 ? "" : i + 1 == std::min(draws.size(), kNamed) && draws.size() <= kNamed ? " and " : ", ") +
           quoted_name(s, d.event) + ", " + minutes_text(d.total);
    if (d.runs == 1) out += " in one run (" + moment_text(d.largest_at, s.sim.zone) + ")";
    else
      out += " over " + std::to_string(d.runs) + " runs (at most " + minutes_text(d.largest) + ", " +
             moment_text(d.largest_at, s.sim.zone) + ")";
  }
  if (draws.size() > kNamed) {
    std::int64_t rest = 0;
    for (size_t i = kNamed; i < draws.size(); ++i) rest += draws[i].total;
    out += ", and " + std::to_string(draws.size() - kNamed) + " more events " + minutes_text(rest);
  }
  return out + listed_note(r) + "; " + minutes_text(r.bucket.charged) + " in all.";
}

std::string explain_refill(const RunReport& report) {
  const Scenario& s = *report.scenario;
  const SimulationResult& r = report.result;
  const BucketSummary& b = r.bucket;
  if (b.capacity <= 0)
    return "The bucket has no capacity: LEAN grants no minute from it (and refuses none), so every time step must "
           "fit the loop maximum.";
  if (b.refill_amount <= 0)
    return "The bucket never refills (its refill amount is 0): the " + minutes_text(b.capacity) +
           " it starts with are all the training gets.";
  const Micros interval = b.interval_minutes * kMinute;
  const bool wall_clock = s.sim.bucket_clock == BucketClock::Wall;
  const std::string clock = r.live ? "" : wall_clock ? "wall" : "algorithm";
  const std::string rate = group_thousands(std::to_string(b.refill_amount)) + " every " + span_text(interval, clock);
  const std::string days = group_thousands(std::to_string(r.trading_days)) + " trading days in " + span_text(r.wall, clock);
  if (r.live)
    return "The bucket refills on the clock since deployment (live, wall time is the market's), " + rate + ": over the run's " +
           span_text(r.wall, "") + " it refilled " + minutes_text(b.refilled) + ".";
  if (!wall_clock)
    return "Here the bucket refills on the algorithm's clock (simulation.bucket-clock, not LEAN's wall clock), " +
           rate + ": over the " + group_thousands(std::to_string(r.trading_days)) + " trading days it refilled " +
           minutes_text(b.refilled) + ".";
  // The plain reason most backtests die.
  const std::string why = "the refill follows the wall clock of the machine running the backtest, not the dates "
                          "it simulates, and this backtest ran " + days + (r.completed() ? "" : " before it failed");
  if (b.refilled == 0 && r.wall < interval)
    return "It never refilled: the bucket adds " + rate + "; " + why +
           ", so all of its training had one bucketful, however many years its dates cover.";
  if (b.refilled == 0)
    return "No refill was added (" + rate + "): " + why +
           ", but a refill is counted only when a minute is next drawn with room in the bucket, and none was.";
  return "It refilled " + minutes_text(b.refilled) + " in all (" + rate + "): " + why + ".";
}

std::string explain_failure(const RunReport& report) {
  const Scenario& s = *report.scenario;
  const SimulationResult& r = report.result;
  if (!r.failure) return {};
  const Failure& f = *r.failure;
  const std::string limit = "loop maximum (" + span_text(static_cast<Micros>(s.lean.loop_maximum_minutes * kMinute), "") + ")";
  const std::string into = span_text(f.wall, r.live ? "" : "wall") + " into the run";
  if (f.event < 0)
    return "It died in OnData at " + format_instant(f.algorithm_time, s.sim.zone) + ", " + into +
           ": the time step ran longer than the " + limit +
           ", and OnData draws nothing from the bucket, so nothing could extend it. LEAN's rule: a time "
           "step fails once it runs longer than the loop maximum plus the minutes the bucket granted in it.";
  const std::string name = quoted_name(s, f.event);
  std::string out = "It died in " + name;
  const EventRecord* rec = failing_record(r);
  if (rec && rec->fired != rec->scheduled)
    out += ", scheduled " + moment_text(rec->scheduled, s.sim.zone) + ", which fired " +
           moment_text(rec->fired, s.sim.zone) + " at the first timeslice after it";
  else if (rec)
    out += ", which fired " + moment_text(rec->fired, s.sim.zone) + " as scheduled";
  if (f.reason == FailureReason::BucketRefused) {
    if (rec)
      out += (rec->bucket_before == 0 ? std::string(": it found the bucket empty")
                                      : ": it found " + minutes_text(rec->bucket_before) + " in the bucket, drew " +
                                            (rec->charged != rec->bucket_before ? minutes_text(rec->charged)
                                             : rec->charged == 1               ? "it"
                                                                                : "all of them")) +
             ", and " + span_text(rec->duration, "") + " in, the bucket refused its next minute";
    else
      out += ": the bucket refused it a minute";
    out += ", so LEAN stopped the algorithm " + into + " (its error is stamped " +
           format_instant(f.algorithm_time, s.sim.zone) + ", the event's own time). LEAN's rule: a scheduled event "
           "may run past its free first minute only by drawing each further minute from the bucket, and the "
           "algorithm stops as soon as the bucket refuses one, whatever the " + limit + ".";
    return out;
  }
  out += ": it ran past the " + limit + " with no minute granted by the bucket (capacity " +
         std::to_string(r.bucket.capacity) + "), so LEAN stopped the algorithm " + into +
         ". LEAN's rule: a time step fails once it runs longer than the loop maximum plus the minutes the bucket "
         "granted in it.";
  return out;
}

std::string explain_closest(const RunReport& report) {
  const Scenario& s = *report.scenario;
  const SimulationResult& r = report.result;
  if (!r.completed()) return {};
  const BucketSummary& b = r.bucket;
  if (b.minimum >= b.capacity) return "It completed without drawing on the bucket: it stayed full at " + minutes_text(b.capacity) + ".";
  std::string out = "It completed; its closest call left " + minutes_text(b.minimum) + " of " +
                    minutes_text(b.capacity) + " in the bucket";
  const EventRecord* low = lowest_record(r);
  if (low && low->bucket_after == b.minimum) out += ", " + when_drawn(s, *low, r.live);
  return out + listed_note(r) + ": " + minutes_text(b.minimum + 1) + " more drawn there would have stopped it.";
}

std::string explain_live(const RunReport& report) {
  const SimulationResult& r = report.result;
  if (!r.live) return {};
  std::string out = "Live, LEAN runs training on its scheduling thread beside the data: a training does not hold up "
                    "the time step and never fails on the loop maximum, but each minute after its first still draws "
                    "on the bucket, and the model is not ready while it trains.";
  if (r.model) {
    const ModelAvailability& m = *r.model;
    out += " Here it was not ready for " + span_text(m.market_time_without_model, "market") + " in all (at most " +
           span_text(m.longest_without_model, "") + " at a stretch), and " +
           group_thousands(std::to_string(m.timeslices_while_training)) + " timeslices arrived while it trained.";
  }
  return out;
}

std::string explain_advice(const RunReport& report) {
  const Scenario& s = *report.scenario;
  const SimulationResult& r = report.result;
  const Advice& a = report.advice;
  if (r.completed()) return {};
  std::vector<std::string> parts;
  // With random durations, the odds come first; the rest is this one draw's.
  if (a.odds && (a.odds->capacity || a.odds->node || a.odds->configured_meets)) {
    const OddsAdvice& o = *a.odds;
    const std::string odds = "P(fail) at most " + percent(o.max_failure) + " over " +
                             group_thousands(std::to_string(o.trials)) + " trials of the random durations";
    parts.push_back(o.configured_meets ? "nothing, for the odds: the configured quota already keeps " + odds +
                                             ", so this failure is one unlucky draw"
                    : o.capacity ? "for the odds, a capacity of " + group_thousands(std::to_string(*o.capacity)) +
                                       ", which keeps " + odds
                                 : "for the odds, the node " + *o.node + ", which keeps " + odds);
  }
  const std::string draw = a.odds ? "for this draw, " : "";
  if (a.capacity) {
    // One re-run at the advised capacity, to tell what it does to the story.
    Scenario t = s;
    t.lean.capacity = *a.capacity;
    RunReport again;
    again.scenario = &t;
    again.result = simulate(t);
    std::string p = draw + "a capacity of " + group_thousands(std::to_string(*a.capacity)) + " (refill held at " +
                    std::to_string(r.bucket.refill_amount) + ") starts the bucket " +
                    minutes_text(*a.capacity - r.bucket.capacity) + " fuller for the same draws";
    if (again.result.completed()) {
      const EventRecord* low = lowest_record(again.result);
      p += ": re-run, it completes, " + span_text(again.result.wall, r.live ? "" : "wall") + " long, " +
           (again.result.bucket.refilled > 0 ? "refilled " + minutes_text(again.result.bucket.refilled) + " on the way"
                                             : std::string("with no refill")) +
           ", its bucket lowest at " +
           minutes_text(again.result.bucket.minimum) +
           (low && low->bucket_after == again.result.bucket.minimum ? " " + when_drawn(t, *low, r.live) : "");
    } else {
      p += " (re-run with the events recorded, it still fails: the advice's search and this re-run disagree)";
    }
    parts.push_back(p);
  }
  if (a.node) parts.push_back("the node " + *a.node + ", the smallest of its kind whose quota lets the re-run complete");
  if (a.refill_amount)
    parts.push_back("a refill of " + std::to_string(*a.refill_amount) + " per " +
                    span_text(r.bucket.interval_minutes * kMinute, s.sim.bucket_clock == BucketClock::Wall && !r.live ? "wall" : "") +
                    " with the capacity held, which pays for the later trainings as they come");
  if (a.longest_duration && r.failure && r.failure->event >= 0)
    parts.push_back(quoted_name(s, r.failure->event) + " kept to at most " + *a.longest_duration +
                    ", so each of its runs draws fewer minutes (one fewer than it lasts)");
  for (const auto& change : a.schedules)
    parts.push_back(quoted_name(s, r.failure->event) + " scheduled by " + change + " instead, which completes when re-run");
  if (parts.empty()) return {};
  std::string out = "What the advice changes (each found by re-running the whole run): ";
  for (size_t i = 0; i < parts.size(); ++i) out += (i ? "; or " : "") + parts[i];
  return out + ".";
}

std::vector<std::string> explain_run(const RunReport& report) {
  std::vector<std::string> out;
  for (const auto& p : {explain_draws(report), explain_refill(report), explain_failure(report),
                        explain_closest(report), explain_live(report), explain_advice(report)})
    if (!p.empty()) out.push_back(p);
  return out;
}

}  // namespace trainsim
