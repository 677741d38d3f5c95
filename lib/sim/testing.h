// sim/testing.h — for tests: build a Scenario from config text, with the
// project's sample data.
#pragma once
#include "sim/scenario.h"

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

namespace trainsim::testing {

inline std::filesystem::path write_temp_config(const std::string& text) {
  static std::atomic<int> counter{0};
  const auto dir = std::filesystem::temp_directory_path() /
                   ("trainsim-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
  std::filesystem::create_directories(dir);
  const auto file = dir / "config.json";
  std::ofstream(file) << text;
  return file;
}

inline Scenario scenario_from(const std::string& config_text) {
  std::vector<std::string> warnings;
  return load_scenario(load_config_document(write_temp_config(config_text)), warnings);
}

}  // namespace trainsim::testing
