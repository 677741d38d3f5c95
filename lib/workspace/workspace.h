// workspace/workspace.h — the config an `--algorithm` run uses: the Lean CLI
// workspace around the algorithm (the nearest lean.json, the project's
// config.json `trainsim` key, the data folder) and the `simulation` block read
// from the algorithm, merged under what the config says explicitly.
#pragma once
#include "algorithm/algorithm_reader.h"
#include "config/config_document.h"

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace trainsim::workspace {

// The nearest lean.json in the algorithm's folder or a parent.
std::optional<std::filesystem::path> find_lean_json(const std::filesystem::path& algorithm_file);

// The Lean CLI workspace around `folder`: the nearest folder, `folder` or a
// parent, holding lean.json (the Lean CLI looks for it the same way).
std::optional<std::filesystem::path> find_workspace_root(const std::filesystem::path& folder);

// A PROJECT argument as `lean backtest PROJECT` takes it (a project folder,
// its main.py or Main.cs, or any .py/.cs file): a path from `cwd`, else from
// the root of the workspace `cwd` is in, so a project name works from any
// folder of the workspace. Returned as typed when it exists from `cwd`, else
// relative to `cwd`. Throws InputError naming what was looked for.
std::filesystem::path resolve_project(const std::string& project, const std::filesystem::path& cwd);

// With no PROJECT argument: the project `cwd` is in, the nearest folder
// holding main.py or Main.cs from `cwd` up to its workspace's root (only
// `cwd` itself outside a workspace), relative to `cwd` ("." when it is `cwd`).
std::optional<std::filesystem::path> project_around(const std::filesystem::path& cwd);

struct AlgorithmConfig {
  algorithm::AlgorithmRead read;
  std::optional<std::filesystem::path> lean_json;       // used as the config (no --config given)
  std::optional<std::filesystem::path> project_config;  // config.json beside the algorithm, with a `trainsim` key
  // Where each `simulation` key of the result came from, in order:
  // "algorithm main.py:12", "project config.json (trainsim)", "config lean.json".
  std::vector<std::pair<std::string, std::string>> sources;
  // The project config.json's `trainsim` object as written (typos in it are its file's).
  nlohmann::json project_block;
  // The config's own `simulation` block as written (before the algorithm's keys went under it).
  nlohmann::json config_block;
  // One sentence per item the algorithm declared (securities, start, end,
  // time zone, events) that a config replaced: what, by what, from where.
  std::vector<std::string> replaced;
};

// A reader's warning about a `simulation.*` key of the merged config, naming
// the file the key was written in: the project config.json's `trainsim`
// block when it came from there (not the workspace lean.json the merged
// config is named after). Other warnings are returned as they are.
std::string warning_in_its_file(const std::string& warning, const std::string& merged_file, const AlgorithmConfig& info);

// Loads the config for `--algorithm PATH [--config FILE]`: FILE if given,
// else the workspace's lean.json, else an empty config beside the algorithm.
// The algorithm's block is the base; the project's `trainsim` key and then
// the config's `simulation` keys override it (`security`/`securities`
// replace its subscriptions, `resolution`/`extended-market-hours` alone apply
// to each of them, any of `events`/`training`/`scheduled-events` replaces its
// events, `methods` merge by name). A workspace data folder without a
// market-hours database falls back to the bundled sample data. Throws
// InputError; appends warnings (the reader's too). `read` reads the
// algorithm file (default: the static reader; `--exec` runs it instead).
using AlgorithmFileReader = std::function<algorithm::AlgorithmRead(const std::filesystem::path&)>;
ConfigDocument load_with_algorithm(const std::filesystem::path& algorithm_path,
                                   const std::optional<std::filesystem::path>& config, AlgorithmConfig& info,
                                   std::vector<std::string>& warnings, const AlgorithmFileReader& read = {});

// The effective config as a runnable file: `environment(s)` applied and
// dropped, relative paths (data-folder, traces) made absolute.
nlohmann::ordered_json runnable_config(const ConfigDocument& doc);

}  // namespace trainsim::workspace
