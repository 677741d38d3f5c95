// report/trials_report.cpp — the trials' JSON report, summary and shard files.
#include "report/trials_report.h"

#include "report/report_identity.h"

#include "input/input_error.h"
#include "input/json_text.h"
#include "input/utf8.h"
#include "parallel/shard_file.h"
#include "report/report.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <utility>
#include <cstdio>

namespace trainsim {
namespace {

// "yyyy-mm-ddThh:mm:ss" at the start of `t`, digits where digits go.
bool looks_like_date_time(const std::string& t) {
  static constexpr char kShape[] = "dddd-dd-ddTdd:dd:dd";
  if (t.size() < sizeof kShape - 1) return false;
  for (std::size_t k = 0; k + 1 < sizeof kShape; ++k)
    if (kShape[k] == 'd' ? !(t[k] >= '0' && t[k] <= '9') : t[k] != kShape[k]) return false;
  return true;
}

constexpr const char* kMagic = "# trainsim trials";
constexpr const char* kRandom = "# random: ";
constexpr const char* kContext = "# context: ";
constexpr const char* kSummary = "# summary: ";

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
                                             "training_us",    "charged",         "bucket_minimum", "wall_us",
                                             "kept"};
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
  q["failure-algorithm-time"] = list(st.failure_time, [](const TrialRecord& r) { return r.failure_text; });
  q["failure-wall-minutes"] = list(st.failure_wall, [](Micros m) { return minutes(m); });
  q["bucket-minimum"] = list(st.bucket_minimum, [](std::int64_t v) { return v; });
  q["sessions"] = list(st.sessions, [](std::int64_t v) { return v; });
  q["minutes-charged"] = list(st.charged, [](std::int64_t v) { return v; });
  // How many trials the quantiles are of: all of them (exact) up to the
  // sample's capacity, else a hash-chosen sample of that many.
  q["sample"] = {{"failed", st.failed_sampled}, {"completed", st.completed_sampled}};
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
  if (st.sampled())
    out << "note:     quantiles are of a sample (" << st.failed_sampled << " of " << st.failure.hits << " failed, "
        << st.completed_sampled << " of " << st.completed << " completed trials, chosen by trial number)\n";
  if (!st.failure_time.empty()) {
    out << "failure date, quantiles " << levels << "%:\n  "
        << joined(st.failure_time, [](const TrialRecord& r) { return r.failure_text; }) << "\n";
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
  const TrialRecord* replayed = st.first_failing ? &*st.first_failing : st.worst ? &*st.worst : nullptr;
  if (replayed && !replay_command(report, replayed->trial).empty())
    out << "replay:   " << replay_command(report, replayed->trial) << "\n";
}

std::string trials_shard_csv(const nlohmann::ordered_json& context, const std::string& fingerprint,
                             const Shard& shard, const TrialsRun& run) {
  const TrialsSummary& sum = run.summary;
  std::string out = std::string(kMagic) + "\n";
  out += kTrialsLine + std::to_string(run.requested) + "\n";
  out += kRandom + std::string(run.random ? "true" : "false") + "\n";
  out += kConfigLine + fingerprint + "\n";
  out += kContext + context.dump() + "\n";
  out += kShardLine + shard.text() + "\n";
  nlohmann::ordered_json counts = {{"ran", sum.count},
                                   {"failed", sum.failed},
                                   {"refused", sum.refused},
                                   {"sample", sum.failed_sample.capacity()}};
  if (sum.failed > 0) counts["failure-time"] = {sum.earliest_failure, sum.latest_failure};
  if (sum.completed() > 0) counts["bucket-minimum"] = {sum.lowest_minimum, sum.highest_minimum};
  out += kSummary + counts.dump() + "\n";
  out += csv_row(columns());
  // The summary's trials, each once, with what it is kept as.
  std::vector<std::pair<TrialRecord, std::string>> rows;
  for (const auto* sample : {&sum.failed_sample, &sum.completed_sample})
    for (auto& r : sample->records()) rows.emplace_back(r, "sample");
  for (const auto& [special, role] : {std::pair{&sum.worst, "worst"}, std::pair{&sum.first_failing, "first-failing"}}) {
    if (!*special) continue;
    const std::uint64_t trial = (*special)->trial;  // a plain value: clang 14 cannot capture a binding
    auto it = std::find_if(rows.begin(), rows.end(), [trial](const auto& row) { return row.first.trial == trial; });
    if (it == rows.end()) rows.emplace_back(**special, role);
    else it->second += std::string(" ") + role;
  }
  std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.first.trial < b.first.trial; });
  for (const auto& [r, kept] : rows)
    out += csv_row({std::to_string(r.trial), r.completed ? "completed" : "failed",
                    r.completed ? "" : reason_name(r.refused ? FailureReason::BucketRefused : FailureReason::TimeLoop), r.failure_text,
                    r.completed ? "" : std::to_string(r.failure_time), std::to_string(r.failure_wall),
                    std::to_string(r.failing_event), std::to_string(r.sessions), std::to_string(r.training),
                    std::to_string(r.charged), std::to_string(r.bucket_minimum), std::to_string(r.wall), kept});
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

