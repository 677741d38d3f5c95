// algorithm/lean_api.cpp — the table of LEAN's API the reader knows.
#include "algorithm/lean_api.h"

#include "rules/rule_parser.h"

#include <functional>
#include <map>
#include <string>

namespace trainsim::algorithm {
namespace {

// Every QCAlgorithm call the reader knows (Algorithm/QCAlgorithm*.cs), by role.
constexpr ApiCall kCalls[] = {
    {"SetStartDate", ApiRole::StartDate},
    {"SetEndDate", ApiRole::EndDate},
    {"SetTimeZone", ApiRole::TimeZone},
    {"SetBenchmark", ApiRole::Benchmark},
    {"SetWarmUp", ApiRole::WarmUp},
    {"SetBrokerageModel", ApiRole::Brokerage},
    {"Train", ApiRole::Train},
    {"Schedule.On", ApiRole::ScheduleOn},
    {"AddSecurity", ApiRole::AddSecurity},
    // Subscriptions: the type and market LEAN gives them by default.
    {"AddEquity", ApiRole::Subscribe, "Equity", "usa", 5},
    {"AddForex", ApiRole::Subscribe, "Forex", "oanda"},
    {"AddCrypto", ApiRole::Subscribe, "Crypto", "coinbase"},
    {"AddIndex", ApiRole::Subscribe, "Index", "usa"},
    {"AddFuture", ApiRole::Subscribe, "Future", "cme", 5},
    {"AddCfd", ApiRole::Subscribe, "Cfd", "oanda"},
    // Subscriptions whose bars the reader cannot place on a calendar.
    {"AddOption", ApiRole::UnreadSubscription},
    {"AddIndexOption", ApiRole::UnreadSubscription},
    {"AddFutureOption", ApiRole::UnreadSubscription},
    {"AddData", ApiRole::UnreadSubscription},
    {"AddCryptoFuture", ApiRole::UnreadSubscription},
    {"AddUniverse", ApiRole::UnreadSubscription},
    {"AddUniverseSelection", ApiRole::UnreadSubscription},
    {"AddOptionContract", ApiRole::UnreadSubscription},
    {"AddFutureContract", ApiRole::UnreadSubscription},
    {"AddEquityUniverse", ApiRole::UnreadSubscription},
    // Calls that change neither the calendar nor the scheduled work.
    {"SetCash", ApiRole::Quiet},
    {"SetAccountCurrency", ApiRole::Quiet},
    {"Debug", ApiRole::Quiet},
    {"Log", ApiRole::Quiet},
    {"Error", ApiRole::Quiet},
    {"Plot", ApiRole::Quiet},
    {"AddChart", ApiRole::Quiet},
    {"SetSecurityInitializer", ApiRole::Quiet},
    {"SetAlpha", ApiRole::Quiet},
    {"AddAlpha", ApiRole::Quiet},
    {"SetPortfolioConstruction", ApiRole::Quiet},
    {"SetExecution", ApiRole::Quiet},
    {"SetRiskManagement", ApiRole::Quiet},
    {"AddRiskManagement", ApiRole::Quiet},
    {"SetParameters", ApiRole::Quiet},
    {"Quit", ApiRole::Quiet},
    {"SetObjectStore", ApiRole::Quiet},
    {"SetName", ApiRole::Quiet},
    {"AddTag", ApiRole::Quiet},
    {"SetTags", ApiRole::Quiet},
    {"SetStatistics", ApiRole::Quiet},
    {"SetRuntimeStatistic", ApiRole::Quiet},
    {"SetSummaryStatistic", ApiRole::Quiet},
    {"RegisterIndicator", ApiRole::Quiet},
    {"WarmUpIndicator", ApiRole::Quiet},
    {"SetHoldings", ApiRole::Quiet},
    {"SetPandasConverter", ApiRole::Quiet},
    {"SetLockTime", ApiRole::Quiet},
    {"print", ApiRole::Quiet},  // Python builtins called like methods
    {"super", ApiRole::Quiet},
};

// LEAN's Futures.* constants and their exchanges (Common/Securities/Future/Futures.cs,
// symbol-properties-database.csv) for the roots an algorithm names most.
constexpr FutureRoot kFutures[] = {
    {"sp500emini", "ES", "cme"},          {"nasdaq100emini", "NQ", "cme"},   {"russell2000emini", "RTY", "cme"},
    {"dow30emini", "YM", "cbot"},         {"microsp500emini", "MES", "cme"}, {"micronasdaq100emini", "MNQ", "cme"},
    {"crudeoilwti", "CL", "nymex"},       {"naturalgas", "NG", "nymex"},     {"heatingoil", "HO", "nymex"},
    {"gasoline", "RB", "nymex"},          {"gold", "GC", "comex"},           {"silver", "SI", "comex"},
    {"copper", "HG", "comex"},            {"corn", "ZC", "cbot"},            {"soybeans", "ZS", "cbot"},
    {"wheat", "ZW", "cbot"},              {"y10treasurynote", "ZN", "cbot"}, {"y30treasurybond", "ZB", "cbot"},
    {"y5treasurynote", "ZF", "cbot"},     {"y2treasurynote", "ZT", "cbot"},  {"vix", "VX", "cfe"},
    {"euro", "6E", "cme"},                {"japaneseyen", "6J", "cme"},      {"britishpound", "6B", "cme"},
    {"btc", "BTC", "cme"},                {"bitcoin", "BTC", "cme"},         {"ether", "ETH", "cme"},
};

constexpr const char* kNamespaces[] = {"daterules", "timerules", "dayofweek", "timezones", "timespan",
                                       "timedelta", "datetime", "system", "quantconnect", "datetimezone",
                                       "resolution", "market", "securitytype", "date", "time"};

}  // namespace

const ApiCall* lean_call(std::string_view name) {
  static const std::map<std::string, const ApiCall*, std::less<>> by_name = [] {
    std::map<std::string, const ApiCall*, std::less<>> m;
    for (const auto& c : kCalls) m.emplace(rules::normalize(c.name), &c);
    return m;
  }();
  const auto it = by_name.find(rules::normalize(name));
  return it == by_name.end() ? nullptr : it->second;
}

const ApiCall* subscription_for_type(std::string_view security_type) {
  const ApiCall* c = lean_call("Add" + std::string(security_type));
  return c && c->role == ApiRole::Subscribe ? c : nullptr;
}

const FutureRoot* future_constant(std::string_view member) {
  const std::string want = rules::normalize(member);
  for (const auto& f : kFutures)
    if (want == f.constant) return &f;
  return nullptr;
}

const FutureRoot* future_root(std::string_view ticker) {
  for (const auto& f : kFutures)
    if (ticker == f.ticker) return &f;
  return nullptr;
}

bool is_lean_namespace(std::string_view head) {
  for (const char* ns : kNamespaces)
    if (head == ns) return true;
  return false;
}

}  // namespace trainsim::algorithm
