// project/load.h — a command's inputs loaded the one way every command, test
// and benchmark loads them: the config (or the Lean CLI project and its
// algorithm, read statically or by --exec), the quota preset, --set, and the
// warnings; and the checks a simulation must pass before it starts from them.
#pragma once
#include "config/config_document.h"
#include "exec/exec_reader.h"
#include "workspace/workspace.h"

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace trainsim::project {

// What to load: the command line's --config, --algorithm, PROJECT, --set,
// --quota, --exec, --python, --exec-timeout, --exec-memory and --parameter.
struct LoadRequest {
  std::string config;
  std::string algorithm;  // a .py/.cs file or a project folder
  std::string project;    // the PROJECT positional, as `lean backtest PROJECT` takes it
  std::vector<std::string> sets;
  std::string quota;  // a preset's name: simulation.quota, under the sets
  // Run the Python algorithm's Initialize against trainsim's stand-in of LEAN (lib/exec).
  bool exec = false;
  std::string python;
  double exec_timeout_seconds = 60;
  std::size_t exec_memory_mb = 4096;
  std::vector<std::pair<std::string, std::string>> parameters;  // GetParameter values
};

struct LoadedConfig {
  ConfigDocument doc;
  std::vector<std::string> warnings;
  std::optional<workspace::AlgorithmConfig> algorithm;  // with an algorithm
  std::optional<exec::ExecReading> exec;                 // with exec: the run, and the static reading beside it
  bool warnings_printed = false;                         // by the command line, once
};

// `request` with its project resolved into `algorithm` (a name from anywhere
// in the Lean CLI workspace), or, with no project, algorithm or config, the
// project the current folder is in; throws InputError.
LoadRequest with_project(const LoadRequest& request);

// Reads the config (with an algorithm: the algorithm's block under the
// config's explicit keys), applies the quota preset and the sets in order,
// and gathers every warning (the reader's, the document's, unknown root keys);
// throws InputError.
LoadedConfig load(const LoadRequest& request);

// With an algorithm, for the commands that simulate: a file that calls Train
// where no training entry comes from any call is refused (InputError naming
// the calls), never simulated as an algorithm that does not train.
// Also refused: an algorithm whose `if self.live_mode` branches were read as a
// backtest takes them, simulated live (simulation.live).
void require_trainings_read(const LoadedConfig& c);

// "read from main.py: 2 subscriptions, ..." (algorithm::read_summary of the
// simulation finally used); empty without an algorithm.
std::string algorithm_read_summary(const LoadedConfig& c);

}  // namespace trainsim::project
