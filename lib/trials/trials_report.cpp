// trials/trials_report.cpp — the trials' JSON report, summary and shard files.
#include "trials/trials_report.h"

#include "report/report_identity.h"

#include "config/config_document.h"
#include "config/config_error.h"
#include "parallel/shard_file.h"
#include "report/report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace trainsim {
namespace {

constexpr const char* kMagic = "# trainsim trials";
constexpr const char* kRandom = "# random: ";
constexpr const char* kContext = "# context: ";

double rounded(double p) { return rounded_probability(p); }

nlohmann::ordered_json minutes(Micros m) { return nlohmann::ordered_json::parse(format_minutes(m)); }

nlohmann::ordered_json reason_json(const Proportion& p) {
  return {{"failures", p.hits}, {"probability", rounded(p.estimate)}, {"low", rounded(p.low)},
          {"high", rounded(p.high)}};
}

template <typename T, typename F>
nlohmann::ordered_json list(const std::vector<T>& values, F&& each) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const auto& v : values) out.push_back(each(v));
  return out;
}


template <typename C, typename F>
std::string joined(const C& values, F&& each) {
  std::string out;
  for (const auto& v : values) out += (out.empty() ? "" : ", ") + each(v);
  return out;
}


const std::vector<std::string>& columns() {
  static const std::vector<std::string> c = {"trial",          "outcome",         "reason",  "failure_algorithm_time",
                                             "failure_utc_us", "failure_wall_us", "failing_event", "sessions",
                                             "training_us",    "charged",         "bucket_minimum", "wall_us"};
  return c;
}

}  // namespace

double rounded_probability(double p) { return std::round(p * 1e6) / 1e6; }

nlohmann::ordered_json trials_context(const Scenario& s, std::uint64_t seed) {
  nlohmann::ordered_json c;
  c["mode"] = s.lean.live_mode ? "live" : "backtest";
  c["start"] = format_date(s.sim.start);
  c["end"] = format_date(s.sim.end);
  c["time-zone"] = s.sim.zone.name();
  nlohmann::ordered_json subscriptions = nlohmann::ordered_json::array();
  for (const auto& sub : s.subscriptions)
    subscriptions.push_back({{"security", sub.spec.security.text()}, {"resolution", to_string(sub.spec.resolution)}});
  c["securities"] = std::move(subscriptions);
  c["seed"] = seed;
  c["bucket"] = {{"capacity", s.lean.capacity},
                 {"refill-amount", s.lean.refill_amount},
                 {"interval-minutes", s.lean.interval_minutes}};
  c["loop-maximum-minutes"] = s.lean.loop_maximum_minutes;
  nlohmann::ordered_json names = nlohmann::ordered_json::array();
  for (const auto* e : declared_events(s.sim)) names.push_back(e->name);
  c["events"] = std::move(names);
  c["quota"] = quota_json(s.lean);
  return c;
}

std::string trial_event_name(const nlohmann::ordered_json& context, int event) {
  if (event < 0) return "OnData";
  const auto& names = context.at("events");
  return static_cast<size_t>(event) < names.size() ? "'" + names[static_cast<size_t>(event)].get<std::string>() + "'"
                                                   : "event " + std::to_string(event);
}

TrialsReport make_trials_report(nlohmann::ordered_json context, TrialsRun run, std::string config_file,
                                std::string replay) {
  TrialsReport r;
  r.context = std::move(context);
  r.run = std::move(run);
  r.stats = trial_stats(r.run);
  r.config_file = std::move(config_file);
  r.replay = std::move(replay);
  return r;
}

std::string replay_command(const TrialsReport& report, std::uint64_t trial) {
  if (report.replay.empty() || !report.stats.random) return "";
  const std::string k = std::to_string(trial);
  return report.replay + " --trial " + k + " --timeline trial-" + k + ".csv";
}

