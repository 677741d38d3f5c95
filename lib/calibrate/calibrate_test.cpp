// calibrate/calibrate_test.cpp — reading LEAN logs (backtest and live, Python
// and C#, with and without the probe, a failed run, CRLF, a cut last line, a
// 200 MB log in bounded memory), the lognormal fit against analytic values,
// the config block, and check's replay and verdict.
#include "calibrate/calibration.h"
#include "calibrate/calibration_page.h"
#include "calibrate/fit.h"
#include "calibrate/log_evidence.h"
#include "calibrate/replay.h"
#include "cost/random.h"
#include "input/utf8.h"
#include "sim/simulate.h"
#include "testing.h"

#include <sys/resource.h>

#include <cmath>
#include <sstream>
#include <streambuf>

using namespace trainsim;
using namespace trainsim::calibrate;
using trainsim::testing::contains;

namespace {

// A Lean CLI backtest of a Python algorithm with the probe: the engine's
// console log format ("yyyyMMdd HH:mm:ss.fff LEVEL:: text"), algorithm
// messages as the messaging handler prints them ("Log: <algorithm time> <text>").
const char* kBacktestPython =
    "20240306 14:20:01.514 TRACE:: Engine.Main(): LEAN ALGORITHMIC TRADING ENGINE v2.5.0.0 Mode: DEBUG (64bit) Host: quant\n"
    "20240306 14:20:01.604 TRACE:: JOB HANDLERS:\n"
    "         DataFeed:             QuantConnect.Lean.Engine.DataFeeds.FileSystemDataFeed\n"
    "         Results:              QuantConnect.Lean.Engine.Results.BacktestingResultHandler\n"
    "20240306 14:20:01.900 TRACE:: PythonInitializer.Initialize(): start...\n"
    "20240306 14:20:03.112 TRACE:: PythonInitializer.Initialize(): ended\n"
    "20240306 14:20:04.210 TRACE:: AlgorithmManager.CreateTokenBucket(): Initializing LeakyBucket: Capacity: 120 RefillAmount: 18 TimeInterval: 1440\n"
    "20240306 14:20:04.233 TRACE:: Debug: Launching analysis for 1482277081 with LEAN Engine v2.5.0.0\n"
    "20240306 14:30:16.019 TRACE:: Log: 2024-01-02 00:00:00 trainsim-probe v1 method=fit seconds=612.431 at=2024-01-02T00:00:00\n"
    "20240306 14:30:17.001 TRACE:: Log: 2024-01-02 23:59:00 trainsim-probe v1 on-data seconds=0.782000 slices=391 date=2024-01-02\n"
    "20240306 14:59:40.800 TRACE:: Log: 2024-01-07 08:00:00 trainsim-probe v1 method=fit seconds=1764.220 at=2024-01-07T08:00:00\n"
    "20240306 14:59:41.002 TRACE:: Log: 2024-01-03 23:59:00 trainsim-probe v1 on-data seconds=0.800000 slices=409 date=2024-01-03\n"
    "20240306 15:30:02.100 TRACE:: Log: 2024-01-14 08:00:00 trainsim-probe v1 method=fit seconds=1801.500 at=2024-01-14T08:00:00\n"
    "20240306 15:31:00.100 TRACE:: Debug: Algorithm Id:(1482277081) completed in 4260.10 seconds at 0k data points per second. Processing total of 12,400 data points.\n"
    "20240306 15:31:00.300 TRACE:: Engine.Main(): Analysis Completed and Results Posted.\n";

// A live C# deployment: no end-of-run line, the live result handler's lines.
const char* kLiveCSharp =
    "20240306 09:00:00.100 TRACE:: Engine.Main(): LEAN ALGORITHMIC TRADING ENGINE v2.5.0.0 Mode: DEBUG (64bit) Host: quant\n"
    "20240306 09:00:00.300 TRACE:: Loader.TryCreateILAlgorithm(): Loading only the algorithm assembly\n"
    "20240306 09:00:00.900 TRACE:: AlgorithmManager.CreateTokenBucket(): Initializing LeakyBucket: Capacity: 300 RefillAmount: 43 TimeInterval: 1440\n"
    "20240306 09:00:01.000 TRACE:: LiveTradingResultHandler.SendStatusUpdate(): status: 'Running'.\n"
    "20240306 09:41:12.500 TRACE:: Log: 2024-03-06 09:41:12 trainsim-probe v1 method=Retrain seconds=2471.800 at=2024-03-06T09:00:00\n"
    "20240307 09:39:02.300 TRACE:: Log: 2024-03-07 09:39:02 trainsim-probe v1 method=Retrain seconds=2341.050 at=2024-03-07T09:00:00\n";

// A backtest that LEAN stopped: the isolator's error, then the runtime error
// with the algorithm time the result handler prefixes.
const char* kFailedBacktest =
    "20240306 14:20:04.210 TRACE:: AlgorithmManager.CreateTokenBucket(): Initializing LeakyBucket: Capacity: 120 RefillAmount: 18 TimeInterval: 1440\n"
    "20240306 16:22:10.401 ERROR:: Security.ExecuteWithTimeLimit(): Algorithm took longer than 10 minutes on a single time loop. "
    "An additional 110 minutes were also allocated and consumed. CurrentTimeStepElapsed: 120.5 minutes\n"
    "20240306 16:22:10.480 ERROR:: 2024-02-04 08:00:00 Runtime Error: Algorithm took longer than 10 minutes on a single time loop. "
    "An additional 110 minutes were also allocated and consumed. CurrentTimeStepElapsed: 120.5 minutes\n"
    " at QuantConnect.Isolator.ExecuteWithTimeLimit\n";

LogEvidence read_text(const std::string& text, const std::string& name = "log.txt") {
  std::istringstream in(text);
  LogEvidence e;
  read_log(in, name, e);
  return e;
}

std::string with_crlf(const std::string& text) {
  std::string out;
  for (char c : text) out += c == '\n' ? std::string("\r\n") : std::string(1, c);
  return out;
}

// Lines made on the fly: a log of `bytes` without ever holding it, and
// without allocating per line (a sanitizer's quarantine would count those).
class GeneratedLog : public std::streambuf {
 public:
  explicit GeneratedLog(std::uint64_t bytes) : left_(bytes) {
    for (int k = 0; k < 7; ++k)
      probe_[k] = "20240306 14:30:16.019 TRACE:: Log: 2024-01-02 00:00:00 trainsim-probe v1 method=fit seconds=" +
                  std::to_string(600 + k) + ".5 at=2024-01-02T00:00:00\n";
  }

