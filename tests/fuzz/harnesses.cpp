// tests/fuzz/harnesses.cpp — the fuzz harness bodies (see harnesses.h).
#include "harnesses.h"

#include "algorithm/algorithm_reader.h"
#include "calendar/market_hours_database.h"
#include "calendar/timeslice_stream.h"
#include "calibrate/calibration.h"
#include "calibrate/calibration_page.h"
#include "calibrate/replay.h"
#include "civil/time_zone.h"
#include "config/config_document.h"
#include "cost/duration.h"
#include "diff/report_diff.h"
#include "html/trials_page.h"
#include "input/input_error.h"
#include "input/input_files.h"
#include "input/json_text.h"
#include "report/trials_report.h"
#include "rules/schedule_rules.h"
#include "sim/scenario.h"
#include "sim/simulate.h"
#include "report/sweep_csv.h"

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <unistd.h>

namespace trainsim::fuzz {
namespace {

std::string text_of(const std::uint8_t* data, std::size_t size) {
  return std::string(reinterpret_cast<const char*>(data), size);
}

// Anything but trainsim's own bad-input errors is a finding.
template <class F>
void expect_clean(const char* harness, F&& f) {
  try {
    f();
  } catch (const InputError&) {
  } catch (const RuleError&) {
  } catch (const std::exception& e) {
    std::fprintf(stderr, "fuzz %s: unexpected exception: %s\n", harness, e.what());
    std::abort();
  }
}

// A scratch file for the readers that take a path (one per process).
const std::filesystem::path& scratch(const char* name) {
  static const std::filesystem::path dir = [] {
    std::string tmpl = (std::filesystem::temp_directory_path() / "trainsim-fuzz-XXXXXX").string();
    if (!::mkdtemp(tmpl.data())) std::abort();
    return std::filesystem::path(tmpl);
  }();
  static std::filesystem::path p;
  p = dir / name;
  return p;
}

void write_file(const std::filesystem::path& p, const std::string& text) {
  std::ofstream(p, std::ios::binary | std::ios::trunc) << text;
}

// Bytes as a config beside the project's configs (relative paths, such as
// the sample traces, resolve), built into a scenario.
Scenario scenario_of(const std::string& text) {
  static MarketHoursCache cache;
  const ConfigDocument doc =
      config_document_from_text(text, std::filesystem::path(TRAINSIM_SOURCE_DIR) / "configs" / "fuzz.json");
  std::vector<std::string> warnings;
  return load_scenario(doc, warnings, &cache);
}

}  // namespace

void config(const std::uint8_t* data, std::size_t size) {
  // The corpus's recorded-calendar configs reach the trace readers.
  const std::string text = text_of(data, size);
  expect_clean("config", [&] { (void)scenario_of(text); });
}

void rules(const std::uint8_t* data, std::size_t size) {
  const std::string text = text_of(data, size);
  expect_clean("rules", [&] { (void)parse_date_rule(text).name(); });
  expect_clean("rules", [&] { (void)parse_time_rule(text).name(); });
}

void market_hours(const std::uint8_t* data, std::size_t size) {
  const std::string text = text_of(data, size);
  expect_clean("market-hours", [&] {
    const MarketHoursDatabase db = MarketHoursDatabase::from_text(text, "fuzz-market-hours.json");
    for (const char* ticker : {"SPY", "[*]"}) {
      expect_clean("market-hours", [&] {
        const ExchangeHours h = db.entry("Equity", "usa", ticker);
        // Walk two months of the calendar it describes (holidays, early closes).
        for (Day d = day_from_ymd(2024, 11, 1); d <= day_from_ymd(2024, 12, 31); ++d) (void)h.segments_on(d);
      });
    }
    expect_clean("market-hours", [&] { (void)db.entry("Crypto", "coinbase", "BTCUSD"); });
  });
}

void traces(const std::uint8_t* data, std::size_t size) {
  const std::string text = text_of(data, size);
  const auto& p = scratch("trace.csv");
  write_file(p, text);
  // Each rewrite is a new file to the input registry (its change time
  // differs): forgotten, or the registry grows with every execution and its
  // scan comes to dominate the run.
  forget_input_files();
  expect_clean("traces", [&] { (void)read_duration_trace(p, "simulation.training[0].duration.trace"); });
  static const TimeZone ny = *TimeZone::find("America/New_York");
  expect_clean("traces", [&] { (void)read_calendar_trace(p, ny, "simulation.calendar.trace"); });
}

void sweep_csv(const std::uint8_t* data, std::size_t size) {
  const std::string text = text_of(data, size);
  expect_clean("sweep-csv", [&] {
    const SweepCsv csv = parse_sweep_csv(text, "fuzz.csv");
    (void)merge_sweep_csvs({csv});
  });
}

void diff(const std::uint8_t* data, std::size_t size) {
  // The report against itself and against a small fixed one, both ways.
  static const nlohmann::json fixed = nlohmann::json::parse(
      R"({"outcome": "completed", "bucket": {"minimum": 3}, "events": [{"name": "a", "charged": 2, "minutes": 1.5}]})");
  const std::string text = text_of(data, size);
  expect_clean("diff", [&] {
    const nlohmann::json j = parse_json_text(text, "fuzz.json");
    check_run_report(j, "fuzz.json");
    for (const auto& [a, b] : {std::pair{&j, &j}, std::pair{&j, &fixed}, std::pair{&fixed, &j}})
      (void)diff_reports(*a, *b, DiffOptions{0.5});
  });
}

void trials_shard(const std::uint8_t* data, std::size_t size) {
  const std::string text = text_of(data, size);
  expect_clean("trials-shard", [&] {
    const TrialsShard shard = parse_trials_shard(text, "fuzz.csv");
    const TrialsReport report = make_trials_report(shard.context, merge_trials_shards({shard}));
    (void)trials_report_json(report).dump();
    (void)html_trials_page(report);
  });
}

void simulate(const std::uint8_t* data, std::size_t size) {
  // As `config`, then the run itself when it spans at most a week.
  const std::string text = text_of(data, size);
  expect_clean("simulate", [&] {
    const Scenario s = scenario_of(text);
    if (s.sim.end - s.sim.start > 7 || s.start - s.warm_up_start > 7 * kDay) return;  // warm-up included
    RunOptions o;
    o.trial = 1;
    (void)trainsim::simulate(s, o);
  });
}

void algorithm(const std::uint8_t* data, std::size_t size) {
  // The same bytes as a Python and as a C# file (the seeds are both). A form
  // feed splits them into the algorithm's file and a project file its base
  // classes may come from. What the reader accepts goes on through
  // validation to a scenario, every method it names given a duration, as
  // the config would.
  static MarketHoursCache cache;
  const std::string text = text_of(data, size);
  const size_t split = text.find('\f');
  const algorithm::SourceFile main{"main.py", text.substr(0, split)};
  const std::string base = split == std::string::npos ? "" : text.substr(split + 1);
  const algorithm::BaseClassLoader load = [&](const std::string& name) -> std::optional<algorithm::SourceFile> {
    if (split == std::string::npos || base.find("class " + name) == std::string::npos) return std::nullopt;
    return algorithm::SourceFile{"base.py", base};
  };
  for (const auto lang : {algorithm::Language::Python, algorithm::Language::CSharp}) {
    expect_clean("algorithm", [&] {
      const algorithm::AlgorithmRead read = algorithm::read_algorithm_project(main, lang, load);
      nlohmann::json sim = read.simulation;
      for (const auto& m : read.methods) sim["methods"][m]["duration"] = "20m";
      std::vector<std::string> warnings;
      const ConfigDocument doc = config_document_from(std::filesystem::path(TRAINSIM_SOURCE_DIR) / "configs" / "fuzz.json",
                                                      nlohmann::json{{"simulation", std::move(sim)}});
      (void)load_scenario(doc, warnings, &cache);
    });
  }
}

void logs(const std::uint8_t* data, std::size_t size) {
  // A LEAN log: read, calibrated (summary, config block, page), merged into
  // an empty project config, and replayed by check on a small weekly schedule.
  static MarketHoursCache cache;
  static const ConfigDocument doc = config_document_from(
      std::filesystem::path(TRAINSIM_SOURCE_DIR) / "configs" / "fuzz.json",
      nlohmann::json::parse(R"JSON({"simulation": {"start": "2024-01-01", "end": "2024-01-31", "resolution": "hour",
        "training": [{"name": "weekly", "method": "fit", "date-rule": "DateRules.Every(DayOfWeek.Sunday)",
                      "time-rule": "TimeRules.At(8, 0)", "duration": "20m"}]}})JSON"));
  const std::string text = text_of(data, size);
  expect_clean("logs", [&] {
    std::istringstream in(text);
    calibrate::LogEvidence e;
    calibrate::read_log(in, "log.txt", e);
    const calibrate::Calibration c = calibrate::calibrate(e);
    (void)calibrate::calibration_text(c);
    (void)calibrate::calibration_page(c);
    (void)calibrate::merge_into_project_config("", "config.json", calibrate::calibration_block(c));
    std::vector<std::string> warnings;
    Scenario s = load_scenario(doc, warnings, &cache);
    (void)calibrate::apply_evidence(s, e, "log.txt");
    const SimulationResult r = simulate(s);
    (void)calibrate::compare_with_log(s, r, e);
  });
}

const std::vector<Named>& all() {
  static const std::vector<Named> harnesses = {{"config", config},
                                               {"rules", rules},
                                               {"market-hours", market_hours},
                                               {"traces", traces},
                                               {"sweep-csv", sweep_csv},
                                               {"algorithm", algorithm},
                                               {"logs", logs},
                                               {"diff", diff},
                                               {"trials-shard", trials_shard},
                                               {"simulate", simulate}};
  return harnesses;
}

}  // namespace trainsim::fuzz
