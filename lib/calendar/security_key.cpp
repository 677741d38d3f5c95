// calendar/security_key.cpp — joining and reading LEAN's security keys.
#include "calendar/security_key.h"

#include "input/input_error.h"
#include "text/ascii_case.h"

namespace trainsim {

std::string security_key(std::string_view type, std::string_view market, std::string_view ticker) {
  std::string key;
  key.reserve(type.size() + market.size() + ticker.size() + 2);
  key.append(type).append(1, '-').append(market).append(1, '-').append(ticker);
  return key;
}

SecurityKey parse_security(const std::string& s, const std::string& file, const std::string& path) {
  // SecurityType-market-ticker; exactly three parts, as LEAN's SecurityDatabaseKey.
  const auto a = s.find('-');
  const auto b = a == std::string::npos ? a : s.find('-', a + 1);
  if (b == std::string::npos || s.find('-', b + 1) != std::string::npos || a == 0 || b == a + 1 ||
      b + 1 == s.size())
    fail_input(file, path, "expected SecurityType-market-ticker such as \"Equity-usa-SPY\", got \"" + s + "\"");
  // LEAN's spelling: the SecurityType enum name, lower-case market, upper-case ticker.
  static const char* kTypes[] = {"Base", "Equity", "Option", "Commodity", "Forex", "Future", "Cfd", "Crypto",
                                 "FutureOption", "Index", "IndexOption", "CryptoFuture"};
  std::string type = s.substr(0, a), market = s.substr(a + 1, b - a - 1), ticker = s.substr(b + 1);
  for (const char* t : kTypes)
    if (ascii_lower(type) == ascii_lower(t)) type = t;
  return {type, ascii_lower(market), ticker == "[*]" ? ticker : ascii_upper(ticker)};
}

}  // namespace trainsim