 protected:
  int_type underflow() override {
    if (left_ == 0) return traits_type::eof();
    ++n_;
    std::string& line = n_ % 1000 == 0 ? probe_[n_ % 7] : other_;
    const std::size_t size = static_cast<std::size_t>(std::min<std::uint64_t>(left_, line.size()));
    left_ -= size;
    setg(line.data(), line.data(), line.data() + size);
    return traits_type::to_int_type(line[0]);
  }

 private:
  std::uint64_t left_;
  std::uint64_t n_ = 0;
  std::string probe_[7];
  std::string other_ =
      "20240306 14:30:16.019 TRACE:: Synchronizer.GetEnumerator(): Time: 2024-01-02 10:31:00 subscriptions: 3 data "
      "points: 1281 working set 512 MB\n";
};

long max_rss_kb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;
}

}  // namespace

TEST_CASE("a Python backtest log with the probe: samples in order, quota, OnData, end of run") {
  const LogEvidence e = read_text(kBacktestPython);
  CHECK_FALSE(e.live);
  CHECK(e.language == "python");
  REQUIRE(e.methods.count("fit") == 1);
  CHECK(e.methods.at("fit").seconds == std::vector<double>{612.431, 1764.220, 1801.5});
  REQUIRE(e.quota);
  CHECK(e.quota->capacity == 120);
  CHECK(e.quota->refill_amount == 18);
  CHECK(e.quota->interval_minutes == 1440);
  CHECK(e.on_data_days == 2);
  CHECK(e.on_data_slices == 800);
  CHECK(*e.probe_on_data_cost() == doctest::Approx(1.582 / 800));
  REQUIRE(e.run_seconds);
  CHECK(*e.run_seconds == doctest::Approx(4260.10));
  CHECK(*e.data_points == 12400);
  CHECK_FALSE(e.failure);
  CHECK(e.warnings.empty());
  // The probe's measurement wins over the estimate.
  const Calibration c = calibrate::calibrate(e);
  REQUIRE(c.on_data_seconds);
  CHECK_FALSE(c.on_data_estimated);
  CHECK(*c.on_data_seconds == doctest::Approx(1.582 / 800));
}

