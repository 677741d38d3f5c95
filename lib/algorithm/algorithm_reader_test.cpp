// Tests of the algorithm reader: every call form in Python and C#, bindings and loops, what it warns about, bad input.
#include "algorithm/algorithm_reader.h"
#include "input/input_error.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>

using namespace trainsim;
using namespace trainsim::algorithm;
using nlohmann::ordered_json;

namespace {

AlgorithmRead py(const std::string& body) {
  return read_algorithm_text("class A(QCAlgorithm):\n    def initialize(self):\n" + body, Language::Python, "main.py");
}
AlgorithmRead cs(const std::string& body) {
  return read_algorithm_text("public class A : QCAlgorithm {\n  public override void Initialize() {\n" + body +
                                 "\n  }\n}\n",
                             Language::CSharp, "Main.cs");
}
std::string error_of(const std::string& source, Language lang) {
  try {
    read_algorithm_text(source, lang, lang == Language::Python ? "main.py" : "Main.cs");
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}
bool warned(const AlgorithmRead& r, const std::string& part) {
  for (const auto& w : r.warnings)
    if (w.find(part) != std::string::npos) return true;
  return false;
}

}  // namespace

TEST_CASE("dates, time zone and a subscription, Python") {
  const auto r = py(
      "        self.set_start_date(2020, 1, 6)\n"
      "        self.set_end_date(datetime(2020, 3, 31))\n"
      "        self.set_time_zone(TimeZones.CHICAGO)\n"
      "        self.add_equity(\"spy\", Resolution.HOUR)\n");
  CHECK(r.simulation["start"] == "2020-01-06");
  CHECK(r.simulation["end"] == "2020-03-31");
  CHECK(r.simulation["time-zone"] == "America/Chicago");
  REQUIRE(r.simulation["securities"].size() == 1);
  CHECK(r.simulation["securities"][0]["security"] == "Equity-usa-SPY");
  CHECK(r.simulation["securities"][0]["resolution"] == "hour");
  CHECK(r.simulation["securities"][0]["source"] == "main.py:6");
  CHECK(r.warnings.empty());
}

TEST_CASE("dates, time zone and a subscription, C#") {
  const auto r = cs(
      "    SetStartDate(new DateTime(2021, 2, 1));\n"
      "    SetEndDate(2021, 2, 28);\n"
      "    SetTimeZone(\"Europe/London\");\n"
      "    AddEquity(\"QQQ\", Resolution.Daily, Market.USA, true, 1m, true);\n");
  CHECK(r.simulation["start"] == "2021-02-01");
  CHECK(r.simulation["end"] == "2021-02-28");
  CHECK(r.simulation["time-zone"] == "Europe/London");
  CHECK(r.simulation["securities"][0]["security"] == "Equity-usa-QQQ");
  CHECK(r.simulation["securities"][0]["resolution"] == "daily");
  CHECK(r.simulation["securities"][0]["extended-market-hours"] == true);
}

TEST_CASE("every subscription kind gets LEAN's default market") {
  const auto r = py(
      "        self.add_forex(\"EURUSD\")\n"
      "        self.add_crypto(\"BTCUSD\", Resolution.MINUTE)\n"
      "        self.add_cfd(\"XAUUSD\")\n"
      "        self.add_index(\"SPX\")\n"
      "        self.add_future(Futures.Indices.SP_500_E_MINI, extended_market_hours=True)\n"
      "        self.add_future(\"GC\")\n"
      "        self.add_security(SecurityType.EQUITY, \"AAPL\", Resolution.SECOND)\n"
      "        self.add_crypto(\"ETHUSD\", market=Market.KRAKEN)\n");
  std::vector<std::string> keys;
  for (const auto& s : r.simulation["securities"]) keys.push_back(s["security"]);
  CHECK(keys == std::vector<std::string>{"Forex-oanda-EURUSD", "Crypto-coinbase-BTCUSD", "Cfd-oanda-XAUUSD",
                                         "Index-usa-SPX", "Future-cme-ES", "Future-comex-GC", "Equity-usa-AAPL",
                                         "Crypto-kraken-ETHUSD"});
  CHECK(r.simulation["securities"][4]["extended-market-hours"] == true);
  CHECK(r.simulation["securities"][6]["resolution"] == "second");
  const auto c = cs(
      "    AddForex(\"GBPJPY\", Resolution.Hour);\n"
      "    AddSecurity(SecurityType.Crypto, \"SOLUSD\", Resolution.Daily);\n"
      "    AddEquity(\"IBM\", extendedMarketHours: true);\n");
  CHECK(c.simulation["securities"][0]["security"] == "Forex-oanda-GBPJPY");
  CHECK(c.simulation["securities"][1]["security"] == "Crypto-coinbase-SOLUSD");
  CHECK(c.simulation["securities"][2]["extended-market-hours"] == true);
}

TEST_CASE("Train and Schedule.On, in declaration order, Python") {
  const auto r = py(
      "        spy = self.add_equity(\"SPY\").symbol\n"
      "        self.train(self.initial_fit)\n"
      "        self.schedule.on(self.date_rules.every_day(spy),\n"
      "                         self.time_rules.after_market_open(spy, 10),  # Train(self.nope)\n"
      "                         self.rebalance)\n"
      "        self.train(self.date_rules.every(DayOfWeek.SUNDAY), self.time_rules.at(8, 0), self.train_model)\n");
  const auto& ev = r.simulation["events"];
  REQUIRE(ev.size() == 3);
  CHECK(ev[0] == ordered_json::parse(R"({"training": true, "name": "initial_fit", "when": "now", "source": "main.py:4"})"));
  CHECK(ev[1]["training"] == false);
  CHECK(ev[1]["name"] == "rebalance");
  CHECK(ev[1]["date-rule"] == "self.date_rules.every_day(\"SPY\")");
  CHECK(ev[1]["time-rule"] == "self.time_rules.after_market_open(\"SPY\", 10)");
  CHECK(ev[1]["source"] == "main.py:5");
  CHECK(ev[2]["name"] == "train_model");
  CHECK(ev[2]["date-rule"] == "self.date_rules.every(DayOfWeek.SUNDAY)");
  CHECK(r.methods == std::vector<std::string>{"initial_fit", "rebalance", "train_model"});
}

TEST_CASE("Train and Schedule.On, in declaration order, C#") {
  const auto r = cs(
      "    _spy = AddEquity(\"SPY\", Resolution.Minute).Symbol;\n"
      "    Schedule.On(DateRules.EveryDay(_spy), TimeRules.BeforeMarketClose(_spy, 5), Liquidate);\n"
      "    Train(DateRules.MonthStart(_spy), TimeRules.At(7, 30), TrainModel);\n"
      "    Train(() => Log(\"fit\"));\n"
      "    Schedule.On(DateRules.Every(DayOfWeek.Monday), TimeRules.Noon, () => { Train(Nope); });\n");
  const auto& ev = r.simulation["events"];
  REQUIRE(ev.size() == 5);
  CHECK(ev[0]["name"] == "Liquidate");
  CHECK(ev[0]["date-rule"] == "DateRules.EveryDay(\"SPY\")");
  CHECK(ev[1]["name"] == "TrainModel");
  CHECK(ev[1]["training"] == true);
  CHECK(ev[1]["time-rule"] == "TimeRules.At(7, 30)");
  // A lambda: Train(now) keeps LEAN's name (the config reader writes it); Schedule.On gets "<date>: <time>".
  CHECK(!ev[2].contains("name"));
  CHECK(ev[2]["when"] == "now");
  CHECK(ev[3]["name"] == "Monday: Noon");  // LEAN's rule names, from lib/rules
  CHECK(ev[3]["training"] == false);
  // The lambda's Train runs when that event does: a training started at run time.
  CHECK(ev[4]["name"] == "Nope");
  CHECK(ev[4]["when"] == ordered_json{{"after", "Monday: Noon"}});
}

TEST_CASE("bindings: self._spy, strings, literal loops and comprehensions") {
  const auto r = py(
      "        self._spy = self.add_equity(\"SPY\", Resolution.MINUTE).Symbol\n"
      "        ticker = \"QQQ\"\n"
      "        self.add_equity(ticker)\n"
      "        for t in [\"TLT\", \"GLD\"]:\n"
      "            self.add_equity(t, Resolution.DAILY)\n"
      "        self._more = [self.add_crypto(c).symbol for c in (\"BTCUSD\", \"ETHUSD\")]\n"
      "        self.schedule.on(self.date_rules.week_start(self._spy), self.time_rules.at(9, 0), lambda: self.log('x'))\n");
  std::vector<std::string> keys;
  for (const auto& s : r.simulation["securities"]) keys.push_back(s["security"]);
  CHECK(keys == std::vector<std::string>{"Equity-usa-SPY", "Equity-usa-QQQ", "Equity-usa-TLT", "Equity-usa-GLD",
                                         "Crypto-coinbase-BTCUSD", "Crypto-coinbase-ETHUSD"});
  CHECK(r.simulation["events"][0]["date-rule"] == "self.date_rules.week_start(\"SPY\")");
  CHECK(r.simulation["events"][0]["name"] == "SPY: WeekStart: 9");
  const auto c = cs(
      "    var tickers = new[] { \"AAPL\", \"MSFT\" };\n"
      "    foreach (var t in tickers) AddEquity(t);\n"
      "    foreach (var t in new List<string> { \"IBM\" })\n"
      "    {\n"
      "        var sym = AddEquity(t).Symbol;\n"
      "        Schedule.On(DateRules.EveryDay(sym), TimeRules.AfterMarketOpen(sym), Rebalance);\n"
      "    }\n");
  CHECK(c.simulation["securities"].size() == 3);
  CHECK(c.simulation["events"][0]["date-rule"] == "DateRules.EveryDay(\"IBM\")");
}

TEST_CASE("benchmark, daily precise end time, universe resolution") {
  CHECK(!py("        self.set_benchmark(\"SPY\")\n").simulation.contains("benchmark"));
  const auto f = py("        self.set_benchmark(lambda dt: 0)\n");
  CHECK(f.simulation["benchmark"] == false);
  CHECK(!warned(f, "SetBenchmark"));
  const auto q = cs("    SetBenchmark(\"QQQ\");\n    Settings.DailyPreciseEndTime = false;\n");
  CHECK(q.simulation["benchmark"] == false);
  CHECK(q.simulation["daily-precise-end-time"] == false);
  CHECK(warned(q, "Main.cs:3:5: SetBenchmark(\"QQQ\")"));
  const auto u = py("        self.universe_settings.resolution = Resolution.DAILY\n        self.add_equity('IBM')\n");
  CHECK(u.simulation["securities"][0]["resolution"] == "daily");
}

TEST_CASE("what cannot be read statically is warned about with file:line:column") {
  const auto r = py(
      "        self.set_start_date(self._start)\n"
      "        self.set_warm_up(30)\n"
      "        self.add_equity(self.get_parameter('ticker'))\n"
      "        self.setup_schedule()\n"
      "        for s in self.symbols:\n"
      "            self.add_equity(s)\n"
      "        self.schedule.on(self.date_rules.every_day(self.unknown), self.time_rules.at(9, 0), self.f)\n"
      "        if self.live_mode:\n"
      "            self.add_forex('EURUSD')\n");
  CHECK(warned(r, "main.py:3:29: set_start_date(self._start)"));
  CHECK(r.simulation["warm-up"] == 30);  // SetWarmUp is read (simulation.warm-up)
  CHECK(warned(r, "main.py:5:25: add_equity(self.get_parameter('ticker'))"));
  CHECK(warned(r, "main.py:6:14: `setup_schedule(...)` is not read"));
  CHECK(warned(r, "main.py:7:18: a loop over `self.symbols`"));
  CHECK(warned(r, "main.py:9:52: `self.unknown` is not bound"));
  CHECK(warned(r, "main.py:9:26: Schedule.on not read"));
  CHECK(r.decided_by_mode == std::vector<std::string>{"main.py:10"});  // `if self.live_mode`: not in a backtest
  CHECK(!warned(r, "main.py:10:9: inside `if`"));
  CHECK(warned(r, "no SetEndDate"));
  // The event whose rule it cannot resolve is not guessed; the subscription
  // under `if self.live_mode` is not taken in a backtest, so none is read.
  CHECK((!r.simulation.contains("events") || r.simulation.at("events").empty()));
  CHECK(!r.simulation.contains("securities"));
  // Calls that do not change the calendar are read silently.
  const auto quiet = py("        self.set_cash(1000)\n        self.debug('x')\n        self.set_start_date(2024,1,1)\n"
                        "        self.set_end_date(2024,2,1)\n        self.add_equity('SPY')\n");
  CHECK(quiet.warnings.empty());
}

TEST_CASE("bad input: one message with file:line:column") {
  CHECK(error_of("class A:\n    def on_data(self, d):\n        pass\n", Language::Python) ==
        "main.py:1:1: no `def initialize(self)` found: trainsim reads the algorithm's Initialize");
  CHECK(error_of("class A { void OnData() {} }", Language::CSharp).rfind("Main.cs:1:1: no `public override void Initialize()`", 0) == 0);
  CHECK(error_of("class A:\n    def initialize(self):\n        self.train(self.date_rules.every_day(), self.m)\n",
                 Language::Python) ==
        "main.py:3:19: train takes a method (Train(method)) or a date rule, a time rule and a method; got 2 arguments");
  CHECK(error_of("class A:\n    def initialize(self):\n        self.add_equity('SPY', Resolution.WEEKLY)\n",
                 Language::Python) ==
        "main.py:3:43: unknown Resolution.WEEKLY (Tick, Second, Minute, Hour, Daily)");
  CHECK(error_of("public class A { public override void Initialize() {\n  Schedule.On(DateRules.EveryDy(), TimeRules.At(9, 0), F);\n} }",
                 Language::CSharp)
            .rfind("Main.cs:2:25: date rule: ", 0) == 0);
  CHECK(error_of("x = 'open\n", Language::Python) == "main.py:1:5: unterminated string (end of line)");
  CHECK(error_of("class A:\n    def initialize(self):\n        self.set_start_date(2024, 2, 30)\n", Language::Python) ==
        "main.py:3:29: set_start_date(2024, 2, 30) is not a valid date");
}

TEST_CASE("bad input: nested literal loops that unroll past the statement bound are refused, not read for minutes") {
  // Three tickers nested `depth` deep unroll to about 3^depth statements.
  auto nested = [](int depth, const std::string& statement) {
    std::string body = "class A:\n    def initialize(self):\n";
    std::string indent = "        ";
    for (int d = 0; d < depth; ++d) {
      body += indent + "for t" + std::to_string(d) + " in ['SPY', 'QQQ', 'IWM']:\n";
      indent += "    ";
    }
    return body + indent + statement + "\n";
  };
  const AlgorithmRead small =
      py(nested(3, "self.add_equity(t0)").substr(std::string("class A:\n    def initialize(self):\n").size()));
  CHECK(small.simulation["securities"].size() == 3);  // SPY, QQQ, IWM (repeats merged)
  // Short statements, so that the statement bound comes before the character bound.
  const std::string msg = error_of(nested(12, "f()"), Language::Python);
  CHECK(msg.rfind("main.py:", 0) == 0);
  CHECK(msg.find("more than 100000 statements") != std::string::npos);
}

TEST_CASE("warnings: a loop's body warns once per place, not once per item") {
  const AlgorithmRead r = py("        for t in ['SPY', 'QQQ', 'IWM']:\n"
                             "            for u in ['A', 'B', 'C']:\n"
                             "                self.set_time_zone(zone)\n");
  size_t zone_warnings = 0;
  for (const auto& w : r.warnings) zone_warnings += w.find("time zone") != std::string::npos;
  CHECK(zone_warnings == 1);
}

TEST_CASE("bad input: brackets, prefix operators and blocks nested past the limit are refused, not a stack overflow") {
  // Fuzzing found `{` nested a few hundred deep overflowing the stack.
  const std::string deep(100000, '{');
  for (const std::string& body :
       {"        self.add_equity(" + deep + std::string(100000, '}') + ")\n", "        x = " + std::string(100000, '-') + "1\n",
        "        x = " + std::string(50000, '(') + "1" + std::string(50000, ')') + "\n"}) {
    const std::string msg = error_of("class A:\n    def initialize(self):\n" + body, Language::Python);
    CHECK(msg.rfind("main.py:3:", 0) == 0);
    CHECK(msg.find("nested more than 64 levels deep") != std::string::npos);
  }
  std::string ifs = "public class A : QCAlgorithm { public override void Initialize() {\n";
  for (int k = 0; k < 5000; ++k) ifs += "if (x) ";
  ifs += "AddEquity(\"SPY\");\n} }\n";
  CHECK(error_of(ifs, Language::CSharp).find("nested more than 64 levels deep") != std::string::npos);
  std::string braces = "public class A : QCAlgorithm { public override void Initialize() {\n" + std::string(5000, '{') +
                       "AddEquity(\"SPY\");" + std::string(5000, '}') + "\n} }\n";
  CHECK(error_of(braces, Language::CSharp).find("nested more than 64 levels deep") != std::string::npos);
  // Real nesting reads as before.
  CHECK(py("        self.add_equity(((('SPY'))))\n").simulation["securities"].size() == 1);
}

TEST_CASE("bad input: long statements unrolled by nested loops are bounded by their characters too") {
  // Nine levels of three tickers: 3^9 = 19,683 copies of a 120-character statement.
  std::string body = "class A:\n    def initialize(self):\n";
  std::string indent = "        ";
  for (int d = 0; d < 9; ++d) {
    body += indent + "for t" + std::to_string(d) + " in ['SPY', 'QQQ', 'IWM']:\n";
    indent += "    ";
  }
  body += indent + "x = f(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29)\n";
  CHECK(error_of(body, Language::Python).find("more than 2000000 characters") != std::string::npos);
}

TEST_CASE("bad input: a long bound value used in unrolled loops counts towards the character bound") {
  // One 200,000-character ticker used 27 times: 5.4 million characters
  // copied, though the statements themselves are short (this took a minute).
  const std::string ticker(200000, 'x');
  std::string body = "        t = '" + ticker + "'\n"
                     "        for a in ['A', 'B', 'C']:\n"
                     "            for b in ['A', 'B', 'C']:\n"
                     "                for c in ['A', 'B', 'C']:\n"
                     "                    self.add_equity(t)\n";
  const std::string msg = error_of("class A:\n    def initialize(self):\n" + body, Language::Python);
  CHECK(msg.rfind("main.py:7:", 0) == 0);
  CHECK(msg.find("more than 2000000 characters") != std::string::npos);
  // Used six times it is read: 1.4 million characters with its assignment.
  body = "        t = '" + ticker + "'\n"
         "        for a in ['A', 'B']:\n"
         "            for b in ['A', 'B', 'C']:\n"
         "                self.add_equity(t)\n";
  CHECK(py(body).simulation["securities"].size() == 1);
  // A bound list copied in by each loop that uses it counts too.
  std::string list = "[";
  for (int k = 0; k < 100; ++k) list += "'" + std::string(2000, static_cast<char>('A' + k % 26)) + std::to_string(k) + "', ";
  list += "]";
  CHECK(error_of("class A:\n    def initialize(self):\n        l = " + list + "\n        for a in l:\n            for b in l:\n"
                 "                f()\n",
                 Language::Python)
            .find("more than 2000000 characters") != std::string::npos);
}

TEST_CASE("many subscriptions: every distinct ticker is read, repeats merged, warnings once per place") {
  // Twenty thousand distinct subscriptions (a scan per subscription once
  // made this quadratic: sixty thousand took minutes).
  std::string body;
  for (int k = 0; k < 20000; ++k) body += "        self.add_equity('T" + std::to_string(k) + "')\n";
  body += "        self.add_equity('T7', Resolution.Daily)\n";
  for (int k = 0; k < 3; ++k) body += "        for t in ['T1', 'T2']:\n            self.set_time_zone(zone)\n";
  const AlgorithmRead r = py(body);
  REQUIRE(r.simulation["securities"].size() == 20000);
  CHECK(r.simulation["securities"][19999]["security"] == "Equity-usa-T19999");
  size_t repeat_warnings = 0, zone_warnings = 0;
  for (const auto& w : r.warnings) {
    repeat_warnings += w.find("Equity-usa-T7 is already subscribed") != std::string::npos;
    zone_warnings += w.find("time zone") != std::string::npos;
  }
  CHECK(repeat_warnings == 1);
  CHECK(zone_warnings == 3);  // three places, each once
}

TEST_CASE("a loop over a computed list: what its body read is dropped, and read again after it") {
  const AlgorithmRead r = py("        for t in self.universe():\n"
                             "            self.add_equity('ZZZ')\n"
                             "            self.set_time_zone(zone)\n"
                             "        self.add_equity('ZZZ')\n"
                             "        self.set_time_zone(zone)\n");
  REQUIRE(r.simulation["securities"].size() == 1);
  CHECK(r.simulation["securities"][0]["source"] == "main.py:6");
  size_t loop_warnings = 0, zone_warnings = 0;
  for (const auto& w : r.warnings) {
    loop_warnings += w.rfind("main.py:3:", 0) == 0 && w.find("not a literal list") != std::string::npos;
    zone_warnings += w.find("time zone") != std::string::npos;
  }
  CHECK(loop_warnings == 1);
  CHECK(zone_warnings == 1);
  CHECK(std::any_of(r.warnings.begin(), r.warnings.end(), [](const std::string& w) { return w.rfind("main.py:7:", 0) == 0; }));
}

// ---- nothing lost silently: syntax errors, the right Initialize, returns,
// #if, CR line ends, f-string holes, helper methods, counted loops.

TEST_CASE("syntax errors are errors at their place, not a shorter reading") {
  // A missing `)` swallows the next line in Python: refused at the `(`.
  CHECK(error_of("class A(QCAlgorithm):\n    def initialize(self):\n        self.set_end_date(2022, 12, 31\n"
                 "        self.add_equity('SPY')\n        self.train(self.fit)\n",
                 Language::Python)
            .rfind("main.py:3:26: `(` is not closed before line 4", 0) == 0);
  // ... and at the end of the file.
  CHECK(error_of("class A(QCAlgorithm):\n    def initialize(self):\n        self.train(self.fit\n", Language::Python)
            .rfind("main.py:3:19: `(` is never closed", 0) == 0);
  CHECK(error_of("class A(QCAlgorithm):\n    def initialize(self):\n        x = ['SPY', 'QQQ')\n", Language::Python)
            .rfind("main.py:3:26: `)` does not close the `[` at 3:13", 0) == 0);
  CHECK(error_of("class A(QCAlgorithm):\n    def initialize(self):\n        x = 1\n          y = 2\n", Language::Python)
            .rfind("main.py:4:11: unexpected indent", 0) == 0);
  CHECK(error_of("class A(QCAlgorithm):\n    def initialize(self):\n        if x:\n            y = 1\n          z = 2\n",
                 Language::Python)
            .rfind("main.py:5:11: this line's indentation matches no enclosing block", 0) == 0);
  CHECK(error_of("class A(QCAlgorithm):\n    def initialize(self):\n        if x:\n        y = 1\n", Language::Python)
            .rfind("main.py:4:9: expected an indented block after the `:` on line 3", 0) == 0);
  CHECK(error_of("class A(QCAlgorithm):\n    def initialize(self)\n        y = 1\n", Language::Python)
            .rfind("main.py:2:24: `def` statement without its `:`", 0) == 0);
  // C#: a statement without its `;`, before the next line or the block's end.
  CHECK(error_of("public class A : QCAlgorithm {\n  public override void Initialize() {\n    SetEndDate(2022, 12, 31)\n"
                 "    AddEquity(\"SPY\");\n  }\n}\n",
                 Language::CSharp)
            .rfind("Main.cs:3:29: missing `;` after `)`", 0) == 0);
  CHECK(error_of("public class A : QCAlgorithm {\n  public override void Initialize() {\n    AddEquity(\"SPY\")\n  }\n}\n",
                 Language::CSharp)
            .find("missing `;` after `)`: the statement runs into the end of its block") != std::string::npos);
  // A block left open: the `{` whose `}` lines up with an outer block.
  CHECK(error_of("public class A : QCAlgorithm {\n  public override void Initialize() {\n    if (LiveMode) {\n"
                 "      Train(F);\n  }\n  void F() {}\n}\n",
                 Language::CSharp)
            .rfind("Main.cs:3:19: `{` is never closed (the `}` at 5:3 lines up with an outer block)", 0) == 0);
  CHECK(error_of("public class A : QCAlgorithm {\n#if X\n  void F() {}\n", Language::CSharp)
            .rfind("Main.cs:2:1: `#if` without its `#endif`", 0) == 0);
}

TEST_CASE("valid continuations are not syntax errors") {
  const auto p = py("        x = (1 +\n             2)\n        y = 'a' \\\n            'b'\n"
                    "        z: int = {'k': [1,\n                  2]}\n"
                    "        if (n := 3) > 2: pass\n"
                    "        s = (\"one \"\n             \"two\")\n"
                    "        self.train(self.fit)\n"
                    "    @staticmethod\n    async def f() -> None:\n        return\n");
  CHECK(p.simulation["events"].size() == 1);
  const auto c = cs("    var q = from h in new[] { 1, 2 }\n            where h > 1\n            select h;\n"
                    "    var s = @\"a\n(\" + $\"{(q.Any() ? \"x\" : \"y\")}\" + \"\"\"raw ( \"\"\";\n"
                    "    List<Dictionary<string, int>> d = new List<Dictionary<string, int>>();\n"
                    "    var f = AddEquity(\"SPY\")\n        .Symbol;\n"
                    "    Train(Fit);");
  CHECK(c.simulation["events"].size() == 1);
  CHECK(c.simulation["securities"].size() == 1);
}

TEST_CASE("the algorithm class's Initialize: not a helper's, the last definition, or inherited") {
  const auto helper = read_algorithm_text(
      "class Helper:\n    def initialize(self):\n        self.add_equity('QQQ')\n"
      "class Algo(QCAlgorithm):\n    def initialize(self):\n        self.add_equity('SPY')\n",
      Language::Python, "main.py");
  REQUIRE(helper.simulation["securities"].size() == 1);
  CHECK(helper.simulation["securities"][0]["security"] == "Equity-usa-SPY");
  const auto last = read_algorithm_text(
      "class Algo(QCAlgorithm):\n    def initialize(self):\n        self.add_equity('QQQ')\n"
      "    def initialize(self):\n        self.add_equity('SPY')\n",
      Language::Python, "main.py");
  CHECK(last.simulation["securities"][0]["security"] == "Equity-usa-SPY");
  const auto inherited = read_algorithm_text(
      "public class B : QCAlgorithm {\n  public override void Initialize() { AddEquity(\"TLT\"); Setup(); }\n"
      "  protected virtual void Setup() { AddEquity(\"GLD\"); }\n}\n"
      "public class A : B {\n  protected override void Setup() { base.Setup(); AddEquity(\"SPY\"); }\n}\n",
      Language::CSharp, "Main.cs");
  std::vector<std::string> keys;
  for (const auto& s : inherited.simulation["securities"]) keys.push_back(s["security"]);
  // Setup is A's override (virtual dispatch), which calls B's through base.
  CHECK(keys == std::vector<std::string>{"Equity-usa-TLT", "Equity-usa-GLD", "Equity-usa-SPY"});
  CHECK(error_of("class A(QCAlgorithm):\n    def on_data(self, data):\n        pass\n", Language::Python)
            .rfind("main.py:1:1: no `def initialize(self)` found in `A`", 0) == 0);
}

TEST_CASE("helper methods are followed with literal arguments bound; recursion is bounded") {
  const auto r = py("        self.setup('SPY', 30)\n        self.setup_hours([9, 15])\n"
                    "    def setup(self, ticker, minutes):\n"
                    "        self.add_equity(ticker)\n"
                    "        self.schedule.on(self.date_rules.every_day(ticker), "
                    "self.time_rules.after_market_open(ticker, minutes), self.rebalance)\n"
                    "    def setup_hours(self, hours):\n"
                    "        for h in hours:\n"
                    "            self.train(self.date_rules.every_day(), self.time_rules.at(h, 0), self.fit)\n");
  const auto& ev = r.simulation["events"];
  REQUIRE(ev.size() == 3);
  CHECK(ev[0]["time-rule"] == "self.time_rules.after_market_open(\"SPY\", 30)");
  CHECK(ev[0]["source"] == "main.py:7");
  CHECK(ev[1]["time-rule"] == "self.time_rules.at(9, 0)");
  CHECK(ev[2]["time-rule"] == "self.time_rules.at(15, 0)");
  const auto loop = py("        self.again()\n    def again(self):\n        self.add_equity('SPY')\n        self.again()\n");
  CHECK(loop.simulation["securities"].size() == 1);
  CHECK(warned(loop, "main.py:6:14: `again(...)` is not followed: calls nested more than 16 deep"));
}

TEST_CASE("return: what follows is not read; under an undecided condition it is, with a warning") {
  const auto r = py("        self.add_equity('SPY')\n        return\n        self.train(self.fit)\n");
  CHECK(r.simulation["events"].empty());
  const auto c = py("        if self.get_parameter('x'):\n            return\n        self.train(self.fit)\n");
  CHECK(c.simulation["events"].size() == 1);
  CHECK(warned(c, "main.py:4:13: a `return` inside `if`"));
  const auto s = cs("    AddEquity(\"SPY\");\n    return;\n    Train(Fit);");
  CHECK(s.simulation["events"].empty());
}

TEST_CASE("C# #if: excluded code is not read; undefined symbols are said") {
  const auto r = read_algorithm_text(
      "#define A\npublic class X : QCAlgorithm {\n  public override void Initialize() {\n"
      "#if A && !B\n    AddEquity(\"SPY\");\n#elif true\n    AddEquity(\"QQQ\");\n#endif\n"
      "#if (B || false)\n    Train(Fit);\n  } } }\n#else\n    AddEquity(\"TLT\");\n#endif\n  }\n}\n",
      Language::CSharp, "Main.cs");
  std::vector<std::string> keys;
  for (const auto& s : r.simulation["securities"]) keys.push_back(s["security"]);
  CHECK(keys == std::vector<std::string>{"Equity-usa-SPY", "Equity-usa-TLT"});
  CHECK(r.simulation["events"].empty());
  CHECK(warned(r, "Main.cs:4:1: #if B: trainsim reads `B` as not defined"));
}

TEST_CASE("CR-only line ends, and calls inside f-string holes") {
  const auto r = read_algorithm_text(
      "class A(QCAlgorithm):\r    def initialize(self):\r        self.add_equity('SPY')\r        self.train(self.fit)\r",
      Language::Python, "main.py");
  REQUIRE(r.simulation["events"].size() == 1);
  CHECK(r.simulation["events"][0]["source"] == "main.py:4");
  const auto f = py("        self.debug(f\"{self.train(self.fit)!r:>4} {{not}} {self.add_equity('SPY')}\")\n");
  CHECK(f.simulation["events"].size() == 1);
  CHECK(f.simulation["securities"].size() == 1);
  const auto c = cs("    Debug($\"{Train(Fit),5:N}\");");
  CHECK(c.simulation["events"].size() == 1);
}

TEST_CASE("loops with literal bounds are unrolled; others name the events they lose") {
  const auto c = cs("    for (var i = 0; i < 3; i++) { Schedule.On(DateRules.EveryDay(), TimeRules.At(10 + i, 0), F); }\n"
                    "    for (int h = 20; h >= 10; h -= 10) Train(DateRules.EveryDay(), TimeRules.At(h, 0), G);\n");
  const auto& ev = c.simulation["events"];
  REQUIRE(ev.size() == 5);
  CHECK(ev[2]["time-rule"] == "TimeRules.At(12, 0)");
  CHECK(ev[4]["time-rule"] == "TimeRules.At(10, 0)");
  const auto p = py("        for h in range(3):\n            self.schedule.on(self.date_rules.every_day(), "
                    "self.time_rules.at(h, 0), self.f)\n");
  CHECK(p.simulation["events"].size() == 3);
  const auto u = py("        for h in self.hours():\n            self.train(self.date_rules.every_day(), "
                    "self.time_rules.at(8, 0), self.fit)\n");
  CHECK(u.simulation["events"].empty());
  CHECK(warned(u, "main.py:3:18: a loop over `self.hours()`, which is not a literal list: its subscriptions and "
                  "events are not read (not simulated: training fit at main.py:4)"));
  const auto w = cs("    for (var i = 0; i < n; i++) Train(DateRules.EveryDay(), TimeRules.At(8, 0), G);\n");
  CHECK(warned(w, "a `for` loop whose count trainsim cannot know"));
}

TEST_CASE("SetWarmUp and SetBrokerageModel become simulation.warm-up and simulation.brokerage") {
  CHECK(py("        self.set_warm_up(timedelta(days=30))\n").simulation["warm-up"] == "30d");
  CHECK(py("        self.set_warm_up(timedelta(1, hours=12))\n").simulation["warm-up"] == "1d12h");
  CHECK(py("        self.set_warmup(200)\n").simulation["warm-up"] == 200);
  CHECK(py("        self.set_warm_up(timedelta(7), Resolution.DAILY)\n").simulation["warm-up"] ==
        ordered_json::parse(R"({"period": "7d", "resolution": "daily"})"));
  CHECK(cs("    SetWarmUp(TimeSpan.FromHours(36));").simulation["warm-up"] == "1d12h");
  CHECK(cs("    SetWarmup(new TimeSpan(2, 0, 0, 0));").simulation["warm-up"] == "2d");
  CHECK(cs("    SetWarmUp(50, Resolution.Minute);").simulation["warm-up"] ==
        ordered_json::parse(R"({"bars": 50, "resolution": "minute"})"));
  const auto unread = py("        self.set_warm_up(self.period)\n");
  CHECK(!unread.simulation.contains("warm-up"));
  CHECK(warned(unread, "main.py:3:26: set_warm_up(self.period): a period trainsim cannot evaluate; set simulation.warm-up"));
  CHECK(py("        self.set_brokerage_model(BrokerageName.COINBASE, AccountType.CASH)\n").simulation["brokerage"] ==
        "COINBASE");
  CHECK(cs("    SetBrokerageModel(new InteractiveBrokersBrokerageModel());").simulation["brokerage"] ==
        "InteractiveBrokersBrokerage");
  CHECK(warned(py("        self.set_brokerage_model(MyModel(self))\n"), "a brokerage model trainsim cannot name"));
}

TEST_CASE("read_summary: counts, lines not read, Train calls not simulated") {
  const auto r = py("        self.add_equity('SPY')\n        self.add_equity(self.x)\n        self.train(self.fit)\n"
                    "    def on_order_event(self, e):\n        self.train(self.fit)\n");
  CHECK(r.train_calls == std::vector<std::string>{"main.py:5", "main.py:7"});
  const std::string s = read_summary(r, r.simulation);
  CHECK(s.find("read from main.py: 1 subscription, 1 scheduled event (1 training)") == 0);
  CHECK(s.find("not read exactly (see the warnings): lines 4, 7") != std::string::npos);
  CHECK(s.find("Train calls not simulated: main.py:7") != std::string::npos);
  CHECK(trainings_not_simulated(r, r.simulation) == std::vector<std::string>{"main.py:7"});
}

TEST_CASE("branches on LiveMode are decided as a backtest takes them") {
  const auto r = py("        self.add_equity('SPY')\n        if not self.live_mode:\n            return\n"
                    "        self.train(self.fit)\n");
  CHECK(r.simulation["events"].empty());
  CHECK(r.decided_by_mode == std::vector<std::string>{"main.py:4"});
  CHECK(!warned(r, "inside `if`"));
  const auto e = py("        if self.live_mode:\n            self.add_equity('QQQ')\n        elif x:\n"
                    "            self.add_equity('TLT')\n        else:\n            self.add_equity('SPY')\n");
  std::vector<std::string> keys;
  for (const auto& s : e.simulation["securities"]) keys.push_back(s["security"]);
  CHECK(keys == std::vector<std::string>{"Equity-usa-TLT", "Equity-usa-SPY"});  // elif undecided: read, warned
  CHECK(warned(e, "main.py:5:9: inside `elif`"));
  const auto c = cs("    if (!LiveMode) { AddEquity(\"SPY\"); } else { AddEquity(\"QQQ\"); }\n"
                    "    if ((this.LiveMode)) Train(Fit); else if (x) AddEquity(\"IWM\");\n");
  keys.clear();
  for (const auto& s : c.simulation["securities"]) keys.push_back(s["security"]);
  CHECK(keys == std::vector<std::string>{"Equity-usa-SPY", "Equity-usa-IWM"});
  CHECK(c.simulation["events"].empty());
  CHECK(c.decided_by_mode.size() == 2);
}

TEST_CASE("Train at run time: from a scheduled callback, OnData, the methods they call; conditions said") {
  // A callback that trains unconditionally: exact, no warning; through a helper method.
  auto r = py("        self.add_equity('SPY')\n"
              "        self.schedule.on(self.date_rules.every_day('SPY'), self.time_rules.at(10, 0), self.check)\n"
              "    def check(self):\n        self.refit_now()\n"
              "    def refit_now(self):\n        self.train(self.refit)\n");
  auto ev = r.simulation["events"];
  REQUIRE(ev.size() == 2);
  CHECK(ev[1]["name"] == "refit");
  CHECK(ev[1]["training"] == true);
  CHECK(ev[1]["when"] == ordered_json{{"after", "check"}});
  CHECK(ev[1]["source"] == "main.py:8");
  CHECK_FALSE(warned(r, "condition"));
  CHECK(trainings_not_simulated(r, r.simulation).empty());

  // Under an `if` (and its `else`), or after an undecided `return`: the
  // probability key is named, with the default taken.
  for (const char* body : {"        if self.portfolio.invested:\n            self.train(self.refit)\n",
                           "        if self.portfolio.invested:\n            pass\n        else:\n            self.train(self.refit)\n",
                           "        if self.portfolio.invested:\n            return\n        self.train(self.refit)\n"}) {
    r = py(std::string("        self.add_equity('SPY')\n"
                       "        self.schedule.on(self.date_rules.every_day('SPY'), self.time_rules.at(10, 0), self.check)\n"
                       "    def check(self):\n") + body);
    CAPTURE(body);
    REQUIRE(r.simulation["events"].size() == 2);
    CHECK(warned(r, "runs under a condition trainsim cannot decide: modelled as called after every completed "
                    "occurrence of `check` (probability 1, the default); set simulation.events[1].when.probability"));
  }

  // OnData: one chance a day, always said; is_warming_up without a warm-up is false.
  r = cs("    AddEquity(\"SPY\");\n  }\n  public override void OnData(Slice s) {\n"
         "    if (IsWarmingUp) return;\n    Train(Fit);\n  }\n  void Fit() {");
  ev = r.simulation["events"];
  REQUIRE(ev.size() == 1);
  CHECK(ev[0]["when"] == ordered_json{{"on-data", ordered_json::object()}});
  CHECK(warned(r, "Main.cs:7:5: Train(Fit) in `OnData`: modelled as one call a day at most"));
  CHECK(warned(r, "LEAN calls it at every OnData that reaches it: set simulation.events[0].when.on-data.per-day-probability"));
  // With a warm-up, is_warming_up is undecided at run time: the call is conditional.
  r = cs("    AddEquity(\"SPY\");\n    SetWarmUp(10);\n  }\n  public override void OnData(Slice s) {\n"
         "    if (IsWarmingUp) return;\n    Train(Fit);\n  }\n  void Fit() {");
  CHECK(warned(r, "it runs under a condition trainsim cannot decide"));

  // A training's own callback trains again: read once, then the chain is said.
  r = py("        self.add_equity('SPY')\n        self.train(self.date_rules.every_day('SPY'), self.time_rules.at(8, 0), self.fit)\n"
         "    def fit(self):\n        self.train(self.fit)\n");
  ev = r.simulation["events"];
  REQUIRE(ev.size() == 2);
  CHECK(ev[1]["name"] == "fit after fit");
  CHECK(ev[1]["method"] == "fit");
  CHECK(warned(r, "`fit` trains again when it runs"));

  // OnEndOfDay, other handlers, methods nothing calls: warned at the call, not simulated.
  r = py("        self.add_equity('SPY')\n    def on_end_of_day(self, symbol):\n        self.train(self.a)\n"
         "    def on_order_event(self, e):\n        self.train(self.b)\n"
         "    def on_data(self, d):\n        self.train(self.date_rules.every_day(), self.time_rules.at(1, 0), self.c)\n");
  CHECK(r.simulation["events"].empty());
  CHECK(warned(r, "main.py:5:9: train(a) in `on_end_of_day`: trainsim does not simulate when `on_end_of_day` runs"));
  CHECK(warned(r, "main.py:7:9: this Train call is not reached from Initialize"));
  CHECK(warned(r, "main.py:9:9: train(date rule, time rule, method) in `on_data` schedules a training while the algorithm runs: not simulated"));
  CHECK(trainings_not_simulated(r, r.simulation).size() == 3);
}

TEST_CASE("loops over enumerate, zip, dicts, tuples; ForEach and map over literal lists") {
  auto names = [](const AlgorithmRead& r) {
    std::vector<std::string> out;
    for (const auto& e : r.simulation["events"]) out.push_back(e.value("time-rule", ""));
    return out;
  };
  using V = std::vector<std::string>;
  auto r = py("        for i, t in enumerate(['SPY', 'QQQ'], 1):\n            self.add_equity(t)\n"
              "            self.schedule.on(self.date_rules.every_day(t), self.time_rules.at(9 + i, 0), self.go)\n");
  CHECK(names(r) == V{"self.time_rules.at(10, 0)", "self.time_rules.at(11, 0)"});
  CHECK(r.simulation["securities"].size() == 2);
  r = py("        for t, h in zip(['SPY', 'QQQ', 'TLT'], [8, 20]):\n"
         "            self.train(self.date_rules.every_day(t), self.time_rules.at(h, 0), self.fit)\n");
  CHECK(names(r) == V{"self.time_rules.at(8, 0)", "self.time_rules.at(20, 0)"});
  r = py("        self.hours = {'SPY': 9, 'QQQ': 12}\n        for t, h in self.hours.items():\n"
         "            self.train(self.date_rules.every_day(t), self.time_rules.at(h, 0), self.fit)\n"
         "        for t in {'TLT': 1}:\n            self.add_equity(t)\n");
  CHECK(names(r) == V{"self.time_rules.at(9, 0)", "self.time_rules.at(12, 0)"});
  CHECK(r.simulation["events"][1]["date-rule"] == "self.date_rules.every_day(\"QQQ\")");
  CHECK(r.simulation["securities"][0]["security"] == "Equity-usa-TLT");
  r = py("        for t, h in [('SPY', 7), ('QQQ', 8)]:\n"
         "            self.train(self.date_rules.every_day(t), self.time_rules.at(h, 0), self.fit)\n");
  CHECK(names(r) == V{"self.time_rules.at(7, 0)", "self.time_rules.at(8, 0)"});
  // map is lazy: read where consumed, said where not.
  r = py("        list(map(lambda h: self.train(self.date_rules.every_day(), self.time_rules.at(h, 0), self.fit), [8, 20]))\n");
  CHECK(names(r) == V{"self.time_rules.at(8, 0)", "self.time_rules.at(20, 0)"});
  r = py("        for x in map(lambda h: self.train(self.date_rules.every_day(), self.time_rules.at(h, 0), self.fit), [8]):\n"
         "            pass\n");
  CHECK(names(r) == V{"self.time_rules.at(8, 0)"});
  r = py("        map(lambda h: self.train(self.date_rules.every_day(), self.time_rules.at(h, 0), self.fit), [8])\n");
  CHECK(names(r).empty());
  CHECK(warned(r, "main.py:3:9: `map(...)` is lazy and nothing consumes it here"));

  r = cs("    new[] {\"SPY\", \"QQQ\"}.ToList().ForEach(t => Schedule.On(DateRules.EveryDay(t), "
         "TimeRules.AfterMarketOpen(t, 5), Go));\n"
         "    var hours = new List<int> { 8, 20 };\n"
         "    hours.ForEach(h => { Train(DateRules.EveryDay(), TimeRules.At(h, 0), Fit); });\n"
         "    Array.ForEach(new[] { 1 }, (int m) => Train(DateRules.EveryDay(), TimeRules.At(m, 30), Fit));\n"
         "    foreach (var kv in new Dictionary<string, int> { {\"TLT\", 9}, {\"GLD\", 10} })\n"
         "        Schedule.On(DateRules.EveryDay(kv.Key), TimeRules.At(kv.Value, 0), Go);\n"
         "    foreach (var (t, h) in new[] { (\"IWM\", 11) })\n"
         "        Schedule.On(DateRules.EveryDay(t), TimeRules.At(h, 0), Go);\n");
  CHECK(names(r) == V{"TimeRules.AfterMarketOpen(\"SPY\", 5)", "TimeRules.AfterMarketOpen(\"QQQ\", 5)",
                      "TimeRules.At(8, 0)", "TimeRules.At(20, 0)", "TimeRules.At(1, 30)", "TimeRules.At(9, 0)",
                      "TimeRules.At(10, 0)", "TimeRules.At(11, 0)"});
  CHECK(r.simulation["events"][5]["date-rule"] == "DateRules.EveryDay(\"TLT\")");
  r = cs("    Securities.Keys.ToList().ForEach(s => Train(DateRules.EveryDay(), TimeRules.At(1, 0), Fit));\n");
  CHECK(names(r).empty());
  CHECK(warned(r, "`ForEach` over values trainsim cannot know (it reads literal lists): its subscriptions and events "
                  "are not read (not simulated: training Fit at Main.cs:3)"));
}

TEST_CASE("GetParameter: branches and values from the parameters given; unknown without them") {
  const std::string src =
      "class A(QCAlgorithm):\n    def initialize(self):\n"
      "        self.add_equity(self.get_parameter('ticker', 'SPY'))\n"
      "        if self.get_parameter('mode') == 'fast':\n"
      "            self.train(self.date_rules.every_day(), self.time_rules.at(int(self.get_parameter('h')), 0), self.fit)\n"
      "        elif self.get_parameter('mode') != None:\n"
      "            self.train(self.date_rules.week_start(), self.time_rules.at(8, 0), self.fit)\n"
      "        if not self.get_parameter('extra'):\n"
      "            self.schedule.on(self.date_rules.every_day(), self.time_rules.at(12, 0), self.check)\n";
  auto r = read_algorithm_text(src, Language::Python, "main.py", Parameters{{"mode", "fast"}, {"h", "7"}});
  auto ev = r.simulation["events"];
  REQUIRE(ev.size() == 2);
  CHECK(ev[0]["time-rule"] == "self.time_rules.at(7, 0)");
  CHECK(ev[1]["name"] == "check");
  CHECK(r.simulation["securities"][0]["security"] == "Equity-usa-SPY");
  CHECK(warned(r, "main.py:8:9: parameter `extra` is set nowhere"));
  CHECK_FALSE(warned(r, "inside `if`"));
  // The Train of the branch not taken is no call the run makes: not listed, not warned.
  CHECK(r.train_calls == std::vector<std::string>{"main.py:5"});
  CHECK_FALSE(warned(r, "not reached"));

  r = read_algorithm_text(src, Language::Python, "main.py", Parameters{{"mode", "slow"}, {"extra", "1"}, {"ticker", "QQQ"}});
  ev = r.simulation["events"];
  REQUIRE(ev.size() == 1);
  CHECK(ev[0]["date-rule"] == "self.date_rules.week_start()");
  CHECK(r.simulation["securities"][0]["security"] == "Equity-usa-QQQ");
  CHECK(r.warnings.empty() == false);  // the missing basics only
  CHECK_FALSE(warned(r, "parameter `"));

  // Parameters unknown (no project): conditions are read as taken, with a warning.
  r = read_algorithm_text(src, Language::Python, "main.py");
  CHECK(warned(r, "main.py:6:9: inside `elif`: trainsim reads the calls in this block as if it always runs"));
  CHECK(warned(r, "main.py:5:76: `self.get_parameter('h')`: a parameter value trainsim does not have"));
  CHECK(warned(r, "main.py:5:53: train not read: its rule names a value trainsim cannot resolve"));

  // C#: GetParameter(name, default) with the typed default as a rule argument.
  r = read_algorithm_text("public class A : QCAlgorithm { public override void Initialize() {\n"
                          "  if (GetParameter(\"mode\") != \"weekly\") Train(DateRules.EveryDay(), "
                          "TimeRules.At(GetParameter(\"h\", 7), 0), Fit);\n"
                          "  else Train(DateRules.WeekStart(), TimeRules.At(9, 0), Fit);\n} }\n",
                          Language::CSharp, "Main.cs", Parameters{});
  ev = r.simulation["events"];
  REQUIRE(ev.size() == 1);
  CHECK(ev[0]["time-rule"] == "TimeRules.At(7, 0)");
  CHECK(r.train_calls == std::vector<std::string>{"Main.cs:2"});
}

TEST_CASE("project_parameters: config.json's, then the overrides") {
  const auto dir = std::filesystem::temp_directory_path() / "trainsim_params_test";
  std::filesystem::create_directories(dir);
  {
    std::ofstream(dir / "config.json") << R"({"parameters": {"a": "1", "b": 2}, "cloud-id": 5})";
  }
  const auto p = project_parameters(dir / "main.py", {{"b", "3"}, {"c", "x"}});
  CHECK(p == Parameters{{"a", "1"}, {"b", "3"}, {"c", "x"}});
  CHECK(project_parameters(dir / "sub" / "main.py", {}).empty());
  {
    std::ofstream(dir / "config.json") << R"({"parameters": [1]})";
  }
  CHECK_THROWS_AS(project_parameters(dir / "main.py", {}), InputError);
  std::filesystem::remove_all(dir);
}

namespace {

// A project of files in memory: the loader finds a class by `class Name`.
BaseClassLoader files_loader(const std::vector<SourceFile>& files) {
  return [files](const std::string& name) -> std::optional<SourceFile> {
    for (const auto& f : files)
      if (f.text.find("class " + name) != std::string::npos) return f;
    return std::nullopt;
  };
}
std::string project_error(const SourceFile& main, const std::vector<SourceFile>& files, Language lang) {
  try {
    read_algorithm_project(main, lang, files_loader(files));
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("a base class in another file of the project: its Initialize and methods are read, messages name its file") {
  const SourceFile base{"Base.cs",
                        "public class Base : QCAlgorithm {\n"
                        "  public override void Initialize() {\n"
                        "    SetStartDate(2024, 1, 2);\n"
                        "    AddEquity(\"SPY\");\n"
                        "    Plan();\n"
                        "    AddEquity(Pick());\n"
                        "  }\n"
                        "  protected virtual void Plan() { Train(DateRules.EveryDay(), TimeRules.At(7, 0), Fit); }\n"
                        "  void Fit() { }\n"
                        "}\n"
                        // Another algorithm in the base's file: neither read nor its Train counted.
                        "public class Unrelated : QCAlgorithm {\n"
                        "  public override void Initialize() { Train(DateRules.EveryDay(), TimeRules.At(1, 0), X); }\n"
                        "}\n"};
  const SourceFile main{"Main.cs",
                        "public class Leaf : Base {\n"
                        "  protected override void Plan() { Schedule.On(DateRules.EveryDay(), TimeRules.At(9, 0), Check); }\n"
                        "}\n"};
  const auto r = read_algorithm_project(main, Language::CSharp, files_loader({base}));
  REQUIRE(r.base_files.size() == 1);
  CHECK(r.base_files[0] == std::pair<std::string, std::string>{"Base.cs", "Base"});
  CHECK(r.simulation["start"] == "2024-01-02");
  REQUIRE(r.simulation["events"].size() == 1);  // the leaf's Plan overrides the base's
  CHECK(r.simulation["events"][0]["name"] == "Check");
  CHECK(r.simulation["events"][0]["source"] == "Main.cs:2");
  CHECK(r.simulation["securities"][0]["source"] == "Base.cs:4");
  CHECK(warned(r, "Base.cs:6:15: AddEquity(Pick()): a ticker trainsim cannot read statically"));
  // The base's overridden Train is its code and is reported as not reached; Unrelated's is not the algorithm's.
  CHECK(r.train_calls == std::vector<std::string>{"Base.cs:8"});
  CHECK(read_summary(r, r.simulation).find("read from Main.cs and Base.cs (its base class Base)") == 0);

  // Without the project's files, the leaf is what the file holds: its base is warned about.
  const std::string alone = error_of(main.text, Language::CSharp);
  CHECK(alone.find("no `public override void Initialize()` found") != std::string::npos);
}

TEST_CASE("a base class's file with a syntax error is refused with that file's line and column") {
  const SourceFile main{"main.py", "from base import Base\n\nclass Leaf(Base):\n    def plan(self):\n        pass\n"};
  const SourceFile base{"base.py",
                        "class Base(QCAlgorithm):\n    def initialize(self):\n        self.set_end_date(2022, 12, 31\n"
                        "        self.add_equity('SPY')\n"};
  CHECK(project_error(main, {base}, Language::Python).rfind("base.py:3:", 0) == 0);
  const SourceFile cs_main{"Main.cs", "public class Leaf : Base { }\n"};
  const SourceFile cs_base{"Base.cs",
                           "public class Base : QCAlgorithm {\n  public override void Initialize() {\n"
                           "    SetStartDate(2024, 1, 2)\n    AddEquity(\"SPY\");\n  }\n}\n"};
  CHECK(project_error(cs_main, {cs_base}, Language::CSharp).rfind("Base.cs:3:", 0) == 0);
}

TEST_CASE("a base of a base is looked for too, each file once; a base found nowhere is the old warning") {
  const SourceFile middle{"middle.py",
                          "class Middle(Root):\n    def plan(self):\n"
                          "        self.train(self.date_rules.every_day(), self.time_rules.at(7, 0), self.fit)\n"};
  const SourceFile root{"root.py",
                        "class Root(QCAlgorithm):\n    def initialize(self):\n        self.add_equity('QQQ')\n"
                        "        self.plan()\n"};
  const SourceFile main{"main.py", "class Leaf(Middle):\n    pass\n"};
  const auto r = read_algorithm_project(main, Language::Python, files_loader({middle, root}));
  CHECK(r.base_files.size() == 2);
  REQUIRE(r.simulation["events"].size() == 1);
  CHECK(r.simulation["events"][0]["source"] == "middle.py:3");
  CHECK(r.simulation["securities"][0]["security"] == "Equity-usa-QQQ");
  // Nothing defines Middle: the file alone, as before.
  const SourceFile lone{"main.py", "class Leaf(Middle):\n    def initialize(self):\n        self.add_equity('QQQ')\n"};
  const auto l = read_algorithm_project(lone, Language::Python, files_loader({}));
  CHECK(l.base_files.empty());
  CHECK(warned(l, "no class in this file derives from QCAlgorithm"));
}
