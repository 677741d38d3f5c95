// lib/quota/quota_testing.h — what the quota's unit tests (quota_test.cpp,
// quota_asks_at_once_test.cpp) share: minutes as Micros, short enough for tables
// of cases.
#pragma once
#include "civil/civil_time.h"

namespace trainsim::quota_test {

constexpr Micros min(double m) { return static_cast<Micros>(m * 60'000'000.0); }

}  // namespace trainsim::quota_test
