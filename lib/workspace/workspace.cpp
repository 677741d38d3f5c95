// workspace/workspace.cpp — finds a Lean CLI workspace's files and merges the
// algorithm's `simulation` block with what the configs say explicitly.
#include "workspace/workspace.h"

#include "calendar/market_hours_database.h"
#include "config/lean_settings.h"
#include "config/simulation_config.h"
#include "input/input_error.h"
#include "input/input_files.h"
#include "input/json_text.h"
#include "install/data_folder.h"

#include <fstream>
#include <set>
#include <sstream>

namespace trainsim::workspace {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const std::set<std::string> kSecurityKeys = {"security", "securities"};
const std::set<std::string> kPerSubscription = {"resolution", "extended-market-hours"};
const std::set<std::string> kEventKeys = {"events", "training", "scheduled-events"};

// Lays `overlay`'s keys over `base` (the algorithm's block), recording each
// key's origin. See load_with_algorithm for the rules.
void overlay_simulation(json& base, const json& overlay, const std::string& origin,
                        std::vector<std::pair<std::string, std::string>>* sources) {
  if (!overlay.is_object()) return;
  auto note = [&](const std::string& key) {
    if (!sources) return;
    for (auto& [k, v] : *sources)
      if (k == key) {
        v = origin;
        return;
      }
    sources->emplace_back(key, origin);
  };
  bool replaces_securities = false;
  for (const auto& [key, value] : overlay.items()) replaces_securities |= kSecurityKeys.count(key) > 0;
  for (const auto& [key, value] : overlay.items()) {
    if (kSecurityKeys.count(key) && base.contains("securities") && key != "securities") base.erase("securities");
    if (kEventKeys.count(key))
      for (const auto& k : kEventKeys)
        if (k != key) base.erase(k);
    if (kPerSubscription.count(key) && !replaces_securities && base.contains("securities") &&
        base["securities"].is_array()) {
      for (auto& s : base["securities"])
        if (s.is_object()) s[key] = value;
      note("securities");
      continue;
    }
    if (key == "methods" && value.is_object() && base.contains("methods") && base["methods"].is_object()) {
      for (const auto& [name, m] : value.items()) base["methods"][name] = m;
      note(key);
      continue;
    }
    base[key] = value;
    note(key);
  }
}

// "SPY, QQQ and IWM" from a `securities` list (its tickers).
std::string securities_text(const json& list) {
  std::vector<std::string> names;
  if (list.is_array())
    for (const auto& s : list) {
      const std::string key = s.is_object() ? s.value("security", std::string("?")) : std::string("?");
      names.push_back(key.substr(key.rfind('-') == std::string::npos ? 0 : key.rfind('-') + 1));
    }
  else if (list.is_string())
    names.push_back(list.get<std::string>().substr(list.get<std::string>().rfind('-') + 1));
  std::string out;
  for (size_t i = 0; i < names.size() && i < 6; ++i) out += (i ? ", " : "") + names[i];
  if (names.size() > 6) out += " and " + std::to_string(names.size() - 6) + " more";
  return out.empty() ? "none" : out;
}

std::string events_text(const json& list) {
  const size_t n = list.is_array() ? list.size() : 0;
  std::string out = std::to_string(n) + (n == 1 ? " event" : " events");
  std::vector<std::string> names;
  if (list.is_array())
    for (const auto& e : list)
      if (e.is_object() && e.contains("name") && e["name"].is_string()) names.push_back(e["name"].get<std::string>());
  if (!names.empty()) {
    out += " (";
    for (size_t i = 0; i < names.size() && i < 4; ++i) out += (i ? ", " : "") + names[i];
    out += names.size() > 4 ? ", ...)" : ")";
  }
  return out;
}

// What `overlay` (from `origin`) replaces of what the algorithm declared in
// `base`: one sentence per item, for the run to say aloud.
std::vector<std::string> replacement_notes(const json& base, const json& overlay, const std::string& origin,
                                           const algorithm::AlgorithmRead& read) {
  std::vector<std::string> out;
  if (!overlay.is_object()) return out;
  auto declared_at = [&](const std::string& key) {
    for (const auto& [k, v] : read.sources)
      if (k == key) return v;
    return std::string();
  };
  auto declared = [&](const std::string& key) { return read.simulation.contains(key) && base.contains(key); };
  const std::string algo = "the algorithm's";
  auto at = [&](const std::string& key) {
    const std::string where = declared_at(key);
    return where.empty() ? std::string() : " (" + where + ")";
  };
  for (const char* key : {"start", "end", "time-zone"}) {
    if (!overlay.contains(key) || !declared(key) || overlay[key] == base[key]) continue;
    out.push_back(origin + " replaces " + algo + " " + key + " " + base[key].dump() + at(key) + " with " +
                  overlay[key].dump());
  }
  const bool new_securities = overlay.contains("securities") || overlay.contains("security");
  if (new_securities && declared("securities"))
    out.push_back(origin + " replaces " + algo + " securities, " + securities_text(base["securities"]) + at("securities") +
                  ", with " + securities_text(overlay.contains("securities") ? overlay["securities"] : overlay["security"]));
  else if (declared("securities"))
    for (const auto& key : kPerSubscription)
      if (overlay.contains(key))
        out.push_back(origin + " sets " + key + " " + overlay[key].dump() + " on each of " + algo + " securities (" +
                      securities_text(base["securities"]) + ")");
  for (const auto& key : kEventKeys) {
    if (!overlay.contains(key) || !declared("events")) continue;
    out.push_back(origin + " replaces " + algo + " " + events_text(base["events"]) + " with its " + key + ", " +
                  events_text(overlay[key]));
    break;
  }
  return out;
}

// The value at `path` ("a.b[0].c") under `root`, or null.
const json* at_path(const json& root, const std::string& path) {
  const json* j = &root;
  size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '.' && ++i >= path.size()) return nullptr;
    if (path[i] == '[') {
      const size_t close = path.find(']', i);
      const std::string digits = close == std::string::npos ? "" : path.substr(i + 1, close - i - 1);
      if (digits.empty() || digits.size() > 9 || digits.find_first_not_of("0123456789") != std::string::npos ||
          !j->is_array())
        return nullptr;
      const size_t index = std::stoul(digits);
      if (index >= j->size()) return nullptr;
      j = &(*j)[index];
      i = close + 1;
      continue;
    }
    const size_t end = std::min(path.find('.', i), path.find('[', i));
    const std::string key = path.substr(i, end == std::string::npos ? std::string::npos : end - i);
    if (!j->is_object() || !j->contains(key)) return nullptr;
    j = &(*j)[key];
    i = end == std::string::npos ? path.size() : end;
  }
  return j;
}

