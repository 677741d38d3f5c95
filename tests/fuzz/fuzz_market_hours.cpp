// tests/fuzz/fuzz_market_hours.cpp — libFuzzer target: trainsim::fuzz::market_hours (harnesses.h).
#include "harnesses.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  trainsim::fuzz::market_hours(data, size);
  return 0;
}
