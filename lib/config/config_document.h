// config/config_document.h — a Lean/Launcher config.json read the way LEAN
// reads it (Configuration/Config.cs): comments allowed, duplicate keys keep
// the last value, the `environments[environment]` overlay applied, then the
// user's --set overrides.
#pragma once
#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace trainsim {

struct ConfigDocument {
  std::filesystem::path file;   // as given; relative paths in the config resolve against its folder
  nlohmann::json root;          // the file as parsed
  std::vector<std::pair<std::string, nlohmann::json>> overrides;  // --set, in order
  nlohmann::json effective;     // root keys overlaid with the selected environment and --set
  std::string environment;      // the environment applied, empty if none
  // Where each overridden top-level key came from: "environment '<name>'" or "--set".
  std::map<std::string, std::string> origin;
  std::vector<std::string> warnings;
  // Read with an algorithm (--algorithm): the methods its events call. A
  // `methods` entry naming none of them (nor one a config's event calls) is
  // an error; without an algorithm there is nothing to check it against.
  std::optional<std::vector<std::string>> algorithm_methods;

  std::filesystem::path folder() const;
  std::string file_name() const { return file.string(); }
};

// Reads and parses `path`; throws InputError (missing/unreadable file,
// malformed JSON with line and column, a root that is not an object).
ConfigDocument load_config_document(const std::filesystem::path& path);
// The same from text already read; `path` names it and anchors relative paths.
ConfigDocument config_document_from_text(std::string_view text, const std::filesystem::path& path);

// A document from JSON already in memory (a config assembled by the caller);
// `path` names it in messages and anchors its relative paths.
ConfigDocument config_document_from(const std::filesystem::path& path, nlohmann::json root);

// Applies one "--set key=value": key is a LEAN key or a path such as
// simulation.training[1].duration; value is JSON if it parses, else a string.
// `--set environment=<name>` selects another environment; every other
// override is applied after the overlay, so it wins. `effective` is rebuilt
// from `root` and all overrides on each call: edit the config through this
// function, not by writing to `effective`.
void apply_override(ConfigDocument& doc, const std::string& assignment);

// The value at a key path such as simulation.events[1].when.probability (the
// paths --set takes), or nullptr when `root` has none there.
const nlohmann::json* find_path(const nlohmann::json& root, const std::string& key);

}  // namespace trainsim
