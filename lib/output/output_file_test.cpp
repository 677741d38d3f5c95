// Tests for lib/output: outputs never damage a path (a symlink is resolved, a
// device or FIFO written straight, never renamed over), are checked before
// any work with the OS's own reason, and appear only when committed.
#include "input/input_error.h"
#include "input/input_files.h"
#include "output/output_file.h"

#include <doctest/doctest.h>

#include "testing.h"

#include <algorithm>
#include <csignal>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <sys/stat.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <utility>
#include <vector>

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

namespace {

std::vector<std::string> names_in(const fs::path& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(dir)) out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

unsigned mode_of(const fs::path& p) {
  struct stat st {};
  REQUIRE(::stat(p.c_str(), &st) == 0);
  return st.st_mode & 07777;
}

}  // namespace

TEST_CASE("output: a replaced file keeps its mode; read-only and hard-linked files are refused, unchanged") {
  TempDir dir;
  const auto report = dir.write("report.json", "old");
  REQUIRE(::chmod(report.c_str(), 0600) == 0);
  write_output(report.string(), "new");
  CHECK(slurp(report) == "new");
  CHECK(mode_of(report) == 0600);

  const auto ro = dir.write("ro.json", "keep");
  REQUIRE(::chmod(ro.c_str(), 0444) == 0);
  CHECK(contains(error_of([&] { check_output(ro.string(), "--report"); }), "read-only"));
  CHECK(contains(error_of([&] { write_output(ro.string(), "x"); }), "read-only"));
  CHECK(slurp(ro) == "keep");

  const auto linked = dir.write("linked.json", "shared");
  fs::create_hard_link(linked, dir.path / "other-name.json");
  const std::string e = error_of([&] { check_output(linked.string(), "--report"); });
  CHECK(contains(e, "--report"));
  CHECK(contains(e, "2 hard links"));
  CHECK(contains(error_of([&] { write_output(linked.string(), "x"); }), "hard links"));
  CHECK(slurp(dir.path / "other-name.json") == "shared");
  CHECK(names_in(dir.path) == std::vector<std::string>{"linked.json", "other-name.json", "report.json", "ro.json"});
}

TEST_CASE("output: a symlink loop is refused, not replaced by a file") {
  TempDir dir;
  fs::create_symlink("b", dir.path / "a");
  fs::create_symlink("a", dir.path / "b");
  const auto a = (dir.path / "a").string();
  CHECK(contains(error_of([&] { check_output(a, "--report"); }), "symlink loop"));
  CHECK(contains(error_of([&] { write_output(a, "x"); }), "symlink loop"));
  CHECK(fs::is_symlink(fs::symlink_status(dir.path / "a")));
  CHECK(fs::is_symlink(fs::symlink_status(dir.path / "b")));
}

TEST_CASE("output: a name near NAME_MAX gets a temporary name that fits") {
  TempDir dir;
  const auto p = dir.path / std::string(250, 'r');
  check_output(p.string(), "--report");
  write_output(p.string(), "fits");
  CHECK(slurp(p) == "fits");
  CHECK(names_in(dir.path).size() == 1);
  const std::string e = error_of([&] { check_output((dir.path / std::string(300, 'x')).string(), "--report"); });
  CHECK(contains(e, "longer than"));
}

TEST_CASE("output: a descriptor is checked up front, never parsed with stoi") {
  const std::string huge = error_of([] { check_output("/dev/fd/99999999999", "--report"); });
  CHECK(contains(huge, "not an open file descriptor"));
  CHECK_FALSE(contains(huge, "stoi"));
  CHECK(contains(error_of([] { check_output("/dev/fd/987654", "--report"); }), "not an open file descriptor"));
  TempDir dir;
  const auto f = dir.write("in.txt", "x");
  const int fd = ::open(f.c_str(), O_RDONLY);
  REQUIRE(fd >= 0);
  CHECK(contains(error_of([&] { check_output("/dev/fd/" + std::to_string(fd), "--report"); }), "not open for writing"));
  ::close(fd);
}

TEST_CASE("output: no output names an input, or the same file as another output") {
  forget_input_files();
  TempDir dir;
  const auto config = dir.write("config.json", "{}");
  CHECK(read_input_file(config) == "{}");
  // The same file however it is spelled: relative parts, a symlink.
  fs::create_symlink("config.json", dir.path / "alias.json");
  for (const fs::path& p : {config, dir.path / "." / "config.json", dir.path / "alias.json"}) {
    const std::string e = error_of([&] { check_outputs({{"--report", p.string()}}); });
    CHECK(contains(e, "--report"));
    CHECK(contains(e, "is also an input of this command (" + config.string() + ")"));
  }
  // Caught again when committing, for an input read after the check.
  const auto late = dir.write("trace.csv", "1\n");
  OutputFile out(late.string());
  out.write("overwritten");
  read_input_file(late);
  CHECK(contains(error_of([&] { out.commit(); }), "is also an input"));
  CHECK(slurp(late) == "1\n");

  const std::string both = error_of([&] {
    check_outputs({{"--report", (dir.path / "x").string()}, {"--timeline", (dir.path / "." / "x").string()}});
  });
  CHECK(contains(both, "--timeline"));
  CHECK(contains(both, "names the same file as --report"));
  CHECK(contains(error_of([] { check_outputs({{"--report", "-"}, {"--html", "/dev/stdout"}}); }), "same file"));
  check_outputs({{"--report", (dir.path / "a.json").string()}, {"--html", (dir.path / "a.html").string()}, {"--timeline", ""}});
  forget_input_files();
}

