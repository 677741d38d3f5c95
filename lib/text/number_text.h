// text/number_text.h — numbers as trainsim prints them in text: fixed
// decimals and thousands separators, the same on every machine (trainsim
// never sets a locale, so the C locale's '.' is the decimal point).
#pragma once
#include <cstdint>
#include <string>

namespace trainsim {

// `v` with exactly `decimals` decimals ("12.50"), printf's rounding.
std::string fixed_decimals(double v, int decimals);

// `v` with at most `digits` significant digits, printf's %g ("12.5", "1e+07").
std::string significant_digits(double v, int digits);

// "2,000", "1,955,311".
std::string grouped_thousands(std::uint64_t n);

}  // namespace trainsim
