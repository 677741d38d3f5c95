// tests/fuzz/fuzz_diff.cpp — libFuzzer target: trainsim::fuzz::diff (harnesses.h).
#include "harnesses.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  trainsim::fuzz::diff(data, size);
  return 0;
}