TEST_CASE("a live C# log: live mode, the language, the method's samples") {
  const LogEvidence e = read_text(kLiveCSharp);
  CHECK(e.live);
  CHECK(e.language == "csharp");
  CHECK(e.methods.at("Retrain").seconds == std::vector<double>{2471.8, 2341.05});
  CHECK(e.quota->capacity == 300);
  CHECK_FALSE(e.run_seconds);
  CHECK_FALSE(e.probe_on_data_cost());
}

TEST_CASE("without the probe: OnData is estimated from LEAN's end-of-run line, and labelled so") {
  std::string text;
  for (const char* l : {"20240306 14:20:04.210 TRACE:: AlgorithmManager.CreateTokenBucket(): Initializing LeakyBucket: Capacity: 120 RefillAmount: 18 TimeInterval: 1440\n",
                        "20240306 15:31:00.100 TRACE:: Debug: Algorithm Id:(1482277081) completed in 25.68 seconds at 85k data points per second. Processing total of 2,183,224 data points.\n"})
    text += l;
  const LogEvidence e = read_text(text);
  CHECK(e.methods.empty());
  CHECK(e.probe_lines == 0);
  REQUIRE(e.estimated_on_data_cost());
  CHECK(*e.estimated_on_data_cost() == doctest::Approx(25.68 / 2183224));
  const Calibration c = calibrate::calibrate(e);
  CHECK(c.on_data_estimated);
  CHECK(contains(calibration_text(c), "an estimate"));
  CHECK(contains(calibration_text(c), "trainsim probe"));
  // The estimate takes out the training the probe measured.
  const LogEvidence p = read_text(text + "2024-01-07 08:00:00 trainsim-probe v1 method=fit seconds=20.5 at=2024-01-07T08:00:00\n");
  CHECK(*p.estimated_on_data_cost() == doctest::Approx((25.68 - 20.5) / 2183224));
}

TEST_CASE("a failed backtest: LEAN's time-limit message with its algorithm time") {
  const LogEvidence e = read_text(kFailedBacktest);
  REQUIRE(e.failure);
  CHECK(e.failure->algorithm_time == "2024-02-04 08:00:00");
  CHECK(e.failure->loop_maximum_minutes == 10);
  CHECK(e.failure->additional_minutes == 110);
  CHECK(e.failure->elapsed_minutes == doctest::Approx(120.5));
  CHECK(e.failure->message ==
        "Algorithm took longer than 10 minutes on a single time loop. An additional 110 minutes were also allocated and "
        "consumed. CurrentTimeStepElapsed: 120.5 minutes");
  CHECK(e.failure->line == 3);
}