namespace {
// The summary line: counts and extremes, each checked (a shard is user input).
struct SummaryLine {
  std::uint64_t ran = 0, failed = 0, refused = 0, sample = 0;
  Instant earliest_failure = 0, latest_failure = 0;
  std::int64_t lowest_minimum = 0, highest_minimum = 0;
};

SummaryLine read_summary_line(const std::string& text, const std::string& source) {
  const nlohmann::json j = parse_json_text(text, source + " (summary line)");
  auto bad = [&](const std::string& why) { fail_input(source, "", "its summary line " + why + " (an edited file?)"); };
  auto count = [&](const char* key) {
    if (!j.is_object() || !j.contains(key) || !j[key].is_number_unsigned()) bad("lacks a whole number '" + std::string(key) + "'");
    return j[key].get<std::uint64_t>();
  };
  SummaryLine l;
  l.ran = count("ran");
  l.failed = count("failed");
  l.refused = count("refused");
  l.sample = count("sample");
  if (l.failed > l.ran || l.refused > l.failed) bad("counts more failures than trials, or more refusals than failures");
  if (l.sample == 0 || l.sample > (1u << 24)) bad("has a sample capacity outside 1 .. 16777216");
  auto range = [&](const char* key, bool present, std::int64_t& lo, std::int64_t& hi) {
    if (!present) {
      if (j.contains(key)) bad("has '" + std::string(key) + "' with no trials of its kind");
      return;
    }
    if (!j.contains(key) || !j[key].is_array() || j[key].size() != 2 || !j[key][0].is_number_integer() ||
        !j[key][1].is_number_integer())
      bad("lacks '" + std::string(key) + "': [lowest, highest]");
    lo = j[key][0].get<std::int64_t>();
    hi = j[key][1].get<std::int64_t>();
    if (lo > hi) bad("has '" + std::string(key) + "' lowest above highest");
  };
  range("failure-time", l.failed > 0, l.earliest_failure, l.latest_failure);
  range("bucket-minimum", l.ran > l.failed, l.lowest_minimum, l.highest_minimum);
  return l;
}
}  // namespace

