// cost/duration.h — how long things take: on-data per timeslice, each
// scheduled event. A fixed duration, a seeded distribution or a trace file.
#pragma once
#include "civil/civil_time.h"
#include "cost/random.h"

#include <nlohmann/json_fwd.hpp>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace trainsim {

// The longest single duration or cost trainsim accepts (README "Limits and
// hardening"): far beyond any training, and small enough that sums over a
// run's events stay exact in 64-bit microseconds.
inline constexpr Micros kMaxDuration = 366 * kDay;

// "250ms", "45s", "30m", "1h30m", "1.5h", "2d"; nullopt when malformed.
std::optional<Micros> parse_duration_text(std::string_view text);
// `d`, or InputError naming `where` and `key_path` when it exceeds kMaxDuration.
Micros within_duration_limit(Micros d, const std::string& where, const std::string& key_path);
// "1h30m" style, for messages and names.
std::string format_duration(Micros d);

struct DurationSpec {
  enum class Kind { Constant, Uniform, Normal, LogNormal, Trace };
  Kind kind = Kind::Constant;
  Micros a = 0;      // constant | uniform min | normal mean | lognormal median
  Micros b = 0;      // uniform max | normal stddev
  double sigma = 0;  // lognormal
  std::shared_ptr<const std::vector<Micros>> trace;
  std::string trace_path;

  static DurationSpec constant(Micros d) { return DurationSpec{Kind::Constant, d, 0, 0, {}, {}}; }
  bool is_constant() const { return kind == Kind::Constant; }
  // Whether draws differ between seeds (a trace or a zero-width distribution does not).
  bool is_random() const {
    return (kind == Kind::Uniform && b > a) || (kind == Kind::Normal && b > 0) ||
           (kind == Kind::LogNormal && sigma > 0);
  }
  nlohmann::json to_json() const;
};

// Parses a duration string or a distribution object; `folder` resolves trace
// paths. Throws InputError naming `file` and `path`.
DurationSpec parse_duration_spec(const nlohmann::json& v, const std::string& file,
                                 const std::string& path, const std::filesystem::path& folder);

// Reads "one duration per line" (a unit string, or a bare number of seconds).
std::vector<Micros> read_duration_trace(const std::filesystem::path& file, const std::string& key_path);

// Draws durations from a spec: deterministic for a given seed, stream and
// Monte Carlo trial (trial k: the stream jumped k * 2^128 draws ahead).
class DurationSampler {
 public:
  DurationSampler() = default;
  DurationSampler(const DurationSpec& spec, std::uint64_t seed, std::uint64_t stream, std::uint64_t trial = 0)
      : spec_(&spec), rng_(seed, stream), log_median_(spec.kind == DurationSpec::Kind::LogNormal
                                                          ? std::log(static_cast<double>(spec.a))
                                                          : 0) {
    if (trial != 0 && spec.is_random()) rng_.jump(trial);  // a fixed spec never draws
  }
  Micros next() {
    switch (spec_->kind) {
      case DurationSpec::Kind::Constant: return spec_->a;
      case DurationSpec::Kind::Uniform:
        return spec_->a + to_micros(rng_.uniform() * static_cast<double>(spec_->b - spec_->a));
      case DurationSpec::Kind::Normal: return truncated_normal();
      case DurationSpec::Kind::LogNormal:
        return to_micros(std::exp(log_median_ + spec_->sigma * rng_.normal()));
      case DurationSpec::Kind::Trace: {
        const auto& t = *spec_->trace;
        const Micros d = t[pos_];
        pos_ = pos_ + 1 == t.size() ? 0 : pos_ + 1;
        return d;
      }
    }
    return 0;
  }

 private:
  // Durations are never negative: rounding half up is a cast. A draw past
  // the limit (a lognormal tail, a wide normal) is capped there, which also
  // keeps the cast defined.
  static Micros to_micros(double us) {
    return us < static_cast<double>(kMaxDuration) ? static_cast<Micros>(us + 0.5) : kMaxDuration;
  }
  Micros truncated_normal();
  const DurationSpec* spec_ = nullptr;
  Rng rng_;
  double log_median_ = 0;
  size_t pos_ = 0;
};

}  // namespace trainsim