std::optional<json> read_json_file(const fs::path& p) {
  std::error_code ec;
  if (!fs::exists(p, ec)) return std::nullopt;
  return parse_json_text(read_input_file(p), p.string());
}

// Relative `trace` paths (calendar and duration traces) made absolute.
void absolute_traces(nlohmann::ordered_json& j, const fs::path& folder) {
  if (j.is_object()) {
    for (auto& [key, value] : j.items()) {
      if (key == "trace" && value.is_string()) {
        const fs::path p = value.get<std::string>();
        if (p.is_relative()) value = fs::absolute(folder / p).lexically_normal().string();
      } else {
        absolute_traces(value, folder);
      }
    }
  } else if (j.is_array()) {
    for (auto& v : j) absolute_traces(v, folder);
  }
}

}  // namespace

std::optional<fs::path> find_lean_json(const fs::path& algorithm_file) {
  std::error_code ec;
  fs::path dir = fs::absolute(algorithm_file, ec).parent_path();
  for (int depth = 0; depth < 64 && !dir.empty(); ++depth) {
    if (fs::is_regular_file(dir / "lean.json", ec)) {
      // Shown as the user would type it: relative when the algorithm path was.
      if (algorithm_file.is_relative()) {
        const fs::path rel = (dir / "lean.json").lexically_relative(fs::current_path(ec));
        if (!rel.empty()) return rel;
      }
      return dir / "lean.json";
    }
    if (dir == dir.parent_path()) break;
    dir = dir.parent_path();
  }
  return std::nullopt;
}

std::optional<fs::path> find_workspace_root(const fs::path& folder) {
  std::error_code ec;
  fs::path dir = fs::absolute(folder, ec).lexically_normal();
  for (int depth = 0; depth < 64 && !dir.empty(); ++depth) {
    if (fs::is_regular_file(dir / "lean.json", ec)) return dir;
    if (dir == dir.parent_path()) break;
    dir = dir.parent_path();
  }
  return std::nullopt;
}

