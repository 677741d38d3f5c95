// exec/exec_reader.cpp — chooses the interpreter, starts it on the stand-in's
// runner with the algorithm, and turns its recording (or its failure) into
// the reading or a clear error.
#include "exec/exec_reader.h"

#include "algorithm/parameters.h"
#include "exec/python_runner.h"
#include "exec/recording.h"
#include "input/input_error.h"
#include "install/data_folder.h"
#include "rules/rule_parser.h"

#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

namespace trainsim::exec {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr int kRecordFd = 3;

// The project's virtual environment: .venv/ or venv/ beside the algorithm or in a parent folder.
std::string venv_python(const fs::path& file) {
  std::error_code ec;
  fs::path dir = fs::absolute(file, ec).parent_path();
  for (int depth = 0; depth < 4 && !dir.empty(); ++depth) {
    for (const char* v : {".venv", "venv"})
      if (fs::is_regular_file(dir / v / "bin" / "python", ec)) return (dir / v / "bin" / "python").string();
    if (fs::exists(dir / "lean.json", ec) || dir == dir.parent_path()) break;
    dir = dir.parent_path();
  }
  return "";
}

std::string seconds_text(std::chrono::milliseconds ms) {
  const auto n = ms.count();
  return std::to_string(n / 1000) + (n % 1000 ? "." + std::to_string(n % 1000 / 100) : "");
}

std::string output_block(const ChildResult& r) {
  if (r.output_total == 0) return "";
  std::string head = r.output_total > r.output.size()
                         ? "its output (the last " + std::to_string(r.output.size()) + " of " +
                               std::to_string(r.output_total) + " bytes):\n"
                         : "its output:\n";
  std::string body = r.output;
  if (!body.empty() && body.back() != '\n') body += '\n';
  return "\n" + head + body;
}

// Items the run read that the static reading has not, or read differently:
// "Equity-usa-XLK (main.py:21)", "event train_model (main.py:30)", "start \"2024-01-02\"".
std::vector<std::string> missed_items(const nlohmann::ordered_json& stat, const nlohmann::ordered_json& run) {
  std::vector<std::string> out;
  for (const auto& d : reading_differences(stat, run)) {
    const std::string label = d.substr(0, d.find(':'));
    const auto bracket = label.find('[');
    if (bracket == std::string::npos) {
      if (d.find("/ exec (none)") == std::string::npos) out.push_back(label + " " + d.substr(d.find("/ exec ") + 7));
      continue;
    }
    const std::string list = label.substr(0, bracket);
    const std::size_t i = std::stoul(label.substr(bracket + 1));
    if (!run.contains(list) || i >= run[list].size()) continue;  // only the static reading has it
    const auto& item = run[list][i];
    out.push_back((list == "events" ? "event " + item.value("name", std::string("(LEAN's name)")) : item.value("security", "?")) +
                  " (" + item.value("source", "") + ")");
  }
  return out;
}

}  // namespace

fs::path default_stand_in() {
  if (const char* env = std::getenv("TRAINSIM_PYTHON_STAND_IN"); env && *env) return env;
  const fs::path& exe = executable_folder();
  const fs::path installed = (exe / ".." / "share" / "trainsim" / "python").lexically_normal();
  std::error_code ec;
  if (fs::is_regular_file(installed / "trainsim_exec.py", ec)) return installed;
  return exe / "python";
}