TEST_CASE("CRLF line ends read as LF ones") {
  for (const char* text : {kBacktestPython, kLiveCSharp, kFailedBacktest}) {
    const LogEvidence lf = read_text(text), crlf = read_text(with_crlf(text));
    CHECK(crlf.lines == lf.lines);
    CHECK(crlf.probe_lines == lf.probe_lines);
    CHECK(crlf.methods.size() == lf.methods.size());
    for (const auto& [name, m] : lf.methods) CHECK(crlf.methods.at(name).seconds == m.seconds);
    CHECK(crlf.on_data_slices == lf.on_data_slices);
    CHECK(crlf.failure.has_value() == lf.failure.has_value());
    if (lf.failure) CHECK(crlf.failure->message == lf.failure->message);
    CHECK(crlf.run_seconds == lf.run_seconds);
  }
}

TEST_CASE("a probe line that is not UTF-8 is skipped with a warning, not kept for the report") {
  // A CI fuzz finding: a method name of stray bytes reached the JSON writer, which threw.
  const LogEvidence e = read_text(
      "2024-01-07 08:00:00 trainsim-probe v1 method=fi\xa6\xa6t seconds=600.5 at=2024-01-07T08:00:00\n"
      "2024-01-14 08:00:00 trainsim-probe v1 method=fit seconds=700.25 at=2024-01-14T08:00:00\n");
  CHECK(e.methods.size() == 1);
  CHECK(e.methods.at("fit").seconds == std::vector<double>{700.25});
  REQUIRE(e.warnings.size() == 1);
  CHECK(contains(e.warnings[0], ":1: a trainsim-probe or time-limit line that is not UTF-8 text; skipped"));
}

TEST_CASE("utf8: strict RFC 3629") {
  CHECK(is_utf8(""));
  CHECK(is_utf8("fit_model \xc3\xa9t\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"));
  CHECK_FALSE(is_utf8("fi\xa6t"));         // a lone continuation byte
  CHECK_FALSE(is_utf8("\xc0\xaf"));        // overlong '/'
  CHECK_FALSE(is_utf8("\xed\xa0\x80"));    // a surrogate
  CHECK_FALSE(is_utf8("\xf4\x90\x80\x80")); // above U+10FFFF
  CHECK_FALSE(is_utf8("\xe2\x82"));        // cut short
}

TEST_CASE("a cut last line: read when complete, skipped with a warning when not") {
  const std::string head = "2024-01-07 08:00:00 trainsim-probe v1 method=fit seconds=600.5 at=2024-01-07T08:00:00\n";
  const LogEvidence complete = read_text(head + "2024-01-14 08:00:00 trainsim-probe v1 method=fit seconds=700.25 at=2024-01-14T08:00:00");
  CHECK(complete.methods.at("fit").seconds == std::vector<double>{600.5, 700.25});
  REQUIRE(complete.warnings.size() == 1);
  CHECK(contains(complete.warnings[0], "log.txt:2: the last line has no line end"));
  const LogEvidence cut = read_text(head + "2024-01-14 08:00:00 trainsim-probe v1 method=fit seconds=700.25 at=2024-01-1");
  CHECK(cut.methods.at("fit").seconds == std::vector<double>{600.5});
  REQUIRE(cut.warnings.size() == 2);
  CHECK(contains(cut.warnings[1], "log.txt:2: malformed trainsim-probe line"));
  // A failure message cut before its end is not taken as one.
  const LogEvidence f = read_text("2024-02-04 08:00:00 Runtime Error: Algorithm took longer than 10 minutes on a single time loop. CurrentTimeStepElapsed: 10");
  CHECK_FALSE(f.failure);
}

