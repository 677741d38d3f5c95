// advice_bench — what a unit of advice_run_work costs, so that kAdviceMaxWork
// (lib/advice/advice.h) keeps `run`'s advice to about 5 s of CPU.
//   build/advice_bench [--smoke]
// For failing runs of several shapes (fixed costs, many events a day, OnData
// drawn per timeslice): the failing run's work estimate, the advice's re-runs
// and CPU time (median), and the CPU per re-run per work unit. The estimate
// is a count of the input's work; the figure here is what the constant rests on.
#include "bench_util.h"

#include "advice/advice.h"
#include "config/config_document.h"
#include "sim/simulate.h"

#include <iostream>

using namespace trainsim;

namespace {

// `n` scheduled events a trading day, AfterMarketOpen(SPY, 1..n), of 1 s.
std::string open_events(int n) {
  std::string out = R"J(, "scheduled-events": [)J";
  for (int k = 1; k <= n; ++k)
    out += std::string(k == 1 ? "" : ",") + R"J({ "name": "open-)J" + std::to_string(k) +
           R"J(", "date-rule": "DateRules.EveryDay(\"SPY\")", "time-rule": "TimeRules.AfterMarketOpen(\"SPY\", )J" +
           std::to_string(k) + R"J()", "duration": "1s" })J";
  return out + "]";
}

struct Case {
  const char* name;
  std::string config;
};

}  // namespace

int main(int argc, char** argv) {
  const bool smoke = bench::smoke(argc, argv);
  const int reps = smoke ? 1 : 5;
  std::string label;
  const std::string data = bench::data_folder(TRAINSIM_SOURCE_DIR, label).string();
  std::cout << "data: " << label << "\n";
  const std::string years = smoke ? "2024-01-01" : "2015-01-01";
  // The smoke run's year fails as the full run's decade does: a smaller bucket.
  const std::string capacity = std::string(R"("scheduled-event-leaky-bucket-capacity": )") + (smoke ? "200" : "2000") + ", ";
  // A weekly training that outgrows the bucket part way through: the
  // bucket's one backtest bucketful (the refill follows the wall clock).
  const std::string weekly = bench::weekly_spy_config(data, years, "2024-12-31", R"("100ms")", R"("40m")", capacity);
  std::string events = weekly;
  events.insert(events.rfind("]") + 1, open_events(20));
  const std::string drawn = bench::weekly_spy_config(
      data, years, "2024-12-31", R"({ "lognormal": { "median": "100ms", "sigma": 0.5 } })", R"("40m")", capacity);
  const std::vector<Case> cases = {{"weekly training, fixed costs", weekly},
                                   {"the same + 20 AfterMarketOpen events a day", events},
                                   {"the same as the first, OnData lognormal per timeslice", drawn}};

  for (const Case& c : cases) {
    const auto file = bench::write_config("trainsim-advice-bench.json", c.config);
    const ConfigDocument doc = load_config_document(file);
    std::vector<std::string> warnings;
    const Scenario s = load_scenario(doc, warnings);
    const SimulationResult failed = simulate(s);
    std::cout << c.name << ": ";
    if (failed.completed()) {
      std::cout << "completes; no advice to measure\n";
      continue;
    }
    const std::int64_t work = advice_run_work(s, failed);
    Advice a;
    const double cpu_ms = bench::median_cpu_ms(reps, [&] { a = advise(doc, s, failed); });
    const double ns_per_unit = cpu_ms * 1e6 / (static_cast<double>(std::max(a.runs, 1)) * static_cast<double>(work));
    std::cout << "work " << work << " a re-run (" << failed.trading_days << " days, " << failed.event_occurrences
              << " events, " << failed.timeslices << " timeslices reached); advice " << a.runs << " re-runs in "
              << cpu_ms << " ms CPU (median of " << reps << ") = " << ns_per_unit << " ns per unit per re-run; "
              << (work <= kAdviceMaxWork / kAdviceMaxRuns ? "run advises" : "run suggests tune instead") << "\n";
  }
  std::cout << "kAdviceMaxWork " << kAdviceMaxWork << " over " << kAdviceMaxRuns << " re-runs\n";
  return 0;
}
