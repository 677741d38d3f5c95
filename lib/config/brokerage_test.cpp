// SetBrokerageModel's spellings and the benchmark each model picks.
#include "config/brokerage.h"

#include <doctest/doctest.h>

using namespace trainsim;

TEST_CASE("brokerage: a member for every spelling users write") {
  CHECK(brokerage_member("coinbase") == "Coinbase");
  CHECK(brokerage_member("interactive-brokers") == "InteractiveBrokersBrokerage");
  CHECK(brokerage_member("BrokerageName.InteractiveBrokersBrokerage") == "InteractiveBrokersBrokerage");
  CHECK(brokerage_member("OANDA_BROKERAGE") == "OandaBrokerage");
  CHECK(brokerage_member("Default") == "Default");
  CHECK(brokerage_member("QuantConnectBrokerage") == "QuantConnectBrokerage");
  CHECK(brokerage_member("interactive_brokers_fix") == "InteractiveBrokersFix");
  CHECK_FALSE(brokerage_member("nasdaq"));
  CHECK_FALSE(brokerage_member(""));
  CHECK_FALSE(brokerage_member("Brokerage"));
}

TEST_CASE("brokerage: GetBenchmark per model") {
  CHECK(brokerage_benchmark("Default") == "Equity-usa-SPY");
  CHECK(brokerage_benchmark("QuantConnectBrokerage") == "Equity-usa-SPY");
  CHECK(brokerage_benchmark("TradierBrokerage") == "Equity-usa-SPY");
  CHECK(brokerage_benchmark("Coinbase") == "Crypto-coinbase-BTCUSD");
  CHECK(brokerage_benchmark("GDAX") == "Crypto-coinbase-BTCUSD");
  CHECK(brokerage_benchmark("OandaBrokerage") == "Forex-oanda-EURUSD");
  CHECK(brokerage_benchmark("FxcmBrokerage") == "Forex-fxcm-EURUSD");
  CHECK(brokerage_benchmark("Binance") == "Crypto-binance-BTCUSDC");
  CHECK(brokerage_benchmark("BinanceFutures") == "CryptoFuture-binance-BTCUSDT");
  CHECK(brokerage_benchmark("Samco") == "Equity-india-NIFTYBEES");
  CHECK(brokerage_benchmark("InteractiveBrokersBrokerage") == "");  // FuncBenchmark(x => 0)
  CHECK(brokerage_benchmark("Axos") == "");
  CHECK_FALSE(brokerage_benchmark("Atreyu"));  // BrokerageModel.Create throws
}
