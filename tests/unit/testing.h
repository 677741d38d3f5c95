// tests/unit/testing.h — what the unit tests share: a scratch folder that
// cleans up after itself, and a Scenario built from config text.
#pragma once
#include "config/config_document.h"
#include "input/input_error.h"
#include "project/load.h"
#include "sim/scenario.h"

#include <doctest/doctest.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <system_error>
#include <unistd.h>
#include <vector>

namespace trainsim::testing {

// xorshift64: a fixed sequence of draws for the tests that try many inputs
// (nothing reported depends on it).
struct Xorshift {
  std::uint64_t s;
  explicit Xorshift(std::uint64_t seed = 0x9E3779B97F4A7C15ULL) : s(seed) {}
  std::uint64_t next() {
    s ^= s << 13;
    s ^= s >> 7;
    s ^= s << 17;
    return s;
  }
};

// A fresh directory under the temp folder, removed at the end of the test.
struct TempDir {
  std::filesystem::path path;
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "trainsim-test-XXXXXX").string();
    REQUIRE(::mkdtemp(tmpl.data()) != nullptr);
    path = tmpl;
  }
  ~TempDir() {
    std::error_code ec;  // a test may have made it unreadable
    std::filesystem::permissions(path, std::filesystem::perms::owner_all, std::filesystem::perm_options::add, ec);
    std::filesystem::remove_all(path, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  std::filesystem::path write(const std::string& name, const std::string& text) const {
    const std::filesystem::path p = path / name;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
    return p;
  }
};

// Loads `json` as config.json (default data folder: the project's sample
// data) the way the commands do (project::load), with `sets` as --set, and
// builds the scenario. Everything it reads is read before the folder goes.
inline Scenario scenario_from(const std::string& json, const std::vector<std::string>& sets = {},
                              std::vector<std::string>* warnings = nullptr) {
  TempDir dir;
  project::LoadRequest request;
  request.config = dir.write("config.json", json).string();
  request.sets = sets;
  project::LoadedConfig loaded = project::load(request);
  std::vector<std::string> local;
  std::vector<std::string>& out = warnings ? *warnings : local;
  out.insert(out.end(), loaded.warnings.begin(), loaded.warnings.end());
  return load_scenario(loaded.doc, out);
}

// The message of the exception of type E that `f` throws ("" when none).
template <class E = InputError, class F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const E& e) {
    return e.what();
  }
  return "";
}

// The project's sample market-hours database, and LEAN's real one (tests that
// read it skip when it is absent).
inline const std::filesystem::path kSampleDb =
    std::filesystem::path(TRAINSIM_SOURCE_DIR) / "sample_data" / "market-hours" / "market-hours-database.json";
inline const std::filesystem::path kLeanDb = std::filesystem::path(TRAINSIM_SHARED_LEAN) / "market-hours-database.json";

// `m` minutes as Micros.
inline Micros minutes(double m) { return static_cast<Micros>(m * 60'000'000.0); }

// An instant as the report prints it, in the scenario's zone.
inline std::string at(const Scenario& s, Instant t) { return format_instant(t, s.sim.zone); }

inline bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

}  // namespace trainsim::testing
