// tests/fuzz/fuzz_rules.cpp — libFuzzer target: trainsim::fuzz::rules (harnesses.h).
#include "harnesses.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  trainsim::fuzz::rules(data, size);
  return 0;
}