TEST_CASE("output: a command's outputs are committed together or not at all") {
  TempDir dir;
  const auto report = dir.write("report.json", "old report");
  {
    OutputSet outputs;
    outputs.write(report.string(), "new report");
    outputs.write("/dev/full", "the page");  // ENOSPC when written
    const std::string e = error_of([&] { outputs.commit(); });
    CHECK(contains(e, "/dev/full"));
    CHECK(contains(e, "No space left"));
    CHECK(slurp(report) == "old report");
  }
  CHECK(names_in(dir.path) == std::vector<std::string>{"report.json"});
  OutputSet outputs;
  outputs.write(report.string(), "new report");
  outputs.write((dir.path / "page.html").string(), "page");
  outputs.commit();
  CHECK(slurp(report) == "new report");
  CHECK(slurp(dir.path / "page.html") == "page");
}

TEST_CASE("output: a rename failing after others succeeded undoes them; every previous file stays as it was") {
  TempDir dir;
  const auto report = dir.write("report.json", "old report");
  ::chmod(report.c_str(), 0640);
  const auto timeline = dir.write("timeline.csv", "old rows");
  const auto page = dir.path / "page.html";  // new: must not remain
  const auto last = dir.path / "sweep.csv";
  struct stat before {};
  REQUIRE(::stat(report.c_str(), &before) == 0);
  {
    OutputSet outputs;
    outputs.write(report.string(), "new report");
    outputs.write(page.string(), "new page");
    outputs.write(timeline.string(), "new rows");
    outputs.write(last.string(), "new csv");
    // The folder changes under the command once the first three are in
    // place: a folder now stands where the last output goes, so its rename fails.
    int renames = 0;
    set_before_rename_for_testing([&](const std::string& target) {
      if (++renames == 4) fs::create_directory(target);
    });
    const std::string e = error_of([&] { outputs.commit(); });
    set_before_rename_for_testing(nullptr);
    CHECK(renames == 4);
    CHECK(contains(e, "sweep.csv: cannot replace"));
  }
  CHECK(slurp(report) == "old report");
  CHECK(slurp(timeline) == "old rows");
  CHECK_FALSE(fs::exists(page));
  struct stat after {};
  REQUIRE(::stat(report.c_str(), &after) == 0);
  CHECK(after.st_ino == before.st_ino);  // the very file, not a copy
  CHECK((after.st_mode & 07777) == 0640);
  CHECK(after.st_nlink == 1);
  // Nothing else: no temporary, no second name of a previous file.
  CHECK(names_in(dir.path) == std::vector<std::string>{"report.json", "sweep.csv", "timeline.csv"});
  CHECK(fs::is_directory(last));

  // When all succeed, no second name is left either.
  fs::remove(last);
  OutputSet outputs;
  outputs.write(report.string(), "new report");
  outputs.write(last.string(), "new csv");
  outputs.commit();
  CHECK(slurp(report) == "new report");
  CHECK(names_in(dir.path) == std::vector<std::string>{"report.json", "sweep.csv", "timeline.csv"});
  REQUIRE(::stat(report.c_str(), &after) == 0);
  CHECK(after.st_nlink == 1);
  CHECK((after.st_mode & 07777) == 0640);
}

TEST_CASE("output: SIGINT, SIGTERM and SIGHUP remove the temporaries and exit 128 + N") {
  for (const int sig : {SIGINT, SIGTERM, SIGHUP}) {
    TempDir dir;
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
      // As a terminal's job has it: under nohup, or as a shell's background
      // job, SIGHUP or SIGINT arrives ignored (the next test case).
      ::signal(sig, SIG_DFL);
      OutputFile a((dir.path / "timeline.csv").string());
      OutputFile b((dir.path / "report.json").string());
      a.write("rows");
      ::raise(sig);
      ::_exit(0);  // not reached
    }
    int status = 0;
    REQUIRE(::waitpid(child, &status, 0) == child);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 128 + sig);
    CHECK(names_in(dir.path).empty());
  }
}

TEST_CASE("output: a signal the command was started ignoring stays ignored") {
  // nohup's SIGHUP: trainsim must not turn it back into an exit.
  for (const int sig : {SIGINT, SIGHUP}) {
    TempDir dir;
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
      ::signal(sig, SIG_IGN);
      OutputSet outputs;
      outputs.write((dir.path / "report.json").string(), "report");
      ::raise(sig);
      outputs.commit();
      ::_exit(0);
    }
    int status = 0;
    REQUIRE(::waitpid(child, &status, 0) == child);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
    CHECK(names_in(dir.path) == std::vector<std::string>{"report.json"});
  }
}
