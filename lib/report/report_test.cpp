// report/report_test.cpp — the run's report as the page embeds it (one line,
// the first events) and as `run --report` writes it (indented, every event)
// are the same figures, over every sample and fixture config. Their bytes
// against the checked-in reports: tests/e2e/regression_test.sh.
#include "report/report.h"

#include "config/config_document.h"
#include "input/input_error.h"
#include "report/json_writer.h"
#include "sim/simulate.h"
#include "testing.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <filesystem>

using namespace trainsim;

namespace {

std::string written(const Scenario& s, const SimulationResult& r, int indent, size_t max_events) {
  JsonWriter w(indent);
  w.begin_object();
  write_report_members(w, s, r, max_events);
  w.end_object();
  return w.take();
}

}  // namespace

TEST_CASE("report: the page's one-line cut and the file's indented report agree, over every config") {
  int checked = 0;
  for (const char* folder : {"configs", "tests/fixtures/configs"}) {
    for (const auto& entry : std::filesystem::directory_iterator(std::filesystem::path(TRAINSIM_SOURCE_DIR) / folder)) {
      if (entry.path().extension() != ".json") continue;
      const std::string name = entry.path().string();
      CAPTURE(name);
      std::vector<std::string> warnings;
      Scenario s;
      try {
        s = load_scenario(load_config_document(entry.path()), warnings);
      } catch (const InputError&) {
        continue;  // a fixture of bad input
      }
      const SimulationResult r = simulate(s);
      const std::string text = written(s, r, 2, SIZE_MAX);
      nlohmann::ordered_json full = nlohmann::ordered_json::parse(text);
      CHECK(full == report_json(s, r));
      CHECK(full["events"].size() == r.events.size());
      CHECK(full.dump(2) == text);  // nlohmann's own layout
      const nlohmann::ordered_json cut = nlohmann::ordered_json::parse(written(s, r, -1, 2));
      if (full["events"].size() > 2) full["events"].erase(full["events"].begin() + 2, full["events"].end());
      CHECK(cut == full);
      ++checked;
    }
  }
  CHECK(checked >= 20);
}
