// Tests of the algorithm reader: every call form in Python and C#, bindings, settings, what it warns about, many
// subscriptions, the read summary. Syntax, loops, control flow and the project: algorithm_reader_*_test.cpp.
#include "algorithm/algorithm_reader.h"
#include "algorithm/algorithm_reader_testing.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace trainsim;
using namespace trainsim::algorithm;
using nlohmann::ordered_json;
using algorithm_reader_test::cs;
using algorithm_reader_test::py;
using algorithm_reader_test::warned;

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
