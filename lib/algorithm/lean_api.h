// algorithm/lean_api.h — LEAN's QCAlgorithm API as the reader knows it, in
// one table: every call it reads or knowingly passes over, by the call's
// name, with LEAN's defaults (a subscription's market-hours type and market,
// the futures roots' exchanges). A call not in the table, made on the
// algorithm itself, is warned about as not read.
#pragma once
#include <string_view>

namespace trainsim::algorithm {

// What the reader does with a call.
enum class ApiRole {
  StartDate,          // SetStartDate
  EndDate,            // SetEndDate
  TimeZone,           // SetTimeZone
  Benchmark,          // SetBenchmark
  WarmUp,             // SetWarmUp -> simulation.warm-up
  Brokerage,          // SetBrokerageModel -> simulation.brokerage
  Train,              // Train -> a training event, or one started at run time
  ScheduleOn,         // Schedule.On -> an event
  AddSecurity,        // AddSecurity(SecurityType.X, ...) -> the AddX below
  Subscribe,          // AddEquity and friends -> simulation.securities
  UnreadSubscription, // options, universes, custom data: warned, not read
  Quiet,              // changes neither the calendar nor the scheduled work
};

struct ApiCall {
  const char* name;     // as LEAN spells it in C# (`Schedule.On` for the scheduling manager's)
  ApiRole role;
  // Subscribe only:
  const char* type = nullptr;    // market-hours type ("Equity")
  const char* market = nullptr;  // LEAN's default market (DefaultBrokerageModel.DefaultMarketMap)
  int extended_hours_index = -1; // positional index of extendedMarketHours, -1 when none
};

// The call named `name` in either spelling ("AddEquity", "add_equity"), or
// null. `Schedule.On` is looked up as "Schedule.On".
const ApiCall* lean_call(std::string_view name);

// AddX for SecurityType.X ("Equity" -> AddEquity's entry), or null.
const ApiCall* subscription_for_type(std::string_view security_type);

struct FutureRoot {
  const char* constant;  // Futures.* member, normalized ("sp500emini")
  const char* ticker;    // "ES"
  const char* market;    // "cme"
};
// The Futures.* constant named `member` (any spelling: SP_500_E_MINI, SP500EMini), or null.
const FutureRoot* future_constant(std::string_view member);
// The known root with this ticker (upper case), or null: its exchange.
const FutureRoot* future_root(std::string_view ticker);

// Whether a dotted name starting with `head` (normalized) is one of LEAN's or
// .NET's/Python's date, time and enum namespaces (DateRules, TimeSpan,
// Resolution...), not a variable holding a ticker.
bool is_lean_namespace(std::string_view head);

}  // namespace trainsim::algorithm
