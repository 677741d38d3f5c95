// secrets/redact.cpp — credential keys and their redaction.
#include "secrets/redact.h"
#include "text/ascii_case.h"

#include <cctype>
#include <string>
#include <nlohmann/json.hpp>

namespace trainsim {
namespace {

bool ends_with(const std::string& s, std::string_view tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

template <class Json>
int redact(Json& j) {
  int n = 0;
  if (j.is_object()) {
    for (auto it = j.begin(); it != j.end(); ++it) {
      if (is_credential_key(it.key()) && !it.value().is_null() && !it.value().is_boolean()) {
        it.value() = kRedacted;
        ++n;
      } else {
        n += redact(it.value());
      }
    }
  } else if (j.is_array()) {
    for (auto& v : j) n += redact(v);
  }
  return n;
}

}  // namespace

bool is_credential_key(std::string_view key) {
  const std::string k = ascii_lower(key);
  // LEAN's config.json: alpaca-api-secret, ib-password, tradier-access-token,
  // dydx-private-key-hex, charles-schwab-account-number, ib-user-name, ...
  static constexpr std::string_view kTails[] = {
      "-token",       "-password",     "-secret",      "-key",          "-key-hex",    "-account",
      "-account-id",  "-account-number", "-account-name", "-trading-account", "-subaccount-number",
      "-user-name",   "-username",     "-user-id",     "-organization-id", "-authorization-code-from-url"};
  for (const auto tail : kTails)
    if (ends_with(k, tail)) return true;
  return k.rfind("api-", 0) == 0 || k == "job-user-id" || k == "password" || k == "token";
}

int redact_credentials(nlohmann::json& j) { return redact(j); }
int redact_credentials(nlohmann::ordered_json& j) { return redact(j); }

}  // namespace trainsim