nlohmann::ordered_json trials_report_json(const TrialsReport& report) {
  const TrialStats& st = report.stats;
  // The context's identity parts (quota; config and warnings from `run`) go
  // where every report has them (report/report_identity.h).
  static const char* const kIdentity[] = {"config", "quota", "warnings"};
  nlohmann::ordered_json j;
  for (auto it = report.context.begin(); it != report.context.end(); ++it)
    if (std::find(std::begin(kIdentity), std::end(kIdentity), it.key()) == std::end(kIdentity)) j[it.key()] = it.value();
  auto part = [&](const char* key) -> nlohmann::ordered_json {
    return report.context.contains(key) ? report.context.at(key) : nlohmann::ordered_json(nullptr);
  };
  nlohmann::ordered_json t;
  t["count"] = st.failure.n;
  t["requested"] = st.requested;
  t["random"] = st.random;
  t["stopped-early"] = st.stopped_early;
  t["seeding"] = "trial k: each generator of the seed advanced k * 2^128 draws (xoshiro256** jump)";
  t["confidence"] = 0.95;
  t["failures"] = st.failure.hits;
  t["failure-probability"] = rounded(st.failure.estimate);
  t["failure-probability-low"] = rounded(st.failure.low);
  t["failure-probability-high"] = rounded(st.failure.high);
  t["by-reason"] = {{reason_name(FailureReason::BucketRefused), reason_json(st.refused)},
                    {reason_name(FailureReason::TimeLoop), reason_json(st.time_loop)}};
  t["completed"] = st.completed;
  nlohmann::ordered_json q;
  q["percent"] = list(std::vector<int>(std::begin(kQuantilePercents), std::end(kQuantilePercents)),
                      [](int p) { return p; });
  q["failure-algorithm-time"] = list(st.failure_time, [](const TrialRecord* r) { return r->failure_text; });
  q["failure-wall-minutes"] = list(st.failure_wall, [](Micros m) { return minutes(m); });
  q["bucket-minimum"] = list(st.bucket_minimum, [](std::int64_t v) { return v; });
  q["sessions"] = list(st.sessions, [](std::int64_t v) { return v; });
  q["minutes-charged"] = list(st.charged, [](std::int64_t v) { return v; });
  t["quantiles"] = std::move(q);
  t["worst-trial"] = st.worst ? nlohmann::ordered_json(st.worst->trial) : nlohmann::ordered_json(nullptr);
  t["first-failing-trial"] =
      st.first_failing ? nlohmann::ordered_json(st.first_failing->trial) : nlohmann::ordered_json(nullptr);
  j["trials"] = std::move(t);
  return identified_report(j, part("config"), part("quota"), part("warnings"));
}

void print_trials_summary(std::ostream& out, const TrialsReport& report) {
  const nlohmann::ordered_json& c = report.context;
  const TrialStats& st = report.stats;
  const std::uint64_t n = st.failure.n;
  out << "trainsim: " << n << (n == 1 ? " trial" : " trials") << " of a " << c.at("mode").get<std::string>() << " "
      << c.at("start").get<std::string>() << " .. " << c.at("end").get<std::string>() << " on "
      << joined(c.at("securities"),
                [](const nlohmann::ordered_json& sub) {
                  return sub.at("security").get<std::string>() + " (" + sub.at("resolution").get<std::string>() + ")";
                })
      << ", seed "
      << c.at("seed").get<std::uint64_t>() << "\n";
  if (!st.random)
    out << "note:     nothing in this config is random, so every trial is the same run: ran one instead of "
        << st.requested << "\n";
  if (st.stopped_early)
    out << "note:     stopped after " << n << " of " << st.requested << " trials: the interval is within --precision\n";
  out << "failure:  " << st.failure.hits << " of " << n << ", " << interval_text(st.failure, st.random) << "\n";
  out << "  bucket refused " << interval_text(st.refused, st.random) << "; time loop "
      << interval_text(st.time_loop, st.random) << "\n";
  const std::string levels = joined(std::vector<int>(std::begin(kQuantilePercents), std::end(kQuantilePercents)),
                                    [](int p) { return std::to_string(p); });
  if (!st.failure_time.empty()) {
    out << "failure date, quantiles " << levels << "%:\n  "
        << joined(st.failure_time, [](const TrialRecord* r) { return r->failure_text; }) << "\n";
    out << "failure wall minutes: " << joined(st.failure_wall, [](Micros m) { return format_minutes(m); }) << "\n";
  }
  if (st.completed > 0) {
    auto ints = [](const std::vector<std::int64_t>& v) {
      return joined(v, [](std::int64_t x) { return std::to_string(x); });
    };
    out << "completed (" << st.completed << "), quantiles " << levels << "%: bucket minimum "
        << ints(st.bucket_minimum) << "; sessions " << ints(st.sessions) << "; minutes charged " << ints(st.charged)
        << "\n";
  }
  if (st.worst) {
    const TrialRecord& w = *st.worst;
    out << "worst:    trial " << w.trial;
    if (w.completed) out << " completes with bucket minimum " << w.bucket_minimum;
    else out << " fails at " << w.failure_text << " during " << trial_event_name(c, w.failing_event);
    out << "\n";
  }
  if (st.first_failing) out << "first failing trial: " << st.first_failing->trial << "\n";
  const TrialRecord* replayed = st.first_failing ? st.first_failing : st.worst;
  if (replayed && !replay_command(report, replayed->trial).empty())
    out << "replay:   " << replay_command(report, replayed->trial) << "\n";
}

