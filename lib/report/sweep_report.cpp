// report/sweep_report.cpp — sweep and tune summaries and JSON.
#include "report/sweep_report.h"

#include <algorithm>

#include "trials/estimate.h"

#include <cstdio>

namespace trainsim {
namespace {

// A minutes figure as a JSON number, the form the run report writes.
nlohmann::ordered_json minutes_number(Micros m) { return nlohmann::ordered_json::parse(format_minutes(m)); }

// Adds a point's figures to `j`.
void put_point(nlohmann::ordered_json& j, const PointResult& r) {
  j["outcome"] = r.completed ? "completed" : "failed";
  j["failure-algorithm-time"] = r.completed ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(r.failure_text);
  j["failing-event"] = r.completed ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(r.failing_event_name);
  j["sessions"] = r.sessions;
  j["minutes-trained"] = minutes_number(r.training);
  j["minutes-charged"] = r.charged;
  j["bucket-minimum"] = r.bucket_minimum;
  j["wall-minutes"] = minutes_number(r.wall);
  if (r.trials > 0) {  // --trials: the point's failure probability (95% Wilson interval)
    j["trials"] = r.trials;
    j["trial-failures"] = r.trial_failures;
    j["p-fail"] = r.p_fail;
    j["p-fail-lo"] = r.p_fail_lo;
    j["p-fail-hi"] = r.p_fail_hi;
  }
}

}  // namespace


nlohmann::ordered_json sweep_rows_json(const Grid& grid, const std::vector<std::uint64_t>& points,
                                       const std::vector<PointResult>& results) {
  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
  for (size_t i = 0; i < points.size() && i < results.size(); ++i) {
    nlohmann::ordered_json row;
    row["point"] = points[i];
    nlohmann::ordered_json values;
    for (size_t a = 0; a < grid.axes().size(); ++a) values[grid.axes()[a].key] = grid.value(points[i], a);
    row["values"] = std::move(values);
    put_point(row, results[i]);
    rows.push_back(std::move(row));
  }
  return rows;
}

void SweepCounts::add(const PointResult& p) {
  ++points;
  completed += p.completed ? 1 : 0;
  trials = std::max(trials, p.trials);
  never += p.trials > 0 && p.trial_failures == 0 ? 1 : 0;
  always += p.trials > 0 && p.trial_failures == p.trials ? 1 : 0;
}

void print_sweep_summary(std::ostream& out, const SweepCounts& c, const std::optional<Shard>& shard,
                         const std::string& written_to) {
  out << "sweep: " << c.points << " points" << (shard ? " (shard " + shard->text() + ")" : "") << ", ";
  // With trials a point's verdict is its odds; the plain run is one draw of them.
  if (c.trials > 0)
    out << "by p_fail over " << c.trials << " trials each: " << c.never << " never failed, "
        << c.points - c.never - c.always << " failed in some trials, " << c.always << " failed in all (one draw, "
        << "the plain run: " << c.completed << " completed, " << c.points - c.completed << " failed)";
  else
    out << c.completed << " completed, " << c.points - c.completed << " failed";
  out << "; wrote " << written_to << "\n";
}

const char* tune_status_name(TuneOutcome::Status status) {
  switch (status) {
    case TuneOutcome::Status::Found: return "found";
    case TuneOutcome::Status::NoneCompletes: return "none-completes";
    case TuneOutcome::Status::AllComplete: return "all-complete";
    case TuneOutcome::Status::NotMonotone: return "not-monotone";
  }
  return "none-completes";
}

nlohmann::ordered_json tune_json(const TuneRequest& request, const TuneReport& t) {
  const auto& o = t.outcome;
  nlohmann::ordered_json j;
  j["key"] = request.key;
  j["goal"] = request.goal == TuneGoal::Minimize ? "minimize" : "maximize";
  j["range"] = {{"lo", t.range.text(0)},
                {"hi", t.range.text(t.range.count() - 1)},
                {"step", format_decimal(t.range.step, t.range.decimals, t.range.unit)}};
  if (request.max_failure_probability) {
    j["max-failure-probability"] = *request.max_failure_probability;
    j["trials"] = request.trials;
  }
  j["status"] = tune_status_name(o.status);
  j["boundary"] = o.boundary ? nlohmann::ordered_json(o.runs[*o.boundary].value) : nlohmann::ordered_json(nullptr);
  j["neighbour"] = o.neighbour ? nlohmann::ordered_json(o.runs[*o.neighbour].value) : nlohmann::ordered_json(nullptr);
  j["margin"] = o.boundary ? nlohmann::ordered_json{{"bucket-minimum", o.runs[*o.boundary].result.bucket_minimum},
                                                    {"minutes-charged", o.runs[*o.boundary].result.charged}}
                           : nlohmann::ordered_json(nullptr);
  j["message"] = o.message;
  nlohmann::ordered_json runs = nlohmann::ordered_json::array();
  for (const auto& r : o.runs) {
    nlohmann::ordered_json run;
    run["value"] = r.value;
    put_point(run, r.result);
    runs.push_back(std::move(run));
  }
  j["runs"] = std::move(runs);
  return j;
}

void print_tune_summary(std::ostream& out, const TuneRequest& req, const TuneReport& t, bool verbose) {
  const auto& o = t.outcome;
  const bool min = req.goal == TuneGoal::Minimize;
  const bool odds = req.max_failure_probability.has_value();
  out << "tune:     " << (min ? "minimize " : "maximize ") << req.key << " over " << t.range.text(0) << ".."
      << t.range.text(t.range.count() - 1) << " (step " << format_decimal(t.range.step, t.range.decimals, t.range.unit)
      << ")\n";
  if (odds)
    out << "target:   failure probability <= " << percent(*req.max_failure_probability) << " (95% upper bound) over "
        << req.trials << " trials per value, the same trial seeds at every value\n";
  if (odds && o.status == TuneOutcome::Status::Found) {
    const TuneRun& b = o.runs[*o.boundary];
    const TuneRun& f = o.runs[*o.neighbour];
    out << "boundary: " << b.value << "  (the " << (min ? "smallest" : "largest") << " value that meets the target; "
        << f.value << " does not)\n";
    out << "odds:     at " << b.value << " " << odds_text(trial_odds(b.result)) << "\n";
    out << "          at " << f.value << " " << odds_text(trial_odds(f.result)) << "\n";
    if (t.band) out << "band:     the interval contains the target from " << t.band->first << " to " << t.band->second << "\n";
  } else if (o.status == TuneOutcome::Status::Found) {
    const TuneRun& b = o.runs[*o.boundary];
    const TuneRun& f = o.runs[*o.neighbour];
    out << "boundary: " << b.value << "  (the " << (min ? "smallest" : "largest") << " value that completes; "
        << f.value << " fails at " << f.result.failure_text;
    if (!f.result.failing_event_name.empty()) out << " during '" << f.result.failing_event_name << "'";
    out << ")\n";
    out << "margin:   bucket minimum " << b.result.bucket_minimum << " minutes at " << b.value << " ("
        << b.result.charged << " charged, " << format_minutes(b.result.training) << " minutes trained)\n";
  } else {
    out << "boundary: none: " << o.message << "\n";
  }
  out << "runs:     " << o.runs.size() << "\n";
  if (verbose)
    for (const auto& r : o.runs) {
      if (odds)
        out << "  " << req.key << "=" << r.value << "  " << (r.result.completed ? "meets" : "misses") << " the target  "
            << odds_text(trial_odds(r.result)) << "\n";
      else
        out << "  " << req.key << "=" << r.value << "  " << (r.result.completed ? "completed" : "failed")
            << "  bucket minimum " << r.result.bucket_minimum
            << (r.result.completed ? "" : "  at " + r.result.failure_text) << "\n";
    }
}

}  // namespace trainsim
