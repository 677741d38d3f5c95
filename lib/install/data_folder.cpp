// install/data_folder.cpp — the default data folder, found relative to the running binary.
#include "install/data_folder.h"

#include <cstdlib>
#include <system_error>

namespace trainsim {
namespace {

namespace fs = std::filesystem;

const fs::path& exe_dir() {
  static const fs::path dir = [] {
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    return ec ? fs::path() : exe.parent_path();
  }();
  return dir;
}

bool has_database(const fs::path& folder) {
  std::error_code ec;
  return fs::exists(folder / "market-hours" / "market-hours-database.json", ec);
}

}  // namespace

const fs::path& executable_folder() { return exe_dir(); }

DataFolder default_data_folder() {
  if (const char* env = std::getenv("TRAINSIM_DATA"); env && *env) {
    std::error_code ec;
    const fs::path p = fs::absolute(env, ec);
    return {ec ? fs::path(env) : p, "TRAINSIM_DATA"};
  }
  const fs::path installed = (exe_dir() / ".." / "share" / "trainsim" / "sample_data").lexically_normal();
  if (has_database(installed)) return {installed, "installed"};
  const fs::path build_tree = exe_dir() / "sample_data";
  if (has_database(build_tree)) return {build_tree, "build tree"};
  return {installed, "not found"};
}

}  // namespace trainsim
