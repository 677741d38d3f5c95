// presets/quota_presets.cpp — the preset table and lookups.
#include "presets/quota_presets.h"
#include "text/ascii_case.h"

#include <algorithm>
#include <cctype>

namespace trainsim {
namespace {

// QuantConnect's documentation, "Training Quotas": capacity / refill per day,
// in minutes, per node; the interval is a day, refilled on wall-clock time;
// the time-loop maximum is the documented 10 minutes.
constexpr const char* kCloudSource = "QuantConnect documentation, Training Quotas";

}  // namespace

const std::vector<QuotaPreset>& quota_presets() {
  static const std::vector<QuotaPreset> presets = [] {
    std::vector<QuotaPreset> p = {
        // LEAN's engine: Config.GetInt defaults in Engine/RealTime and
        // Engine/AlgorithmManager.cs (time-loop maximum 20 minutes; refill ceil(120 / 7)).
        {"lean-local", QuotaKind::Local, 120, 18, 1440, 20, "LEAN engine defaults (Engine/AlgorithmManager.cs)"},
        // QuantConnect's documentation: 10 minutes per timeslice; trainsim's default.
        {"docs", QuotaKind::Docs, 120, 18, 1440, 10, "QuantConnect documentation (10-minute limit); trainsim's default"},
    };
    struct Node {
      const char* name;
      QuotaKind kind;
      std::int64_t capacity, refill;
    };
    const Node nodes[] = {
        {"B-MICRO", QuotaKind::Backtest, 20, 1},       {"B2-8", QuotaKind::Backtest, 30, 5},
        {"B4-12", QuotaKind::Backtest, 60, 10},        {"B8-16", QuotaKind::Backtest, 90, 15},
        {"L-MICRO", QuotaKind::Live, 30, 5},           {"L1-1", QuotaKind::Live, 60, 10},
        {"L1-2", QuotaKind::Live, 90, 15},             {"L1-4", QuotaKind::Live, 120, 20},
        {"O2-8", QuotaKind::Optimization, 30, 5},      {"O4-12", QuotaKind::Optimization, 60, 10},
        {"O8-16", QuotaKind::Optimization, 90, 15},
    };
    for (const Node& n : nodes) p.push_back({n.name, n.kind, n.capacity, n.refill, 1440, 10, kCloudSource});
    return p;
  }();
  return presets;
}

std::optional<QuotaPreset> find_quota_preset(const std::string& name) {
  for (const auto& p : quota_presets())
    if (ascii_lower(p.name) == ascii_lower(name)) return p;
  return std::nullopt;
}

std::string quota_preset_names() {
  std::string out;
  for (const auto& p : quota_presets()) out += (out.empty() ? "" : ", ") + p.name;
  return out;
}

const char* to_string(QuotaKind k) {
  switch (k) {
    case QuotaKind::Local: return "local LEAN";
    case QuotaKind::Docs: return "documented";
    case QuotaKind::Backtest: return "Cloud backtest";
    case QuotaKind::Live: return "Cloud live";
    case QuotaKind::Optimization: return "Cloud optimization";
  }
  return "";
}

std::vector<QuotaPreset> larger_nodes(const QuotaPreset& preset) {
  std::vector<QuotaPreset> out;
  if (!is_cloud(preset.kind)) return out;
  bool after = false;
  for (const auto& p : quota_presets()) {
    if (p.kind != preset.kind) continue;
    if (after) out.push_back(p);
    if (p.name == preset.name) after = true;
  }
  return out;
}

}  // namespace trainsim
