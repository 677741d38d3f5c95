// tests/fuzz/harnesses.h — one function per input language trainsim parses,
// driven by the libFuzzer targets (tests/fuzz/fuzz_*.cpp) and replayed on the
// saved crash inputs by the unit suite (tests/fuzz/replay_test.cpp). Each
// accepts any bytes: bad input must end in trainsim's own error (InputError,
// RuleError); anything else (a crash, another exception) aborts.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace trainsim::fuzz {

using Harness = void (*)(const std::uint8_t* data, std::size_t size);

void config(const std::uint8_t* data, std::size_t size);        // bytes -> validated scenario
void rules(const std::uint8_t* data, std::size_t size);         // a date rule and a time rule
void market_hours(const std::uint8_t* data, std::size_t size);  // a market-hours database
void traces(const std::uint8_t* data, std::size_t size);        // duration and calendar traces
void sweep_csv(const std::uint8_t* data, std::size_t size);     // the CSV reader behind merge
void algorithm(const std::uint8_t* data, std::size_t size);     // an algorithm file -> scenario, Python and C#
void logs(const std::uint8_t* data, std::size_t size);          // a LEAN log -> calibration, check's replay
void diff(const std::uint8_t* data, std::size_t size);          // a run report for `diff`
void trials_shard(const std::uint8_t* data, std::size_t size);  // a trials shard for `merge` -> report and page
void simulate(const std::uint8_t* data, std::size_t size);      // a config -> a run of at most a week

struct Named {
  const char* name;  // also the folder under tests/fuzz/regressions/
  Harness run;
};
const std::vector<Named>& all();

}  // namespace trainsim::fuzz
