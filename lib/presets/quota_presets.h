// presets/quota_presets.h — the training quotas users really have, by name:
// local LEAN's engine defaults, the documented limit trainsim uses by default,
// and each QuantConnect Cloud node's published quota. A preset sets the three
// bucket keys and the time-loop maximum; explicit keys override it.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace trainsim {

enum class QuotaKind { Local, Docs, Backtest, Live, Optimization };

struct QuotaPreset {
  std::string name;  // as written in `--quota`, `simulation.quota`: "B-MICRO", "lean-local"
  QuotaKind kind;
  std::int64_t capacity;          // minutes
  std::int64_t refill_amount;     // minutes per interval
  std::int64_t interval_minutes;  // 1440: a day
  double loop_maximum_minutes;
  std::string source;  // where the figures come from
};

// Every preset: lean-local, docs, then the Cloud nodes, each kind from the
// smallest node to the largest (the order the advice tries them in).
const std::vector<QuotaPreset>& quota_presets();

// The preset called `name` (case-insensitive), or nullopt.
std::optional<QuotaPreset> find_quota_preset(const std::string& name);

// The names, comma-separated, for messages ("lean-local, docs, B-MICRO, ...").
std::string quota_preset_names();

// A Cloud node (backtest, live or optimization): its keys cannot be set.
inline bool is_cloud(QuotaKind k) { return k == QuotaKind::Backtest || k == QuotaKind::Live || k == QuotaKind::Optimization; }

// "local LEAN", "documented", "Cloud backtest", "Cloud live", "Cloud optimization".
const char* to_string(QuotaKind k);

// The Cloud nodes of the same kind as `preset` larger than it, smallest first
// (empty for local presets and the largest node).
std::vector<QuotaPreset> larger_nodes(const QuotaPreset& preset);

}  // namespace trainsim
