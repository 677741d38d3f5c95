// advice/advice.cpp — the re-runs behind the advice line, bounded by kAdviceMaxRuns.
#include "advice/advice.h"

#include "calendar/market_clock.h"
#include "config/lean_settings.h"
#include "input/input_error.h"
#include "presets/quota_presets.h"
#include "sim/simulate.h"
#include "sweep/point_model.h"
#include "sweep/tune.h"

#include <algorithm>
#include <cctype>
#include <functional>
#include <limits>
#include <map>

namespace trainsim {
namespace {

constexpr std::int64_t kCeiling = 2'000'000'000;  // LEAN reads the bucket keys with GetInt
struct OutOfRuns {};

// Re-runs of one varied value, each made once, counted against the advice's budget.
class Runner {
 public:
  Runner(std::function<PointResult(std::int64_t)> run, int& runs) : run_(std::move(run)), runs_(runs) {}
  const PointResult& operator()(std::int64_t v) {
    auto it = memo_.find(v);
    if (it != memo_.end()) return it->second;
    if (runs_ >= kAdviceMaxRuns) throw OutOfRuns{};
    ++runs_;
    return memo_.emplace(v, run_(v)).first->second;
  }

 private:
  std::function<PointResult(std::int64_t)> run_;
  int& runs_;
  std::map<std::int64_t, PointResult> memo_;
};

struct Found {
  std::optional<std::int64_t> value;
  std::string why;  // when there is no value
};

// tune's search on the values lo..hi.
Found search(Runner& runner, std::int64_t lo, std::int64_t hi, TuneGoal goal) {
  if (hi < lo) return {std::nullopt, "the range is empty"};
  const auto evaluate = [&](const std::vector<std::uint64_t>& batch) {
    std::vector<PointResult> out;
    for (auto i : batch) out.push_back(runner(lo + static_cast<std::int64_t>(i)));
    return out;
  };
  try {
    const TuneOutcome o = tune_search(static_cast<std::uint64_t>(hi - lo), goal, 0, evaluate,
                                      [&](std::uint64_t i) { return std::to_string(lo + static_cast<std::int64_t>(i)); });
    if (o.status == TuneOutcome::Status::Found) return {std::stoll(o.runs[*o.boundary].value), ""};
    if (o.status == TuneOutcome::Status::AllComplete) return {goal == TuneGoal::Minimize ? lo : hi, ""};
    return {std::nullopt, o.message};
  } catch (const OutOfRuns&) {
    return {std::nullopt, "not found within " + std::to_string(kAdviceMaxRuns) + " re-runs"};
  }
}

// The smallest value above `now` that completes: a bracket growing 4x from
// 2x `now`, then tune's search inside it.
Found smallest_above(Runner& runner, std::int64_t now) {
  std::int64_t lo = now + 1, hi = std::max<std::int64_t>(now * 2, now + 16);
  try {
    while (!runner(hi).completed) {
      if (hi >= kCeiling) return {std::nullopt, "even " + std::to_string(kCeiling) + " fails"};
      lo = hi + 1;
      hi = std::min(hi * 4, kCeiling);
    }
  } catch (const OutOfRuns&) {
    return {std::nullopt, "not found within " + std::to_string(kAdviceMaxRuns) + " re-runs"};
  }
  return search(runner, lo, hi, TuneGoal::Minimize);
}

std::string lower_letters(const std::string& s) {
  std::string out;
  for (char c : s)
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '(') out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// A re-run of the config with one more override; nullopt when it is not a valid config.
std::optional<PointResult> run_with(const ConfigDocument& doc, const std::string& key, const std::string& value,
                                    int& runs) {
  if (runs >= kAdviceMaxRuns) return std::nullopt;
  ++runs;
  try {
    PointModel model(doc, {key}, 1, "advice");
    return model.run({value}, 0);
  } catch (const InputError&) {
    return std::nullopt;
  }
}


// Steps 1-3 for a quota whose keys the user sets: the capacity, the refill,
// the capacity with LEAN's default refill.
template <class QuotaRun>
void advise_keys(Advice& a, const Scenario& s, QuotaRun quota_run) {
  const std::int64_t cap = s.lean.capacity, refill = s.lean.refill_amount;
  // 1. Capacity, refill held fixed.
  Runner by_capacity(quota_run([](LeanSettings& l, std::int64_t v) { l.capacity = v; }), a.runs);
  const Found c1 = smallest_above(by_capacity, cap);
  a.capacity = c1.value;
  a.lines.push_back(c1.value ? std::string(lean_key::kCapacity) + " " + std::to_string(*c1.value) + " (now " +
                                   std::to_string(cap) + ") completes with the refill held at " +
                                   std::to_string(refill) + "."
                             : "no capacity completes with the refill held at " + std::to_string(refill) + ": " +
                                   c1.why + ".");

  // 2. Refill, capacity held fixed: it can never exceed what the bucket holds.
  if (refill >= cap) {
    a.lines.push_back("no refill amount helps with the capacity held at " + std::to_string(cap) +
                      ": the refill cannot exceed what the capacity holds.");
  } else {
    Runner by_refill(quota_run([](LeanSettings& l, std::int64_t v) { l.refill_amount = v; }), a.runs);
    const Found r = search(by_refill, refill + 1, cap, TuneGoal::Minimize);
    a.refill_amount = r.value;
    a.lines.push_back(r.value ? std::string(lean_key::kRefill) + " " + std::to_string(*r.value) + " (now " +
                                    std::to_string(refill) + ") completes with the capacity held at " +
                                    std::to_string(cap) + "."
                              : "no refill amount completes with the capacity held at " + std::to_string(cap) +
                                    ": even " + std::to_string(cap) +
                                    ", all the bucket holds (the refill cannot exceed it), fails" +
                                    (r.why.rfind("no value", 0) == 0 ? "" : " (" + r.why + ")") + ".");
  }

  // 3. Capacity with the refill following LEAN's default.
  Runner by_default(quota_run([](LeanSettings& l, std::int64_t v) {
                      l.capacity = v;
                      l.refill_amount = default_refill_amount(v);
                    }),
                    a.runs);
  const Found c3 = smallest_above(by_default, cap);
  a.capacity_default_refill = c3.value;
  if (c3.value)
    a.lines.push_back(std::string(lean_key::kCapacity) + " " + std::to_string(*c3.value) +
                      " completes with the refill following LEAN's default ceil(capacity / 7) = " +
                      std::to_string(default_refill_amount(*c3.value)) + " (the refill key unset).");
  else
    a.lines.push_back("no capacity completes with the refill following ceil(capacity / 7): " + c3.why + ".");
}

// A Cloud node's keys cannot be set: the smallest node of its kind that
// completes, then the capacity a local LEAN run (lean-local's loop maximum)
// needs with LEAN's default refill.
template <class QuotaRun>
void advise_cloud(Advice& a, const Scenario& s, const QuotaPreset& node, QuotaRun quota_run) {
  auto with_preset = [](LeanSettings& l, const QuotaPreset& p) {
    l.capacity = p.capacity;
    l.refill_amount = p.refill_amount;
    l.interval_minutes = p.interval_minutes;
    l.loop_maximum_minutes = p.loop_maximum_minutes;
  };
  std::string tried;
  bool out_of_runs = false;
  for (const QuotaPreset& bigger : larger_nodes(node)) {
    if (a.runs >= kAdviceMaxRuns) {
      out_of_runs = true;
      break;
    }
    ++a.runs;
    const PointResult r = quota_run([&bigger, &with_preset](LeanSettings& l, std::int64_t) { with_preset(l, bigger); })(0);
    if (r.completed) {
      a.node = bigger.name;
      break;
    }
    tried += (tried.empty() ? "" : "; ") + bigger.name + " fails at " + r.failure_text;
  }
  const std::string kind = to_string(node.kind);
  if (a.node) {
    const QuotaPreset p = *find_quota_preset(*a.node);
    a.lines.push_back("the smallest " + kind + " node that completes is " + p.name + " (" +
                      std::to_string(p.capacity) + " / " + std::to_string(p.refill_amount) + " minutes per day" +
                      (tried.empty() ? "" : "; " + tried) + "): --quota " + p.name + ".");
  } else if (out_of_runs) {
    a.lines.push_back("no larger " + kind + " node was tried within the advice's " + std::to_string(kAdviceMaxRuns) +
                      " re-runs" +
                      (tried.empty() ? "" : " (" + tried + ")") + ".");
  } else {
    a.lines.push_back(tried.empty() ? node.name + " is the largest " + kind + " node; no node has more quota."
                                    : "no larger " + kind + " node completes (" + tried + ").");
  }

  // On local LEAN the keys can be set.
  const QuotaPreset local = *find_quota_preset("lean-local");
  Scenario base = s;
  with_preset(base.lean, local);
  RunOptions quiet;
  quiet.record_events = false;
  auto local_run = [&base, &quiet](std::int64_t v) {
    Scenario t = base;
    t.lean.capacity = v;
    t.lean.refill_amount = default_refill_amount(v);
    return summarize(t, simulate(t, quiet));
  };
  Runner by_local(local_run, a.runs);
  try {
    if (by_local(local.capacity).completed) {
      a.capacity_default_refill = local.capacity;
      a.lines.push_back("on local LEAN its defaults complete (lean-local: capacity " + std::to_string(local.capacity) +
                        ", refill " + std::to_string(local.refill_amount) + ", loop maximum 20 minutes).");
      return;
    }
  } catch (const OutOfRuns&) {
    a.lines.push_back("the capacity a local LEAN run needs was not searched within the advice's re-runs.");
    return;
  }
  const Found c = smallest_above(by_local, local.capacity);
  a.capacity_default_refill = c.value;
  a.lines.push_back(c.value ? "on local LEAN (loop maximum 20 minutes), " + std::string(lean_key::kCapacity) + " " +
                                  std::to_string(*c.value) + " completes with the refill following ceil(capacity / 7) = " +
                                  std::to_string(default_refill_amount(*c.value)) + "."
                            : "on local LEAN no capacity completes with the refill following ceil(capacity / 7): " +
                                  c.why + ".");
}

}  // namespace

Advice advise(const ConfigDocument& doc, const Scenario& s, const SimulationResult& failed) {
  Advice a;
  if (!failed.failure) return a;
  const Failure& f = *failed.failure;
  const std::optional<QuotaPreset> preset = find_quota_preset(s.lean.quota);
  const bool cloud = preset && is_cloud(preset->kind);
  if (f.event < 0) {
    a.lines.push_back(cloud ? "OnData alone took longer than the loop maximum (10 minutes on every Cloud node); no "
                              "node helps: make OnData cheaper."
                            : "OnData alone took longer than the loop maximum; the bucket cannot help. Raise "
                              "algorithm-manager-time-loop-maximum or make OnData cheaper.");
    return a;
  }
  const auto declared = declared_events(s.sim);
  const ScheduledEventSpec& e = *declared[static_cast<size_t>(f.event)];
  RunOptions quiet;
  quiet.record_events = false;
  auto quota_run = [&](auto set) {
    return [&s, &quiet, set](std::int64_t v) {
      Scenario t = s;
      set(t.lean, v);
      return summarize(t, simulate(t, quiet));
    };
  };
  a.lines.push_back("'" + e.name + "' " +
                    (f.reason == FailureReason::BucketRefused ? "could not be paid for: the bucket refused a minute."
                                                              : "ran past the time loop maximum."));

  if (cloud) {
    advise_cloud(a, s, *preset, quota_run);
  } else {
    advise_keys(a, s, quota_run);
  }

  // 4. Schedule: the longest duration (whole minutes) of the failing event that completes.
  const std::string what = e.training ? "training" : "event";
  const Micros configured = e.duration.a + e.duration.b;  // the constant, a median or mean plus spread, a maximum
  const std::int64_t top = std::max<std::int64_t>(2, (std::max(configured, failed.events.empty() ? 0 : failed.events.back().duration) + kMinute - 1) / kMinute);
  // Where the duration comes from: the entry, or its method's `simulation.methods` entry.
  const std::string duration_key = !e.duration_given && !e.method.empty()
                                       ? "simulation.methods." + e.method + ".duration"
                                       : e.key_path + ".duration";
  Found d;
  try {
    PointModel model(doc, {duration_key}, 1, "advice");
    Runner by_duration([&](std::int64_t m) { return model.run({std::to_string(m) + "m"}, 0); }, a.runs);
    d = search(by_duration, 1, top, TuneGoal::Maximize);
  } catch (const InputError& err) {
    d = {std::nullopt, err.what()};
  }
  if (d.value) {
    a.longest_duration = std::to_string(*d.value) + "m";
    a.lines.push_back("the " + what + " '" + e.name + "' completes if it takes at most " + *a.longest_duration +
                      " (a fixed duration, to the minute; " + duration_key + "=" + *a.longest_duration +
                      ").");
  } else {
    a.lines.push_back("no duration of '" + e.name + "' from 1m to " + std::to_string(top) +
                      "m completes: " + d.why + ".");
  }

  // 5. A daily or weekly training: moving it outside market hours or to the weekend.
  const std::string rule = lower_letters(e.date_rule_text);
  const bool periodic = rule.find("everyday") != std::string::npos || rule.find("every(") != std::string::npos;
  if (periodic && !e.now) {
    const bool in_market = open_time_between(s.markets, f.algorithm_time, f.algorithm_time + kMinute) > 0;
    if (in_market) {
      const auto r = run_with(doc, e.key_path + ".time-rule", "TimeRules.Midnight", a.runs);
      if (r)
        a.lines.push_back("moving '" + e.name + "' outside market hours (time-rule TimeRules.Midnight) " +
                          (r->completed ? "lets the run complete." : "does not help (it fails at " + r->failure_text + ")."));
      if (r && r->completed) a.schedules.push_back("time-rule TimeRules.Midnight");
    }
    const int wd = weekday_of(static_cast<Day>(floor_div(f.algorithm_time + s.sim.zone.offset_at(f.algorithm_time), kDay)));
    if (wd != 0 && wd != 6) {
      const auto r = run_with(doc, e.key_path + ".date-rule", "DateRules.Every(DayOfWeek.Saturday)", a.runs);
      if (r)
        a.lines.push_back("moving '" + e.name + "' to the weekend (date-rule DateRules.Every(DayOfWeek.Saturday)) " +
                          (r->completed ? "lets the run complete." : "does not help (it fails at " + r->failure_text + ")."));
      if (r && r->completed) a.schedules.push_back("date-rule DateRules.Every(DayOfWeek.Saturday)");
    }
  }
  return a;
}

Advice advice_for_long_run(const std::string& config_args, const Scenario& s) {
  Advice a;
  if (const auto preset = find_quota_preset(s.lean.quota); preset && is_cloud(preset->kind)) {
    std::string nodes;
    for (const auto& p : larger_nodes(*preset)) nodes += (nodes.empty() ? "" : ",") + p.name;
    if (!nodes.empty()) {
      a.lines.push_back("this run is long; find the smallest node that completes with `trainsim sweep " + config_args +
                        " --grid quota=" + nodes + " --out -`");
      return a;
    }
  }
  a.lines.push_back("this run is long; find the quota that completes with `trainsim tune " + config_args +
                    " --minimize " + lean_key::kCapacity + " --range " + std::to_string(s.lean.capacity) + ":1000000`");
  return a;
}

std::int64_t advice_run_work(const Scenario& s, const SimulationResult& failed) {
  const bool drawn_per_slice = !s.sim.on_data.is_constant() || s.recorded != nullptr;
  const double done = 1.0 + static_cast<double>(failed.trading_days) + static_cast<double>(failed.event_occurrences) +
                      (drawn_per_slice ? static_cast<double>(failed.timeslices) / kTimeslicesPerWorkUnit : 0.0);
  // The part of the range reached: to the failure, at least a day.
  const Instant reached = failed.failure ? failed.failure->algorithm_time : s.end_exclusive;
  const Instant whole = std::max<Instant>(s.end_exclusive - s.warm_up_start, kDay);
  const Instant part = std::clamp<Instant>(reached - s.warm_up_start, kDay, whole);
  const double work = done * static_cast<double>(whole) / static_cast<double>(part);
  return work >= 9.0e18 ? std::numeric_limits<std::int64_t>::max() : static_cast<std::int64_t>(work);
}

Advice advice_for_failed_run(const ConfigDocument& doc, const Scenario& s, const SimulationResult& failed,
                             const std::string& config_args) {
  if (advice_run_work(s, failed) <= kAdviceMaxWork / kAdviceMaxRuns) return advise(doc, s, failed);
  return advice_for_long_run(config_args, s);
}

}  // namespace trainsim
