// app/common.cpp — what every subcommand shares: --config/--set, loading, warnings,
// progress on a terminal, and writing outputs.
#include "app/common.h"

#include "input/input_error.h"
#include "input/input_files.h"
#include "parallel/parallel.h"
#include "parallel/shard.h"
#include "presets/quota_presets.h"
#include "report/report.h"
#include "workspace/workspace.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <unistd.h>

namespace trainsim::cli {
namespace {

std::string clock_text(double seconds) {
  if (!(seconds >= 0) || seconds > 359999) return "--:--";
  const long s = static_cast<long>(seconds + 0.5);
  char buf[32];
  if (s >= 3600) std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", s / 3600, (s / 60) % 60, s % 60);
  else std::snprintf(buf, sizeof buf, "%ld:%02ld", s / 60, s % 60);
  return buf;
}

}  // namespace

// Points done, rate and time left on stderr, only when it is a terminal.
std::function<void(std::uint64_t, std::uint64_t)> sweep_progress(const char* unit) {
  if (!::isatty(STDERR_FILENO)) return {};
  const auto start = std::chrono::steady_clock::now();
  return [start, unit](std::uint64_t done, std::uint64_t total) {
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const double rate = elapsed > 0 ? static_cast<double>(done) / elapsed : 0;
    const double left = rate > 0 ? static_cast<double>(total - done) / rate : -1;
    constexpr int kWidth = 24;
    const int filled = total ? static_cast<int>(kWidth * done / total) : kWidth;
    char line[160];
    std::snprintf(line, sizeof line, "\r  [%-*s] %llu/%llu %s  %.1f/s  %s left ", kWidth,
                  std::string(static_cast<size_t>(filled), '#').c_str(), static_cast<unsigned long long>(done),
                  static_cast<unsigned long long>(total), unit, rate, clock_text(left).c_str());
    std::cerr << line << std::flush;
  };
}

CLI::Validator jobs_validator() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        const bool digits = !text.empty() && text.find_first_not_of("0123456789") == std::string::npos;
        if (digits && text.find_first_not_of('0') != std::string::npos && text.size() <= 6) return "";
        return "must be a whole number of parallel simulations, at least 1 (got " + text + ")";
      },
      "N>=1");
}

std::string read_text_file(const std::string& path) {
  return read_input_file(path);
}

CLI::Option* add_format_option(CLI::App& cmd, std::string& format, const std::string& help) {
  return cmd.add_option("--format", format, help)->check(CLI::IsMember({"text", "json"}));
}

CLI::Option* add_output_option(CLI::App& cmd, const std::string& flags, std::string& path, const std::string& help) {
  const CLI::Validator not_empty(
      [](std::string& text) -> std::string { return text.empty() ? "needs a file name ('-' for stdout)" : ""; },
      "FILE");
  return cmd.add_option(flags, path, help)->type_name("FILE")->check(not_empty);
}

