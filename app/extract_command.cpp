// app/extract_command.cpp — `trainsim extract`: what trainsim read from an
// algorithm, as the runnable config it amounts to (JSON) or item by item with
// the file:line each came from (text).
#include "app/cli_model.h"
#include "app/common.h"
#include "exec/recording.h"
#include "input/input_error.h"
#include "secrets/redact.h"

#include <algorithm>
#include <iomanip>
#include <iostream>

namespace trainsim::cli {
namespace {

// `text` left-aligned in `width`, always followed by two spaces.
std::string column(const std::string& text, size_t width) {
  return text + std::string(text.size() < width ? width - text.size() + 2 : 2, ' ');
}

std::string rule_text(const nlohmann::ordered_json& e) {
  if (e.contains("when") && e["when"].is_object()) {  // Train called while the algorithm runs
    const auto& w = e["when"];
    if (w.contains("after")) return "at run time, after each " + w["after"].dump();
    if (w.contains("on-data")) return "at run time, from OnData";
    return "at run time, on the dates given";
  }
  if (e.value("when", "") == "now") return "now (Train in Initialize)";
  return e.value("date-rule", "?") + " / " + e.value("time-rule", "?");
}

void print_text(const LoadedConfig& c, const nlohmann::ordered_json& config) {
  const auto& a = *c.algorithm;
  std::cout << "algorithm: " << a.read.file << " (" << (a.read.language == algorithm::Language::Python ? "Python" : "C#")
            << ")\n";
  std::cout << "config:    " << (a.lean_json ? a.lean_json->string() + " (workspace lean.json)" : c.doc.file_name()) << "\n";
  if (a.project_config) std::cout << "project:   " << a.project_config->string() << " (trainsim key)\n";
  if (c.exec) std::cout << "read:      by running Initialize (--exec, " << c.exec->python << ")\n";
  const auto& sim = config["simulation"];
  auto origin = [&](const std::string& key) {
    for (const auto& [k, v] : a.sources)
      if (k == key) return v;
    for (const auto& [k, v] : c.doc.origin)
      if (k == "simulation") return v;
    return std::string("default");
  };
  std::cout << "\nsimulation:\n";
  for (const auto& [key, value] : sim.items()) {
    if (key == "securities" || key == "events" || key == "methods") continue;
    std::cout << "  " << std::left << std::setw(24) << key << std::setw(28) << value.dump() << " " << origin(key) << "\n";
  }
  if (sim.contains("securities") && sim["securities"].is_array()) {
    std::cout << "  securities (" << origin("securities") << "):\n";
    for (const auto& s : sim["securities"]) {
      std::cout << "    " << std::left << std::setw(24) << s.value("security", "?") << std::setw(8)
                << s.value("resolution", "minute") << std::setw(16)
                << (s.value("extended-market-hours", false) ? "extended hours" : "regular hours")
                << s.value("source", "") << "\n";
    }
  }
  if (sim.contains("events") && sim["events"].is_array()) {
    std::cout << "  events, in declaration order (" << (sim["events"].empty() ? "none" : origin("events")) << "):\n";
    size_t n = 0;
    for (const auto& e : sim["events"]) {
      std::cout << "    " << ++n << ". " << column(e.value("name", "(LEAN's name)"), 18)
                << column(e.value("training", false) ? "training" : "scheduled", 9) << column(rule_text(e), 40)
                << e.value("source", "") << "\n";
    }
  }
  if (sim.contains("methods") && sim["methods"].is_object()) {
    std::cout << "  methods (" << origin("methods") << "):\n";
    for (const auto& [name, m] : sim["methods"].items())
      std::cout << "    " << std::left << std::setw(20) << name << m.dump() << "\n";
  }
  std::cout << "\nLEAN keys:\n";
  for (const auto& [key, value] : config.items())
    if (key != "simulation") std::cout << "  " << std::left << std::setw(52) << key << value.dump() << "\n";
  std::cout << "\n" << algorithm::read_summary(a.read, sim) << "\n";
}

// One item of a reading as a short line: a subscription, an event, a value.
std::string item_text(const std::string& key, const nlohmann::ordered_json* v) {
  if (!v) return "(none)";
  if (key == "securities")
    return v->value("security", "?") + " " + v->value("resolution", "?") +
           (v->value("extended-market-hours", false) ? " extended" : "") + "  " + v->value("source", "");
  if (key == "events")
    return v->value("name", "(LEAN's name)") + (v->value("training", false) ? " [training] " : " ") + rule_text(*v) +
           "  " + v->value("source", "");
  return v->dump();
}

// `extract --compare`: the static reading and the run's, item by item; 0 when they agree.
int print_comparison(const LoadedConfig& c, bool json_format) {
  const auto& stat = c.exec->static_read.simulation;
  const auto& run = c.exec->read.simulation;
  std::vector<std::string> differences = exec::reading_differences(stat, run);
  if (!c.exec->static_error.empty()) differences.insert(differences.begin(), "static reading refused the file: " + c.exec->static_error);
  if (json_format) {
    nlohmann::ordered_json out;
    out["algorithm"] = c.exec->read.file;
    out["static"] = stat;
    out["static-warnings"] = c.exec->static_read.warnings;
    if (!c.exec->static_error.empty()) out["static-error"] = c.exec->static_error;
    out["exec"] = run;
    out["exec-warnings"] = c.exec->read.warnings;
    out["differences"] = differences;
    std::cout << out.dump(2) << "\n";
    return differences.empty() ? 0 : 1;
  }
  std::cout << "algorithm: " << c.exec->read.file << " (static reading | run with --exec, " << c.exec->python << ", "
            << c.exec->elapsed.count() << " ms)\n\n";
  std::vector<std::string> keys;
  for (const auto* s : {&stat, &run})
    for (const auto& [k, v] : s->items())
      if (std::find(keys.begin(), keys.end(), k) == keys.end()) keys.push_back(k);
  constexpr size_t kWidth = 60;
  auto row = [&](const std::string& label, const std::string& a, const std::string& b, bool same) {
    std::cout << (same ? "  " : "! ") << column(label, 14) << column(a, kWidth) << "| " << b << "\n";
  };
  for (const auto& k : keys) {
    const auto* x = stat.contains(k) ? &stat[k] : nullptr;
    const auto* y = run.contains(k) ? &run[k] : nullptr;
    if ((k == "securities" || k == "events") && (x || y)) {
      const size_t n = std::max(x ? x->size() : 0, y ? y->size() : 0);
      for (size_t i = 0; i < n; ++i) {
        const auto* xi = x && i < x->size() ? &(*x)[i] : nullptr;
        const auto* yi = y && i < y->size() ? &(*y)[i] : nullptr;
        const std::string label = k + "[" + std::to_string(i) + "]";
        bool same = true;
        for (const auto& d : differences) same &= d.rfind(label + ":", 0) != 0;
        row(label, item_text(k, xi), item_text(k, yi), same);
      }
      continue;
    }
    bool same = true;
    for (const auto& d : differences) same &= d.rfind(k + ":", 0) != 0;
    row(k, item_text(k, x), item_text(k, y), same);
  }
  if (!c.exec->static_error.empty()) std::cout << "\n! static reading refused the file: " << c.exec->static_error;
  std::cout << "\nstatic reading: " << c.exec->static_read.warnings.size() << " warning(s)";
  for (const auto& w : c.exec->static_read.warnings) std::cout << "\n  " << w;
  std::cout << "\n" << (differences.empty() ? std::string("the two readings agree")
                                             : std::to_string(differences.size()) + " difference(s), marked !")
            << "\n";
  return differences.empty() ? 0 : 1;
}

}  // namespace

void add_extract_command(CLI::App& app, int& status) {
  auto* cmd = app.add_subcommand("extract", "print the config trainsim reads from an algorithm file (--algorithm)");
  auto args = std::make_shared<ConfigArgs>();
  auto format = std::make_shared<std::string>("json");
  auto compare = std::make_shared<bool>(false);
  add_config_args(*cmd, *args);
  cmd->add_flag("--compare", *compare,
                "run the Python algorithm (--exec) and print the static reading and the run's side by side; "
                "exit 1 where they differ");
  add_format_option(*cmd, *format, "json (a runnable config) or text (each item with its file:line)");
  set_help_footer(*cmd,
                  {"trainsim extract --algorithm configs/workspace/MLAlgorithm",
                   "trainsim extract --algorithm main.py --config config.json --format text",
                   "trainsim extract --algorithm MyProject --exec --parameter tickers AAPL,MSFT"},
                  {"0  the config was printed (--compare: the readings agree)", "1  --compare: the readings differ",
                   "2  bad input or usage"});
  cmd->callback([args, format, compare, &status] {
    *args = with_project(*args);
    if (args->algorithm.empty())
      fail_input("", "", "extract reads an algorithm: give a project (`trainsim extract \"My Project\"`), run it inside "
                          "a project folder, or give --algorithm main.py / Main.cs");
    if (*compare) args->exec = true;
    LoadedConfig c = load(*args);
    if (*compare) {
      print_warnings(c);
      status = print_comparison(c, *format == "json");
      return;
    }
    // What `calendar` would reject is rejected here too (bad keys, rules,
    // market hours), so the printed config is one that runs once every
    // training has a duration; missing durations are notes.
    load_scenario_reporting(c, ConfigUse::Inspect);
    nlohmann::ordered_json config = workspace::runnable_config(c.doc);
    // A workspace's lean.json holds the user's brokerage and API credentials.
    if (redact_credentials(config) > 0) c.warnings.push_back(std::string("note: ") + kRedactedNote);
    print_warnings(c);
    if (*format == "json") std::cout << config.dump(2) << "\n";
    else print_text(c, config);
    status = 0;
  });
}

}  // namespace trainsim::cli
