// algorithm/algorithm_reader.cpp — a focused reader of the calls in an
// algorithm's Initialize that decide its calendar and its scheduled work.
// It parses expressions just far enough to see call chains, arguments and
// literals; rules and dates are handed to the one rule parser (lib/rules).
// The reading itself is the Reader's (algorithm/reader.h); here are its entry
// points and the summaries made of what it read.
#include "algorithm/algorithm_reader.h"

#include "algorithm/base_class_files.h"
#include "algorithm/parameters.h"
#include "algorithm/reader.h"
#include "config/simulation_keys.h"
#include "input/input_error.h"
#include "input/input_files.h"
#include "rules/rule_parser.h"

#include <cstdint>
#include <set>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

namespace trainsim::algorithm {

std::vector<std::string> trainings_not_simulated(const AlgorithmRead& read, const nlohmann::ordered_json& simulation) {
  std::set<std::string, std::less<>> from;
  for (const char* list : {"events", "training"})
    if (simulation.contains(list) && simulation[list].is_array())
      for (const auto& e : simulation[list])
        if (e.is_object() && e.contains("source") && e["source"].is_string() &&
            (std::string(list) == "training" || e.value("training", false)))
          from.insert(e["source"].get<std::string>());
  std::vector<std::string> out;
  for (const auto& c : read.train_calls)
    if (!from.count(c)) out.push_back(c);
  return out;
}

std::string read_summary(const AlgorithmRead& read, const nlohmann::ordered_json& simulation) {
  auto count = [&](const char* key) {
    return simulation.contains(key) && simulation[key].is_array() ? simulation[key].size() : size_t{0};
  };
  size_t events = count("events"), trainings = 0, runtime = 0;
  if (simulation.contains("events") && simulation["events"].is_array())
    for (const auto& e : simulation["events"]) {
      if (e.is_object() && e.contains("when") && e["when"].is_object()) ++runtime;
      else trainings += e.is_object() && e.value("training", false);
    }
  events -= runtime;
  const size_t subscriptions = count("securities");
  std::string s = "read from " + read.file;
  for (const auto& [file, cls] : read.base_files) s += " and " + file + " (its base class " + cls + ")";
  s += ": " + std::to_string(subscriptions) + " subscription" +
                  (subscriptions == 1 ? "" : "s") + ", " + std::to_string(events) + " scheduled event" +
                  (events == 1 ? "" : "s") + " (" + std::to_string(trainings) + " training" +
                  (trainings == 1 ? "" : "s") + ")";
  if (runtime > 0)
    s += ", " + std::to_string(runtime) + " training" + (runtime == 1 ? "" : "s") + " started at run time";
  // The lines warned about, per file: the algorithm's, then its base classes'.
  std::vector<std::string> files = {read.file};
  for (const auto& f : read.base_files) files.push_back(f.first);
  std::string not_read;
  for (const auto& file : files) {
    std::set<size_t> lines;
    const std::string prefix = file + ":";
    for (const auto& w : read.warnings) {
      if (w.rfind(prefix, 0) != 0) continue;
      size_t line = 0, k = prefix.size();
      while (k < w.size() && w[k] >= '0' && w[k] <= '9' && line < 100'000'000) line = line * 10 + static_cast<size_t>(w[k++] - '0');
      if (line > 0) lines.insert(line);
    }
    if (lines.empty()) continue;
    not_read += not_read.empty() ? "" : "; ";
    if (file != read.file) not_read += file + " ";
    not_read += lines.size() == 1 ? "line " : "lines ";
    size_t shown = 0;
    for (size_t l : lines) {
      if (shown++ == 20) {
        not_read += ", ...";
        break;
      }
      not_read += (shown == 1 ? "" : ", ") + std::to_string(l);
    }
  }
  if (!not_read.empty()) s += "; not read exactly (see the warnings): " + not_read;
  const auto lost = trainings_not_simulated(read, simulation);
  if (!lost.empty()) {
    s += "; Train calls not simulated: ";
    for (size_t k = 0; k < lost.size(); ++k) s += (k ? ", " : "") + lost[k];
  }
  return s;
}

void finish_simulation(AlgorithmRead& out, const std::string& file, bool has_start, bool has_end,
                       const nlohmann::ordered_json& settings, const std::vector<nlohmann::ordered_json>& securities,
                       const std::vector<nlohmann::ordered_json>& events) {
  auto note_source = [&out](const std::string& key, const std::vector<nlohmann::ordered_json>& list) {
    if (list.empty()) return;
    const std::string at = list.front().value("source", std::string());
    for (auto& [k, v] : out.sources)
      if (k == key) return void(v = at);
    out.sources.emplace_back(key, at);
  };
  nlohmann::ordered_json s;
  for (const std::string& k : known_simulation_keys()) {
    if (k == "securities") {
      if (!securities.empty()) s[k] = securities;
      note_source(k, securities);
    } else if (k == "events") {
      s[k] = events;
      note_source(k, events);
    } else if (settings.contains(k)) {
      s[k] = settings[k];
    }
  }
  out.simulation = std::move(s);
  const bool has_securities = !securities.empty();
  if (!has_start)
    out.warnings.push_back(file + ": no SetStartDate in Initialize; set simulation.start (trainsim's default is 2024-01-01)");
  if (!has_end)
    out.warnings.push_back(file + ": no SetEndDate in Initialize (LEAN runs to yesterday); set simulation.end "
                                  "(trainsim's default is 2024-12-31)");
  if (!has_securities)
    out.warnings.push_back(file + ": no subscription read in Initialize; trainsim uses simulation.security "
                                  "(default Equity-usa-SPY)");
}

AlgorithmRead read_algorithm_text(std::string_view source, Language lang, const std::string& file_name,
                                  const std::optional<Parameters>& parameters) {
  return detail::Reader(file_name, source, lang, parameters, nullptr).run();
}

AlgorithmRead read_algorithm_project(const SourceFile& main, Language lang, const BaseClassLoader& load_base,
                                     const std::optional<Parameters>& parameters) {
  return detail::Reader(main.name, main.text, lang, parameters, load_base).run();
}

std::filesystem::path resolve_algorithm_path(const std::filesystem::path& path) {
  std::error_code ec;
  const std::string name = path.string();
  if (std::filesystem::is_directory(path, ec)) {
    for (const char* f : {"main.py", "Main.cs"})
      if (std::filesystem::is_regular_file(path / f, ec)) return path / f;
    fail_input(name, "", "a project folder must hold main.py or Main.cs");
  }
  if (!std::filesystem::exists(path, ec)) fail_input(name, "", "no such file or folder (--algorithm)");
  const std::string ext = rules::normalize(path.extension().string());
  if (ext != ".py" && ext != ".cs")
    fail_input(name, "", "not an algorithm file: --algorithm takes a .py or .cs file, or a project folder");
  return path;
}

// An algorithm file larger than this is refused before it is read: the
// reader's memory grows with the source (README "Limits and hardening").
constexpr std::uint64_t kMaxAlgorithmFileBytes = std::uint64_t{4} << 20;

AlgorithmRead read_algorithm_file(const std::filesystem::path& path,
                                  const std::vector<std::pair<std::string, std::string>>& parameter_overrides) {
  const auto file = resolve_algorithm_path(path);
  const std::string text = read_input_file(file, kMaxAlgorithmFileBytes);
  const Language lang = rules::normalize(file.extension().string()) == ".py" ? Language::Python : Language::CSharp;
  const auto load_base = sibling_class_loader(file, lang, text, kMaxAlgorithmFileBytes);
  return detail::Reader(file.string(), text, lang, project_parameters(file, parameter_overrides), load_base).run();
}

}  // namespace trainsim::algorithm
