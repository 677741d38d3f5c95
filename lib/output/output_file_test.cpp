// Tests for lib/output: outputs never damage a path (a symlink is resolved, a
// device or FIFO written straight, never renamed over), are checked before
// any work with the OS's own reason, and appear only when committed.
#include "config/config_error.h"
#include "output/output_file.h"

#include <doctest/doctest.h>

#include "testing.h"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>
#include <utility>

using namespace trainsim;
namespace fs = std::filesystem;
using testing::TempDir;

namespace {

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

template <class F>
std::string error_of(F&& f) {
  return testing::error_of<std::exception>(std::forward<F>(f));
}
using testing::contains;

}  // namespace

TEST_CASE("output: a regular file is replaced atomically; nothing appears before commit") {
  TempDir dir;
  const auto p = dir.path / "report.json";
  {
    OutputFile out(p.string());
    out.write("partial");
    CHECK_FALSE(fs::exists(p));
  }  // destroyed uncommitted: nothing left behind, not even the temporary
  CHECK_FALSE(fs::exists(p));
  CHECK(std::distance(fs::directory_iterator(dir.path), fs::directory_iterator()) == 0);
  write_output(p.string(), "one");
  write_output(p.string(), "two");
  CHECK(slurp(p) == "two");
  CHECK(std::distance(fs::directory_iterator(dir.path), fs::directory_iterator()) == 1);
}

TEST_CASE("output: a symlink is resolved and its target replaced; the link stays a link") {
  TempDir dir;
  const auto target = dir.write("real.json", "old");
  const auto link = dir.path / "link.json";
  fs::create_symlink("real.json", link);
  check_output(link.string(), "--report");
  write_output(link.string(), "new");
  CHECK(fs::is_symlink(fs::symlink_status(link)));
  CHECK(slurp(target) == "new");
  // A dangling link: its target is created, the link kept.
  const auto dangling = dir.path / "dangling.json";
  fs::create_symlink("made.json", dangling);
  write_output(dangling.string(), "made");
  CHECK(fs::is_symlink(fs::symlink_status(dangling)));
  CHECK(slurp(dir.path / "made.json") == "made");
}

TEST_CASE("output: a device or FIFO is written straight, never replaced") {
  check_output("/dev/null", "--report");
  write_output("/dev/null", "discarded");
  CHECK(fs::is_character_file("/dev/null"));

  TempDir dir;
  const auto fifo = dir.path / "pipe";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  std::string got;
  std::thread reader([&] { got = slurp(fifo); });
  write_output(fifo.string(), "through the pipe");
  reader.join();
  CHECK(got == "through the pipe");
  CHECK(fs::is_fifo(fifo));
}

TEST_CASE("output: bad destinations are refused up front, saying what is wrong") {
  TempDir dir;
  CHECK(contains(error_of([&] { check_output(dir.path.string(), "--report"); }), "is a folder"));
  CHECK(contains(error_of([&] { check_output(".", "--report"); }), "is a folder"));
  const std::string missing = error_of([&] { check_output((dir.path / "no" / "dir" / "x.csv").string(), "--timeline"); });
  CHECK(contains(missing, "--timeline"));
  CHECK(contains(missing, "does not exist"));
  const auto file = dir.write("file", "");
  CHECK(contains(error_of([&] { check_output((file / "x.csv").string(), "--out"); }), "not a folder"));
  // The write itself reports the OS's reason, never a stale "Success".
  const std::string e = error_of([&] { write_output(dir.path.string(), "x"); });
  CHECK(contains(e, "folder"));
  CHECK_FALSE(contains(e, "Success"));
  if (::geteuid() != 0) {  // root may write anywhere
    const auto ro = dir.path / "ro";
    fs::create_directory(ro);
    fs::permissions(ro, fs::perms::owner_read | fs::perms::owner_exec);
    const std::string r = error_of([&] { check_output((ro / "x.json").string(), "--report"); });
    CHECK(contains(r, "Permission denied"));
    CHECK_FALSE(contains(r, "does the folder exist"));
  }
}
