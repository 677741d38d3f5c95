// config/brokerage.cpp — LEAN's GetBenchmark per brokerage model
// (Common/Brokerages/*BrokerageModel.cs, read at LEAN 24863901).
#include "config/brokerage.h"
#include "text/ascii_case.h"

#include <cctype>

namespace trainsim {
namespace {

struct Member {
  const char* name;
  const char* benchmark;  // "": none; nullptr: LEAN has no model (throws)
};

// BrokerageName.cs, in its order. Models without a GetBenchmark override
// inherit DefaultBrokerageModel's SPY.
constexpr Member kMembers[] = {
    {"Default", "Equity-usa-SPY"},
    {"QuantConnectBrokerage", "Equity-usa-SPY"},  // another name for Default
    {"InteractiveBrokersBrokerage", ""},
    {"TradierBrokerage", "Equity-usa-SPY"},
    {"OandaBrokerage", "Forex-oanda-EURUSD"},
    {"FxcmBrokerage", "Forex-fxcm-EURUSD"},
    {"Bitfinex", "Crypto-bitfinex-BTCUSD"},
    {"Binance", "Crypto-binance-BTCUSDC"},
    {"GDAX", "Crypto-coinbase-BTCUSD"},
    {"Alpaca", "Equity-usa-SPY"},
    {"AlphaStreams", "Equity-usa-SPY"},
    {"Zerodha", "Equity-usa-SPY"},
    {"Samco", "Equity-india-NIFTYBEES"},
    {"Atreyu", nullptr},
    {"TradingTechnologies", ""},
    {"Kraken", "Crypto-kraken-BTCUSD"},
    {"FTX", "Crypto-ftx-BTCUSD"},
    {"FTXUS", "Crypto-ftxus-BTCUSD"},
    {"Exante", "Equity-usa-SPY"},
    {"BinanceUS", "Crypto-binanceus-BTCUSDC"},
    {"Wolverine", "Equity-usa-SPY"},
    {"TDAmeritrade", "Equity-usa-SPY"},
    {"BinanceFutures", "CryptoFuture-binance-BTCUSDT"},
    {"BinanceCoinFutures", "CryptoFuture-binance-BTCUSD"},
    {"RBI", "Equity-usa-SPY"},
    {"Bybit", "Crypto-bybit-BTCUSDC"},
    {"Eze", "Equity-usa-SPY"},
    {"Axos", ""},
    {"Coinbase", "Crypto-coinbase-BTCUSD"},
    {"TradeStation", "Equity-usa-SPY"},
    {"TerminalLink", "Equity-usa-SPY"},
    {"CharlesSchwab", "Equity-usa-SPY"},
    {"Tastytrade", "Equity-usa-SPY"},
    {"InteractiveBrokersFix", ""},
    {"DYDX", "CryptoFuture-dydx-BTCUSD"},
    {"Webull", "Equity-usa-SPY"},
    {"Public", "Equity-usa-SPY"},
    {"BloombergFix", "Equity-usa-SPY"},
};

// Lower case without '-', '_', a "brokeragename." prefix or a trailing "brokerage".
std::string folded(std::string_view text) {
  std::string out = folded_name(text, "-_ ");
  const std::string prefix = "brokeragename.", suffix = "brokerage";
  if (out.compare(0, prefix.size(), prefix) == 0) out.erase(0, prefix.size());
  if (out.size() > suffix.size() && out.compare(out.size() - suffix.size(), suffix.size(), suffix) == 0)
    out.erase(out.size() - suffix.size());
  return out;
}

const Member* find(std::string_view text) {
  const std::string want = folded(text);
  if (want.empty()) return nullptr;
  for (const Member& m : kMembers)
    if (folded(m.name) == want) return &m;
  return nullptr;
}

}  // namespace

std::optional<std::string> brokerage_member(std::string_view text) {
  const Member* m = find(text);
  if (!m) return std::nullopt;
  return std::string(m->name);
}

std::optional<std::string> brokerage_benchmark(const std::string& member) {
  const Member* m = find(member);
  if (!m || !m->benchmark) return std::nullopt;
  return std::string(m->benchmark);
}

std::string brokerage_members_list() {
  std::string out;
  for (const Member& m : kMembers) {
    if (!out.empty()) out += ", ";
    out += m.name;
  }
  return out;
}

}  // namespace trainsim
