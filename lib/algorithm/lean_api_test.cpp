// Tests of the table of LEAN's API the reader knows: each call by either
// spelling, its role and LEAN's defaults.
#include "algorithm/lean_api.h"

#include <doctest/doctest.h>

#include <string>

using namespace trainsim::algorithm;

TEST_CASE("lean_api: a call by its C# or Python name, with its role") {
  for (const char* n : {"SetWarmUp", "set_warm_up", "setwarmup"}) {
    REQUIRE(lean_call(n));
    CHECK(lean_call(n)->role == ApiRole::WarmUp);
  }
  CHECK(lean_call("set_brokerage_model")->role == ApiRole::Brokerage);
  CHECK(lean_call("train")->role == ApiRole::Train);
  CHECK(lean_call("Schedule.On")->role == ApiRole::ScheduleOn);
  CHECK(lean_call("on") == nullptr);  // `on` alone is not the scheduling manager's
  CHECK(lean_call("add_option")->role == ApiRole::UnreadSubscription);
  CHECK(lean_call("set_holdings")->role == ApiRole::Quiet);
  CHECK(lean_call("setup_schedule") == nullptr);  // the algorithm's own method: followed, not in the table
}

TEST_CASE("lean_api: subscriptions carry LEAN's default market and type") {
  const ApiCall* equity = lean_call("add_equity");
  REQUIRE(equity);
  CHECK(equity->role == ApiRole::Subscribe);
  CHECK(std::string(equity->type) == "Equity");
  CHECK(std::string(equity->market) == "usa");
  CHECK(equity->extended_hours_index == 5);
  CHECK(std::string(lean_call("AddCrypto")->market) == "coinbase");
  CHECK(std::string(lean_call("AddForex")->market) == "oanda");
  CHECK(subscription_for_type("Future") == lean_call("AddFuture"));
  CHECK(subscription_for_type("Option") == nullptr);  // AddOption is not read
}

TEST_CASE("lean_api: futures constants and roots, and LEAN's namespaces") {
  REQUIRE(future_constant("SP_500_E_MINI"));
  CHECK(std::string(future_constant("SP500EMini")->ticker) == "ES");
  CHECK(std::string(future_root("GC")->market) == "comex");
  CHECK(future_root("es") == nullptr);  // roots are upper case
  CHECK(is_lean_namespace("daterules"));
  CHECK(is_lean_namespace("resolution"));
  CHECK_FALSE(is_lean_namespace("spy"));
}