std::string trials_shard_csv(const nlohmann::ordered_json& context, const std::string& fingerprint,
                             const Shard& shard, const TrialsRun& run) {
  std::string out = std::string(kMagic) + "\n";
  out += kTrialsLine + std::to_string(run.requested) + "\n";
  out += kRandom + std::string(run.random ? "true" : "false") + "\n";
  out += kConfigLine + fingerprint + "\n";
  out += kContext + context.dump() + "\n";
  out += kShardLine + shard.text() + "\n";
  out += csv_row(columns());
  for (const auto& r : run.records)
    out += csv_row({std::to_string(r.trial), r.completed ? "completed" : "failed",
                    r.completed ? "" : reason_name(r.refused ? FailureReason::BucketRefused : FailureReason::TimeLoop), r.failure_text,
                    r.completed ? "" : std::to_string(r.failure_time), std::to_string(r.failure_wall),
                    std::to_string(r.failing_event), std::to_string(r.sessions), std::to_string(r.training),
                    std::to_string(r.charged), std::to_string(r.bucket_minimum), std::to_string(r.wall)});
  return out;
}

bool is_trials_shard(const std::string& text) { return text.rfind(std::string(kMagic) + "\n", 0) == 0 ||
                                                      text.rfind(std::string(kMagic) + "\r\n", 0) == 0; }

namespace {
// A context line as trials_context writes it, every key the report and the
// page read there with its type: a shard is user input (merge).
bool is_trials_context(const nlohmann::ordered_json& c) {
  auto is_string = [&](const nlohmann::ordered_json& o, const char* k) { return o.contains(k) && o[k].is_string(); };
  auto is_integer = [&](const nlohmann::ordered_json& o, const char* k) {
    return o.contains(k) && (o[k].is_number_integer() || o[k].is_number_unsigned());
  };
  if (!c.is_object() || !is_string(c, "mode") || !is_string(c, "start") || !is_string(c, "end") ||
      !is_string(c, "time-zone") || !c.contains("seed") || !c["seed"].is_number_unsigned() ||
      !c.contains("loop-maximum-minutes") || !c["loop-maximum-minutes"].is_number())
    return false;
  if (!c.contains("securities") || !c["securities"].is_array()) return false;
  for (const auto& sub : c["securities"])
    if (!sub.is_object() || !is_string(sub, "security") || !is_string(sub, "resolution")) return false;
  if (!c.contains("bucket") || !c["bucket"].is_object()) return false;
  for (const char* k : {"capacity", "refill-amount", "interval-minutes"})
    if (!is_integer(c["bucket"], k)) return false;
  if (!c.contains("events") || !c["events"].is_array()) return false;
  for (const auto& e : c["events"])
    if (!e.is_string()) return false;
  return true;
}
}  // namespace