TEST_CASE("probe lines of another version or malformed are skipped with the line number") {
  const LogEvidence e = read_text(
      "x trainsim-probe v2 method=fit seconds=1 at=2024-01-07T08:00:00\n"
      "x trainsim-probe v1 method=fit seconds=abc at=2024-01-07T08:00:00\n"
      "x trainsim-probe v1 on-data seconds=1 slices=-3 date=2024-01-07\n"
      "x trainsim-probe v1 method=fit seconds=3 at=2024-01-07T08:00:00\n");
  CHECK(e.methods.at("fit").seconds == std::vector<double>{3});
  REQUIRE(e.warnings.size() == 3);
  CHECK(contains(e.warnings[0], "log.txt:1: trainsim-probe v2 is a format this trainsim does not read"));
  CHECK(contains(e.warnings[1], "log.txt:2: malformed"));
  CHECK(contains(e.warnings[2], "log.txt:3: malformed trainsim-probe on-data line"));
}

TEST_CASE("a 200 MB log is read in bounded memory, and so is one 200 MB line") {
  const long before = max_rss_kb();
  GeneratedLog buf(200ull << 20);
  std::istream in(&buf);
  LogEvidence e;
  read_log(in, "big.log", e);
  CHECK(e.lines > 1'400'000);
  CHECK(e.methods.at("fit").seconds.size() == static_cast<std::size_t>(e.lines / 1000));
  CHECK(e.methods.at("fit").seconds[0] == 606.5);  // line 1000: 600 + 1000 % 7
  // One line without an end, as long: cut at kMaxLogLine.
  struct OneLine : std::streambuf {
    std::uint64_t left = 200ull << 20;
    std::string chunk = std::string(1 << 16, 'x');
    int_type underflow() override {
      if (left == 0) return traits_type::eof();
      const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(left, chunk.size()));
      left -= n;
      setg(chunk.data(), chunk.data(), chunk.data() + n);
      return 'x';
    }
  } one;
  std::istream in1(&one);
  LogEvidence e1;
  read_log(in1, "one-line.log", e1);
  CHECK(e1.lines == 1);
  CHECK(contains(e1.warnings.at(0), "one-line.log:1: the last line has no line end"));
  CHECK(contains(e1.warnings.at(1), "a line longer than 65536 characters"));
  // Far less than the 400 MB read (sanitizer builds included).
  CHECK(max_rss_kb() - before < 64 * 1024);
}

TEST_CASE("lognormal maximum likelihood: exact on a small sample, recovers a generated one within its error") {
  // ln x = 1, 2, 3: mu = 2, sigma^2 = 2/3 (MLE divides by n).
  const LogNormalFit small = fit_lognormal({std::exp(1.0), std::exp(2.0), std::exp(3.0)});
  CHECK(small.mu == doctest::Approx(2.0));
  CHECK(small.sigma == doctest::Approx(std::sqrt(2.0 / 3.0)));
  CHECK(small.median_seconds == doctest::Approx(std::exp(2.0)));

  const double mu = std::log(1800.0), sigma = 0.25;
  Rng rng(7, 0);
  std::vector<double> xs;
  for (int i = 0; i < 20000; ++i) xs.push_back(std::exp(mu + sigma * rng.normal()));
  const LogNormalFit f = fit_lognormal(xs);
  CHECK(f.n == 20000);
  CHECK(std::fabs(f.mu - mu) < 4 * f.mu_stderr);
  CHECK(std::fabs(f.sigma - sigma) < 4 * f.sigma_stderr);
  CHECK(f.median_seconds == doctest::Approx(1800).epsilon(0.01));
  CHECK_FALSE(f.weak);
  CHECK(f.ks_distance < 0.02);  // about 1.36/sqrt(n) = 0.0096 at 5%
  // A uniform sample is not lognormal: rejected.
  std::vector<double> u;
  for (int i = 0; i < 5000; ++i) u.push_back(1 + 1000 * rng.uniform());
  const LogNormalFit fu = fit_lognormal(u);
  CHECK(fu.weak);
  CHECK(contains(fu.why_weak, "does not fit"));
}

