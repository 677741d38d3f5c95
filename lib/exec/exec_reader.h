// exec/exec_reader.h — `--exec`: reads a Python algorithm by running its
// Initialize (with python3) against the recording stand-in of LEAN that
// trainsim installs (share/trainsim/python), instead of reading its text.
// The result is the same AlgorithmRead the static reader gives.
#pragma once
#include "algorithm/algorithm_reader.h"

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace trainsim::exec {

struct ExecOptions {
  std::string python;  // --python; empty: the project's virtual environment, else python3 on PATH
  std::chrono::milliseconds timeout{60'000};  // Initialize's wall time (LEAN's own limit is 300 s)
  std::size_t memory_mb = 4096;               // the interpreter's address space
  // --parameter NAME VALUE, over the project config.json's `parameters`.
  std::vector<std::pair<std::string, std::string>> parameters;
  std::filesystem::path stand_in;  // empty: the installed one (or the build tree's)
};

struct ExecReading {
  algorithm::AlgorithmRead read;         // what the run recorded (with the notes below as warnings)
  algorithm::AlgorithmRead static_read;  // what the static reader gives for the same file
  std::string static_error;              // the static reader's error, when it refused the file
  std::string python;                    // the interpreter that ran
  std::chrono::milliseconds elapsed{0};  // the interpreter's wall time
};

// The folder holding trainsim_exec.py: <exe>/../share/trainsim/python when
// installed, <exe dir>/python in the build tree; $TRAINSIM_PYTHON_STAND_IN overrides.
std::filesystem::path default_stand_in();

// Runs `path`'s (a .py file or a project folder) Initialize. Throws
// InputError: no Python, a C# file, an exception in Initialize (its
// traceback's file:line and the captured output), the time limit.
ExecReading exec_algorithm_file(const std::filesystem::path& path, const ExecOptions& options);

}  // namespace trainsim::exec
