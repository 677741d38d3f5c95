// install/data_folder_test.cpp — the default data folder is found beside an
// installed or copied binary.
#include "install/data_folder.h"

#include "config/lean_settings.h"
#include "testing.h"

#include <cstdlib>

using namespace trainsim;
using trainsim::testing::TempDir;
namespace fs = std::filesystem;

namespace {
// Sets TRAINSIM_DATA for one test, restoring the caller's value after.
struct DataEnv {
  std::string saved;
  bool had;
  explicit DataEnv(const char* value) : had(std::getenv("TRAINSIM_DATA") != nullptr) {
    if (had) saved = std::getenv("TRAINSIM_DATA");
    if (value) ::setenv("TRAINSIM_DATA", value, 1);
    else ::unsetenv("TRAINSIM_DATA");
  }
  ~DataEnv() {
    if (had) ::setenv("TRAINSIM_DATA", saved.c_str(), 1);
    else ::unsetenv("TRAINSIM_DATA");
  }
};
}  // namespace

TEST_CASE("install: without TRAINSIM_DATA, a binary in the build tree uses the build tree's sample data") {
  DataEnv env(nullptr);
  const DataFolder d = default_data_folder();
  CHECK(d.source == "build tree");
  CHECK(fs::exists(d.path / "market-hours" / "market-hours-database.json"));
  // The build tree's link leads to the source's sample data.
  CHECK(fs::equivalent(d.path, fs::path(TRAINSIM_SOURCE_DIR) / "sample_data"));
}

TEST_CASE("install: TRAINSIM_DATA overrides the default; a config's data-folder overrides it") {
  TempDir dir;
  DataEnv env(dir.path.c_str());
  const DataFolder d = default_data_folder();
  CHECK(d.source == "TRAINSIM_DATA");
  CHECK(d.path == dir.path);

  const auto none = dir.write("none.json", "{}");
  const LeanSettings s = read_lean_settings(load_config_document(none));
  CHECK(s.data_folder == dir.path);
  CHECK(s.source.at(lean_key::kDataFolder) == "$TRAINSIM_DATA");

  const auto own = dir.write("own.json", R"({ "data-folder": "/opt/lean/Data" })");
  const LeanSettings o = read_lean_settings(load_config_document(own));
  CHECK(o.data_folder == fs::path("/opt/lean/Data"));
  CHECK(o.source.at(lean_key::kDataFolder) == "file");
}

TEST_CASE("install: an empty TRAINSIM_DATA counts as unset") {
  DataEnv env("");
  CHECK(default_data_folder().source == "build tree");
}
