// calendar/security_key.h — "Equity-usa-SPY": LEAN's SecurityDatabaseKey
// (Common/Securities/SecurityDatabaseKey.cs), the key the market-hours
// database files an entry under and the one way trainsim names a security.
#pragma once
#include <string>
#include <string_view>

namespace trainsim {

// "<type>-<market>-<ticker>", as given (no case change); "[*]" is LEAN's wildcard ticker.
std::string security_key(std::string_view type, std::string_view market, std::string_view ticker);

struct SecurityKey {
  std::string type = "Equity", market = "usa", ticker = "SPY";
  std::string text() const { return security_key(type, market, ticker); }
};

// "Equity-usa-SPY" in LEAN's spelling (SecurityType name, lower-case market,
// upper-case ticker); InputError naming `file` and `path` when it is not
// three parts.
SecurityKey parse_security(const std::string& s, const std::string& file, const std::string& path);

}  // namespace trainsim
