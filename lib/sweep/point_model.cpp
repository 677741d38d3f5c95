// sweep/point_model.cpp — building and simulating sweep points from one parsed config.
#include "sweep/point_model.h"

#include "config/lean_settings.h"
#include "input/input_error.h"
#include "parallel/parallel.h"
#include "sim/event_list.h"
#include "sim/simulate.h"
#include "sim/slice_source.h"
#include "trials/trials.h"

#include <algorithm>
#include <map>
#include <set>

namespace trainsim {
namespace {

const char* const kQuotaKeys[] = {lean_key::kLoopMaximum, lean_key::kCapacity, lean_key::kInterval,
                                  lean_key::kRefill};
const char* const kLeanRootKeys[] = {lean_key::kLoopMaximum, lean_key::kCapacity, lean_key::kInterval,
                                     lean_key::kRefill,      lean_key::kLiveMode, lean_key::kDataFolder};

// Given to the run, not read into the scenario (RunOptions::seed).
constexpr const char* kSeedKey = "simulation.seed";

template <size_t N>
bool one_of(const std::string& key, const char* const (&list)[N]) {
  return std::find_if(std::begin(list), std::end(list), [&](const char* k) { return key == k; }) != std::end(list);
}

// A InputError that remembers which point it came from, so the lowest one wins.
struct PointError : InputError {
  PointError(std::size_t i, const std::string& what) : InputError(what), index(i) {}
  std::size_t index;
};

}  // namespace

PointResult summarize(const Scenario& s, const SimulationResult& r) {
  PointResult p;
  static_cast<RunOutcome&>(p) = run_outcome(s, r);
  return p;
}

PointModel::PointModel(ConfigDocument base, std::vector<std::string> keys, unsigned workers,
                       const std::string& source)
    : base_(std::move(base)), keys_(std::move(keys)), workers_(std::max(workers, 1u)) {
  for (const auto& key : keys_) {
    const std::string root = key.substr(0, key.find_first_of(".["));
    if (root == "environments")
      fail_input(source, key,
                 "cannot be swept: overrides apply after the environment overlay, so this changes nothing; "
                 "sweep `environment` or the keys themselves");
    require_known_root_key(source, key, "so every point would be the same");
    quota_.push_back(one_of(key, kQuotaKeys) || key == kSeedKey);
  }
}

bool PointModel::quota_only() const {
  return std::all_of(quota_.begin(), quota_.end(), [](bool q) { return q; });
}

std::string PointModel::describe(const std::vector<std::string>& values) const {
  std::string out;
  for (size_t k = 0; k < keys_.size() && k < values.size(); ++k)
    out += (k ? ", " : "") + keys_[k] + "=" + values[k];
  return out;
}

std::vector<std::string> PointModel::structural_values(const std::vector<std::string>& values) const {
  std::vector<std::string> out;
  for (size_t k = 0; k < keys_.size(); ++k)
    if (!quota_[k]) out.push_back(values.at(k));
  return out;
}

PointModel::Structure PointModel::build(const std::vector<std::string>& structural,
                                        std::vector<std::string>& warnings) {
  ConfigDocument doc = base_;
  size_t j = 0;
  for (size_t k = 0; k < keys_.size(); ++k)
    if (!quota_[k]) apply_override(doc, keys_[k] + "=" + structural.at(j++));
  Structure st;
  st.lean.file = doc.file;
  st.lean.origin = doc.origin;
  st.lean.effective = nlohmann::json::object();
  for (const char* k : kLeanRootKeys)
    if (doc.effective.contains(k)) st.lean.effective[k] = doc.effective[k];
  // The quota preset too: each point's keys are read under it.
  if (doc.effective.contains("simulation") && doc.effective["simulation"].is_object() &&
      doc.effective["simulation"].contains("quota"))
    st.lean.effective["simulation"] = {{"quota", doc.effective["simulation"]["quota"]}};
  st.lean.overrides = doc.overrides;
  // The swept quota keys get a valid stand-in while the scenario is built:
  // each point reads its own values into `lean` afterwards.
  static const std::map<std::string, std::string> kStandIn = {{lean_key::kLoopMaximum, "10"},
                                                              {lean_key::kCapacity, "120"},
                                                              {lean_key::kInterval, "1440"},
                                                              {lean_key::kRefill, "18"}};
  for (size_t k = 0; k < keys_.size(); ++k)
    if (quota_[k] && keys_[k] != kSeedKey) apply_override(doc, keys_[k] + "=" + kStandIn.at(keys_[k]));
  warnings.insert(warnings.end(), doc.warnings.begin(), doc.warnings.end());
  st.scenario = load_scenario(doc, warnings, &cache_);
  return st;
}

LeanSettings PointModel::read_quota(ConfigDocument& lean, const std::vector<std::string>& values) const {
  for (size_t k = 0; k < keys_.size(); ++k) {
    if (!quota_[k] || keys_[k] == kSeedKey) continue;
    const std::string& text = values.at(k);
    // As apply_override reads a value: JSON if it parses, else a string.
    nlohmann::json v;
    try {
      v = nlohmann::json::parse(text);
    } catch (const nlohmann::json::parse_error&) {
      v = text;
    }
    lean.effective[keys_[k]] = std::move(v);
    lean.origin[keys_[k]] = "--set";
  }
  return read_lean_settings(lean);
}

std::optional<std::uint64_t> PointModel::read_seed(const std::vector<std::string>& values) const {
  for (size_t k = 0; k < keys_.size(); ++k) {
    if (keys_[k] != kSeedKey) continue;
    // As simulation_config reads it: a JSON non-negative integer.
    nlohmann::json v;
    try {
      v = nlohmann::json::parse(values.at(k));
    } catch (const nlohmann::json::parse_error&) {
      v = values.at(k);
    }
    if (!v.is_number_unsigned())
      fail_input(base_.file_name(), kSeedKey, "expected a non-negative integer, got " + v.dump());
    return v.get<std::uint64_t>();
  }
  return std::nullopt;
}

std::vector<std::string> PointModel::validate(std::size_t count,
                                              const std::function<std::vector<std::string>(std::size_t)>& values,
                                              unsigned jobs) {
  auto named = [&](std::size_t i, const std::string& what) {
    return keys_.empty() || i >= count ? what : "grid point " + describe(values(i)) + ": " + what;
  };
  const bool any_quota = std::any_of(quota_.begin(), quota_.end(), [](bool q) { return q; });
  // Combinations of non-quota values already validated (their LEAN keys), so
  // a combination that recurs soon is not built again. Bounded: forgotten
  // (and built again when met) past kRemembered, so memory never grows with
  // the number of combinations, only the time when they recur far apart.
  constexpr std::size_t kRemembered = 4096;
  std::map<std::vector<std::string>, std::shared_ptr<const ConfigDocument>> known;
  std::shared_ptr<Structure> only;
  std::vector<std::string> out;
  std::set<std::string> seen;

  // Points a chunk at a time, in order: the first bad point stops the
  // validation at the end of its chunk.
  for (std::size_t first = 0; first < count || (first == 0 && quota_only()); first += kValidationChunk) {
    const std::size_t m = std::min(kValidationChunk, count - first);
    std::vector<std::vector<std::string>> point_values(m);
    for (std::size_t i = 0; i < m; ++i) point_values[i] = values(first + i);

    // The chunk's combinations, in the order of their first points.
    std::map<std::vector<std::string>, std::size_t> index;
    std::vector<const std::vector<std::string>*> tuples;
    std::vector<std::size_t> first_point, combo_of(m);
    auto add = [&](std::vector<std::string> tuple, std::size_t i) {
      const auto [it, fresh] = index.emplace(std::move(tuple), tuples.size());
      if (fresh) {
        tuples.push_back(&it->first);
        first_point.push_back(i);
      }
      return it->second;
    };
    if (quota_only()) add({}, 0);
    else
      for (std::size_t i = 0; i < m; ++i) combo_of[i] = add(structural_values(point_values[i]), i);

    // Each combination not met before is built (in parallel).
    std::vector<std::shared_ptr<const ConfigDocument>> lean(tuples.size());
    std::vector<std::vector<std::string>> warnings(tuples.size());
    for (std::size_t c = 0; c < tuples.size(); ++c)
      if (const auto it = known.find(*tuples[c]); it != known.end()) lean[c] = it->second;
    std::optional<PointError> bad;
    auto keep = [&](const PointError& e) {
      if (!bad || e.index < bad->index) bad = e;
    };
    try {
      parallel_for(tuples.size(), jobs, [&](std::size_t c, unsigned) {
        if (lean[c]) return;
        try {
          Structure st = build(*tuples[c], warnings[c]);
          lean[c] = std::make_shared<const ConfigDocument>(st.lean);
          if (quota_only()) {
            // Derived here, once, so the workers' copies share it.
            st.calendar = std::make_shared<const std::vector<SliceRun>>(calendar_runs(st.scenario));
            st.event_times = std::make_shared<const EventTimes>(event_times(st.scenario));
            only = std::make_shared<Structure>(std::move(st));
          }
        } catch (const InputError& e) {
          throw PointError(first + first_point[c], named(first + first_point[c], e.what()));
        }
      });
    } catch (const PointError& e) {
      keep(e);
    }
    for (const auto& list : warnings)
      for (const auto& w : list)
        if (seen.insert(w).second) out.push_back(w);

    // The quota keys: every point, against its combination's LEAN keys.
    if (any_quota) {
      try {
        parallel_for(m, jobs, [&](std::size_t i, unsigned) {
          const auto& c = lean[combo_of[i]];
          if (!c) return;  // the combination itself is invalid: reported above
          ConfigDocument doc = *c;
          try {
            (void)read_quota(doc, point_values[i]);
            (void)read_seed(point_values[i]);
          } catch (const InputError& e) {
            throw PointError(first + i, named(first + i, e.what()));
          }
        });
      } catch (const PointError& e) {
        keep(e);
      }
    }
    if (bad) throw InputError(bad->what());
    if (known.size() + tuples.size() > kRemembered) known.clear();
    for (std::size_t c = 0; c < tuples.size() && known.size() < kRemembered; ++c) known.emplace(*tuples[c], lean[c]);
    if (count == 0) break;
  }
  if (only) shared_ = std::move(only);
  return out;
}

PointModel::Structure& PointModel::prepare(const std::vector<std::string>& values, unsigned worker) {
  Worker& w = workers_.at(worker);
  auto structural = structural_values(values);
  if (!w.has || w.structural != structural) {
    w.has = false;
    if (structural.empty() && shared_) {
      w.current = *shared_;
    } else {
      std::vector<std::string> ignored;  // validate() reported them
      w.current = build(structural, ignored);
    }
    w.structural = std::move(structural);
    w.has = true;
  }
  if (!w.current.calendar)
    w.current.calendar = std::make_shared<const std::vector<SliceRun>>(calendar_runs(w.current.scenario));
  if (!w.current.event_times) w.current.event_times = std::make_shared<const EventTimes>(event_times(w.current.scenario));
  w.current.scenario.lean = read_quota(w.current.lean, values);
  return w.current;
}

PointResult PointModel::run(const std::vector<std::string>& values, unsigned worker, std::uint64_t trials,
                            unsigned trial_jobs) {
  const Structure& point = prepare(values, worker);
  RunOptions quiet;
  quiet.record_events = false;
  quiet.seed = read_seed(values);
  quiet.calendar = point.calendar.get();
  quiet.event_times = point.event_times.get();
  PointResult p = summarize(point.scenario, simulate(point.scenario, quiet));
  if (trials > 0) {
    TrialsRequest q;
    q.count = trials;
    q.seed = quiet.seed;
    q.jobs = trial_jobs;
    const TrialStats st = trial_stats(run_trials(point.scenario, q));
    p.trials = st.failure.n;
    p.trial_failures = st.failure.hits;
    p.p_fail = st.failure.estimate;
    p.p_fail_lo = st.failure.low;
    p.p_fail_hi = st.failure.high;
  }
  return p;
}

std::vector<PointModel::TrialEnd> PointModel::trial_ends(const std::vector<std::string>& values,
                                                         const std::vector<std::uint64_t>& trials, unsigned jobs) {
  const Structure& point = prepare(values, 0);
  const auto seed = read_seed(values);
  const Scenario& s = point.scenario;
  // A wall-clock bucket refills once per whole interval of wall time.
  const Micros interval = s.lean.interval_minutes * kMinute;
  const bool wall_clock = s.sim.bucket_clock == BucketClock::Wall;
  std::vector<TrialEnd> ends(trials.size());
  parallel_for(trials.size(), jobs, [&](std::size_t j, unsigned) {
    const SimulationResult r = run_trial(s, trials[j], seed, false, point.calendar.get(), point.event_times.get());
    ends[j] = {!r.completed(), r.bucket.minimum, wall_clock && interval > 0 ? r.wall / interval + 1 : -1};
  });
  return ends;
}

}  // namespace trainsim
