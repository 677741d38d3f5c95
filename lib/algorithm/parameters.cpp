// algorithm/parameters.cpp — the project config.json's `parameters` and the
// command line's overrides, for the static reader and for --exec.
#include "algorithm/parameters.h"

#include "input/input_error.h"
#include "input/input_files.h"
#include "input/json_text.h"

namespace trainsim::algorithm {

namespace fs = std::filesystem;

Parameters project_parameters(const fs::path& algorithm_file,
                              const std::vector<std::pair<std::string, std::string>>& overrides) {
  Parameters p;
  const fs::path project =
      algorithm_file.parent_path().empty() ? fs::path("config.json") : algorithm_file.parent_path() / "config.json";
  std::error_code ec;
  if (fs::is_regular_file(project, ec)) {
    const nlohmann::json doc = parse_json_text(read_input_file(project), project.string());
    if (doc.is_object() && doc.contains("parameters")) {
      if (!doc["parameters"].is_object())
        fail_input(project.string(), "parameters", "expected an object of parameter names and values");
      for (const auto& [k, v] : doc["parameters"].items()) p[k] = v.is_string() ? v.get<std::string>() : v.dump();
    }
  }
  for (const auto& [k, v] : overrides) p[k] = v;
  return p;
}

}  // namespace trainsim::algorithm
