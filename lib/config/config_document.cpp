// config/config_document.cpp — reading a config.json as LEAN does (comments,
// the environment overlay, --set overrides), with where each value came from.
#include "config/config_document.h"

#include "config/simulation_config.h"
#include "input/input_error.h"
#include "input/input_files.h"
#include "input/json_text.h"

#include <fstream>
#include <iterator>
#include <optional>
#include <set>
#include <sstream>
#include <vector>

namespace trainsim {
namespace {


// One step of a key path "a.b[2].c": a name, or an index with its text as
// written (for messages).
struct PathStep {
  std::string name;
  std::optional<size_t> index;
};

// The steps of `key`; a malformed path is a --set error.
std::vector<PathStep> path_steps(const std::string& key) {
  std::vector<PathStep> steps;
  size_t i = 0;
  while (i < key.size()) {
    if (key[i] == '[') {
      const auto close = key.find(']', i);
      if (close == std::string::npos) fail_option("--set", key, "unclosed '['");
      PathStep step{key.substr(i + 1, close - i - 1), std::nullopt};
      try {
        step.index = std::stoul(step.name);
      } catch (const std::exception&) {
        fail_option("--set", key, "array index must be a number");
      }
      steps.push_back(std::move(step));
      i = close + 1;
    } else {
      size_t end = key.find_first_of(".[", i);
      if (end == std::string::npos) end = key.size();
      std::string part = key.substr(i, end - i);
      if (part.empty()) fail_option("--set", key, "empty key segment");
      steps.push_back({std::move(part), std::nullopt});
      i = end;
    }
    if (i < key.size() && key[i] == '.') ++i;
  }
  return steps;
}

// Sets `value` at "a.b[2].c" inside `root`, creating objects on the way.
void set_path(nlohmann::json& root, const std::string& key, const nlohmann::json& value) {
  nlohmann::json* node = &root;
  std::string walked;
  for (const PathStep& step : path_steps(key)) {
    if (step.index) {
      if (!node->is_array() || *step.index >= node->size())
        fail_option("--set", key, "'" + walked + "' has no element [" + std::to_string(*step.index) + "]");
      node = &(*node)[*step.index];
      walked += "[" + step.name + "]";
      continue;
    }
    if (node->is_null()) *node = nlohmann::json::object();
    if (!node->is_object()) fail_option("--set", key, "'" + walked + "' is not an object");
    node = &(*node)[step.name];
    walked += (walked.empty() ? "" : ".") + step.name;
  }
  *node = value;
}

// effective = root, with `environment` overridden if --set names one, then
// LEAN's environment overlay (the deepest definition wins), then the other
// overrides in order.
void rebuild(ConfigDocument& doc) {
  const std::string name = doc.file_name();
  doc.effective = doc.root;
  doc.origin.clear();
  doc.environment.clear();
  doc.warnings.clear();
  for (const auto& [key, value] : doc.overrides)
    if (key == "environment") doc.effective["environment"] = value;
  const nlohmann::json& root = doc.effective;
  if (root.contains("environment")) {
    const auto& env_key = root["environment"];
    if (!env_key.is_string()) fail_input(name, "environment", "must be a string naming an entry of 'environments'");
    std::string env = env_key.get<std::string>();
    const nlohmann::json envs = root.contains("environments") ? root["environments"] : nlohmann::json();
    if (!envs.is_null() && !envs.is_object()) fail_input(name, "environments", "must be an object");
    std::set<std::string> seen;
    while (!env.empty() && !seen.count(env)) {
      seen.insert(env);
      if (envs.is_null() || !envs.contains(env)) {
        doc.warnings.push_back(input_message(
            name, "environment",
            "'" + env + "' is not defined under 'environments'; using the root keys, as LEAN does"));
        break;
      }
      const auto& overlay = envs[env];
      if (!overlay.is_object()) fail_input(name, "environments." + env, "must be an object");
      doc.environment = env;
      std::string next;
      for (const auto& [key, value] : overlay.items()) {
        if (key == "environment" && value.is_string()) {
          next = value.get<std::string>();
          continue;
        }
        doc.effective[key] = value;
        doc.origin[key] = "environment '" + env + "'";
      }
      env = next;
    }
  }
  for (const auto& [key, value] : doc.overrides) {
    if (key == "environment") continue;
    set_path(doc.effective, key, value);
    doc.origin[key.substr(0, key.find_first_of(".["))] = "--set";
  }
}

}  // namespace

std::filesystem::path ConfigDocument::folder() const {
  const auto parent = file.parent_path();
  return parent.empty() ? std::filesystem::path(".") : parent;
}

ConfigDocument load_config_document(const std::filesystem::path& path) {
  const std::string name = path.string();
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) fail_input(name, "", "no such file");
  if (std::filesystem::is_directory(path, ec)) fail_input(name, "", "is a directory, not a config file");
  return config_document_from_text(read_input_file(path), path);
}

ConfigDocument config_document_from_text(std::string_view text, const std::filesystem::path& path) {
  ConfigDocument doc;
  doc.file = path;
  const std::string name = path.string();
  doc.root = parse_json_text(text, name);
  if (!doc.root.is_object()) fail_input(name, "", "the top level must be a JSON object");
  rebuild(doc);
  return doc;
}

ConfigDocument config_document_from(const std::filesystem::path& path, nlohmann::json root) {
  ConfigDocument doc;
  doc.file = path;
  doc.root = std::move(root);
  if (!doc.root.is_object()) fail_input(path.string(), "", "the top level must be a JSON object");
  rebuild(doc);
  return doc;
}

void apply_override(ConfigDocument& doc, const std::string& assignment) {
  const auto eq = assignment.find('=');
  if (eq == std::string::npos || eq == 0) fail_option("--set", assignment, "expected key=value");
  const std::string key = assignment.substr(0, eq);
  const std::string text = assignment.substr(eq + 1);
  // A simulation.* path trainsim does not read would silently do nothing.
  if (const std::string why = unknown_simulation_path(key); !why.empty()) fail_option("--set", key, why);
  nlohmann::json value;
  switch (parse_json_value(text, value)) {
    case JsonValueRead::Read: break;
    case JsonValueRead::TooDeep:
      fail_option("--set", key, "the value is nested more than " + std::to_string(kMaxJsonNesting) + " levels deep");
    case JsonValueRead::NotJson: value = text; break;  // a plain string ("30m", "America/Chicago")
  }
  doc.overrides.emplace_back(key, value);
  rebuild(doc);
}

const nlohmann::json* find_path(const nlohmann::json& root, const std::string& key) {
  const nlohmann::json* node = &root;
  for (const PathStep& step : path_steps(key)) {
    if (step.index) {
      if (!node->is_array() || *step.index >= node->size()) return nullptr;
      node = &(*node)[*step.index];
    } else {
      if (!node->is_object()) return nullptr;
      const auto it = node->find(step.name);
      if (it == node->end()) return nullptr;
      node = &*it;
    }
  }
  return node;
}

}  // namespace trainsim
