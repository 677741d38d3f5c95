#include "sim/scenario.h"

#include "calendar/market_hours_database.h"
#include "config/config_error.h"

#include <algorithm>

namespace trainsim {
namespace {
std::string upper(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::toupper(c); });
  return s;
}
}  // namespace

LeakyBucket make_bucket(const LeanSettings& lean) {
  return LeakyBucket(lean.capacity, FixedIntervalRefill(lean.refill_amount, lean.interval_minutes * kMinute, 0));
}

std::vector<const ScheduledEventSpec*> declared_events(const SimulationConfig& sim) {
  std::vector<const ScheduledEventSpec*> out;
  for (const auto& e : sim.training) out.push_back(&e);
  for (const auto& e : sim.events) out.push_back(&e);
  return out;
}

CalendarSpec Scenario::calendar() const {
  CalendarSpec c;
  c.data = BarSchedule{security_hours.get(), resolution_step(sim.resolution), sim.extended_market_hours,
                       true, true};
  // LEAN's UseStrictEndTime: never for forex, Oanda CFDs or always-open markets.
  const std::string type = upper(sim.security.type), market = upper(sim.security.market);
  const bool strict_possible = !(type == "FOREX" || (type == "CFD" && market == "OANDA") ||
                                 security_hours->always_open());
  c.data.strict_daily = sim.daily_precise_end_time && strict_possible;
  c.benchmark_hours = sim.benchmark ? us_equity_hours.get() : nullptr;
  c.start = start;
  c.end_exclusive = end_exclusive;
  c.recorded = recorded;
  return c;
}

std::shared_ptr<const ExchangeHours> MarketHoursCache::get(const std::filesystem::path& data_folder,
                                                           const std::string& type, const std::string& market,
                                                           const std::string& ticker) {
  const std::string key = data_folder.string() + "\n" + upper(type) + "-" + upper(market) + "-" + upper(ticker);
  std::lock_guard<std::mutex> lock(mutex_);
  if (auto it = entries_.find(key); it != entries_.end()) return it->second;
  auto& db = files_[data_folder.string()];
  if (!db) db = std::make_shared<const MarketHoursDatabase>(MarketHoursDatabase::open(MarketHoursDatabase::path_in(data_folder)));
  auto h = std::make_shared<const ExchangeHours>(db->entry(type, market, ticker));
  entries_.emplace(key, h);
  return h;
}

Scenario load_scenario(const ConfigDocument& doc, std::vector<std::string>& warnings, MarketHoursCache* cache) {
  MarketHoursCache local;
  if (!cache) cache = &local;
  Scenario s;
  s.config_file = doc.file_name();
  s.lean = read_lean_settings(doc);
  s.sim = read_simulation_config(doc, warnings);
  if (s.lean.live_mode && s.sim.calendar_trace)
    fail_config(s.config_file, "simulation.calendar", "a recorded calendar cannot be replayed in live mode");

  s.security_hours = cache->get(s.lean.data_folder, s.sim.security.type, s.sim.security.market, s.sim.security.ticker);
  const bool is_us_equity = upper(s.sim.security.type) == "EQUITY" && upper(s.sim.security.market) == "USA";
  // SPY (the benchmark, and LEAN's fallback for unknown tickers) trades on the USA equity hours.
  s.us_equity_hours = cache->get(s.lean.data_folder, "Equity", "usa", "SPY");

  // Holidays are only as good as the years the database lists them for
  // (the benchmark's entry too, unless it is the security's).
  const ExchangeHours* security_entry = s.security_hours.get();
  const ExchangeHours* benchmark_entry = s.sim.benchmark ? s.us_equity_hours.get() : nullptr;
  if (benchmark_entry && benchmark_entry->key == security_entry->key) benchmark_entry = nullptr;
  for (const ExchangeHours* h : {security_entry, benchmark_entry}) {
    if (!h) continue;
    const std::string w = holiday_coverage_warning(*h, s.sim.start, s.sim.end);
    if (!w.empty()) warnings.push_back(config_message(s.config_file, "simulation", w));
  }

  s.start = s.sim.zone.to_utc(s.sim.start, 0);
  s.end_exclusive = s.sim.zone.to_utc(s.sim.end + 1, 0);
  if (s.sim.calendar_trace)
    s.recorded = std::make_shared<const std::vector<RecordedSlice>>(
        read_calendar_trace(*s.sim.calendar_trace, s.sim.zone, "simulation.calendar.trace"));

  auto ctx = std::make_shared<RuleContext>();
  ctx->algorithm_zone = s.sim.zone;
  const auto security = s.security_hours;
  const auto us = s.us_equity_hours;
  const std::string ticker = upper(s.sim.security.ticker);
  ctx->hours_for = [security, us, ticker](std::string_view t) -> const ExchangeHours& {
    // The subscribed security by its ticker; any other ticker is, as in
    // LEAN's SymbolCache fallback, a USA equity.
    return upper(std::string(t)) == ticker ? *security : *us;
  };
  ctx->default_hours.push_back(us.get());
  if (!is_us_equity && !security->always_open()) ctx->default_hours.push_back(security.get());
  ctx->now = s.start;
  s.rules = ctx;

  // Rules LEAN would reject with this calendar (offsets beyond a symbol's
  // week, no market for a symbol-less open rule) fail before anything runs.
  for (const auto* e : declared_events(s.sim)) {
    if (e->now) continue;
    try {
      e->date_rule->validate(*ctx);
      e->time_rule->validate(*ctx);
    } catch (const RuleError& err) {
      fail_config(s.config_file, e->key_path, err.what());
    }
  }
  return s;
}

}  // namespace trainsim
