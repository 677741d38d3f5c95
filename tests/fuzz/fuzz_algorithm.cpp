// tests/fuzz/fuzz_algorithm.cpp — libFuzzer target: trainsim::fuzz::algorithm (harnesses.h).
#include "harnesses.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  trainsim::fuzz::algorithm(data, size);
  return 0;
}