void add_config_args(CLI::App& cmd, ConfigArgs& args) {
  std::vector<std::string> quota_names;
  for (const auto& p : quota_presets()) quota_names.push_back(p.name);
  cmd.add_option("--config,-c", args.config, "Lean/Launcher config.json with a `simulation` block")
      ->type_name("FILE");
  cmd.add_option("project", args.project,
                 "the Lean CLI project, as `lean backtest PROJECT` takes it: a project folder (a name from anywhere in "
                 "the workspace), its main.py / Main.cs, or any .py/.cs file; without it (and without --config or "
                 "--algorithm), the project the current folder is in")
      ->type_name("PROJECT");
  cmd.add_option("--algorithm,-a", args.algorithm,
                 "read the simulation from an algorithm: main.py / Main.cs, any .py/.cs file, or a project folder "
                 "(its Lean CLI workspace's lean.json is the config unless --config is given)")
      ->type_name("PATH");
  cmd.add_option("--quota", args.quota,
                 "the training quota of a named preset: lean-local, docs, or a Cloud node such as B-MICRO "
                 "(`trainsim quotas` lists them); explicit keys override it")
      ->type_name("NAME")
      ->check(CLI::IsMember(quota_names, CLI::ignore_case));
  cmd.add_flag("--exec", args.exec,
               "read a Python algorithm by running its Initialize (python3) against trainsim's recording stand-in "
               "of LEAN: exact where the static reading warns; the algorithm's own code runs, as in `lean backtest`");
  cmd.add_option("--python", args.python, "--exec: the Python interpreter (default: the project's .venv, else python3)")
      ->type_name("PATH");
  cmd.add_option("--exec-timeout", args.exec_timeout_seconds, "--exec: Initialize's wall-time limit, seconds")
      ->check(CLI::Range(0.1, 86400.0))
      ->capture_default_str();
  cmd.add_option("--exec-memory", args.exec_memory_mb, "--exec: the interpreter's memory limit, MB")
      ->check(CLI::Range(64, 1 << 20))
      ->capture_default_str();
  cmd.add_option("--parameter", args.parameters,
                 "an algorithm parameter (GetParameter), over the project config.json's `parameters`: the static "
                 "reading decides its branches on it, --exec's run reads it; repeatable")
      ->type_name("NAME VALUE")
      ->allow_extra_args(false);  // two words each time: a PROJECT after it stays the project
  cmd.add_option("--color", args.color,
                 "colour the verdict and warnings: auto (on a terminal, unless NO_COLOR is set), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  cmd.add_option("--set", args.sets, "override a key: key=value (LEAN keys or simulation.* paths); repeatable")
      ->type_name("KEY=VALUE")
      ->allow_extra_args(false);  // one word each time: a PROJECT after it stays the project
}

namespace {
bool g_warning_color = false;  // set by load() from --color for stderr
}  // namespace

bool use_color(const ConfigArgs& args, int fd) {
  if (args.color == "never") return false;
  if (args.color == "always") return true;
  const char* no_color = std::getenv("NO_COLOR");
  return ::isatty(fd) && !(no_color && *no_color);
}

void print_warnings(const std::vector<std::string>& warnings) {
  for (const auto& w : warnings) {
    // "note: ..." warnings are notes: not painted as warnings.
    const bool note = w.find("note: ") != std::string::npos;
    std::cerr << "trainsim: " << (g_warning_color && !note ? "\033[1;33mwarning:\033[0m " : "warning: ") << w << "\n";
  }
}

ReportSource report_source(const LoadedConfig& c) {
  ReportSource r;
  r.config_file = c.doc.file_name();
  r.environment = c.doc.environment;
  r.config_digest = "fnv1a64:" + config_fingerprint(c.doc);
  if (c.algorithm) r.algorithm_files.emplace_back(c.algorithm->read.file, fnv1a64_digest(read_text_file(c.algorithm->read.file)));
  return r;
}

std::string shell_word(const std::string& w) {
  const bool plain = !w.empty() && w.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                                       "0123456789_./:=,@%+-") == std::string::npos;
  if (plain) return w;
  std::string out = "'";
  for (const char c : w) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

ConfigArgs with_project(const ConfigArgs& given) {
  ConfigArgs args = given;
  static_cast<project::LoadRequest&>(args) = project::with_project(given);
  return args;
}

std::string config_args_text(const ConfigArgs& given) {
  const ConfigArgs args = with_project(given);
  std::string s;
  auto add = [&s](const char* option, const std::string& value) {
    s += (s.empty() ? "" : " ") + std::string(option) + " " + shell_word(value);
  };
  if (!args.algorithm.empty()) add("--algorithm", args.algorithm);
  if (!args.config.empty()) add("--config", args.config);
  if (!args.quota.empty()) add("--quota", args.quota);
  if (args.exec) s += " --exec";
  if (!args.python.empty()) add("--python", args.python);
  if (args.exec && args.exec_timeout_seconds != 60) {
    std::ostringstream t;
    t << args.exec_timeout_seconds;
    add("--exec-timeout", t.str());
  }
  if (args.exec && args.exec_memory_mb != 4096) add("--exec-memory", std::to_string(args.exec_memory_mb));
  for (const auto& [name, value] : args.parameters) s += " --parameter " + shell_word(name) + " " + shell_word(value);
  for (const auto& set : args.sets) add("--set", set);
  return s;
}

LoadedConfig load(const ConfigArgs& args) {
  g_warning_color = use_color(args, STDERR_FILENO);
  return project::load(args);
}

void print_warnings(LoadedConfig& c) {
  c.warnings_printed = true;
  if (!c.algorithm) return print_warnings(c.warnings);
  for (const auto& n : c.algorithm->replaced) std::cerr << "trainsim: note: " << n << "\n";
  std::vector<std::string> shown;
  for (const auto& w : c.warnings) shown.push_back(workspace::warning_in_its_file(w, c.doc.file_name(), *c.algorithm));
  print_warnings(shown);
}

void fail_with_warnings(LoadedConfig& c, const InputError& error) {
  const std::string message =
      c.algorithm ? workspace::warning_in_its_file(error.what(), c.doc.file_name(), *c.algorithm) : error.what();
  if (c.warnings_printed) throw InputError(message);
  // Read as `validate` does, so missing durations do not stop it before the keys are checked.
  std::vector<std::string> more;
  try {
    load_scenario(c.doc, more, nullptr, ConfigUse::Inspect);
  } catch (const std::exception&) {
  }
  for (auto& w : more)
    if (w.find(": note: ") == std::string::npos && w.rfind("note: ", 0) != 0 &&
        std::find(c.warnings.begin(), c.warnings.end(), w) == c.warnings.end())
      c.warnings.push_back(std::move(w));
  print_warnings(c);
  throw InputError(message);
}

Scenario load_scenario_reporting(LoadedConfig& c, ConfigUse use) {
  try {
    if (use == ConfigUse::Simulate) require_trainings_read(c);
    return load_scenario(c.doc, c.warnings, nullptr, use);
  } catch (const InputError& e) {
    fail_with_warnings(c, e);
  }
}

Scenario load_scenario_or_throw(const ConfigArgs& args, ConfigUse use) {
  LoadedConfig c = load(args);
  Scenario s = load_scenario_reporting(c, use);
  print_warnings(c);
  return s;
}

}  // namespace trainsim::cli
