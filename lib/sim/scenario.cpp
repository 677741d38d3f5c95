// sim/scenario.cpp — building a run's scenario once: settings, subscriptions
// and their hours, rules, calendar inputs.
#include "sim/scenario.h"
#include "text/ascii_case.h"

#include "calendar/market_hours_database.h"
#include "calendar/security_key.h"
#include "calendar/warm_up.h"
#include "civil/supported_years.h"
#include "config/brokerage.h"
#include "config/config_document.h"
#include "input/input_error.h"

#include <algorithm>

namespace trainsim {

LeakyBucket make_bucket(const LeanSettings& lean) {
  return LeakyBucket(lean.capacity, FixedIntervalRefill(lean.refill_amount, lean.interval_minutes * kMinute, 0));
}

std::vector<const ScheduledEventSpec*> declared_events(const SimulationConfig& sim) {
  std::vector<const ScheduledEventSpec*> out;
  out.reserve(sim.events.size());
  for (const auto& e : sim.events) out.push_back(&e);
  return out;
}

namespace {
BarSchedule bar_schedule(const Subscription& sub, bool daily_precise_end_time) {
  BarSchedule b{sub.hours.get(), resolution_step(sub.spec.resolution), sub.spec.extended_market_hours, true, true};
  // LEAN's UseStrictEndTime: never for forex, Oanda CFDs or always-open markets.
  const std::string type = ascii_upper(sub.spec.security.type), market = ascii_upper(sub.spec.security.market);
  const bool strict_possible =
      !(type == "FOREX" || (type == "CFD" && market == "OANDA") || sub.hours->always_open());
  b.strict_daily = daily_precise_end_time && strict_possible;
  return b;
}

// SetWarmUp's W (docs/semantics.md#warm-up): the period back on the
// algorithm zone's clock, or the earliest start over the subscriptions of
// their N-th open bar back (the benchmark is not a subscription).
Instant warm_up_start(const Scenario& s) {
  const WarmUpSpec& w = s.sim.warm_up;
  if (w.period > 0) return std::min(s.start, warm_up_period_start(s.sim.start, s.sim.zone, w.period));
  if (w.bars <= 0) return s.start;
  Instant earliest = s.start;
  for (const auto& sub : s.subscriptions) {
    const Resolution r = w.resolution.value_or(sub.spec.resolution);
    const Micros step = r == Resolution::Daily ? kDay : resolution_step(r);
    const bool extended = sub.spec.extended_market_hours && (r == Resolution::Second || r == Resolution::Minute);
    const bool strict = bar_schedule(sub, s.sim.daily_precise_end_time).strict_daily;
    const auto start = warm_up_bars_start(*sub.hours, s.start, step, w.bars, extended, strict);
    if (!start)
      fail_input(s.config_file, "simulation.warm-up", sub.spec.security.text() + " has no " +
                                                           std::to_string(w.bars) + " open bars within a century before the start");
    earliest = std::min(earliest, *start);
  }
  return earliest;
}
}  // namespace

CalendarSpec Scenario::calendar() const {
  CalendarSpec c;
  for (const auto& sub : subscriptions) c.data.push_back(bar_schedule(sub, sim.daily_precise_end_time));
  c.benchmark_hours = benchmark_hours.get();
  c.start = start;
  c.end_exclusive = end_exclusive;
  c.recorded = recorded;
  if (has_warm_up()) {
    c.warm_up_start = warm_up_start;
    if (sim.warm_up.resolution) c.warm_up_step = resolution_step(*sim.warm_up.resolution);
  }
  return c;
}

CalendarSpec Scenario::calendar_of(size_t i) const {
  CalendarSpec c;
  c.data.push_back(bar_schedule(subscriptions.at(i), sim.daily_precise_end_time));
  c.start = start;
  c.end_exclusive = end_exclusive;
  c.no_start_slice = true;
  return c;
}

std::shared_ptr<const ExchangeHours> MarketHoursCache::get(const std::filesystem::path& data_folder,
                                                           const std::string& type, const std::string& market,
                                                           const std::string& ticker) {
  const std::string key = data_folder.string() + "\n" + security_key(ascii_upper(type), ascii_upper(market), ascii_upper(ticker));
  std::lock_guard<std::mutex> lock(mutex_);
  if (auto it = entries_.find(key); it != entries_.end()) return it->second;
  auto& [db, lookups] = files_[data_folder.string()];
  if (!db) db = std::make_shared<const MarketHoursDatabase>(MarketHoursDatabase::open(MarketHoursDatabase::path_in(data_folder)));
  // A run needs one or two entries, found by searching the file; a config
  // with many tickers has the keys indexed once instead.
  if (++lookups == kLookupsBeforeIndex) db = std::make_shared<const MarketHoursDatabase>(db->indexed());
  // Tickers without an entry of their own share their wildcard's: parsing
  // it once per ticker made 10,000 subscriptions take seconds.
  // One search of the file gives the entry's key and, when not cached, the entry.
  const auto found = db->resolve(type, market, ticker);
  const std::string entry = found ? found->key : "";
  const std::string entry_cache_key = data_folder.string() + "\n" + entry;
  if (!entry.empty())
    if (auto it = entries_.find(entry_cache_key); it != entries_.end()) return entries_.emplace(key, it->second).first->second;
  auto h = std::make_shared<const ExchangeHours>(db->entry(found, type, market, ticker));
  entries_.emplace(key, h);
  if (!entry.empty()) entries_.emplace(entry_cache_key, h);
  return h;
}

Scenario load_scenario(const ConfigDocument& doc, std::vector<std::string>& warnings, MarketHoursCache* cache,
                       ConfigUse use) {
  MarketHoursCache local;
  if (!cache) cache = &local;
  Scenario s;
  s.config_file = doc.file_name();
  s.lean = read_lean_settings(doc);
  warnings.insert(warnings.end(), s.lean.notes.begin(), s.lean.notes.end());
  s.sim = read_simulation_config(doc, warnings, use);
  if (s.lean.live_mode && s.sim.calendar_trace)
    fail_input(s.config_file, "simulation.calendar", "a recorded calendar cannot be replayed in live mode");

  // SPY (the benchmark, and LEAN's fallback for unknown tickers) trades on the USA equity hours.
  s.us_equity_hours = cache->get(s.lean.data_folder, "Equity", "usa", "SPY");
  auto ctx = std::make_shared<RuleContext>();
  ctx->default_hours.push_back(s.us_equity_hours.get());
  for (const auto& spec : s.sim.securities) {
    const SecurityKey& k = spec.security;
    Subscription sub{spec, cache->get(s.lean.data_folder, k.type, k.market, k.ticker)};
    s.hours_by_ticker.emplace(ascii_upper(k.ticker), sub.hours);
    s.markets.push_back(sub.hours.get());
    // LEAN's no-symbol market rules: SPY plus subscribed non-US-equity, non-24/7 securities.
    const bool is_us_equity = ascii_upper(k.type) == "EQUITY" && ascii_upper(k.market) == "USA";
    if (!is_us_equity && !sub.hours->always_open() &&
        std::find(ctx->default_hours.begin(), ctx->default_hours.end(), sub.hours.get()) == ctx->default_hours.end())
      ctx->default_hours.push_back(sub.hours.get());
    s.subscriptions.push_back(std::move(sub));
  }

  // The benchmark: the brokerage model's GetBenchmark, unless switched off.
  if (s.sim.benchmark) {
    const std::string key = *brokerage_benchmark(s.sim.brokerage);
    if (!key.empty()) {
      const SecurityKey k = parse_security(key, s.config_file, "simulation.brokerage");
      try {
        s.benchmark_hours = cache->get(s.lean.data_folder, k.type, k.market, k.ticker);
      } catch (const InputError& e) {
        fail_input(s.config_file, "simulation.brokerage", "the " + s.sim.brokerage + " benchmark " + key + ": " + e.what());
      }
    }
  }

  s.start = s.sim.zone.to_utc(s.sim.start, 0);
  s.end_exclusive = s.sim.zone.to_utc(s.sim.end + 1, 0);
  s.warm_up_start = warm_up_start(s);
  // The warm-up runs date rules from its start: it must stay in the years
  // the calendar covers, like the dates themselves.
  if (const Day w = s.sim.zone.to_local(s.warm_up_start).day; ymd_of(w).year < kFirstSupportedYear)
    fail_input(s.config_file, "simulation.warm-up",
               "it would start on " + format_date(w) + ", in the year " + std::to_string(ymd_of(w).year) +
                    ", outside the years trainsim simulates (" + std::to_string(kFirstSupportedYear) + " to " +
                    std::to_string(kLastSupportedYear) + "); shorten the warm-up or start later");
  if (s.has_warm_up() && s.sim.calendar_trace)
    fail_input(s.config_file, "simulation.warm-up", "a recorded calendar (simulation.calendar) already holds every loop; drop the warm-up");
  const Day first_date = s.sim.zone.to_local(s.warm_up_start).day;

  // Holidays are only as good as the years the database lists them for:
  // every subscription's entry and the benchmark's, each entry warned once.
  std::vector<const ExchangeHours*> entries(s.markets.begin(), s.markets.end());
  if (s.benchmark_hours) entries.push_back(s.benchmark_hours.get());
  std::vector<std::string> warned;
  for (const ExchangeHours* h : entries) {
    if (std::find(warned.begin(), warned.end(), h->key) != warned.end()) continue;
    warned.push_back(h->key);
    const std::string w = holiday_coverage_warning(*h, first_date, s.sim.end);
    if (!w.empty()) warnings.push_back(input_message(s.config_file, "simulation", w));
    bool any_hours = false;
    for (const auto& day : h->weekly) any_hours = any_hours || !day.empty();
    if (!any_hours)
      warnings.push_back(input_message(s.config_file, "simulation",
                                       "the market-hours entry " + h->key +
                                            " has no open hours on any day: no timeslice and no trading day will be "
                                            "simulated"));
  }

  if (s.sim.calendar_trace)
    s.recorded = std::make_shared<const std::vector<RecordedSlice>>(
        read_calendar_trace(*s.sim.calendar_trace, s.sim.zone, "simulation.calendar.trace"));
  if (s.recorded) {
    // Rows outside the dates would be simulated beyond what the report's
    // header says was run.
    size_t outside = 0;
    const RecordedSlice* first = nullptr;
    for (const auto& r : *s.recorded)
      if (r.time < s.start || r.time >= s.end_exclusive) {
        ++outside;
        if (!first) first = &r;
      }
    if (outside > 0)
      fail_input(s.sim.calendar_trace->string(), "simulation.calendar.trace",
                 std::to_string(outside) + " of " + std::to_string(s.recorded->size()) +
                      " rows lie outside simulation.start..end (" + format_date(s.sim.start) + " to " +
                      format_date(s.sim.end) + "), the first at " + format_instant(first->time, s.sim.zone) +
                      "; trim the trace or widen the dates");
  }

  ctx->algorithm_zone = s.sim.zone;
  // Asked once per event and date (the market rules): a map searched by
  // string_view, the ticker upper-cased on the stack.
  using ByTicker = std::map<std::string, std::shared_ptr<const ExchangeHours>, std::less<>>;
  ctx->hours_for = [by_ticker = ByTicker(s.hours_by_ticker.begin(), s.hours_by_ticker.end()),
                    us = s.us_equity_hours](std::string_view t) -> const ExchangeHours& {
    // A subscribed security by its ticker; any other ticker is, as in
    // LEAN's SymbolCache fallback, a USA equity.
    char upper[32];
    const auto it = t.size() > sizeof upper ? by_ticker.find(ascii_upper(t)) : [&] {
      for (size_t i = 0; i < t.size(); ++i) upper[i] = t[i] >= 'a' && t[i] <= 'z' ? static_cast<char>(t[i] - 32) : t[i];
      return by_ticker.find(std::string_view(upper, t.size()));
    }();
    return it != by_ticker.end() ? *it->second : *us;
  };
  ctx->now = s.warm_up_start;  // rules are first enumerated when the clock is at W
  s.rules = ctx;

  // Rules LEAN would reject with this calendar (offsets beyond a symbol's
  // week, no market for a symbol-less open rule) fail before anything runs.
  for (const auto* e : declared_events(s.sim)) {
    for (size_t i = 0; i < e->runtime.dates.size(); ++i)
      if (e->runtime.dates[i] < s.warm_up_start)
        fail_input(s.config_file, e->key_path + ".when.dates[" + std::to_string(i) + "]",
                   "is before the first loop (" + format_instant(s.warm_up_start, s.sim.zone) + "): no call can happen then");
    if (e->now || e->runtime_call()) continue;
    try {
      e->date_rule->validate(*ctx);
      e->time_rule->validate(*ctx);
    } catch (const RuleError& err) {
      fail_input(s.config_file, e->key_path, err.what());
    }
  }
  return s;
}

}  // namespace trainsim
