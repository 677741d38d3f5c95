// tests/fuzz/replay_test.cpp — the unit suite replays every saved fuzz input
// (tests/fuzz/regressions/<harness>/*): each once crashed or hung a parser.
#include "harnesses.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

TEST_CASE("fuzz regressions: every saved crash input is now handled as bad input") {
  const std::filesystem::path root = std::filesystem::path(TRAINSIM_SOURCE_DIR) / "tests" / "fuzz" / "regressions";
  int replayed = 0;
  for (const auto& h : trainsim::fuzz::all()) {
    const auto dir = root / h.name;
    if (!std::filesystem::is_directory(dir)) continue;
    for (const auto& f : std::filesystem::directory_iterator(dir)) {
      if (!f.is_regular_file() || f.path().extension() == ".md") continue;
      std::ifstream in(f.path(), std::ios::binary);
      const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      INFO(h.name << ": " << f.path().filename().string());
      h.run(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());  // aborts on a finding
      ++replayed;
    }
  }
  CHECK(replayed > 0);
}