TrialsShard parse_trials_shard(const std::string& text, const std::string& source) {
  TrialsShard f;
  f.id.source = source;
  auto bad = [&](const std::string& why) { fail_input(source, "", "not a trainsim trials shard (" + why + ")"); };
  const ShardFilePreamble pre = split_preamble(text);
  if (pre.lines.empty() || pre.lines[0] != kMagic) bad("its first line is not '" + std::string(kMagic) + "'");
  // Its text ends up in JSON reports and pages: UTF-8 only (the JSON writer
  // would throw on anything else, after the work).
  if (!is_utf8(text)) bad("it is not UTF-8 text");
  bool has_trials = false, has_random = false, has_config = false, has_context = false, has_shard = false;
  std::optional<SummaryLine> summary;
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
      } else if (starts_with(l, kSummary)) {
        summary = read_summary_line(l.substr(std::string(kSummary).size()), source);
      }
    } catch (const InputError&) {
      throw;
    } catch (const std::exception&) {
      bad("unreadable line '" + l + "'");
    }
  }
  if (!has_trials || !has_random || !has_config || !has_context || !has_shard)
    bad("its preamble lacks the trials, random, config, context or shard line (or the context is not one trainsim wrote)");
  if (!summary)
    bad("its preamble has no summary line: it was written by a trainsim that kept every trial; run the shard again");
  const SummaryLine& sum = *summary;
  auto records = parse_csv_records(text.substr(pre.body), source);
  if (records.empty() || records[0] != columns()) bad("its header row is not the trials columns");
  // The rows must be what the counts say a summary keeps: the sample (every
  // trial of a kind up to its capacity), the worst and the first failing
  // trial, each once and each a trial of this shard.
  const std::uint64_t total = f.run.random ? f.run.requested : std::min<std::uint64_t>(f.run.requested, 1);
  TrialsSummary out(sum.sample);
  std::uint64_t worst_rows = 0, first_rows = 0, failed_rows = 0, completed_rows = 0;
  std::uint64_t previous = 0;
  for (size_t i = 1; i < records.size(); ++i) {
    const auto& row = records[i];
    const std::string where = "row " + std::to_string(i);
    if (row.size() != columns().size())
      fail_input(source, "", where + " has " + std::to_string(row.size()) + " fields, not " +
                                  std::to_string(columns().size()) + " (a truncated or edited file?)");
    TrialRecord r;
    bool sample = false, worst = false, first = false;
    try {
      r.trial = std::stoull(row[0]);
      r.completed = row[1] == "completed";
      if (!r.completed && row[1] != "failed") throw std::invalid_argument("outcome");
      r.refused = row[2] == reason_name(FailureReason::BucketRefused);
      r.failure_text = row[3];
      // A failed trial's algorithm time as trainsim writes it ("2024-01-02T09:31:00-05:00"); the
      // page and the text cut it by position.
      if (!r.completed && !looks_like_date_time(r.failure_text)) throw std::invalid_argument("failure time");
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
      std::size_t at = 0;
      const std::string& kept = row[12];
      while (at <= kept.size()) {
        const std::size_t space = std::min(kept.find(' ', at), kept.size());
        const std::string role = kept.substr(at, space - at);
        bool& flag = role == "sample" ? sample : role == "worst" ? worst : role == "first-failing" ? first : sample;
        if ((role != "sample" && role != "worst" && role != "first-failing") || flag) throw std::invalid_argument("kept");
        flag = true;
        at = space + 1;
      }
    } catch (const std::exception&) {
      fail_input(source, "", where + " does not read as a trial (an edited file?)");
    }
    auto wrong = [&](const std::string& why) { fail_input(source, "", where + ": trial " + std::to_string(r.trial) + " " + why + " (an edited file?)"); };
    if (r.trial >= total || !f.id.shard.contains(r.trial)) wrong("is not a trial of shard " + f.id.shard.text());
    if (i > 1 && r.trial <= previous) wrong("is out of order or repeated");
    previous = r.trial;
    if (first && r.completed) wrong("is kept as the first failing trial but completed");
    if (r.completed ? (r.bucket_minimum < sum.lowest_minimum || r.bucket_minimum > sum.highest_minimum)
                    : (r.failure_time < sum.earliest_failure || r.failure_time > sum.latest_failure))
      wrong("lies outside the summary line's range");
    worst_rows += worst;
    first_rows += first;
    if (sample) (r.completed ? completed_rows : failed_rows) += 1;
    if (worst) out.worst = r;
    if (first) out.first_failing = r;
    if (sample) (r.completed ? out.completed_sample : out.failed_sample).add(std::move(r));
  }
  const std::uint64_t completed = sum.ran - sum.failed;
  if (failed_rows != std::min<std::uint64_t>(sum.failed, sum.sample) ||
      completed_rows != std::min<std::uint64_t>(completed, sum.sample) || worst_rows != (sum.ran > 0 ? 1u : 0u) ||
      first_rows != (sum.failed > 0 ? 1u : 0u))
    fail_input(source, "", "its rows are not the " + std::to_string(sum.ran) + " trials' summary the summary line declares (" +
                                std::to_string(failed_rows) + " failed and " + std::to_string(completed_rows) +
                                " completed sample rows; a truncated or edited file?)");
  // The kept worst and first failing trials agree with the counts, the
  // extremes and every row kept.
  if (out.worst && (sum.failed > 0 ? out.worst->completed || out.worst->failure_time != sum.earliest_failure
                                   : out.worst->bucket_minimum != sum.lowest_minimum))
    fail_input(source, "", "the trial kept as worst is not the earliest failure or the lowest bucket minimum the summary line declares (an edited file?)");
  for (const auto* sample : {&out.failed_sample, &out.completed_sample})
    for (const auto& r : sample->records())
      if (lower_margin(r, *out.worst) || (!r.completed && r.trial < out.first_failing->trial))
        fail_input(source, "", "trial " + std::to_string(r.trial) + " has a lower margin or fails earlier than the trial kept as worst or first failing (an edited file?)");
  out.count = sum.ran;
  out.failed = sum.failed;
  out.refused = sum.refused;
  out.earliest_failure = sum.earliest_failure;
  out.latest_failure = sum.latest_failure;
  out.lowest_minimum = sum.lowest_minimum;
  out.highest_minimum = sum.highest_minimum;
  f.run.summary = std::move(out);
  return f;
}

