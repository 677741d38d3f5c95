// exec/recording.h — what the stand-in recorded while the algorithm's
// Initialize ran (JSON, one entry per call with its file:line), turned into
// the same AlgorithmRead the static reader gives, so every later stage is the same.
#pragma once
#include "algorithm/algorithm_reader.h"

#include <nlohmann/json_fwd.hpp>

#include <string>

namespace trainsim::exec {

// `recording` is {"calls": [...], "notes": [...], "missing-modules": [...]}
// (share/python/trainsim_exec.py writes it); `file` names the algorithm in
// messages. Throws InputError, at the call's file:line, for what LEAN would
// reject too (a rule it cannot parse, an unknown time zone).
algorithm::AlgorithmRead read_recording(const nlohmann::json& recording, const std::string& file);

// Two readings' `simulation` blocks agree: the same values, subscriptions and
// events, rules compared by what they mean (LEAN's name for them), not by
// spelling. Each difference as one line ("events[2]: static ... / exec ...").
std::vector<std::string> reading_differences(const nlohmann::ordered_json& static_sim,
                                             const nlohmann::ordered_json& exec_sim);

}  // namespace trainsim::exec
