// tests/fuzz/fuzz_traces.cpp — libFuzzer target: trainsim::fuzz::traces (harnesses.h).
#include "harnesses.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  trainsim::fuzz::traces(data, size);
  return 0;
}
