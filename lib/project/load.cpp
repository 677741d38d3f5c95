// project/load.cpp — the one path from a command's inputs to a loaded config:
// the project resolved, the algorithm read (or run with --exec) under the
// config's explicit keys, the quota preset and --set applied, warnings gathered.
#include "project/load.h"

#include "algorithm/algorithm_reader.h"
#include "config/lean_settings.h"
#include "input/input_error.h"
#include "input/near_miss.h"

#include <chrono>
#include <filesystem>

namespace trainsim::project {

LoadRequest with_project(const LoadRequest& given) {
  LoadRequest args = given;
  std::error_code ec;
  const auto cwd = std::filesystem::current_path(ec);
  if (!args.project.empty()) {
    if (!args.algorithm.empty())
      fail_input(args.project, "", "a project and --algorithm " + args.algorithm + " name two algorithms; give one");
    args.algorithm = workspace::resolve_project(args.project, cwd).string();
  } else if (args.algorithm.empty() && args.config.empty()) {
    if (const auto p = workspace::project_around(cwd)) args.algorithm = p->string();
  }
  args.project.clear();
  return args;
}

namespace {
// The reader's warning that it took a default (a run-time Train's
// probability) becomes a note of the value used where the config sets it.
void say_assumed_values_set(LoadedConfig& c) {
  for (const auto& a : c.algorithm->read.assumed) {
    const nlohmann::json* v = find_path(c.doc.effective, a.key);
    if (!v) continue;
    for (auto& w : c.warnings)
      if (w == a.warning) w = a.call + ": note: simulated with " + a.key + " = " + v->dump() + ", as the config sets it";
  }
}
}  // namespace

LoadedConfig load(const LoadRequest& given) {
  const LoadRequest args = with_project(given);
  LoadedConfig c;
  if ((args.exec || !args.parameters.empty() || !args.python.empty()) && args.algorithm.empty())
    fail_input("", "", "--exec, --python and --parameter read an algorithm: give --algorithm main.py or a project folder");
  if (!args.algorithm.empty()) {
    c.algorithm.emplace();
    std::optional<std::filesystem::path> config;
    if (!args.config.empty()) config = args.config;
    workspace::AlgorithmFileReader read;
    if (args.exec)
      read = [&](const std::filesystem::path& file) {
        exec::ExecOptions o;
        o.python = args.python;
        o.timeout = std::chrono::milliseconds(static_cast<long long>(args.exec_timeout_seconds * 1000));
        o.memory_mb = args.exec_memory_mb;
        o.parameters = args.parameters;
        c.exec = exec::exec_algorithm_file(file, o);
        return c.exec->read;
      };
    else
      read = [&](const std::filesystem::path& file) { return algorithm::read_algorithm_file(file, args.parameters); };
    c.doc = workspace::load_with_algorithm(args.algorithm, config, *c.algorithm, c.warnings, read);
  } else if (!args.config.empty()) {
    c.doc = load_config_document(args.config);
  } else {
    fail_input("", "", "no project here: give a project (`trainsim run \"My Project\"`, as `lean backtest` takes it), "
                        "run it inside a project folder (one holding main.py or Main.cs), or give --config config.json");
  }
  std::vector<std::string> reader_warnings = std::move(c.warnings);
  if (!args.quota.empty()) apply_override(c.doc, "simulation.quota=" + nlohmann::json(args.quota).dump());
  for (const auto& s : args.sets) {
    if (const auto eq = s.find('='); eq != std::string::npos)
      require_known_root_key("--set", s.substr(0, eq), "so setting it changes nothing");
    apply_override(c.doc, s);
  }
  c.warnings = std::move(reader_warnings);
  if (c.algorithm) say_assumed_values_set(c);
  for (auto& w : c.doc.warnings) c.warnings.push_back(w);
  for (auto& w : near_miss_warnings(c.doc.effective, known_root_keys(), c.doc.file_name(), ""))
    c.warnings.push_back(w);
  return c;
}

namespace {
nlohmann::ordered_json used_simulation(const LoadedConfig& c) {
  if (!c.doc.effective.is_object() || !c.doc.effective.contains("simulation")) return nlohmann::ordered_json::object();
  return nlohmann::ordered_json::parse(c.doc.effective["simulation"].dump());
}
}  // namespace

void require_trainings_read(const LoadedConfig& c) {
  if (!c.algorithm) return;
  const auto sim = used_simulation(c);
  // The reader decides `if self.live_mode` as a backtest; a live simulation would take the other branch.
  if (sim.contains("live") && !c.algorithm->read.decided_by_mode.empty()) {
    std::string at;
    for (const auto& l : c.algorithm->read.decided_by_mode) at += (at.empty() ? "" : ", ") + l;
    fail_input(c.algorithm->read.file, "",
               "branches on LiveMode (" + at + "), which trainsim reads as a backtest takes them, but the config "
               "simulates live (simulation.live); give the live run's subscriptions and events in the config's "
               "`simulation` block, or remove simulation.live");
  }
  if (c.algorithm->read.train_calls.empty()) return;
  const auto lost = algorithm::trainings_not_simulated(c.algorithm->read, sim);
  bool any_training = sim.contains("training") && sim["training"].is_array() && !sim["training"].empty();
  if (sim.contains("events") && sim["events"].is_array())
    for (const auto& e : sim["events"]) any_training |= e.is_object() && e.value("training", false);
  if (any_training) return;
  std::string calls;
  for (const auto& l : lost) calls += (calls.empty() ? "" : ", ") + l;
  fail_input(c.algorithm->read.file, "",
             "calls Train (" + calls + ") but no training could be read from it (see the warnings), so the run "
             "would simulate an algorithm that never trains; give the trainings in the config's `simulation` "
             "block (`events` or `training`)");
}

std::string algorithm_read_summary(const LoadedConfig& c) {
  if (!c.algorithm) return "";
  return algorithm::read_summary(c.algorithm->read, used_simulation(c));
}

}  // namespace trainsim::project