TrialsRun merge_trials_shards(const std::vector<TrialsShard>& shards) {
  if (shards.empty()) fail_input("merge", "", "no input files");
  const TrialsShard& first = shards.front();
  std::vector<ShardFile> ids;
  for (const auto& s : shards) ids.push_back(s.id);
  const std::vector<std::size_t> order = order_shard_set(ids);  // config, sharding, missing, duplicated
  for (const auto& s : shards) {
    if (s.run.requested != first.run.requested || s.run.random != first.run.random || s.context != first.context)
      fail_input("merge", "",
                 s.id.source + " and " + first.id.source +
                      " are shards of different trial runs (trial count, seed or scenario differ); refusing to merge them");
    if (s.run.summary.failed_sample.capacity() != first.run.summary.failed_sample.capacity())
      fail_input("merge", "",
                 s.id.source + " and " + first.id.source +
                      " keep samples of different sizes (written by different trainsim versions); run the shards again");
  }
  const std::uint64_t total = first.run.random ? first.run.requested : std::min<std::uint64_t>(first.run.requested, 1);
  TrialsRun out;
  out.requested = first.run.requested;
  out.random = first.run.random;
  out.summary = TrialsSummary(first.run.summary.failed_sample.capacity());
  // Every shard must account for every trial of its part.
  for (const std::size_t i : order) {
    const TrialsShard& s = shards[i];
    const std::uint64_t want = s.id.shard.count(total);
    if (s.run.summary.count != want)
      fail_input("merge", "",
                 s.id.source + " (shard " + s.id.shard.text() + ") has " + std::to_string(s.run.summary.count) +
                      " trials, not the " + std::to_string(want) + " of its part (an interrupted run?)");
  }
  for (const std::size_t i : order) out.summary.merge(shards[i].run.summary);
  return out;
}

}  // namespace trainsim
