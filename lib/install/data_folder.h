// install/data_folder.h — where the default data folder is, wherever the binary
// was installed or copied: nothing about the source tree is compiled in.
#pragma once
#include <filesystem>
#include <string>

namespace trainsim {

struct DataFolder {
  std::filesystem::path path;
  std::string source;  // "TRAINSIM_DATA", "installed", "build tree" or "not found"
};

// The data folder used when a config sets no `data-folder`: $TRAINSIM_DATA
// if set, else <exe>/../share/trainsim/sample_data (an install), else
// <exe dir>/sample_data (the build tree, which links it to the source's).
// When neither exists, the install's path, so errors name where it belongs.
DataFolder default_data_folder();

// The folder of the running binary (empty if /proc/self/exe cannot be read):
// files installed beside it under ../share/trainsim are found from here.
const std::filesystem::path& executable_folder();

}  // namespace trainsim
