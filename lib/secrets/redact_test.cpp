// Tests for credential keys and their redaction.
#include "secrets/redact.h"

#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <nlohmann/json.hpp>

using namespace trainsim;

TEST_CASE("credential keys: LEAN's tokens, passwords, secrets, keys, logins and account ids") {
  for (const char* k : {"api-access-token", "ib-password", "alpaca-api-secret", "binance-api-key", "job-user-id",
                        "ib-account", "oanda-account-id", "charles-schwab-account-number", "dydx-private-key-hex",
                        "ib-user-name", "iqfeed-username", "tiingo-auth-token", "IB-PASSWORD", "job-organization-id"})
    CHECK_MESSAGE(is_credential_key(k), k);
  for (const char* k : {"scheduled-event-leaky-bucket-capacity", "data-folder", "environment", "simulation",
                        "live-mode", "ib-trading-mode", "algorithm-type-name", "tradier-save-tokens"})
    CHECK_MESSAGE(!is_credential_key(k), k);
}

TEST_CASE("redaction: every credential value at any depth, nothing else") {
  nlohmann::ordered_json j = nlohmann::ordered_json::parse(R"({
    "ib-password": "hunter2", "data-folder": "data", "api-access-token": 12345,
    "environments": { "live-ib": { "ib-account": "DU123", "live-mode": true } },
    "ib-user-name": ""
  })");
  CHECK(redact_credentials(j) == 4);
  CHECK(j["ib-password"] == kRedacted);
  CHECK(j["api-access-token"] == kRedacted);
  CHECK(j["environments"]["live-ib"]["ib-account"] == kRedacted);
  CHECK(j["environments"]["live-ib"]["live-mode"] == true);
  CHECK(j["data-folder"] == "data");
  CHECK(j.dump().find("hunter2") == std::string::npos);
  CHECK(j.dump().find("DU123") == std::string::npos);
}

TEST_CASE("redaction: every credential-looking key of LEAN's Launcher config.json is recognised") {
  std::ifstream in(TRAINSIM_SHARED_LEAN "/config.json");
  if (!in) return;  // LEAN's files are optional
  // Keys whose names say credential, found by words; each must be redacted.
  std::stringstream text;
  text << in.rdbuf();
  const std::string s = text.str();
  int checked = 0;
  for (size_t i = s.find('"'); i != std::string::npos; i = s.find('"', i + 1)) {
    const size_t end = s.find('"', i + 1);
    if (end == std::string::npos) break;
    const std::string key = s.substr(i + 1, end - i - 1);
    const size_t after = s.find_first_not_of(" \t", end + 1);
    i = end;
    if (after == std::string::npos || s[after] != ':') continue;
    for (const char* word : {"password", "secret", "-token", "-api-key", "account-id", "account-number"})
      if (key.find(word) != std::string::npos && key.find("tokens") == std::string::npos) {
        CHECK_MESSAGE(is_credential_key(key), key);
        ++checked;
        break;
      }
  }
  CHECK(checked > 20);
}
