// tests/bench/bench_util.h — timing helpers shared by the benchmarks:
// medians over repetitions (these machines are shared and noisy).
#pragma once
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace bench {

using Clock = std::chrono::steady_clock;

inline double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }
// CPU seconds of the whole process (every thread): immune to other load on a shared machine.
inline double cpu_seconds() { return static_cast<double>(std::clock()) / CLOCKS_PER_SEC; }

inline double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

// `--smoke`: one repetition at the benchmark's own size, so CI notices a
// benchmark that stops building or crashes (figures are not checked).
inline bool smoke(int argc, char** argv) {
  for (int i = 1; i < argc; ++i)
    if (std::string(argv[i]) == "--smoke") return true;
  return false;
}

// Median milliseconds of `f` over `reps` runs, by `now` (seconds).
template <class F, class Now>
double median_ms_by(int reps, F&& f, Now&& now) {
  std::vector<double> t;
  for (int i = 0; i < reps; ++i) {
    const double a = now();
    f();
    t.push_back((now() - a) * 1000.0);
  }
  std::sort(t.begin(), t.end());
  return t[t.size() / 2];
}
template <class F>
double median_ms(int reps, F&& f) {
  return median_ms_by(reps, f, [] { return std::chrono::duration<double>(Clock::now().time_since_epoch()).count(); });
}
// The same in CPU time: what a loaded machine does not inflate.
template <class F>
double median_cpu_ms(int reps, F&& f) {
  return median_ms_by(reps, f, cpu_seconds);
}

// The data folder to benchmark against: LEAN's real database when it is
// beside the checkout (../shared/lean), else the project's sample data.
inline std::filesystem::path data_folder(const char* source_dir, std::string& label) {
  const std::filesystem::path lean = std::filesystem::path(source_dir) / ".." / "shared" / "lean";
  if (std::filesystem::exists(lean / "market-hours-database.json")) {
    const auto dir = std::filesystem::temp_directory_path() / "trainsim-bench-data";
    std::filesystem::create_directories(dir / "market-hours");
    const auto link = dir / "market-hours" / "market-hours-database.json";
    std::error_code ec;
    std::filesystem::remove(link, ec);
    std::filesystem::create_symlink(std::filesystem::canonical(lean / "market-hours-database.json"), link);
    label = "LEAN's market-hours-database.json";
    return dir;
  }
  label = "sample_data";
  return std::filesystem::path(source_dir) / "sample_data";
}

// A SPY minute backtest with one weekly Sunday 08:00 training, as the sweep
// and trials benchmarks use it. `root_keys`: extra LEAN keys ("\"k\": v, ").
inline std::string weekly_spy_config(const std::string& data, const std::string& start, const std::string& end,
                                     const std::string& on_data_cost, const std::string& training_duration,
                                     const std::string& root_keys = "") {
  return R"JSON({
  "data-folder": ")JSON" + data + R"JSON(", )JSON" + root_keys + R"JSON(
  "simulation": {
    "start": ")JSON" + start + R"JSON(", "end": ")JSON" + end + R"JSON(",
    "time-zone": "America/New_York", "security": "Equity-usa-SPY", "resolution": "minute",
    "seed": 7,
    "on-data": { "cost": )JSON" + on_data_cost + R"JSON( },
    "training": [
      { "name": "weekly", "date-rule": "DateRules.Every(DayOfWeek.Sunday)",
        "time-rule": "TimeRules.At(8, 0)", "duration": )JSON" + training_duration + R"JSON( }
    ]
  }
})JSON";
}

inline std::filesystem::path write_config(const std::string& name, const std::string& text) {
  const auto p = std::filesystem::temp_directory_path() / name;
  std::ofstream(p) << text;
  return p;
}

}  // namespace bench
