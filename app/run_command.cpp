// app/run_command.cpp — `trainsim run`: one simulation, its report value
// rendered as the summary, JSON, timeline CSV and HTML page asked for.
// Exit status 0 completed, 1 failed, 2 bad input.
#include "app/cli_model.h"
#include "app/common.h"
#include "output/output_file.h"
#include "advice/advice.h"
#include "html/html_report.h"
#include "report/report.h"
#include "report/run_report.h"
#include "report/summary.h"
#include "report/timeline_csv.h"
#include "sim/simulate.h"

#include <chrono>
#include <iostream>
#include <unistd.h>

namespace trainsim::cli {
namespace {

struct RunArgs {
  ConfigArgs config;
  std::string report, timeline, html, format = "text";
  bool quiet = false;
};

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
  cmd->add_option("--report", args->report, "write the JSON report here (atomically; '-': stdout)")->type_name("FILE");
  cmd->add_option("--timeline", args->timeline, "write one CSV row per event and bucket change here ('-': stdout)")
      ->type_name("FILE");
  cmd->add_option("--html", args->html, "write a self-contained HTML page with the run's charts here ('-': stdout)")
      ->type_name("FILE");
  cmd->add_option("--format", args->format, "text: the summary on stdout; json: the JSON report on stdout")
      ->check(CLI::IsMember({"text", "json"}));
  cmd->add_flag("--quiet,-q", args->quiet, "no summary on stdout");
  set_help_footer(*cmd,
                  {"trainsim run --config configs/quickstart.json",
                   "trainsim run --config config.json --report report.json --timeline timeline.csv",
                   "trainsim run --config config.json --set scheduled-event-leaky-bucket-capacity=300 --quiet"},
                  {"0  the simulated algorithm completed", "1  it was stopped by the time limit or the training quota",
                   "2  bad input or usage (nothing is simulated, no report is written)"});
  cmd->callback([args, &status] {
    LoadedConfig c = load(args->config);
    const Scenario s = load_scenario(c.doc, c.warnings);
    print_warnings(c.warnings);
    for (const auto* o : {&args->report, &args->timeline, &args->html})
      if (!o->empty()) check_output(*o, o == &args->report ? "--report" : o == &args->timeline ? "--timeline" : "--html");

    RunReport report;
    report.scenario = &s;
    // The timeline CSV is streamed to its file as the run goes (memory stays
    // flat); only the HTML page keeps the rows, to draw them.
    std::optional<OutputFile> timeline_file;
    if (!args->timeline.empty()) timeline_file.emplace(args->timeline);
    const TimelineSink keep = record_timeline(report.timeline);
    const TimelineSink stream = timeline_file ? stream_timeline_csv(*timeline_file, s) : TimelineSink{};
    TimelineSink sink = stream;
    if (!args->html.empty()) sink = stream ? TimelineSink([&](const TimelineRow& r) { keep(r); stream(r); }) : keep;
    RunOptions opts;
    if (!args->timeline.empty() || !args->html.empty()) opts.timeline = &sink;
    opts.progress = terminal_progress();
    const auto started = std::chrono::steady_clock::now();
    report.result = simulate(s, opts);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (opts.progress) std::cerr << "\r                    \r" << std::flush;
    // The advice re-runs the simulation up to kAdviceMaxRuns times; past a
    // few seconds it is better asked for explicitly.
    if (!report.result.completed())
      report.advice = seconds * kAdviceMaxRuns < 5.0 ? advise(c.doc, s, report.result)
                                                     : advice_for_long_run(config_args_text(args->config), s);

    const bool json_out = args->format == "json";
    if (!args->report.empty()) write_output(args->report, report_json(s, report.result).dump(2) + "\n");
    if (timeline_file) timeline_file->commit();
    if (!args->html.empty()) write_output(args->html, html_run_page(report));
    const bool stdout_taken = args->report == "-" || args->timeline == "-" || args->html == "-";
    if (json_out && !stdout_taken) std::cout << report_json(s, report.result).dump(2) << "\n";
    if (!json_out && !args->quiet && !stdout_taken) {
      print_summary(std::cout, report);
      if (::isatty(STDOUT_FILENO)) {
        const std::string line = bucket_sparkline(report, 60);
        if (!line.empty()) std::cout << "level:    " << line << " (bucket 0.." << report.result.bucket.capacity << " over wall time)\n";
      }
    }
    status = report.result.completed() ? 0 : 1;
  });
}

}  // namespace trainsim::cli
