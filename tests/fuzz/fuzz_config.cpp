// tests/fuzz/fuzz_config.cpp — libFuzzer target: trainsim::fuzz::config (harnesses.h).
#include "harnesses.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  trainsim::fuzz::config(data, size);
  return 0;
}