ExecReading exec_algorithm_file(const fs::path& path, const ExecOptions& o) {
  const fs::path file = algorithm::resolve_algorithm_path(path);
  if (rules::normalize(file.extension().string()) != ".py")
    fail_input(file.string(), "", "--exec runs Python algorithms; a C# algorithm is read without it");
  ExecReading out;
  try {  // for comparison only: what the static reader refuses, the run may read
    out.static_read = algorithm::read_algorithm_file(file, o.parameters);
  } catch (const InputError& e) {
    out.static_error = e.what();
    out.static_read.file = file.string();
  }

  const fs::path stand_in = o.stand_in.empty() ? default_stand_in() : o.stand_in;
  std::error_code ec;
  if (!fs::is_regular_file(stand_in / "trainsim_exec.py", ec))
    fail_input((stand_in / "trainsim_exec.py").string(), "",
               "--exec: trainsim's Python stand-in of LEAN is missing (a broken install?)");
  out.python = !o.python.empty() ? o.python : venv_python(file);
  if (out.python.empty()) out.python = "python3";

  const std::vector<std::string> argv = {out.python, "-B", (stand_in / "trainsim_exec.py").string(),
                                         "--algorithm", fs::absolute(file).string(), "--display", file.string(),
                                         "--record-fd", std::to_string(kRecordFd), "--parameters",
                                         json(algorithm::project_parameters(file, o.parameters)).dump()};
  ChildLimits limits;
  limits.wall = o.timeout;
  limits.memory_bytes = o.memory_mb * std::size_t{1024} * 1024;
  const ChildResult r = run_child(argv, kRecordFd, limits);
  out.elapsed = r.elapsed;
  const std::string name = file.string();
  if (!r.started)
    fail_input(name, "", "--exec cannot run " + out.python + " (" + r.error +
                              "); --exec runs the algorithm's Initialize with Python 3: install it (e.g. "
                              "`sudo apt install python3`) or name an interpreter with --python PATH");
  if (r.timed_out)
    fail_input(name, "", "--exec: Initialize did not finish within " +
                              seconds_text(o.timeout) +
                              " s and was stopped (--exec-timeout SECONDS raises the limit; LEAN's own is 300 s)" +
                              output_block(r));
  if (r.record_too_long) fail_input(name, "", "--exec: the recording is too long (more than 64 MiB)" + output_block(r));
  json rec;
  try {
    rec = json::parse(r.record);
  } catch (const json::exception&) {
    const std::string why = r.signal ? "was killed by signal " + std::to_string(r.signal) +
                                           (r.signal == 9 ? " (out of memory? --exec-memory MB sets the limit)" : "")
                                     : "exited with status " + std::to_string(r.exit_code) + " without a recording";
    fail_input(name, "", "--exec: " + out.python + " " + why + output_block(r));
  }
  if (rec.contains("error") && rec["error"].is_object()) {
    const json& e = rec["error"];
    const std::string at = e.value("at", "");
    std::string type = e.value("type", "Exception");
    std::string message = type + (e.value("message", "").empty() ? "" : ": " + e.value("message", ""));
    if (type == "MemoryError") message += " (--exec-memory MB sets the limit, now " + std::to_string(o.memory_mb) + " MB)";
    throw InputError((at.empty() ? name : at) + ": Initialize raised " + message + output_block(r));
  }
  out.read = read_recording(rec, name);

  // Train calls from callbacks are not run (training code never runs): they
  // are taken from the static reading, as it finds them.
  auto& events = out.read.simulation["events"];
  if (out.static_read.simulation.contains("events"))
    for (const auto& ev : out.static_read.simulation["events"])
      if (ev.contains("when") && ev["when"].is_object()) {
        events.push_back(ev);
        if (ev.contains("method") && ev["method"].is_string()) out.read.methods.push_back(ev["method"]);
        else if (ev.contains("name") && ev["name"].is_string()) out.read.methods.push_back(ev["name"]);
      }

  if (!out.static_read.warnings.empty() && out.static_error.empty()) {
    const auto missed = missed_items(out.static_read.simulation, out.read.simulation);
    if (!missed.empty()) {
      std::string note = name + ": static reading would have missed: ";
      for (std::size_t i = 0; i < missed.size(); ++i) note += (i ? "; " : "") + missed[i];
      out.read.warnings.push_back(note);
    }
  }
  return out;
}

}  // namespace trainsim::exec
