// app/extract_command.cpp — `trainsim extract`: what trainsim read from an
// algorithm, as the runnable config it amounts to (JSON) or item by item with
// the file:line each came from (text).
#include "app/cli_model.h"
#include "app/common.h"
#include "config/config_error.h"

#include <iomanip>
#include <iostream>

namespace trainsim::cli {
namespace {

// `text` left-aligned in `width`, always followed by two spaces.
std::string column(const std::string& text, size_t width) {
  return text + std::string(text.size() < width ? width - text.size() + 2 : 2, ' ');
}

std::string rule_text(const nlohmann::ordered_json& e) {
  if (e.value("when", "") == "now") return "now (Train in Initialize)";
  return e.value("date-rule", "?") + " / " + e.value("time-rule", "?");
}

void print_text(const LoadedConfig& c, const nlohmann::ordered_json& config) {
  const auto& a = *c.algorithm;
  std::cout << "algorithm: " << a.read.file << " (" << (a.read.language == algorithm::Language::Python ? "Python" : "C#")
            << ")\n";
  std::cout << "config:    " << (a.lean_json ? a.lean_json->string() + " (workspace lean.json)" : c.doc.file_name()) << "\n";
  if (a.project_config) std::cout << "project:   " << a.project_config->string() << " (trainsim key)\n";
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

}  // namespace

void add_extract_command(CLI::App& app, int& status) {
  auto* cmd = app.add_subcommand("extract", "print the config trainsim reads from an algorithm file (--algorithm)");
  auto args = std::make_shared<ConfigArgs>();
  auto format = std::make_shared<std::string>("json");
  add_config_args(*cmd, *args);
  cmd->add_option("--format", *format, "json (a runnable config) or text (each item with its file:line)")
      ->check(CLI::IsMember({"text", "json"}));
  set_help_footer(*cmd,
                  {"trainsim extract --algorithm configs/workspace/MLAlgorithm",
                   "trainsim extract --algorithm main.py --config config.json --format text"},
                  {"0  the config was printed", "2  bad input or usage"});
  cmd->callback([args, format, &status] {
    if (args->algorithm.empty()) fail_config("", "", "extract needs --algorithm main.py / Main.cs / a project folder");
    LoadedConfig c = load(*args);
    // What `calendar` would reject is rejected here too (bad keys, rules,
    // market hours), so the printed config is one that runs once every
    // training has a duration; missing durations are notes.
    load_scenario(c.doc, c.warnings, nullptr, ConfigUse::Inspect);
    const nlohmann::ordered_json config = workspace::runnable_config(c.doc);
    print_warnings(c.warnings);
    if (*format == "json") std::cout << config.dump(2) << "\n";
    else print_text(c, config);
    status = 0;
  });
}

}  // namespace trainsim::cli
