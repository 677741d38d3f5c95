// algorithm_bench — reading an algorithm file costs in proportion to what it
// holds, and hostile files are refused quickly (issue 10).
//   build/algorithm_bench [--smoke] [--repeat N]
// 1. N distinct AddEquity lines (N = 10,000, 20,000, 40,000), read and turned
//    into a scenario (market hours included): median CPU ms, and the cost
//    per subscription at 40,000 against 10,000 (linear reading: about 1);
// 2. files that hit the unrolling bound (a 200 KB string used in nested
//    loops; dense statements nested nine deep): median CPU ms until refused;
// 3. a 10,000-line algorithm of the usual shape (Initialize calling helper
//    methods that subscribe, schedule and train; indicator code, branches,
//    comments and docstrings in 400 methods), read as `extract` reads it:
//    median CPU ms (issue 18's target: under 200).
// CPU time, not wall time: these machines are shared.
#include "bench_util.h"

#include "algorithm/algorithm_reader.h"
#include "config/config_document.h"
#include "input/input_error.h"
#include "sim/scenario.h"

#include <iostream>

using namespace trainsim;

namespace {

std::string python(const std::string& body) { return "class A(QCAlgorithm):\n    def initialize(self):\n" + body; }

std::string subscriptions(int n) {
  std::string body;
  for (int k = 0; k < n; ++k) body += "        self.add_equity('T" + std::to_string(k) + "', Resolution.Minute)\n";
  return python(body);
}

// Reads `source` and builds its scenario; returns the number of subscriptions.
size_t read_and_load(const std::string& source, const std::filesystem::path& data) {
  const auto read = algorithm::read_algorithm_text(source, algorithm::Language::Python, "main.py");
  std::vector<std::string> warnings;
  const ConfigDocument doc = config_document_from(
      "bench.json", nlohmann::json{{"data-folder", data.string()}, {"simulation", read.simulation}});
  return load_scenario(doc, warnings).subscriptions.size();
}

// Milliseconds until `source` is refused (it must be).
double refused_ms(int reps, const std::string& what, const std::string& source) {
  std::string message;
  const double ms = bench::median_cpu_ms(reps, [&] {
    try {
      algorithm::read_algorithm_text(source, algorithm::Language::Python, "main.py");
      message = "READ (expected a refusal)";
    } catch (const InputError& e) {
      message = e.what();
    }
  });
  std::cout << what << ": refused in " << ms << " CPU ms (median of " << reps << "): " << message.substr(0, 80) << "...\n";
  return ms;
}

}  // namespace

int main(int argc, char** argv) {
  const bool smoke = bench::smoke(argc, argv);
  int reps = smoke ? 1 : 5;
  for (int i = 1; i + 1 < argc; ++i)
    if (std::string(argv[i]) == "--repeat") reps = std::max(1, std::atoi(argv[i + 1]));
  std::string label;
  const auto data = bench::data_folder(TRAINSIM_SOURCE_DIR, label);
  std::cout << "data: " << label << "\n";

  double per_subscription_small = 0, per_subscription_large = 0;
  for (const int n : smoke ? std::vector<int>{1000, 2000} : std::vector<int>{10000, 20000, 40000}) {
    const std::string source = subscriptions(n);
    size_t read = 0;
    const double ms = bench::median_cpu_ms(reps, [&] { read = read_and_load(source, data); });
    const double per = ms * 1000.0 / n;
    if (per_subscription_small == 0) per_subscription_small = per;
    per_subscription_large = per;
    std::cout << n << " AddEquity lines (" << source.size() / 1024 << " KB): " << read << " subscriptions in " << ms
              << " CPU ms (median of " << reps << "), " << per << " us each\n";
  }
  std::cout << "cost per subscription, largest against smallest file: " << per_subscription_large / per_subscription_small
            << " (1 = linear)\n";

  const std::string big(200000, 'x');
  refused_ms(reps, "a 200 KB string used 27 times in nested loops",
             python("        t = '" + big + "'\n        for a in ['A', 'B', 'C']:\n            for b in ['A', 'B', 'C']:\n"
                    "                for c in ['A', 'B', 'C']:\n                    self.add_equity(t)\n"));
  std::string dense, indent = "        ";
  for (int d = 0; d < 9; ++d) {
    dense += indent + "for t" + std::to_string(d) + " in ['SPY', 'QQQ', 'IWM']:\n";
    indent += "    ";
  }
  dense += indent + "x = f(a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a)\n";
  refused_ms(reps, "dense 90-character statements nested nine deep", python(dense));

  // A 10,000-line algorithm: Initialize and 400 methods of 25 lines each.
  std::string big_file = "from AlgorithmImports import *\n\nclass Big(QCAlgorithm):\n";
  big_file += "    def initialize(self):\n        self.set_start_date(2020, 1, 1)\n        self.set_end_date(2023, 12, 31)\n";
  for (int m = 0; m < 40; ++m) big_file += "        self.setup_" + std::to_string(m) + "()\n";
  for (int m = 0; m < 400; ++m) {
    const std::string k = std::to_string(m);
    big_file += "\n    def " + std::string(m < 40 ? "setup_" : "helper_") + k + "(self):\n";
    big_file += "        \"\"\"Step " + k + ": subscriptions, indicators and the schedule it needs.\"\"\"\n";
    if (m < 40) {
      big_file += "        self.sym_" + k + " = self.add_equity('T" + k + "', Resolution.MINUTE).symbol\n";
      big_file += "        self.schedule.on(self.date_rules.every_day(self.sym_" + k + "), self.time_rules.after_market_open(self.sym_" + k + ", " + std::to_string(m % 60 + 1) + "), self.helper_" + std::to_string(40 + m) + ")\n";
      if (m % 10 == 0) big_file += "        self.train(self.date_rules.week_start(), self.time_rules.at(8, 0), self.fit_" + k + ")\n";
    }
    for (int l = 0; l < (m < 40 ? 21 : 22); ++l) {
      switch (l % 6) {
        case 0: big_file += "        # rolling window update " + std::to_string(l) + " for the model's features\n"; break;
        case 1: big_file += "        window = self.history(self.sym_" + std::to_string(m % 40) + ", " + std::to_string(10 + l) + ", Resolution.DAILY)\n"; break;
        case 2: big_file += "        if window.empty or len(window) < " + std::to_string(l) + ":\n"; [[fallthrough]];
        case 3: big_file += "            return\n"; break;
        case 4: big_file += "        value = (window['close'].iloc[-1] - window['close'].mean()) / max(window['close'].std(), 1e-9)\n"; break;
        default: big_file += "        self.features[" + std::to_string(l) + "] = {'z': value, 'n': len(window), 'tag': f'{self.time}:{value:.3f}'}\n"; break;
      }
    }
  }
  size_t lines = 0;
  for (const char c : big_file) lines += c == '\n';
  size_t events = 0;
  const double big_ms = bench::median_cpu_ms(reps, [&] {
    const auto read = algorithm::read_algorithm_text(big_file, algorithm::Language::Python, "main.py");
    events = read.simulation.contains("events") ? read.simulation["events"].size() : 0;
  });
  std::cout << "a " << lines << "-line algorithm (" << big_file.size() / 1024 << " KB, 400 methods): " << events
            << " events read in " << big_ms << " CPU ms (median of " << reps << ")\n";
  return 0;
}
