// html/trials_page.cpp — the trials page: odds, failure times, margins.
#include "html/trials_page.h"

#include "civil/time_zone.h"
#include "html/odds_chart.h"
#include "html/svg.h"
#include "report/report.h"
#include "report/summary.h"

#include <algorithm>
#include <cmath>

namespace trainsim {
namespace {

using html::esc;
using html::Frame;
using html::num;
using html::percent_axis_top;
using html::percent_ticks;
using html::Scale;

// The reported probability exactly as the JSON report writes it.
std::string json_probability(double p) { return nlohmann::json(rounded_probability(p)).dump(); }

std::string reasons_chart(const TrialsReport& rep) {
  const TrialStats& st = rep.stats;
  struct Row {
    const char* reason;
    const char* label;
    const Proportion* p;
    const char* colour;
  };
  const Row rows[] = {{"any", "any failure", &st.failure, html::kFailed},
                      {reason_name(FailureReason::BucketRefused), "bucket refused", &st.refused, "#e67e22"},
                      {reason_name(FailureReason::TimeLoop), "time loop", &st.time_loop, "#8e44ad"}};
  Frame f;
  f.height = 170;
  f.left = 110;
  double highest = 0;
  for (const auto& r : rows) highest = std::max(highest, r.p->high);
  const double top = percent_axis_top(highest);
  const Scale x{0, top, f.x0(), f.x1()};
  std::string svg = html::svg_open(f, "odds", "probability of failure with 95% intervals");
  svg += html::x_axis(f, percent_ticks(x, top), "probability of failure (bars: estimate; whiskers: 95% Wilson interval)");
  const double band = (f.y0() - f.y1()) / 3;
  for (size_t i = 0; i < 3; ++i) {
    const Row& r = rows[i];
    const double cy = f.y1() + band * (static_cast<double>(i) + 0.5);
    const double est = x(r.p->estimate * 100), lo = x(r.p->low * 100), hi = x(r.p->high * 100);
    svg += "<g data-reason=\"" + std::string(r.reason) + "\" data-failures=\"" + std::to_string(r.p->hits) +
           "\" data-probability=\"" + json_probability(r.p->estimate) + "\" data-low=\"" + json_probability(r.p->low) +
           "\" data-high=\"" + json_probability(r.p->high) + "\"><title>" + r.label + ": " +
           std::to_string(r.p->hits) + " of " + std::to_string(r.p->n) + " trials, " +
           esc(interval_text(*r.p, st.random)) + "</title>";
    svg += "<text x=\"" + num(f.x0() - 8) + "\" y=\"" + num(cy + 4) + "\" text-anchor=\"end\">" + r.label + "</text>";
    svg += "<rect x=\"" + num(f.x0()) + "\" y=\"" + num(cy - band * 0.3) + "\" width=\"" +
           num(std::max(est - f.x0(), 0.0)) + "\" height=\"" + num(band * 0.6) + "\" fill=\"" + r.colour +
           "\" fill-opacity=\"0.75\"/>";
    svg += "<path d=\"M" + num(lo) + " " + num(cy) + "H" + num(hi) + "M" + num(lo) + " " + num(cy - 6) + "v12M" +
           num(hi) + " " + num(cy - 6) + "v12\" stroke=\"#1d232a\" stroke-width=\"1.5\" fill=\"none\"/>";
    const bool room_right = hi + 60 < f.x1();  // else the label goes left of the whisker
    svg += "<text x=\"" + num(room_right ? hi + 6 : lo - 6) + "\" y=\"" + num(cy - 8) + "\"" +
           (room_right ? "" : " text-anchor=\"end\"") + ">" + esc(percent(r.p->estimate)) + "</text></g>";
  }
  svg += "</svg>";
  return "<figure><figcaption>Odds of failure (" + group_thousands(std::to_string(st.failure.n)) +
         " trials)</figcaption>" + svg + "</figure>";
}

// Of `population` trials, how many `in_sample` of a sample of `sample` stand
// for (exact when the sample is the population). Rounded, so cumulative
// counts end at `population` exactly.
std::uint64_t scaled(std::uint64_t in_sample, std::uint64_t sample, std::uint64_t population) {
  if (sample == population || sample == 0) return in_sample;
  const unsigned __int128 twice = static_cast<unsigned __int128>(in_sample) * population * 2;
  return static_cast<std::uint64_t>((twice + sample) / (2 * static_cast<unsigned __int128>(sample)));  // half up
}

// The note under a chart drawn from a sample of the trials, or nothing.
std::string sample_note(std::uint64_t sample, std::uint64_t population, const char* kind) {
  if (sample == population) return "";
  return "<p class=\"note\" data-sample=\"" + std::to_string(sample) + "\">Drawn from a sample of " +
         group_thousands(std::to_string(sample)) + " of the " + group_thousands(std::to_string(population)) + " " +
         kind + " trials (chosen by trial number), scaled to all of them.</p>";
}

// P(failed by t): the share of all trials failed at or before t, one step
// per pixel column, with each column's 95 % Wilson band.
std::string failure_times_chart(const TrialsReport& rep, const TimeZone& zone, Instant start, Instant end) {
  const TrialStats& st = rep.stats;
  const TrialsSummary& sum = rep.run.summary;
  std::vector<Instant> times;
  for (const auto& r : sum.failed_sample.records()) times.push_back(r.failure_time);
  std::sort(times.begin(), times.end());
  Frame f;
  f.height = 280;
  end = std::max(end, sum.latest_failure + 1);
  start = std::min(start, sum.earliest_failure);
  const Scale x{static_cast<double>(start), static_cast<double>(end), f.x0(), f.x1()};
  const double top = percent_axis_top(st.failure.high);
  const Scale y{0, top, f.y0(), f.y1() + 6};
  const int columns = static_cast<int>(f.x1() - f.x0());
  // The cumulative count at the end of each column.
  std::vector<std::uint64_t> by_column(static_cast<size_t>(columns));
  size_t k = 0;
  for (int c = 0; c < columns; ++c) {
    const double edge = static_cast<double>(start) + static_cast<double>(end - start) * (c + 1) / columns;
    while (k < times.size() && static_cast<double>(times[k]) <= edge) ++k;
    by_column[static_cast<size_t>(c)] = scaled(c + 1 == columns ? times.size() : k, times.size(), sum.failed);
  }
  const std::uint64_t n = st.failure.n;
  std::string curve = "M" + num(f.x0()) + " " + num(y(0));
  std::string upper, lower;
  std::uint64_t last = 0;
  for (int c = 0; c < columns; ++c) {
    const std::uint64_t count = by_column[static_cast<size_t>(c)];
    const double px = f.x0() + c;
    if (count != last) curve += "H" + num(px) + "V" + num(y(100.0 * static_cast<double>(count) / static_cast<double>(n)));
    last = count;
    const Proportion p = wilson(count, n);
    const double hi = st.random ? p.high : p.estimate, lo = st.random ? p.low : p.estimate;
    upper += (c ? "L" : "M") + num(px) + " " + num(y(hi * 100));
    lower = "L" + num(px) + " " + num(y(lo * 100)) + lower;
  }
  curve += "H" + num(f.x1());
  std::string svg = html::svg_open(f, "failure-times", "share of trials failed by each algorithm date");
  svg += html::y_axis(f, percent_ticks(y, top), "failed by then");
  svg += html::x_axis(f, html::time_ticks(x, start, end, zone, 10), "algorithm time (" + zone.name() + ")");
  svg += "<path d=\"" + upper + lower + "Z\" fill=\"" + std::string(html::kFailed) + "\" fill-opacity=\"0.15\"/>";
  svg += "<path data-failures=\"" + std::to_string(sum.failed) + "\" data-final=\"" +
         json_probability(static_cast<double>(sum.failed) / static_cast<double>(n)) + "\" d=\"" + curve +
         "\" fill=\"none\" stroke=\"" + html::kFailed + "\" stroke-width=\"2\"/>";
  for (size_t q = 0; q < st.failure_time.size(); ++q) {
    const TrialRecord& r = st.failure_time[q];
    const double px = x(static_cast<double>(r.failure_time));
    svg += "<line data-quantile=\"" + std::to_string(kQuantilePercents[q]) + "\" x1=\"" + num(px) + "\" y1=\"" +
           num(f.y1()) + "\" x2=\"" + num(px) + "\" y2=\"" + num(f.y0()) +
           "\" stroke=\"#5b6570\" stroke-dasharray=\"3 3\"><title>" + std::to_string(kQuantilePercents[q]) +
           "% of failing trials had failed by " + esc(r.failure_text) + " (trial " + std::to_string(r.trial) +
           ")</title></line>";
  }
  svg += "</svg>";
  return "<figure><figcaption>When trials fail: the share failed by each date</figcaption>" + svg +
         html::legend({{html::kFailed, "failed by then (band: 95% interval)"},
                       {"#5b6570", "quantiles 5/25/50/75/95% of the failure dates"}}) +
         sample_note(times.size(), sum.failed, "failed") + "</figure>";
}

// How close the completed trials came: their bucket minimum, at most 40 bars.
std::string margins_chart(const TrialsReport& rep, std::int64_t capacity) {
  const TrialsSummary& sum = rep.run.summary;
  const std::int64_t lo = sum.lowest_minimum, hi = sum.highest_minimum;
  constexpr std::int64_t kBars = 40;
  const std::int64_t width = std::max<std::int64_t>(1, (hi - lo + kBars) / kBars);  // ceil((hi-lo+1)/kBars)
  const std::int64_t bars = (hi - lo) / width + 1;
  std::vector<std::uint64_t> count(static_cast<size_t>(bars));
  for (const auto& r : sum.completed_sample.records()) ++count[static_cast<size_t>((r.bucket_minimum - lo) / width)];
  // Scaled cumulatively, so the bars add up to every completed trial.
  const std::uint64_t sampled = sum.completed_sample.size();
  for (std::uint64_t b = 0, in_sample = 0, before = 0; b < count.size(); ++b) {
    in_sample += count[b];
    const std::uint64_t upto = scaled(in_sample, sampled, sum.completed());
    count[b] = upto - before;
    before = upto;
  }
  const std::uint64_t most = *std::max_element(count.begin(), count.end());
  Frame f;
  f.height = 240;
  const Scale x{static_cast<double>(lo), static_cast<double>(lo + bars * width), f.x0(), f.x1()};
  const Scale y{0, static_cast<double>(most), f.y0(), f.y1() + 6};
  std::string svg = html::svg_open(f, "margins", "bucket minimum of the completed trials");
  svg += html::y_axis(f, html::value_ticks(y, 0, static_cast<double>(most), 4), "trials");
  svg += html::x_axis(f, html::value_ticks(x, static_cast<double>(lo), static_cast<double>(lo + bars * width), 8),
                      "lowest bucket level of the run (minutes; capacity " + std::to_string(capacity) + ")");
  for (std::int64_t b = 0; b < bars; ++b) {
    const std::uint64_t c = count[static_cast<size_t>(b)];
    if (c == 0) continue;
    const std::int64_t b0 = lo + b * width, b1 = b0 + width - 1;
    const double top = y(static_cast<double>(c));
    svg += "<rect data-low=\"" + std::to_string(b0) + "\" data-high=\"" + std::to_string(b1) + "\" data-count=\"" +
           std::to_string(c) + "\" x=\"" + num(x(static_cast<double>(b0)) + 0.5) + "\" y=\"" + num(top) +
           "\" width=\"" + num(std::max(x(static_cast<double>(b1 + 1)) - x(static_cast<double>(b0)) - 1, 1.0)) +
           "\" height=\"" + num(std::max(f.y0() - top, 1.0)) + "\" fill=\"" + html::kCompleted + "\"><title>" +
           group_thousands(std::to_string(c)) + " trials with bucket minimum " + std::to_string(b0) +
           (b1 != b0 ? "–" + std::to_string(b1) : "") + "</title></rect>";
  }
  svg += "</svg>";
  return "<figure><figcaption>How close the completed trials came (" + group_thousands(std::to_string(sum.completed())) +
         " trials)</figcaption>" + svg +
         "<p class=\"note\">The lowest the bucket fell in each completed trial: near 0, a slower session would have "
         "been stopped.</p>" + sample_note(sampled, sum.completed(), "completed") + "</figure>";
}

std::string quantile_row(const std::string& label, const std::vector<std::string>& cells) {
  std::string row = "<tr><th>" + esc(label) + "</th>";
  for (const auto& c : cells) row += "<td>" + esc(c) + "</td>";
  return row + "</tr>";
}

template <typename T, typename F>
std::vector<std::string> texts(const std::vector<T>& values, F&& each) {
  std::vector<std::string> out;
  for (const auto& v : values) out.push_back(each(v));
  return out;
}

// One line per trial worth replaying; `roles` names why ("worst",
// "first-failing", or both when they are one trial).
std::string trial_line(const TrialsReport& rep, const TrialRecord& r, const std::string& roles,
                       const std::string& what) {
  std::string line = "<li data-trial=\"" + std::to_string(r.trial) + "\" data-role=\"" + roles + "\">Trial " +
                     std::to_string(r.trial) + ", " + what + ": " +
                     (r.completed ? "completes with bucket minimum " + std::to_string(r.bucket_minimum)
                                  : "fails at " + esc(r.failure_text) + " during " +
                                        esc(trial_event_name(rep.context, r.failing_event)) + " (" +
                                        reason_name(r.refused ? FailureReason::BucketRefused : FailureReason::TimeLoop) +
                                        ")");
  const std::string replay = replay_command(rep, r.trial);
  if (!replay.empty()) line += "<br>replay: <code>" + esc(replay) + "</code>";
  return line + "</li>";
}

}  // namespace

std::string html_trials_page(const TrialsReport& rep) {
  const TrialStats& st = rep.stats;
  const nlohmann::ordered_json& c = rep.context;
  const TimeZone zone = TimeZone::find(c.value("time-zone", std::string("UTC"))).value_or(*TimeZone::find("UTC"));
  const Day first = parse_date(c.at("start").get<std::string>()).value_or(0);
  const Day last = parse_date(c.at("end").get<std::string>()).value_or(first);
  const Instant start = zone.to_utc(first, 0), end = zone.to_utc(last + 1, 0);
  const std::string mode = c.at("mode").get<std::string>();
  const std::uint64_t n = st.failure.n;

  std::string body = "<h1>trainsim trials: " + esc(percent(st.failure.estimate)) + " of " +
                     group_thousands(std::to_string(n)) + " " + esc(mode) + (n == 1 ? " trial" : " trials") +
                     " fail</h1>";
  body += std::string("<p class=\"verdict ") + (st.failure.hits ? "bad" : "ok") + "\">Probability of failure " +
          esc(interval_text(st.failure, st.random)) + ": " + group_thousands(std::to_string(st.failure.hits)) +
          " of " + group_thousands(std::to_string(n)) + " trials failed.</p>";
  std::string securities;
  for (const auto& sub : c.at("securities"))
    securities += (securities.empty() ? "" : ", ") + sub.at("security").get<std::string>() + " " +
                  sub.at("resolution").get<std::string>();
  const auto& bucket = c.at("bucket");
  body += "<p class=\"meta\">" + (rep.config_file.empty() ? "" : "config <code>" + esc(rep.config_file) + "</code> · ") +
          esc(securities) + " · " + esc(c.at("start").get<std::string>()) + " .. " +
          esc(c.at("end").get<std::string>()) + " · capacity " + bucket.at("capacity").dump() + ", refill " +
          bucket.at("refill-amount").dump() + " per " + bucket.at("interval-minutes").dump() +
          " min · seed " + c.at("seed").dump() + "</p>";
  if (!st.random)
    body += "<p class=\"note\">Nothing in this config is random, so every trial is the same run: one was run for the " +
            group_thousands(std::to_string(st.requested)) + " asked for, and the probability is exact.</p>";
  if (st.stopped_early)
    body += "<p class=\"note\">Stopped after " + group_thousands(std::to_string(n)) + " of " +
            group_thousands(std::to_string(st.requested)) + " trials: the interval was within --precision.</p>";
  body += "<p class=\"note\">Trial k draws every duration from the seed's generators advanced k × 2<sup>128</sup> "
          "draws, so any trial can be re-run alone with <code>--trial k</code>.</p>";

  body += reasons_chart(rep);
  if (st.failure.hits > 0) body += failure_times_chart(rep, zone, start, end);
  else body += "<p class=\"note\">No trial failed, so there are no failure dates to show.</p>";
  if (st.completed > 0) body += margins_chart(rep, bucket.at("capacity").get<std::int64_t>());
  else body += "<p class=\"note\">No trial completed, so there are no margins to show.</p>";

  body += "<h2>Quantiles</h2><table><tr><th></th>";
  for (const int p : kQuantilePercents) body += "<th>" + std::to_string(p) + "%</th>";
  body += "</tr>";
  if (!st.failure_time.empty()) {
    body += quantile_row("failure date", texts(st.failure_time, [](const TrialRecord& r) {
                           return r.failure_text.substr(0, 10) + " " + r.failure_text.substr(11, 5);
                         }));
    body += quantile_row("failure wall minute", texts(st.failure_wall, [](Micros m) { return format_minutes(m); }));
  }
  auto ints = [](std::int64_t v) { return std::to_string(v); };
  if (st.completed > 0) {
    body += quantile_row("bucket minimum (completed)", texts(st.bucket_minimum, ints));
    body += quantile_row("sessions (completed)", texts(st.sessions, ints));
    body += quantile_row("minutes charged (completed)", texts(st.charged, ints));
  }
  body += "</table>";
  if (st.sampled())
    body += "<p class=\"note\">Quantiles of a sample chosen by trial number: " +
            group_thousands(std::to_string(st.failed_sampled)) + " of " + group_thousands(std::to_string(st.failure.hits)) +
            " failed and " + group_thousands(std::to_string(st.completed_sampled)) + " of " +
            group_thousands(std::to_string(st.completed)) + " completed trials.</p>";

  body += "<h2>Trials to look at</h2><ul class=\"advice\">";
  if (st.worst && st.first_failing && st.worst->trial == st.first_failing->trial) {
    body += trial_line(rep, *st.worst, "worst first-failing", "the lowest margin and the first to fail");
  } else {
    if (st.worst) body += trial_line(rep, *st.worst, "worst", "the lowest margin");
    if (st.first_failing) body += trial_line(rep, *st.first_failing, "first-failing", "the first to fail");
  }
  body += "</ul>";
  return html::page("trainsim trials — " + (rep.config_file.empty() ? mode : rep.config_file), body,
                    trials_report_json(rep).dump());
}

}  // namespace trainsim
