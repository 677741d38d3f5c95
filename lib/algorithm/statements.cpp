// algorithm/statements.cpp — what both languages' statement readers share:
// top-level search and `;`-separated simple statements.
#include "algorithm/statements.h"

#include <string_view>

namespace trainsim::algorithm {

// The index of the first `what` at bracket depth 0 in [b, e), or e.
size_t find_top(const Tokens& t, size_t b, size_t e, const char* what) {
  int nest = 0;
  for (size_t k = b; k < e; ++k) {
    if (t[k].kind == TK::Punct) {
      const std::string_view p = t[k].text;
      if (p == "(" || p == "[" || p == "{") ++nest;
      else if (p == ")" || p == "]" || p == "}") --nest;
      else if (nest == 0 && p == what) return k;
    }
  }
  return e;
}

// Splits [b, e) at top-level `;` into simple statements.
void simple_statements(const Tokens& t, size_t b, size_t e, std::vector<Stmt>& out) {
  while (b < e) {
    const size_t semi = find_top(t, b, e, ";");
    if (semi > b) out.push_back({Stmt::Kind::Simple, b, semi, "", 0, 0, 0, 0, 0, {}});
    b = semi + 1;
  }
}

}  // namespace trainsim::algorithm