namespace {

bool is_project_folder(const fs::path& dir) {
  std::error_code ec;
  return fs::is_regular_file(dir / "main.py", ec) || fs::is_regular_file(dir / "Main.cs", ec);
}

// `p` (absolute) as the user in `cwd` would type it.
fs::path from_cwd(const fs::path& p, const fs::path& cwd) {
  std::error_code ec;
  const fs::path rel = p.lexically_relative(fs::absolute(cwd, ec).lexically_normal());
  return rel.empty() ? p : rel;
}

}  // namespace

fs::path resolve_project(const std::string& project, const fs::path& cwd) {
  std::error_code ec;
  if (project.empty()) fail_input("PROJECT", "", "an empty project name");
  const fs::path typed = project;
  if (fs::exists(typed.is_absolute() ? typed : cwd / typed, ec)) return typed;
  const auto root = find_workspace_root(cwd);
  if (root && typed.is_relative() && fs::exists(*root / typed, ec)) return from_cwd((*root / typed).lexically_normal(), cwd);
  std::string where = "no such project folder or algorithm file in the current folder";
  if (root) where += " or in the Lean CLI workspace " + from_cwd(*root, cwd).string() + " (its lean.json)";
  else where += ", and no lean.json above it (a Lean CLI workspace)";
  fail_input(project, "", where);
}

std::optional<fs::path> project_around(const fs::path& cwd) {
  std::error_code ec;
  const fs::path start = fs::absolute(cwd, ec).lexically_normal();
  const auto root = find_workspace_root(start);
  fs::path dir = start;
  for (int depth = 0; depth < 64 && !dir.empty(); ++depth) {
    if (is_project_folder(dir)) {
      const fs::path rel = from_cwd(dir, start);
      return rel == "." || rel.empty() ? fs::path(".") : rel;
    }
    if (!root || dir == *root || dir == dir.parent_path()) break;
    dir = dir.parent_path();
  }
  return std::nullopt;
}

ConfigDocument load_with_algorithm(const fs::path& algorithm_path, const std::optional<fs::path>& config,
                                   AlgorithmConfig& info, std::vector<std::string>& warnings,
                                   const AlgorithmFileReader& read) {
  const fs::path file = algorithm::resolve_algorithm_path(algorithm_path);
  info.read = read ? read(file) : algorithm::read_algorithm_file(file);
  for (const auto& w : info.read.warnings) warnings.push_back(w);

  // The config: --config, else the workspace's lean.json, else none (an
  // empty config named after the algorithm, so relative paths are its folder's).
  fs::path config_path = file;
  json root = json::object();
  if (config) {
    config_path = *config;
    root = load_config_document(*config).root;
  } else if (auto lean = find_lean_json(file)) {
    info.lean_json = *lean;
    config_path = *lean;
    root = load_config_document(*lean).root;
  }

  for (const auto& [key, src] : info.read.sources) info.sources.emplace_back(key, "algorithm " + src);
  json base = json(info.read.simulation);

  // The project's config.json: Lean CLI keeps its own keys there and leaves `trainsim` alone.
  const fs::path project = file.parent_path().empty() ? fs::path("config.json") : file.parent_path() / "config.json";
  std::error_code ec;
  if (fs::is_regular_file(project, ec) && !(config && fs::equivalent(project, *config, ec))) {
    const auto pj = read_json_file(project);
    if (pj && pj->is_object() && pj->contains("trainsim")) {
      const json& t = (*pj)["trainsim"];
      if (!t.is_object()) fail_input(project.string(), "trainsim", "expected an object of simulation keys");
      info.project_config = project;
      // Relative trace paths there are the project's, not the config's.
      nlohmann::ordered_json copy = t;
      absolute_traces(copy, project.parent_path());
      info.project_block = t;
      for (auto& n : replacement_notes(base, json(copy), project.string() + " (its trainsim key)", info.read))
        info.replaced.push_back(std::move(n));
      overlay_simulation(base, json(copy), "project " + project.string() + " (trainsim)", &info.sources);
    }
  }

  // The config's explicit `simulation` keys win, in the root and in every
  // environment that defines its own block (an environment's block replaces
  // the root's in LEAN's overlay, so each gets the algorithm's base too).
  const json algorithm_base = base;
  if (root.contains("simulation")) {
    info.config_block = root["simulation"];
    for (auto& n : replacement_notes(base, root["simulation"], "config " + config_path.string(), info.read))
      info.replaced.push_back(std::move(n));
    overlay_simulation(base, root["simulation"], "config " + config_path.string(), &info.sources);
    if (!root["simulation"].is_object()) base = root["simulation"];  // let the reader say what is wrong
  }
  root["simulation"] = base;
  if (root.contains("environments") && root["environments"].is_object())
    for (auto& [name, env] : root["environments"].items())
      if (env.is_object() && env.contains("simulation")) {
        json b = algorithm_base;
        overlay_simulation(b, env["simulation"], "config environment '" + name + "'", nullptr);
        env["simulation"] = b;
      }

  ConfigDocument doc = config_document_from(config_path, std::move(root));
  // A workspace's data folder usually holds only what `lean data download`
  // fetched; without a market-hours database, use the bundled one.
  if (info.lean_json) {
    const LeanSettings lean = read_lean_settings(doc);
    if (!fs::exists(MarketHoursDatabase::path_in(lean.data_folder), ec)) {
      // Dropping the key makes the default folder (the bundled sample data) apply, here and in `extract`'s output.
      warnings.push_back(input_message(doc.file_name(), lean_key::kDataFolder,
                                       "no market-hours/market-hours-database.json in " + lean.data_folder.string() +
                                            "; using trainsim's bundled sample data (" +
                                            default_data_folder().path.string() + ")"));
      json r = doc.root;
      r.erase(lean_key::kDataFolder);
      if (r.contains("environments") && r["environments"].is_object())
        for (auto& [name, env] : r["environments"].items())
          if (env.is_object()) env.erase(lean_key::kDataFolder);
      doc = config_document_from(config_path, std::move(r));
    }
  }
  doc.algorithm_methods = info.read.methods;
  return doc;
}