TEST_CASE("the Kolmogorov p-value at known points") {
  // Large n: P(K > 1.358) = 0.05, P(K > 1.628) = 0.01.
  CHECK(kolmogorov_p_value(1.358 / std::sqrt(1e8), 100'000'000) == doctest::Approx(0.05).epsilon(0.01));
  CHECK(kolmogorov_p_value(1.628 / std::sqrt(1e8), 100'000'000) == doctest::Approx(0.01).epsilon(0.02));
  CHECK(kolmogorov_p_value(0, 10) == 1);
}

TEST_CASE("five samples: the fit is weak and the empirical trace is used") {
  const LogEvidence e = read_text(
      "a trainsim-probe v1 method=fit seconds=600 at=2024-01-07T08:00:00\n"
      "a trainsim-probe v1 method=fit seconds=630.5 at=2024-01-14T08:00:00\n"
      "a trainsim-probe v1 method=fit seconds=590 at=2024-01-21T08:00:00\n"
      "a trainsim-probe v1 method=fit seconds=612 at=2024-01-28T08:00:00\n"
      "a trainsim-probe v1 method=fit seconds=641.25 at=2024-02-04T08:00:00\n");
  const Calibration c = calibrate::calibrate(e);
  REQUIRE(c.methods.size() == 1);
  const auto& m = c.methods[0];
  CHECK(m.fit.weak);
  CHECK(contains(m.fit.why_weak, "5 samples, fewer than 20: the fit is weak"));
  CHECK(m.use_trace);
  CHECK(trace_csv(m.seconds) == "600s\n630500ms\n590s\n612s\n641250ms\n");
  const auto block = calibration_block(c);
  CHECK(block["methods"]["fit"]["duration"] == nlohmann::ordered_json({{"trace", "trainsim-durations/fit.csv"}}));
  CHECK(contains(calibration_text(c), "uses the measured trace"));
  CHECK(contains(calibration_page(c), "data-method=\"fit\""));
}

TEST_CASE("enough samples: the lognormal goes into the block, and OnData's cost") {
  LogEvidence e;
  Rng rng(3, 1);
  for (int i = 0; i < 200; ++i) e.methods["fit"].seconds.push_back(std::exp(std::log(1800.0) + 0.2 * rng.normal()));
  e.on_data_seconds = 1.5;
  e.on_data_slices = 1000;
  e.on_data_days = 3;
  const Calibration c = calibrate::calibrate(e);
  CHECK_FALSE(c.methods[0].use_trace);
  const auto block = calibration_block(c);
  const auto& ln = block["methods"]["fit"]["duration"]["lognormal"];
  REQUIRE(ln.is_object());
  CHECK(parse_duration_text(ln["median"].get<std::string>()).value() == doctest::Approx(1800e6).epsilon(0.02));
  CHECK(ln["sigma"].get<double>() == doctest::Approx(0.2).epsilon(0.15));
  CHECK(block["on-data"]["cost"] == "1500us");
  const std::string page = calibration_page(c);
  CHECK(contains(page, "data-fitted-curve=\"lognormal\""));
  CHECK(contains(page, "<rect data-bin=\"0\""));
  CHECK(contains(page, "<h1>trainsim calibrate: 1 training method measured</h1>"));
}

