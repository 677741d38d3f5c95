// app/run_command.cpp — `trainsim run`: one simulation (or one Monte Carlo
// trial of it), its report value rendered as the summary, JSON, timeline CSV
// and HTML page asked for; or `--trials N` of them with the odds of failure.
// Exit status 0 completed, 1 failed, 2 bad input; with --trials and
// --max-failure-probability, the gate's 0 / 1 / 3 (trials/gate.h).
#include "advice/advice.h"
#include "app/cli_model.h"
#include "app/common.h"
#include "calibrate/calibration.h"
#include "explain/explain.h"
#include "html/html_report.h"
#include "html/trials_page.h"
#include "input/input_error.h"
#include "output/output_file.h"
#include "parallel/parallel.h"
#include "presets/quota_presets.h"
#include "report/json_writer.h"
#include "report/report.h"
#include "report/run_report.h"
#include "report/summary.h"
#include "report/timeline_csv.h"
#include "report/trials_report.h"
#include "sim/simulate.h"
#include "trials/gate.h"
#include "trials/trials.h"

#include <iostream>
#include <unistd.h>

namespace trainsim::cli {
namespace {

struct RunArgs {
  ConfigArgs config;
  std::string report, timeline, html, format = "text";
  bool quiet = false;
  bool explain = false;
  // Monte Carlo trials
  std::uint64_t trials = 0;
  std::optional<std::uint64_t> trial;
  unsigned jobs = 0;
  double precision = 0;
  std::optional<double> max_failure;  // --max-failure-probability: the CI gate
  bool one_draw = false;              // --one-draw: no odds advice by default
  std::string shard, out;
};

// `run --trials N`: the odds. Exit as trials_gate says (as `merge` of its
// shards does): 0 when no trial failed, 1 when one did, or the gate's; a shard run (--shard K/M --out file) exits 0 once its file is written.
int run_trials_command(const RunArgs& a) {
  if (!a.timeline.empty()) fail_option("--timeline", "", "one run's timeline: use it with --trial K, not --trials");
  if (a.max_failure) check_failure_probability(*a.max_failure);
  if (a.max_failure && !a.shard.empty())
    fail_option("--max-failure-probability", "", "a shard has part of the trials: gate on them when merging (`trainsim merge ... --max-failure-probability P`)");
  if (a.precision != 0 && !(a.precision > 0 && a.precision < 0.5))
    fail_option("--precision", std::to_string(a.precision), "expected a half-width between 0 and 0.5, e.g. 0.01");
  std::optional<Shard> shard;
  if (!a.shard.empty()) shard = parse_shard(a.shard);
  if (shard && a.out.empty()) fail_option("--shard", a.shard, "a shard run writes its trials to --out FILE");
  if (!shard && !a.out.empty()) fail_option("--out", a.out, "only a --shard run writes a shard file; use --report");
  if (shard && a.precision > 0)
    fail_option("--precision", "", "early stopping needs every trial in one run; it cannot be used with --shard");
  if (shard && !a.html.empty()) fail_option("--html", "", "a shard has part of the trials: draw the page when merging (`trainsim merge ... --html`)");
  LoadedConfig c = load(a.config);
  const Scenario s = load_scenario_reporting(c);
  if (auto w = calibrate::on_data_unset_warning(c.doc.effective)) c.warnings.push_back(*w);
  check_outputs({{"--out", a.out}, {"--report", a.report}, {"--html", a.html}});
  print_warnings(c);

  TrialsRequest q;
  q.count = a.trials;
  q.jobs = a.jobs ? a.jobs : default_jobs();
  q.precision = a.precision;
  if (shard) q.shard = *shard;
  q.progress = sweep_progress("trials");
  TrialsRun run = run_trials(s, q);
  if (q.progress) std::cerr << "\n";
  auto context = trials_context(s, s.sim.seed);
  context["config"] = source_json(report_source(c));
  context["warnings"] = warnings_json(c.warnings);
  if (shard) {
    write_output(a.out, trials_shard_csv(context, config_fingerprint(c.doc), *shard, run));
    if (!a.quiet && a.out != "-")
      std::cout << "trials: " << run.summary.count << " of " << run.requested << " (shard " << shard->text()
                << "); wrote " << a.out << "; combine the shards with `trainsim merge`\n";
    return 0;
  }
  const TrialsReport report =
      make_trials_report(context, std::move(run), a.config.config, "trainsim run " + config_args_text(a.config));
  const std::string json = trials_report_json(report).dump(2) + "\n";
  OutputSet outputs;
  outputs.write(a.report, json);
  if (!a.html.empty()) outputs.write(a.html, html_trials_page(report));
  outputs.commit();
  if (a.report != "-" && a.html != "-") {
    if (a.format == "json") std::cout << json;
    else if (!a.quiet) print_trials_summary(std::cout, report);
  }
  const Gate gate = trials_gate(report.stats, a.max_failure);
  if (!a.quiet && a.format != "json" && a.report != "-" && a.html != "-") std::cout << gate.text << "\n";
  return static_cast<int>(gate.verdict);
}

// A progress bar on stderr, only when it is a terminal.
std::function<void(double)> terminal_progress() {
  if (!::isatty(STDERR_FILENO)) return {};
  return [last = -1](double done) mutable {
    const int pct = static_cast<int>(done * 100);
    if (pct == last) return;
    last = pct;
    std::cerr << "\r  simulating " << pct << "%" << std::flush;
  };
}

}  // namespace

void add_run_command(CLI::App& app, int& status) {
  auto* cmd = app.add_subcommand("run", "simulate the configured algorithm and report whether it survives");
  auto args = std::make_shared<RunArgs>();
  add_config_args(*cmd, args->config);
  add_output_option(*cmd, "--report", args->report, "write the JSON report here (atomically; '-': stdout)");
  add_output_option(*cmd, "--timeline", args->timeline, "write one CSV row per event and bucket change here ('-': stdout)");
  add_output_option(*cmd, "--html", args->html, "write a self-contained HTML page with the run's charts here ('-': stdout)");
  add_format_option(*cmd, args->format, "text: the summary on stdout; json: the JSON report on stdout");
  cmd->add_flag("--quiet,-q", args->quiet, "no summary on stdout");
  auto* explain = cmd->add_flag("--explain", args->explain,
                                "tell the run's story in plain sentences: what drew the bucket down, when it "
                                "refilled, which step died and why (or how close a completed run came), what the "
                                "advice changes; after the summary, in the JSON report (\"explanation\") and on the "
                                "--html page");
  auto* trials = cmd->add_option("--trials", args->trials,
                                 "run N Monte Carlo trials (trial k: every generator jumped k * 2^128 draws) and "
                                 "report the probability of failure")
                     ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1} << 40));
  auto* trial = cmd->add_option("--trial", args->trial, "run Monte Carlo trial K alone (0 is the plain run)");
  trial->excludes(trials);
  trials->excludes(trial);
  explain->excludes(trials);  // one run's story; the odds have none
  trials->excludes(explain);
  cmd->add_option("--jobs,-j", args->jobs, "parallel trials (default: the number of cores)")
      ->check(jobs_validator())
      ->needs(trials);
  cmd->add_option("--precision", args->precision,
                  "stop once the 95% interval's half-width is below this (checked every 1000 trials)")
      ->needs(trials);
  cmd->add_option("--max-failure-probability", args->max_failure,
                  "with --trials, a CI gate: exit 0 when the 95% interval's upper bound of P(fail) is at most P, 1 "
                  "when its lower bound is above P, 3 when it straddles P (more trials needed); without, when "
                  "durations are random, the advice gives the quota whose P(fail) is at most P (2,000 trials, "
                  "common random numbers; unasked, P = 0.05 on runs of up to about five years), e.g. 0.01")
      ->type_name("P");
  cmd->add_flag("--one-draw", args->one_draw,
                "with random durations, advise for this one draw only (no trials; by default a run of up to about "
                "five years gets the advice for P(fail) <= 5% over 2,000 trials)")
      ->excludes("--max-failure-probability")
      ->excludes(trials);
  cmd->add_option("--shard", args->shard, "run only the K-th of M interleaved slices of the trials (K from 1)")
      ->needs(trials);
  add_output_option(*cmd, "--out,-o", args->out, "with --shard: write the shard's trials here (for `trainsim merge`)")
      ->needs(trials);
  set_help_footer(*cmd,
                  {"trainsim run --config configs/quickstart.json",
                   "trainsim run --config config.json --report report.json --timeline timeline.csv",
                   "trainsim run --config configs/odds-uniform.json --trials 10000 --max-failure-probability 0.6 --report odds.json"},
                  {"0  the simulated algorithm completed (with --trials: no trial failed; a shard: its file was written; the same for `merge` of the shards)",
                   "1  it was stopped by the time limit or the training quota (with --trials: a trial was)",
                   "2  bad input or usage (nothing is simulated, no report is written)",
                   "3  with --max-failure-probability P: the 95% interval of P(fail) straddles P, run more trials (0: its upper bound is at most P; 1: its lower bound is above P)"});
  cmd->callback([args, &status] {
    if (args->trials > 0) {
      status = run_trials_command(*args);
      return;
    }
    if (args->max_failure) check_failure_probability(*args->max_failure);
    if (args->max_failure && args->trial)
      fail_option("--max-failure-probability", "", "the odds advice is of the plain run; drop --trial K");
    LoadedConfig c = load(args->config);
    const Scenario s = load_scenario_reporting(c);
    if (auto w = calibrate::on_data_unset_warning(c.doc.effective)) c.warnings.push_back(*w);
    print_warnings(c);
    check_outputs({{"--report", args->report}, {"--timeline", args->timeline}, {"--html", args->html}});
    const bool random = has_randomness(s);

    RunReport report;
    report.scenario = &s;
    // The timeline CSV is streamed to its file as the run goes (memory stays
    // flat); only the HTML page keeps the rows, to draw them.
    OutputSet outputs;
    OutputFile* timeline_file = args->timeline.empty() ? nullptr : &outputs.open(args->timeline);
    const TimelineSink keep = record_timeline(report.timeline);
    const TimelineSink stream = timeline_file ? stream_timeline_csv(*timeline_file, s) : TimelineSink{};
    TimelineSink sink = stream;
    if (!args->html.empty()) sink = stream ? TimelineSink([&](const TimelineRow& r) { keep(r); stream(r); }) : keep;
    RunOptions opts;
    if (!args->timeline.empty() || !args->html.empty()) opts.timeline = &sink;
    opts.progress = terminal_progress();
    if (args->trial) opts.trial = *args->trial;
    // Each event's record is read only by the outputs below that list events:
    // a quiet run without them (CI's exit status) keeps none.
    const bool json_out = args->format == "json";
    opts.record_events = !args->quiet || json_out || args->explain || !args->report.empty() || !args->html.empty();
    report.result = simulate(s, opts);
    if (opts.progress) std::cerr << "\r                    \r" << std::flush;
    // The advice re-runs the simulation up to kAdviceMaxRuns times; for a
    // long run it is better asked for explicitly (advice_for_failed_run).
    if (!report.result.completed()) {
      if (opts.trial != 0) {  // advise() re-runs the plain run, not this trial
        report.advice.lines.push_back("for the odds across trials, try `trainsim tune " + config_args_text(args->config) +
                                      " --minimize scheduled-event-leaky-bucket-capacity --max-failure-probability "
                                      "0.01 --trials 1000`");
      } else {
        report.advice = advice_for_failed_run(c.doc, s, report.result, config_args_text(args->config));
      }
    }
    // With random durations one draw's advice can mislead: asked for a
    // failure probability, the advice's first line is for it, the others
    // are labelled as the one draw's.
    // Unasked, only for a run short enough (odds_advice_work) and not for one trial.
    const bool by_default = random && !args->max_failure && !args->one_draw && !args->trial &&
                            odds_advice_work(s) <= kDefaultOddsWork;
    const std::optional<double> target = by_default ? std::optional<double>(kDefaultMaxFailure) : args->max_failure;
    if (target && random) {
      report.advice.odds = advise_for_odds(c.doc, s, *target, kOddsAdviceTrials, default_jobs());
      for (auto& line : report.advice.lines) line = "one draw: " + line;
      report.advice.lines.insert(report.advice.lines.begin(), report.advice.odds->line);
    }

    if (args->explain) report.explanation = explain_run(report);

    auto write_json = [&](JsonWriter& w) {
      write_identified_report(
          w,
          [&](JsonWriter& body) {
            write_report_members(body, s, report.result);
            if (args->trial) body.key("trial").integer(*args->trial);
            body.key("advice").json(advice_json(report.advice));
            if (args->explain) body.key("explanation").json(report.explanation);
          },
          source_json(report_source(c)), quota_json(s.lean), warnings_json(c.warnings));
    };
    auto json = [&] {
      JsonWriter w;
      write_json(w);
      std::string text = w.take();
      text += '\n';
      return text;  // moved out: `return text += ...` would copy the 300 KB
    };
    if (!args->report.empty()) {
      // Streamed into the report's temporary file as it is written (a 20-year
      // run's is 300 KB): one 64 KB chunk of memory instead of the whole text.
      OutputFile& file = outputs.open(args->report);
      JsonWriter w;
      w.stream_to([&file](std::string_view text) { file.write(text); }, 64 << 10);
      write_json(w);
      file.write(w.text());
      file.write("\n");
    }
    if (!args->html.empty()) outputs.write(args->html, html_run_page(report));
    outputs.commit();
    const bool stdout_taken = args->report == "-" || args->timeline == "-" || args->html == "-";
    if (json_out && !stdout_taken) std::cout << json();
    if (!json_out && !args->quiet && !stdout_taken) {
      if (args->trial)
        std::cout << "trial:    " << *args->trial << " (every generator jumped " << *args->trial << " * 2^128 draws)\n";
      if (c.algorithm) std::cout << "algorithm: " << algorithm_read_summary(c) << "\n";
      print_summary(std::cout, report, use_color(args->config, STDOUT_FILENO));
      for (size_t i = 0; i < report.explanation.size(); ++i)
        std::cout << (i ? "          " : "explain:  ") << report.explanation[i] << "\n";
      if (!s.lean.quota.empty())
        std::cout << "quota:    preset " << s.lean.quota << " (" << to_string(find_quota_preset(s.lean.quota)->kind)
                  << "); `trainsim validate` shows where each key came from\n";
      // A random duration makes this verdict one draw of many.
      if (!args->trial && random && report.advice.odds)
        std::cout << "odds:     durations are random: this verdict is one draw; the advice's first line is for "
                     "P(fail) <= "
                  << percent(*target) << " over " << kOddsAdviceTrials << " trials"
                  << (by_default ? " (--max-failure-probability P sets P, --one-draw skips the trials)" : "") << "\n";
      else if (!args->trial && random)
        std::cout << "odds:     durations are random: this verdict (and its advice) is one draw"
                  << (args->one_draw ? "" : " (a run this long gets no odds advice unasked)")
                  << "; for the odds, `trainsim run " << config_args_text(args->config)
                  << " --trials 2000` (--max-failure-probability P gates on them); for the advice at P(fail) <= 5%, "
                     "add --max-failure-probability 0.05 to this run\n";
      if (::isatty(STDOUT_FILENO)) {
        const std::string line = bucket_sparkline(report, 60);
        if (!line.empty()) std::cout << "level:    " << line << " (bucket 0.." << report.result.bucket.capacity << " over wall time)\n";
      }
    }
    status = report.result.completed() ? 0 : 1;
  });
}

}  // namespace trainsim::cli
