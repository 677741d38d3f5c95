// civil/supported_years.h — the years trainsim simulates. The calendar
// (boost's Gregorian dates) covers 1400 to 9999; a year of margin on each
// side keeps every date rule (a month end, a week start) inside it.
#pragma once

namespace trainsim {

constexpr int kFirstSupportedYear = 1401, kLastSupportedYear = 9998;

}  // namespace trainsim