TEST_CASE("the block merges into a project's config.json without touching other keys") {
  nlohmann::ordered_json block = {{"methods", {{"fit", {{"duration", "10m"}}}}}, {"on-data", {{"cost", "2ms"}}}};
  const std::string project = R"({
    "algorithm-language": "Python",
    "parameters": {"lookback": "20"},
    "cloud-id": 123456789,
    "trainsim": {"methods": {"fit": {"duration": "5m", "growth": {"per-year": "1m"}}, "other": {"duration": "1m"}},
                 "warm-up": "30d"}
  })";
  const auto merged = nlohmann::ordered_json::parse(merge_into_project_config(project, "config.json", block));
  CHECK(merged["algorithm-language"] == "Python");
  CHECK(merged["parameters"]["lookback"] == "20");
  CHECK(merged["cloud-id"] == 123456789);
  CHECK(merged.begin().key() == "algorithm-language");  // order kept
  CHECK(merged["trainsim"]["methods"]["fit"]["duration"] == "10m");
  CHECK(merged["trainsim"]["methods"]["fit"]["growth"]["per-year"] == "1m");
  CHECK(merged["trainsim"]["methods"]["other"]["duration"] == "1m");
  CHECK(merged["trainsim"]["warm-up"] == "30d");
  CHECK(merged["trainsim"]["on-data"]["cost"] == "2ms");
  CHECK(nlohmann::ordered_json::parse(merge_into_project_config("", "config.json", block))["trainsim"] == block);
  CHECK(contains(trainsim::testing::error_of([&] { merge_into_project_config("[1]", "p/config.json", block); }),
                 "p/config.json"));
  CHECK(contains(trainsim::testing::error_of([&] { merge_into_project_config(R"({"trainsim": 3})", "config.json", block); }),
                 "trainsim"));
}

namespace {
// Weekly training "fit" that outgrows the bucket: fails on a Sunday.
const char* kWeeklyConfig = R"JSON({
  "scheduled-event-leaky-bucket-capacity": 60,
  "simulation": {
    "start": "2024-01-01", "end": "2024-03-31", "security": "Equity-usa-SPY", "resolution": "hour",
    "training": [{"name": "weekly", "method": "fit", "date-rule": "DateRules.Every(DayOfWeek.Sunday)",
                  "time-rule": "TimeRules.At(8, 0)", "duration": "1m"}]
  }
})JSON";

// LEAN's run: the bucket line and two trainings of 20 and 30 minutes; the
// third was cut short by the failure, so the probe never logged it.
const std::string kWeeklyLog =
    "x TRACE:: AlgorithmManager.CreateTokenBucket(): Initializing LeakyBucket: Capacity: 50 RefillAmount: 5 TimeInterval: 1440\n"
    "x TRACE:: Log: 2024-01-07 08:00:00 trainsim-probe v1 method=fit seconds=1200 at=2024-01-07T08:00:00\n"
    "x TRACE:: Log: 2024-01-14 08:00:00 trainsim-probe v1 method=fit seconds=1800 at=2024-01-14T08:00:00\n";

std::string runtime_error(const std::string& at, const std::string& message) {
  return "x ERROR:: " + at + " Runtime Error: " + message + "\n";
}
}  // namespace

