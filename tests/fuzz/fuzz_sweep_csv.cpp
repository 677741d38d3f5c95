// tests/fuzz/fuzz_sweep_csv.cpp — libFuzzer target: trainsim::fuzz::sweep_csv (harnesses.h).
#include "harnesses.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  trainsim::fuzz::sweep_csv(data, size);
  return 0;
}