std::string warning_in_its_file(const std::string& warning, const std::string& merged_file,
                                const AlgorithmConfig& info) {
  const std::string prefix = merged_file + ": simulation.";
  if (info.project_block.is_null() || warning.compare(0, prefix.size(), prefix) != 0) return warning;
  const size_t end = warning.find(": ", prefix.size());
  if (end == std::string::npos) return warning;
  const std::string path = warning.substr(prefix.size(), end - prefix.size());
  // The key the config itself wrote stays the config's.
  if (info.config_block.is_object() && at_path(info.config_block, path)) return warning;
  if (!info.project_config || !at_path(info.project_block, path)) return warning;
  return info.project_config->string() + ": trainsim." + path + warning.substr(end);
}

nlohmann::ordered_json runnable_config(const ConfigDocument& doc) {
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  for (const auto& [key, value] : doc.effective.items()) {
    if (key == "environment" || key == "environments" || key == "simulation") continue;
    out[key] = value;
  }
  if (out.contains(lean_key::kDataFolder) && out[lean_key::kDataFolder].is_string()) {
    const fs::path p = out[lean_key::kDataFolder].get<std::string>();
    if (p.is_relative()) out[lean_key::kDataFolder] = fs::absolute(doc.folder() / p).lexically_normal().string();
  }
  if (doc.effective.contains("simulation")) {
    // The simulation block in the spec's order, the rest after.
    const json& s = doc.effective["simulation"];
    nlohmann::ordered_json sim = nlohmann::ordered_json::object();
    if (s.is_object()) {
      for (const std::string& k : known_simulation_keys())
        if (s.contains(k)) sim[k] = s[k];
      for (const auto& [key, value] : s.items())
        if (!sim.contains(key)) sim[key] = value;
    }
    // Entries in the order a person writes them.
    auto ordered = [](const nlohmann::ordered_json& item, const std::vector<std::string>& keys) {
      if (!item.is_object()) return item;
      nlohmann::ordered_json o = nlohmann::ordered_json::object();
      for (const std::string& k : keys)
        if (item.contains(k)) o[k] = item[k];
      for (const auto& [key, value] : item.items())
        if (!o.contains(key)) o[key] = value;
      return o;
    };
    for (const char* list : {"events", "training", "scheduled-events"})
      if (sim.contains(list) && sim[list].is_array())
        for (auto& e : sim[list])
          e = ordered(e, known_list_event_keys());
    if (sim.contains("securities") && sim["securities"].is_array())
      for (auto& e : sim["securities"]) e = ordered(e, known_subscription_keys());
    absolute_traces(sim, doc.folder());
    out["simulation"] = sim;
  }
  return out;
}

}  // namespace trainsim::workspace