TEST_CASE("check: the log's quota, loop maximum and durations are replayed, then compared with LEAN's outcome") {
  const std::string message =
      "Algorithm took longer than 10 minutes on a single time loop. CurrentTimeStepElapsed: 2.0 minutes";
  // Bucket 50: the first training takes 19 minutes, the second 29, the third
  // (as long as it lasted) is refused its third minute on 2024-01-21.
  const LogEvidence e = read_text(kWeeklyLog + runtime_error("2024-01-21 08:00:00", message));
  Scenario s = trainsim::testing::scenario_from(kWeeklyConfig);
  const auto notes = apply_evidence(s, e, "log.txt");
  CHECK(s.lean.capacity == 50);
  CHECK(s.lean.refill_amount == 5);
  CHECK(s.lean.loop_maximum_minutes == 10);
  CHECK(contains(notes.at(0), "method fit: the 2 measured durations, in order, then one cut short by the failure"));
  const SimulationResult r = simulate(s);
  REQUIRE(r.failure);
  CHECK(lean_ui_time(r.failure->algorithm_time, s.sim.zone) == "2024-01-21 08:00:00");
  CHECK(r.events.at(0).duration == 20 * kMinute);
  CHECK(r.events.at(1).duration == 30 * kMinute);

  // LEAN's message as trainsim words it: a match.
  const LogEvidence same = read_text(kWeeklyLog + runtime_error("2024-01-21 08:00:00", r.failure->message));
  const CheckResult ok = compare_with_log(s, r, same);
  CHECK(ok.matches);
  CHECK(contains(ok.lines.back(), "message: Algorithm took longer"));
  // LEAN noticed a second later (its poll): still a match.
  CHECK(compare_with_log(s, r, read_text(kWeeklyLog + runtime_error("2024-01-21 08:00:01", r.failure->message))).matches);
  // The failure an hour later: a mismatch naming the time.
  const CheckResult late = compare_with_log(s, r, read_text(kWeeklyLog + runtime_error("2024-01-21 09:00:00", r.failure->message)));
  CHECK_FALSE(late.matches);
  CHECK(contains(late.lines.back(), "differs: failure time: LEAN 2024-01-21 09:00:00, trainsim 2024-01-21 08:00:00"));
  // Another message: a mismatch naming it.
  const std::string other =
      "Algorithm took longer than 10 minutes on a single time loop. An additional 5 minutes were also allocated and "
      "consumed. CurrentTimeStepElapsed: 15.0 minutes";
  const CheckResult msg = compare_with_log(s, r, read_text(kWeeklyLog + runtime_error("2024-01-21 08:00:00", other)));
  CHECK_FALSE(msg.matches);
  CHECK(contains(msg.lines.back(), "differs: message"));
  // LEAN completed: the outcome differs.
  const CheckResult completed = compare_with_log(
      s, r, read_text(kWeeklyLog + "x TRACE:: Debug: Algorithm Id:(1) completed in 3000.00 seconds at 0k data points "
                                   "per second. Processing total of 1,000 data points.\n"));
  CHECK_FALSE(completed.matches);
  CHECK(contains(completed.lines.back(), "differs: outcome: LEAN completed, trainsim failed at 2024-01-21 08:00:00"));
}


TEST_CASE("warnings: OnData cost unset, and a method without a duration says how to measure it") {
  const auto none = on_data_unset_warning(nlohmann::json::parse(R"({"simulation": {"start": "2024-01-01"}})"));
  REQUIRE(none);
  CHECK(*none == "OnData cost is 0: wall time, and the refills that depend on it, are underestimated; measure it "
                 "with `trainsim probe`");
  CHECK_FALSE(on_data_unset_warning(nlohmann::json::parse(R"({"simulation": {"on-data": {"cost": "0s"}}})")));
  const std::string error = trainsim::testing::error_of([] {
    trainsim::testing::scenario_from(R"JSON({"simulation": {"start": "2024-01-01", "end": "2024-01-31",
      "training": [{"name": "weekly", "method": "fit", "date-rule": "DateRules.Every(DayOfWeek.Sunday)",
                    "time-rule": "TimeRules.At(8, 0)"}]}})JSON");
  });
  CHECK(contains(error, "--set simulation.methods.fit.duration=DURATION"));
  CHECK(contains(error, "or measure them: add the probe (`trainsim probe`) to the algorithm, run `lean backtest`, "
                        "then `trainsim calibrate PROJECT`"));
}

TEST_CASE("figures no real run logs are not taken: huge times, impossible bucket settings") {
  const LogEvidence e = read_text(
      "x trainsim-probe v1 method=fit seconds=1e300 at=2024-01-07T08:00:00\n"
      "x trainsim-probe v1 on-data seconds=1 slices=99999999999999 date=2024-01-07\n"
      "x Initializing LeakyBucket: Capacity: -5 RefillAmount: 18 TimeInterval: 1440\n"
      "x Initializing LeakyBucket: Capacity: 120 RefillAmount: 18 TimeInterval: 0\n"
      "x 2024-02-04 08:00:00 Runtime Error: Algorithm took longer than 1e308 minutes on a single time loop. "
      "CurrentTimeStepElapsed: 10.0 minutes\n");
  CHECK(e.methods.empty());
  CHECK(e.on_data_slices == 0);
  CHECK_FALSE(e.quota);
  CHECK_FALSE(e.failure);
  CHECK(e.warnings.size() == 2);
}
