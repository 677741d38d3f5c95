// backtest_bench — issue 4's speed and memory targets, in process.
//   build/backtest_bench [--smoke]
// 1. a 20-year minute US-equity backtest (2005-2024), weekly Sunday 08:00
//    training, fixed OnData cost: scenario load and run, medians;
// 2. the same with a lognormal OnData cost (a draw per timeslice): slices/s;
// 3. the fixed-cost run on three equities (SPY, QQQ, IWM minute): the union
//    of several subscriptions costs per run of bars, not per security-minute.
// The end-to-end process time (with the market-hours database and the time
// zone database loaded from disk) is measured with hyperfine; see README.
#include "bench_util.h"

#include "sim/simulate.h"
#include "config/config_document.h"

#include <iostream>

using namespace trainsim;

namespace {
std::string config(const std::filesystem::path& data, const std::string& cost,
                   const std::string& securities = R"J("security": "Equity-usa-SPY", "resolution": "minute")J") {
  return R"J({ "data-folder": ")J" + data.string() + R"J(",
  "scheduled-event-leaky-bucket-capacity": 1000000,
  "simulation": { "start": "2005-01-01", "end": "2024-12-31", )J" + securities + R"J(,
    "on-data": { "cost": )J" + cost + R"J( },
    "training": [ { "name": "weekly", "date-rule": "DateRules.Every(DayOfWeek.Sunday)",
                    "time-rule": "TimeRules.At(8, 0)", "duration": "30m" } ] } })J";
}

Scenario load(const std::filesystem::path& file) {
  std::vector<std::string> warnings;
  return load_scenario(load_config_document(file), warnings);
}
}  // namespace

int main(int argc, char** argv) {
  const int reps = bench::smoke(argc, argv) ? 1 : 20, reps_lognormal = reps == 1 ? 1 : 5;
  std::string label;
  const auto data = bench::data_folder(TRAINSIM_SOURCE_DIR, label);
  const auto fixed = bench::write_config("trainsim-bench-fixed.json", config(data, R"("10ms")"));
  const auto lognormal =
      bench::write_config("trainsim-bench-lognormal.json", config(data, R"({ "lognormal": { "median": "10ms", "sigma": 0.5 } })"));
  const auto three = bench::write_config(
      "trainsim-bench-three.json",
      config(data, R"("10ms")", R"J("securities": [ { "security": "Equity-usa-SPY" }, { "security": "Equity-usa-QQQ" },
                                                     { "security": "Equity-usa-IWM" } ])J"));
  std::cout << "data: " << label << "\n";

  Scenario s = load(fixed);
  const double load_ms = bench::median_ms(reps, [&] { s = load(fixed); });
  SimulationResult r;
  const double run_ms = bench::median_ms(reps, [&] { r = simulate(s); });
  std::cout << "20-year minute backtest, fixed cost: " << r.timeslices << " timeslices, " << r.training_sessions
            << " trainings, outcome " << (r.completed() ? "completed" : "failed") << "\n"
            << "  scenario load (warm): " << load_ms << " ms (median of " << reps << ")\n"
            << "  simulation:           " << run_ms << " ms (median of " << reps << ")\n";

  Scenario l = load(lognormal);
  SimulationResult rl;
  const double ln_ms = bench::median_ms(reps_lognormal, [&] { rl = simulate(l); });
  std::cout << "20-year minute backtest, lognormal cost per timeslice: " << rl.timeslices << " timeslices in "
            << ln_ms << " ms (median of " << reps_lognormal << ") = " << (static_cast<double>(rl.timeslices) / ln_ms / 1000.0)
            << " million timeslices/s\n";

  Scenario t = load(three);
  SimulationResult rt;
  const double three_ms = bench::median_ms(20, [&] { rt = simulate(t); });
  std::cout << "20-year minute backtest, fixed cost, SPY + QQQ + IWM: " << rt.timeslices << " timeslices in "
            << three_ms << " ms (median of 20)\n";
  return 0;
}
