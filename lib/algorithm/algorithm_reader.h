// algorithm/algorithm_reader.h — reads what a QuantConnect algorithm's
// Initialize says about time (dates, zone, subscriptions, benchmark, every
// Train and Schedule.On call, in declaration order) without running it, and
// turns it into trainsim's `simulation` block. What it cannot resolve
// statically it warns about, naming file:line:column and the config key to set.
#pragma once
#include "algorithm/parameters.h"
#include "grammar/lexer.h"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace trainsim::algorithm {

using grammar::Language;

struct AlgorithmRead {
  std::string file;  // as shown in messages
  Language language = Language::Python;
  // SPEC keys: start, end, time-zone, securities, benchmark,
  // daily-precise-end-time, events (one list in declaration order; each item
  // with its "source" "file:line"). Only what the file says.
  nlohmann::ordered_json simulation = nlohmann::ordered_json::object();
  // Where each top-level key came from ("main.py:12"); securities and events
  // carry their own "source".
  std::vector<std::pair<std::string, std::string>> sources;
  // "main.py:14:9: ..." — every statement it could not read statically.
  std::vector<std::string> warnings;
  // The methods the events call, in first-use order (their durations must come from the config).
  std::vector<std::string> methods;
  // Every Train call in the file's code, read or not ("main.py:40"): a file
  // that trains must never run as one that does not.
  std::vector<std::string> train_calls;
  // Where the reading took a default the file cannot give (how often a
  // Train under an undecided condition runs): the config key that sets it
  // ("simulation.events[1].when.probability") and the warning that says so.
  // A command that finds the key set in the config used finally says so instead.
  struct Assumed {
    std::string key;
    std::string warning;
    std::string call;  // "main.py:16:13: train(refit) in `check` (called by event `check`)"
  };
  std::vector<Assumed> assumed;
  // The `if`s decided by the run's mode (`if not self.live_mode:`), read as a
  // backtest takes them ("main.py:9").
  std::vector<std::string> decided_by_mode;
  // Other project files read for a base class of the algorithm: (file, the class).
  std::vector<std::pair<std::string, std::string>> base_files;
};

// What was read, in one paragraph: subscriptions, events (trainings), the
// lines not read (those the warnings name) and the Train calls no training
// entry comes from. `simulation` is the block finally used (after the config's
// overrides), or the reader's own.
std::string read_summary(const AlgorithmRead& read, const nlohmann::ordered_json& simulation);

// The Train calls of `read` that no training in `simulation` comes from
// (by the "source" file:line of its entries).
std::vector<std::string> trainings_not_simulated(const AlgorithmRead& read, const nlohmann::ordered_json& simulation);

// Initialize's statements are read with loops over literal lists unrolled;
// a file that unrolls to more than this many statements, or characters in
// them and in the bound values they use, is refused (InputError).
inline constexpr std::size_t kMaxStatementsRead = 100'000;
inline constexpr std::size_t kMaxCharactersRead = 2'000'000;

// How every reading of an Initialize ends, the same for the static reader
// and --exec's recording: `out.simulation` assembled in the order a config is
// written (known_simulation_keys) from the settings the calls made
// (`settings`: start, end, time-zone, benchmark, ...), the subscriptions and
// the events, each list's source noted; and one warning for each basic
// missing (SetStartDate, SetEndDate, a subscription).
void finish_simulation(AlgorithmRead& out, const std::string& file, bool has_start, bool has_end,
                       const nlohmann::ordered_json& settings, const std::vector<nlohmann::ordered_json>& securities,
                       const std::vector<nlohmann::ordered_json>& events);

// The one entry point for any bytes (the fuzzing harness calls this): reads
// `source` as `lang`; `file_name` names it in messages. Throws InputError
// ("main.py:3:5: ...") on input it must reject; nothing else escapes.
// `parameters`: what GetParameter returns (`if self.get_parameter("x") == "on"`
// is then decided); none: such conditions are read as taken, with a warning.
AlgorithmRead read_algorithm_text(std::string_view source, Language lang, const std::string& file_name,
                                  const std::optional<Parameters>& parameters = std::nullopt);

// A file of the algorithm's project: its name in messages, its text.
struct SourceFile {
  std::string name;
  std::string text;
};
// Finds the project file that defines the class `name` (a base class the
// algorithm's file does not define), or nothing (algorithm/base_class_files.h).
using BaseClassLoader = std::function<std::optional<SourceFile>(const std::string& name)>;

// As read_algorithm_text; where the algorithm's class derives from a class
// the file does not define, `load_base` is asked for the file that does, and
// that class (with its Initialize and methods) is read as part of the
// algorithm. Messages about its code name its own file.
AlgorithmRead read_algorithm_project(const SourceFile& main, Language lang, const BaseClassLoader& load_base,
                                     const std::optional<Parameters>& parameters = std::nullopt);

// A .py/.cs file, or a project folder holding main.py or Main.cs.
// Throws InputError naming the path.
std::filesystem::path resolve_algorithm_path(const std::filesystem::path& path);
// Reads the file resolve_algorithm_path finds, with its project's parameters
// (project_parameters: config.json's, then `parameter_overrides`) and the base
// classes its siblings define (sibling_class_loader).
AlgorithmRead read_algorithm_file(const std::filesystem::path& path,
                                  const std::vector<std::pair<std::string, std::string>>& parameter_overrides = {});

}  // namespace trainsim::algorithm
