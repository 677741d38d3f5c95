// sim/scenario.h — everything a run needs, read and checked once: the LEAN
// settings, the simulated algorithm, the market hours it trades on, the
// parsed rules. Immutable afterwards, so sweep points can share it.
#pragma once
#include "calendar/exchange_hours.h"
#include "calendar/market_hours_database.h"
#include "calendar/timeslice_stream.h"
#include "config/lean_settings.h"
#include "config/simulation_config.h"
#include "quota/leaky_bucket.h"
#include "rules/schedule_rules.h"

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace trainsim {

// One subscription with the market hours it trades on.
struct Subscription {
  SubscriptionSpec spec;
  std::shared_ptr<const ExchangeHours> hours;
};

struct Scenario {
  std::string config_file;
  LeanSettings lean;
  SimulationConfig sim;
  std::vector<Subscription> subscriptions;  // as sim.securities, never empty
  std::vector<const ExchangeHours*> markets;  // each subscription's hours: "is the market open" asks them all
  std::map<std::string, std::shared_ptr<const ExchangeHours>> hours_by_ticker;  // upper-case ticker; first subscription wins
  std::shared_ptr<const ExchangeHours> us_equity_hours;  // unknown tickers and symbol-less rules
  // The brokerage's benchmark security (SPY by default), null for none:
  // its hourly loops (docs/semantics.md#brokerage-benchmark).
  std::shared_ptr<const ExchangeHours> benchmark_hours;
  std::shared_ptr<const std::vector<RecordedSlice>> recorded;
  std::shared_ptr<RuleContext> rules;  // points into the hours above
  Instant start = 0;          // start date 00:00, algorithm zone
  Instant end_exclusive = 0;  // the day after the end date, 00:00
  // SetWarmUp's W: the clock's start (== start without a warm-up).
  Instant warm_up_start = 0;
  bool has_warm_up() const { return warm_up_start < start; }
  // The probability draws' seed (simulation.seed, 0 when not given).
  std::uint64_t draw_seed() const { return sim.seed_given ? sim.seed : 0; }

  // The union of every subscription's bars plus the benchmark's.
  CalendarSpec calendar() const;
  // One subscription's bars alone (no benchmark, no fill-forward): per-security counts.
  CalendarSpec calendar_of(size_t subscription) const;
  // The market-hours entry of the first subscription, for one-line summaries.
  const ExchangeHours& primary_hours() const { return *subscriptions.front().hours; }
};

// Market-hours entries already read, so that many scenarios built from
// variants of one config (sweep points) read the database once.
class MarketHoursCache {
 public:
  std::shared_ptr<const ExchangeHours> get(const std::filesystem::path& data_folder, const std::string& type,
                                           const std::string& market, const std::string& ticker);

 private:
  std::mutex mutex_;
  static constexpr int kLookupsBeforeIndex = 4;
  struct File {
    std::shared_ptr<const MarketHoursDatabase> db;
    int lookups = 0;
  };
  std::map<std::string, File> files_;
  std::map<std::string, std::shared_ptr<const ExchangeHours>> entries_;
};

// Builds a scenario from a loaded config (reads the market-hours database
// and any trace files). Throws InputError; appends warnings. Thread-safe
// when given a shared cache.
// `use`: whether the caller simulates (see read_simulation_config).
Scenario load_scenario(const ConfigDocument& doc, std::vector<std::string>& warnings,
                       MarketHoursCache* cache = nullptr, ConfigUse use = ConfigUse::Simulate);

// LEAN's bucket for this run: full, refill grid anchored at engine start.
LeakyBucket make_bucket(const LeanSettings& lean);

// All events in declaration order (SimulationConfig::events).
std::vector<const ScheduledEventSpec*> declared_events(const SimulationConfig& sim);

}  // namespace trainsim
