// warm_up_bench — issue 26's target: a 20-year SPY minute backtest with a
// 200-day warm-up and a daily runtime draw (Train from OnData, probability
// 0.05 a day) costs within 1.3x the same run without them.
//   build/warm_up_bench [--smoke]
// Medians of CPU time, the two runs interleaved (the machine is shared).
#include "bench_util.h"

#include "sim/simulate.h"
#include "config/config_document.h"

#include <iostream>

using namespace trainsim;

namespace {
Scenario load(const std::filesystem::path& file) {
  std::vector<std::string> warnings;
  return load_scenario(load_config_document(file), warnings);
}
}  // namespace

int main(int argc, char** argv) {
  const bool smoke = bench::smoke(argc, argv);
  const int reps = smoke ? 1 : 21;
  std::string label;
  const auto data = bench::data_folder(TRAINSIM_SOURCE_DIR, label).string();
  const std::string start = smoke ? "2024-01-01" : "2005-01-01";
  std::string plain = bench::weekly_spy_config(data, start, "2024-12-31", R"("10ms")", R"("30m")",
                                               R"("scheduled-event-leaky-bucket-capacity": 100000000, )");
  std::string extra = plain;
  extra.replace(extra.find("\"seed\": 7,"), 10,
                R"("seed": 7, "warm-up": "200d",)");
  extra.replace(extra.find("    ]\n  }\n}"), 11,
                R"(      ,{ "name": "degraded", "when": { "on-data": { "per-day-probability": 0.05 } }, "duration": "20m" }
    ]
  }
})");
  const auto plain_file = bench::write_config("trainsim-bench-warmup-plain.json", plain);
  const auto extra_file = bench::write_config("trainsim-bench-warmup-extra.json", extra);
  const Scenario a = load(plain_file), b = load(extra_file);
  SimulationResult ra, rb;
  std::vector<double> ta, tb;
  for (int i = 0; i < reps; ++i) {  // interleaved, so that load changes hit both alike
    ta.push_back(bench::median_cpu_ms(1, [&] { ra = simulate(a); }));
    tb.push_back(bench::median_cpu_ms(1, [&] { rb = simulate(b); }));
  }
  const double ma = bench::median(ta), mb = bench::median(tb);
  std::cout << "data: " << label << "\n"
            << "20-year SPY minute, weekly training: " << ra.timeslices << " timeslices, " << ma << " CPU ms (median of "
            << reps << ")\n"
            << "  + 200-day warm-up and a daily runtime draw: " << rb.timeslices << " timeslices, "
            << rb.training_sessions << " sessions (" << (rb.runtime_calls ? *rb.runtime_calls : 0) << " runtime calls), "
            << mb << " CPU ms\n"
            << "  ratio: " << (ma > 0 ? mb / ma : 0) << " (target <= 1.3)\n";
  return rb.warm_up && rb.runtime_calls ? 0 : 1;
}
