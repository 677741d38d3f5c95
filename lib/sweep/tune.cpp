// sweep/tune.cpp — bisection for the completing/failing boundary, with a
// monotonicity check on every run made.
#include "sweep/tune.h"

#include "config/simulation_config.h"

#include "config/lean_settings.h"
#include "input/input_error.h"
#include "parallel/parallel.h"

#include <algorithm>
#include <limits>
#include <map>

namespace trainsim {
namespace {

bool is_integer_key(const std::string& key) {
  return key == lean_key::kCapacity || key == lean_key::kInterval || key == lean_key::kRefill;
}

}  // namespace

TuneOutcome tune_search(std::uint64_t last, TuneGoal goal, int probes,
                        const std::function<std::vector<PointResult>(const std::vector<std::uint64_t>&)>& evaluate,
                        const std::function<std::string(std::uint64_t)>& text) {
  TuneOutcome out;
  std::map<std::uint64_t, size_t> by_index;  // index -> run
  // "beyond": on the side the assumption puts failures for maximize and
  // successes for minimize; expected false below the boundary, true above.
  auto beyond = [&](const TuneRun& r) { return goal == TuneGoal::Minimize ? r.result.completed : !r.result.completed; };
  auto run_batch = [&](std::vector<std::uint64_t> batch) {
    std::vector<std::uint64_t> fresh;
    for (auto i : batch)
      if (!by_index.count(i) && std::find(fresh.begin(), fresh.end(), i) == fresh.end()) fresh.push_back(i);
    if (fresh.empty()) return;
    const auto results = evaluate(fresh);
    for (size_t j = 0; j < fresh.size(); ++j) {
      by_index[fresh[j]] = out.runs.size();
      out.runs.push_back({fresh[j], text(fresh[j]), results.at(j)});
    }
  };
  auto word = [](const TuneRun& r) { return r.result.completed ? "completes" : "fails"; };
  // Every run so far against the assumption; false (and the message) on a contradiction.
  auto monotone = [&]() {
    const TuneRun* first_beyond = nullptr;  // the lowest run on the "beyond" side
    for (const auto& [i, k] : by_index) {
      const TuneRun& r = out.runs[k];
      if (beyond(r)) {
        if (!first_beyond) first_beyond = &r;
      } else if (first_beyond) {
        out.status = TuneOutcome::Status::NotMonotone;
        out.message = "not monotone: " + first_beyond->value + " " + word(*first_beyond) + " but " + r.value + " " +
                      word(r) +
                      (goal == TuneGoal::Minimize ? "; minimize assumes larger values complete"
                                                  : "; maximize assumes smaller values complete") +
                      ", so there is no single boundary in this range";
        return false;
      }
    }
    return true;
  };

  // Both ends and evenly spaced probes, in one batch.
  std::vector<std::uint64_t> first = {0, last};
  for (int j = 1; j <= probes; ++j)
    first.push_back(static_cast<std::uint64_t>(static_cast<long double>(last) * j / (probes + 1) + 0.5L));
  std::sort(first.begin(), first.end());
  run_batch(first);
  if (!monotone()) return out;

  // The bracket: the highest run below the boundary and the lowest beyond it.
  std::optional<std::uint64_t> below, above;
  for (const auto& [i, k] : by_index) {
    if (beyond(out.runs[k])) {
      if (!above) above = i;
    } else {
      below = i;
    }
  }
  if (!above || !below) {
    const bool completes = out.runs[by_index.begin()->second].result.completed;
    if (completes) {
      out.status = TuneOutcome::Status::AllComplete;
      out.message = std::string("every value tried completes, ") +
                    (goal == TuneGoal::Minimize
                         ? "even the lowest, " + text(0) + ": the boundary is below the range"
                         : "even the highest, " + text(last) + ": the boundary is above the range");
    } else {
      out.status = TuneOutcome::Status::NoneCompletes;
      out.message = "no value in the range completes (" + text(0) + " and " + text(last) + " both fail)";
    }
    return out;
  }
  while (*above - *below > 1) {
    const std::uint64_t mid = *below + (*above - *below) / 2;
    run_batch({mid});
    if (beyond(out.runs[by_index.at(mid)])) above = mid;
    else below = mid;
    if (!monotone()) return out;
  }
  out.status = TuneOutcome::Status::Found;
  const size_t b = by_index.at(*above), f = by_index.at(*below);
  if (goal == TuneGoal::Minimize) {
    out.boundary = b;
    out.neighbour = f;
  } else {
    out.boundary = f;
    out.neighbour = b;
  }
  out.message = "boundary " + out.runs[*out.boundary].value + " (" + out.runs[*out.neighbour].value + " fails)";
  return out;
}

std::vector<std::string> tune_noise(const TuneOutcome& o, TuneGoal goal) {
  std::vector<std::string> out;
  // With common random numbers and a model monotone in the key, failures
  // never grow in the direction that should complete.
  std::vector<const TuneRun*> sorted;
  for (const auto& run : o.runs) sorted.push_back(&run);
  std::sort(sorted.begin(), sorted.end(), [](const TuneRun* a, const TuneRun* b) { return a->index < b->index; });
  for (size_t i = 1; i < sorted.size(); ++i) {
    const TuneRun* lower = sorted[i - 1];
    const TuneRun* upper = sorted[i];
    const bool worse = goal == TuneGoal::Minimize ? upper->result.trial_failures > lower->result.trial_failures
                                                  : upper->result.trial_failures < lower->result.trial_failures;
    if (worse) {
      out.push_back("trial failures are not monotone in the key (" + std::to_string(lower->result.trial_failures) +
                    " at " + lower->value + ", " + std::to_string(upper->result.trial_failures) + " at " +
                    upper->value + ") although every value ran the same trials: the model is not monotone here, "
                    "so the boundary is only a statistical one");
      break;
    }
  }
  return out;
}

TuneReport run_tune(const ConfigDocument& base, const TuneRequest& request) {
  const std::string& key = request.key;
  if (key.empty()) fail_input("tune", "", "no key to tune");
  if (const std::string why = unknown_simulation_path(key); !why.empty()) fail_input("tune", key, why);
  std::string range = request.range;
  if (range.empty()) {
    if (key == lean_key::kCapacity || key == lean_key::kRefill) range = "0:2147483647";
    else if (key == lean_key::kInterval) range = "1:2147483647";
    else if (key == lean_key::kLoopMaximum) range = "0.01:100000";
    else fail_option("--range", "", "required for '" + key + "' (e.g. --range 10m:120m or --range 0:500)");
  }
  const auto parts = split_top_level(range, ':');
  if (parts.size() != 2) fail_option("--range", range, "expected lo:hi (e.g. 0:5000, 0.5:30 or 10m:120m)");
  const auto lo = DecimalValue::parse(parts[0]), hi = DecimalValue::parse(parts[1]);
  if (!lo || !hi)
    fail_option("--range", range,
                "'" + (lo ? parts[1] : parts[0]) + "' is not a number (plain decimals, optionally with one unit)");
  std::string step = request.step;
  const bool whole = lo->decimals == 0 && hi->decimals == 0 && key != lean_key::kLoopMaximum;
  if (is_integer_key(key)) {
    if (!whole) fail_option("--range", range, "'" + key + "' is a whole number in LEAN (GetInt)");
    if (!step.empty()) {
      const auto s = DecimalValue::parse(step);
      if (s && s->decimals > 0) fail_option("--step", step, "'" + key + "' is a whole number in LEAN (GetInt)");
    }
  }
  if (step.empty()) {
    const int d = whole ? 0 : std::max({2, lo->decimals, hi->decimals});
    step = format_decimal(1, d, lo->unit);
  }
  const DecimalRange r = parse_decimal_range(parts[0], parts[1], step, "--range", range + " (step " + step + ")",
                                             std::numeric_limits<std::uint64_t>::max());
  const std::uint64_t last = r.count() - 1;

  const unsigned jobs = std::max(request.jobs, 1u);
  PointModel model(base, {key}, jobs, request.goal == TuneGoal::Minimize ? "--minimize" : "--maximize");
  TuneReport report;
  report.range = r;
  // Both ends make valid configs before anything runs (values between them
  // are then as good, for every key trainsim reads).
  report.warnings = model.validate(
      last == 0 ? 1 : 2, [&](std::size_t i) { return std::vector<std::string>{r.text(i == 0 ? 0 : last)}; }, jobs);

  const bool odds = request.max_failure_probability.has_value();
  if (odds) {
    const double target = *request.max_failure_probability;
    if (!(target > 0 && target < 1))
      fail_option("--max-failure-probability", std::to_string(target), "expected a probability between 0 and 1");
    if (request.trials == 0)
      fail_option("--max-failure-probability", "", "needs --trials N (e.g. --trials 1000) to estimate it");
  }
  // With trials each value runs once (its trials in parallel) and is kept,
  // so the second search below reuses the first one's runs.
  std::map<std::uint64_t, PointResult> ran;
  auto with_odds = [&](const std::vector<std::uint64_t>& batch, bool by_upper_bound) {
    std::vector<PointResult> results(batch.size());
    for (size_t j = 0; j < batch.size(); ++j) {
      auto it = ran.find(batch[j]);
      if (it == ran.end()) {
        const std::vector<std::string> values = {r.text(batch[j])};
        try {
          it = ran.emplace(batch[j], model.run(values, 0, request.trials, jobs)).first;
        } catch (const InputError& e) {
          throw InputError(key + "=" + values[0] + ": " + e.what());
        }
      }
      results[j] = it->second;
      const double bound = by_upper_bound ? results[j].p_fail_hi : results[j].p_fail_lo;
      results[j].completed = bound <= *request.max_failure_probability;
    }
    return results;
  };
  auto evaluate = [&](const std::vector<std::uint64_t>& batch) {
    if (odds) return with_odds(batch, true);
    std::vector<PointResult> results(batch.size());
    parallel_for(batch.size(), jobs, [&](std::size_t j, unsigned worker) {
      const std::vector<std::string> values = {r.text(batch[j])};
      try {
        results[j] = model.run(values, worker);
      } catch (const InputError& e) {
        throw InputError(key + "=" + values[0] + ": " + e.what());
      }
    });
    return results;
  };
  report.outcome = tune_search(last, request.goal, std::max(request.probes, 0), evaluate,
                               [&](std::uint64_t i) { return r.text(i); });
  if (odds) {
    // Where the interval still contains the target: from the value whose
    // lower bound meets it to the answer, whose upper bound does.
    const TuneOutcome optimistic =
        tune_search(last, request.goal, std::max(request.probes, 0),
                    [&](const std::vector<std::uint64_t>& b) { return with_odds(b, false); },
                    [&](std::uint64_t i) { return r.text(i); });
    if (optimistic.status == TuneOutcome::Status::Found && report.outcome.status == TuneOutcome::Status::Found) {
      const std::uint64_t from = optimistic.runs[*optimistic.boundary].index;
      const std::uint64_t to = report.outcome.runs[*report.outcome.boundary].index;
      report.band = {r.text(std::min(from, to)), r.text(std::max(from, to))};
      // Wider than a tenth of the answer's distance from the range's start: say so.
      const std::uint64_t width = from > to ? from - to : to - from;
      const std::uint64_t scale = request.goal == TuneGoal::Minimize ? to : last - to;
      if (width > 1 && width * 10 > scale)
        report.noise.push_back("noise makes the boundary uncertain: the 95% interval of the failure probability "
                               "contains the target for every value from " + report.band->first + " to " +
                               report.band->second + "; more --trials narrow this band");
    }
    for (auto& w : tune_noise(report.outcome, request.goal)) report.noise.push_back(std::move(w));
  }
  return report;
}

}  // namespace trainsim