TrialsShard parse_trials_shard(const std::string& text, const std::string& source) {
  TrialsShard f;
  f.id.source = source;
  auto bad = [&](const std::string& why) { fail_config(source, "", "not a trainsim trials shard (" + why + ")"); };
  const ShardFilePreamble pre = split_preamble(text);
  if (pre.lines.empty() || pre.lines[0] != kMagic) bad("its first line is not '" + std::string(kMagic) + "'");
  // Its text ends up in JSON reports and pages: UTF-8 only (the JSON writer
  // would throw on anything else, after the work).
  try {
    (void)nlohmann::json(text).dump();
  } catch (const nlohmann::json::type_error&) {
    bad("it is not UTF-8 text");
  }
  bool has_trials = false, has_random = false, has_config = false, has_context = false, has_shard = false;
  for (size_t i = 1; i < pre.lines.size(); ++i) {
    const std::string& l = pre.lines[i];
    try {
      if (starts_with(l, kTrialsLine)) {
        f.run.requested = std::stoull(l.substr(std::string(kTrialsLine).size()));
        has_trials = true;
      } else if (starts_with(l, kRandom)) {
        f.run.random = l.substr(std::string(kRandom).size()) == "true";
        has_random = true;
      } else if (starts_with(l, kConfigLine)) {
        f.id.config = l.substr(std::string(kConfigLine).size());
        has_config = true;
      } else if (starts_with(l, kContext)) {
        // Bounded first (nesting, size) by the one JSON reader; then read
        // again keeping the keys' order, which the report repeats.
        const std::string context = l.substr(std::string(kContext).size());
        parse_json_text(context, source + " (context line)");
        f.context = nlohmann::ordered_json::parse(context);
        has_context = is_trials_context(f.context);
      } else if (starts_with(l, kShardLine)) {
        f.id.shard = parse_shard(l.substr(std::string(kShardLine).size()), source + ": shard line");
        has_shard = true;
      }
    } catch (const ConfigError&) {
      throw;
    } catch (const std::exception&) {
      bad("unreadable line '" + l + "'");
    }
  }
  if (!has_trials || !has_random || !has_config || !has_context || !has_shard)
    bad("its preamble lacks the trials, random, config, context or shard line (or the context is not one trainsim wrote)");
  auto records = parse_csv_records(text.substr(pre.body), source);
  if (records.empty() || records[0] != columns()) bad("its header row is not the trials columns");
  for (size_t i = 1; i < records.size(); ++i) {
    const auto& row = records[i];
    const std::string where = "row " + std::to_string(i);
    if (row.size() != columns().size())
      fail_config(source, "", where + " has " + std::to_string(row.size()) + " fields, not " +
                                  std::to_string(columns().size()) + " (a truncated or edited file?)");
    TrialRecord r;
    try {
      r.trial = std::stoull(row[0]);
      r.completed = row[1] == "completed";
      if (!r.completed && row[1] != "failed") throw std::invalid_argument("outcome");
      r.refused = row[2] == reason_name(FailureReason::BucketRefused);
      r.failure_text = row[3];
      r.failure_time = r.completed ? 0 : std::stoll(row[4]);
      r.failure_wall = std::stoll(row[5]);
      r.failing_event = std::stoi(row[6]);
      r.sessions = std::stoll(row[7]);
      r.training = std::stoll(row[8]);
      r.charged = std::stoll(row[9]);
      r.bucket_minimum = std::stoll(row[10]);
      r.wall = std::stoll(row[11]);
      for (const std::int64_t v : {r.failure_time, r.failure_wall, r.sessions, r.training, r.charged, r.wall})
        if (v < 0) throw std::invalid_argument("negative");
      if (r.failing_event < -1 || r.failing_event >= static_cast<int>(f.context.at("events").size()))
        throw std::invalid_argument("event");
    } catch (const std::exception&) {
      fail_config(source, "", where + " does not read as a trial (an edited file?)");
    }
    f.run.records.push_back(std::move(r));
  }
  return f;
}

TrialsRun merge_trials_shards(const std::vector<TrialsShard>& shards) {
  if (shards.empty()) fail_config("merge", "", "no input files");
  const TrialsShard& first = shards.front();
  std::vector<ShardFile> ids;
  for (const auto& s : shards) ids.push_back(s.id);
  const std::vector<std::size_t> order = order_shard_set(ids);  // config, sharding, missing, duplicated
  for (const auto& s : shards) {
    if (s.run.requested != first.run.requested || s.run.random != first.run.random || s.context != first.context)
      fail_config("merge", "",
                  s.id.source + " and " + first.id.source +
                      " are shards of different trial runs (trial count, seed or scenario differ); refusing to merge them");
  }
  const std::uint64_t total = first.run.random ? first.run.requested : std::min<std::uint64_t>(first.run.requested, 1);
  TrialsRun out;
  out.requested = first.run.requested;
  out.random = first.run.random;
  // Every count checked against the rows the shards hold before any memory
  // is given to it: a declared count is not trusted.
  for (const std::size_t i : order) {
    const TrialsShard& s = shards[i];
    const std::uint64_t want = s.id.shard.count(total);
    if (s.run.records.size() != want)
      fail_config("merge", "",
                  s.id.source + " (shard " + s.id.shard.text() + ") has " + std::to_string(s.run.records.size()) +
                      " trials, not the " + std::to_string(want) + " of its part (an interrupted run?)");
  }
  out.records.resize(total);
  for (const std::size_t i : order) {
    const TrialsShard& s = shards[i];
    const std::uint64_t want = s.id.shard.count(total);
    for (std::uint64_t r = 0; r < want; ++r) {
      const std::uint64_t trial = s.id.shard.point(r);
      if (s.run.records[r].trial != trial)
        fail_config("merge", "",
                    s.id.source + ": row " + std::to_string(r + 1) + " is trial " +
                        std::to_string(s.run.records[r].trial) + ", expected trial " + std::to_string(trial));
      out.records[trial] = s.run.records[r];
    }
  }
  return out;
}

}  // namespace trainsim
