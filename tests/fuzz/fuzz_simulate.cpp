// tests/fuzz/fuzz_simulate.cpp — libFuzzer target: trainsim::fuzz::simulate (harnesses.h).
#include "harnesses.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  trainsim::fuzz::simulate(data, size);
  return 0;
}
