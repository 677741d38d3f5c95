// config/brokerage.h — SetBrokerageModel: LEAN's BrokerageName members and
// the benchmark each model's GetBenchmark picks (docs/semantics.md#brokerage-benchmark).
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace trainsim {

// A member of LEAN's BrokerageName enum, as spelt there ("InteractiveBrokersBrokerage"),
// for a user's spelling: case, '-', '_', a "BrokerageName." prefix and a trailing
// "Brokerage" are ignored ("interactive-brokers"). nullopt: no such member.
std::optional<std::string> brokerage_member(std::string_view text);

// The market-hours key ("Crypto-coinbase-BTCUSD") of the member's benchmark,
// empty for a model without one (Interactive Brokers: FuncBenchmark(x => 0)),
// nullopt for a member LEAN cannot build a model for (Atreyu).
std::optional<std::string> brokerage_benchmark(const std::string& member);

// Every member, for messages.
std::string brokerage_members_list();

}  // namespace trainsim
