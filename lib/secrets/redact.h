// secrets/redact.h — the config keys LEAN treats as credentials (API tokens,
// passwords, secrets, keys, brokerage logins and account ids), and their
// values replaced by "<redacted>" wherever trainsim would print or write a
// config, so a workspace's lean.json never leaks through trainsim's output.
#pragma once
#include <nlohmann/json_fwd.hpp>

#include <string_view>

namespace trainsim {

inline constexpr const char* kRedacted = "<redacted>";

// The note printed once when a value was redacted.
inline constexpr const char* kRedactedNote =
    "credential values (tokens, passwords, secrets, keys, account ids) are shown as \"<redacted>\"";

// A key whose value is a credential: *-token, *-password, *-secret, *-key,
// *-key-hex, api-*, job-user-id, brokerage user names and account ids
// (*-account, *-account-id, *-account-number, ...), case-insensitive. Built
// from LEAN's Launcher config.json.
bool is_credential_key(std::string_view key);

// Replaces the value of every credential key in `j`, at any depth (an
// environment's keys too), with "<redacted>"; returns how many it replaced.
int redact_credentials(nlohmann::json& j);
int redact_credentials(nlohmann::ordered_json& j);

}  // namespace trainsim
