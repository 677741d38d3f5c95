// tests/fuzz/fuzz_logs.cpp — libFuzzer target: trainsim::fuzz::logs (harnesses.h).
#include "harnesses.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  trainsim::fuzz::logs(data, size);
  return 0;
}
