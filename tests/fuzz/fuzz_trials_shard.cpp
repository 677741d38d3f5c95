// tests/fuzz/fuzz_trials_shard.cpp — libFuzzer target: trainsim::fuzz::trials_shard (harnesses.h).
#include "harnesses.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  trainsim::fuzz::trials_shard(data, size);
  return 0;
}
