// app/calibrate_command.cpp — `trainsim calibrate [PROJECT|LOG]...`: reads the
// logs of a Lean CLI project's runs (or the log files given), fits each
// training method's duration and OnData's cost, and writes them into the
// project's config.json `trainsim` key (or prints them with --print).
#include "app/cli_model.h"
#include "app/common.h"
#include "calibrate/calibration.h"
#include "calibrate/calibration_page.h"
#include "input/input_error.h"
#include "input/input_files.h"
#include "output/output_file.h"

#include <algorithm>
#include <filesystem>
#include <iostream>

namespace fs = std::filesystem;

namespace trainsim::cli {
namespace {

struct CalibrateArgs {
  std::vector<std::string> paths;
  bool print = false;
  std::string html;
};

// A Lean CLI project's run logs, newest first: backtests/<time>/log.txt and
// live/<time>/log.txt (the folder names are timestamps; modification time breaks ties).
std::vector<fs::path> project_logs(const fs::path& project) {
  struct Found {
    fs::path log;
    std::string name;
    fs::file_time_type time;
  };
  std::vector<Found> found;
  std::error_code ec;
  for (const char* kind : {"backtests", "live"}) {
    const fs::path dir = project / kind;
    if (!fs::is_directory(dir, ec)) continue;
    for (const auto& run : fs::directory_iterator(dir, ec)) {
      const fs::path log = run.path() / "log.txt";
      if (fs::is_regular_file(log, ec)) found.push_back({log, run.path().filename().string(), fs::last_write_time(log, ec)});
    }
  }
  std::sort(found.begin(), found.end(), [](const Found& a, const Found& b) {
    return a.name != b.name ? a.name > b.name : a.time > b.time;
  });
  std::vector<fs::path> out;
  for (const auto& f : found) out.push_back(f.log);
  return out;
}

}  // namespace

void add_calibrate_command(CLI::App& app, int& status) {
  auto* cmd = app.add_subcommand(
      "calibrate", "fit training and OnData durations from LEAN logs and write them into the project's config.json");
  auto args = std::make_shared<CalibrateArgs>();
  cmd->add_option("paths", args->paths,
                  "a Lean CLI project folder (its backtests/*/log.txt and live/*/log.txt, newest first) or log files "
                  "(default: the current folder)")
      ->type_name("PATH");
  cmd->add_flag("--print", args->print, "print the `trainsim` JSON block instead of writing config.json");
  cmd->add_option("--html", args->html, "write a page with each method's histogram and fitted curve here")
      ->type_name("FILE");
  set_help_footer(*cmd,
                  {"trainsim calibrate MyProject", "trainsim calibrate MyProject/backtests/2024-03-03_08-00-00/log.txt --print",
                   "trainsim calibrate MyProject --html fit.html"},
                  {"0  calibrated (config.json written, or the JSON printed)",
                   "2  bad input: no logs, a log unreadable, config.json not a JSON object"});
  cmd->callback([args, &status] {
    if (!args->html.empty()) check_output(args->html, "--html");
    std::vector<std::string> paths = args->paths;
    if (paths.empty()) paths.push_back(".");
    std::optional<fs::path> project;
    std::vector<fs::path> logs;
    std::error_code ec;
    for (const auto& p : paths) {
      if (fs::is_directory(p, ec)) {
        const auto found = project_logs(p);
        if (found.empty())
          fail_input(p, "", "no run logs here (expected backtests/*/log.txt or live/*/log.txt of a Lean CLI project)");
        if (!project) project = fs::path(p);
        logs.insert(logs.end(), found.begin(), found.end());
      } else {
        logs.emplace_back(p);
      }
    }
    calibrate::LogEvidence evidence;
    for (const auto& l : logs) calibrate::read_log_file(l.string(), evidence);
    print_warnings(evidence.warnings);
    calibrate::Calibration c = calibrate::calibrate(evidence);
    const bool print = args->print || !project;
    const fs::path base = project ? *project : fs::path(".");
    for (auto& m : c.methods) {
      if (!m.use_trace) continue;
      fs::create_directories((base / m.trace_file).parent_path(), ec);
      write_output((base / m.trace_file).string(), calibrate::trace_csv(m.seconds));
    }
    const auto block = calibrate::calibration_block(c);
    std::vector<std::string> notes;
    if (!c.on_data_seconds) notes.push_back(std::string(calibrate::kOnDataUnsetWarning) + " (no OnData evidence in the logs)");
    else if (c.on_data_estimated) notes.push_back("OnData cost is an estimate (no probe on-data lines): add the probe for a measurement");
    if (!args->html.empty()) write_output(args->html, calibrate::calibration_page(c));
    if (print) {
      std::cout << block.dump(2) << "\n";
      std::cerr << calibrate::calibration_text(c);
      if (!args->print) std::cerr << "trainsim: no project folder given: printed the JSON (give the folder to write its config.json)\n";
    } else {
      const fs::path config = *project / "config.json";
      const std::string text = fs::exists(config, ec) ? read_text_file(config.string()) : std::string();
      // The one output that updates an input, as asked: the project's config.json, its other keys kept.
      forget_input_file(config);
      write_output(config.string(), calibrate::merge_into_project_config(text, config.string(), block));
      std::cout << calibrate::calibration_text(c) << "wrote " << config.string() << " (key `trainsim`)\n";
    }
    print_warnings(notes);
    status = 0;
  });
}

}  // namespace trainsim::cli
