// sim/scenario.h — everything a run needs, read and checked once: the LEAN
// settings, the simulated algorithm, the market hours it trades on, the
// parsed rules. Immutable afterwards, so sweep points can share it.
#pragma once
#include "calendar/exchange_hours.h"
#include "calendar/market_hours_database.h"
#include "calendar/timeslice_stream.h"
#include "config/config_document.h"
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

struct Scenario {
  std::string config_file;
  LeanSettings lean;
  SimulationConfig sim;
  std::shared_ptr<const ExchangeHours> security_hours;
  std::shared_ptr<const ExchangeHours> us_equity_hours;  // benchmark and unknown tickers
  std::shared_ptr<const std::vector<RecordedSlice>> recorded;
  std::shared_ptr<RuleContext> rules;  // points into the hours above
  Instant start = 0;          // start date 00:00, algorithm zone
  Instant end_exclusive = 0;  // the day after the end date, 00:00

  CalendarSpec calendar() const;
};

// Market-hours entries already read, so that many scenarios built from
// variants of one config (sweep points) read the database once.
class MarketHoursCache {
 public:
  std::shared_ptr<const ExchangeHours> get(const std::filesystem::path& data_folder, const std::string& type,
                                           const std::string& market, const std::string& ticker);

 private:
  std::mutex mutex_;
  std::map<std::string, std::shared_ptr<const MarketHoursDatabase>> files_;
  std::map<std::string, std::shared_ptr<const ExchangeHours>> entries_;
};

// Builds a scenario from a loaded config (reads the market-hours database
// and any trace files). Throws ConfigError; appends warnings. Thread-safe
// when given a shared cache.
Scenario load_scenario(const ConfigDocument& doc, std::vector<std::string>& warnings,
                       MarketHoursCache* cache = nullptr);

// LEAN's bucket for this run: full, refill grid anchored at engine start.
LeakyBucket make_bucket(const LeanSettings& lean);

// The names of all events in declaration order (training, then scheduled events).
std::vector<const ScheduledEventSpec*> declared_events(const SimulationConfig& sim);

}  // namespace trainsim
