#include "report/report.h"

#include "sim/event_list.h"

#include <cstdio>
#include <fstream>
#include <system_error>
#include <unistd.h>

namespace trainsim {
namespace {

// Minutes as a JSON number with at most 6 decimals, identical on every machine.
nlohmann::ordered_json minutes(Micros m) {
  return nlohmann::ordered_json::parse(format_minutes(m));
}

// A ratio rounded to 4 decimals, exactly.
nlohmann::ordered_json share_of(Micros part, Micros whole) {
  if (whole <= 0) return 0;
  const long long ten_thousandths = (part * 10000 + whole / 2) / whole;
  return static_cast<double>(ten_thousandths) / 10000.0;
}

}  // namespace

std::string format_instant(Instant t, const TimeZone& zone) {
  const Micros off = zone.offset_at(t);
  const Micros local = t + off;
  const Day d = static_cast<Day>(floor_div(local, kDay));
  const Micros tod = local - static_cast<Micros>(d) * kDay;
  const Ymd v = ymd_of(d);
  char buf[64];
  const long long secs = tod / kSecond, us = tod % kSecond;
  int n = std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02lld:%02lld:%02lld", v.year, v.month, v.day, secs / 3600,
                        (secs / 60) % 60, secs % 60);
  if (us) n += std::snprintf(buf + n, sizeof buf - static_cast<size_t>(n), ".%06lld", us);
  const long long off_min = off / kMinute;
  if (off_min == 0) {
    std::snprintf(buf + n, sizeof buf - static_cast<size_t>(n), "Z");
  } else {
    const long long a = off_min < 0 ? -off_min : off_min;
    std::snprintf(buf + n, sizeof buf - static_cast<size_t>(n), "%c%02lld:%02lld", off_min < 0 ? '-' : '+', a / 60, a % 60);
  }
  return buf;
}

nlohmann::ordered_json report_json(const Scenario& s, const SimulationResult& r) {
  const auto declared = declared_events(s.sim);
  auto name_of = [&](int i) -> nlohmann::ordered_json {
    if (i < 0) return nullptr;
    return declared[static_cast<size_t>(i)]->name;
  };
  nlohmann::ordered_json j;
  j["outcome"] = r.completed() ? "completed" : "failed";
  j["mode"] = r.live ? "live" : "backtest";
  if (r.failure) {
    j["failure"] = {{"algorithm-time", format_instant(r.failure->algorithm_time, s.sim.zone)},
                    {"wall-minutes", minutes(r.failure->wall)},
                    {"event", name_of(r.failure->event)},
                    {"message", r.failure->message}};
  } else {
    j["failure"] = nullptr;
  }
  j["timeslices"] = r.timeslices;
  j["trading-days"] = r.trading_days;
  j["wall-minutes"] = minutes(r.wall);
  j["bucket"] = {{"capacity", r.bucket.capacity},       {"refill-amount", r.bucket.refill_amount},
                 {"interval-minutes", r.bucket.interval_minutes}, {"charged", r.bucket.charged},
                 {"refilled", r.bucket.refilled},       {"final", r.bucket.final_level},
                 {"minimum", r.bucket.minimum}};
  j["training"] = {{"sessions", r.training_sessions}, {"minutes", minutes(r.training_time)}};
  j["limits"] = {{"loop-maximum-minutes", s.lean.loop_maximum_minutes},
                 {"bucket-clock", s.sim.bucket_clock == BucketClock::Wall ? "wall" : "algorithm"}};
  j["scheduled-event-runs"] = r.event_occurrences;
  nlohmann::ordered_json events = nlohmann::ordered_json::array();
  for (const auto& e : r.events) {
    nlohmann::ordered_json o;
    o["name"] = declared[static_cast<size_t>(e.event)]->name;
    o["training"] = declared[static_cast<size_t>(e.event)]->training;
    o["scheduled"] = format_instant(e.scheduled, s.sim.zone);
    o["fired"] = format_instant(e.fired, s.sim.zone);
    o["wall-start-minutes"] = minutes(e.wall_start);
    o["minutes"] = minutes(e.duration);
    o["charged"] = e.charged;
    o["bucket-before"] = e.bucket_before;
    o["bucket-after"] = e.bucket_after;
    events.push_back(std::move(o));
  }
  if (r.model) {
    const auto& m = *r.model;
    j["model"] = {{"timeslices-while-training", m.timeslices_while_training},
                  {"market-minutes-without-model", minutes(m.market_time_without_model)},
                  {"longest-without-model-minutes", minutes(m.longest_without_model)},
                  {"training-share-in-open-market",
                   share_of(m.training_in_open_market, m.training_total)}};
  }
  j["events"] = std::move(events);
  return j;
}

void print_summary(std::ostream& out, const Scenario& s, const SimulationResult& r, const Advice& advice) {
  const auto declared = declared_events(s.sim);
  out << "trainsim: " << (r.live ? "live" : "backtest") << " " << format_date(s.sim.start) << " .. "
      << format_date(s.sim.end) << " on ";
  for (size_t i = 0; i < s.subscriptions.size(); ++i)
    out << (i ? ", " : "") << s.subscriptions[i].hours->key << " (" << to_string(s.subscriptions[i].spec.resolution)
        << ")";
  out << "\n";
  if (r.completed()) {
    out << "outcome:  COMPLETED\n";
  } else {
    const auto& f = *r.failure;
    out << "outcome:  FAILED at " << format_instant(f.algorithm_time, s.sim.zone) << " (wall minute "
        << format_minutes(f.wall) << ")"
        << (f.event >= 0 ? " during '" + declared[static_cast<size_t>(f.event)]->name + "'" : " in OnData") << "\n";
    out << "          Runtime Error: " << f.message << "\n";
  }
  out << "training: " << r.training_sessions << " sessions, " << format_minutes(r.training_time) << " minutes\n";
  out << "bucket:   charged " << r.bucket.charged << ", refilled " << r.bucket.refilled << ", minimum "
      << r.bucket.minimum << ", final " << r.bucket.final_level << " of " << r.bucket.capacity << "\n";
  out << "run:      " << r.timeslices << " timeslices over " << r.trading_days << " trading days, about "
      << format_minutes(r.wall) << " wall minutes";
  // format_minutes(x / 60) reads x in hours.
  if (r.wall >= 2 * kHour) out << " (" << format_minutes(r.wall / 60) << " hours)";
  out << "\n";
  if (!advice.text.empty()) out << "advice:   " << advice.text << "\n";
}

void write_file_atomically(const std::filesystem::path& path, const std::string& content) {
  const auto dir = path.parent_path().empty() ? std::filesystem::path(".") : path.parent_path();
  const auto tmp = dir / ("." + path.filename().string() + ".tmp." + std::to_string(::getpid()));
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) throw std::runtime_error(path.string() + ": cannot write (does the folder exist?)");
    out << content;
    out.flush();
    if (!out) {
      std::error_code ec;
      std::filesystem::remove(tmp, ec);
      throw std::runtime_error(path.string() + ": write failed");
    }
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    std::filesystem::remove(tmp, ec);
    throw std::runtime_error(path.string() + ": cannot replace: " + ec.message());
  }
}

TimelineCsv::TimelineCsv(const TimeZone& zone) : zone_(zone) {
  text_ = "algorithm_time,wall_minutes,what,name,bucket\n";
}

TimelineSink TimelineCsv::sink() {
  return [this](const TimelineRow& r) {
    std::string name(r.name);
    if (name.find_first_of(",\"") != std::string::npos) {
      std::string q = "\"";
      for (char c : name) q += c == '"' ? std::string("\"\"") : std::string(1, c);
      name = q + "\"";
    }
    text_ += format_instant(r.algorithm_time, zone_) + "," + format_minutes(r.wall) + "," + std::string(r.what) +
             "," + name + "," + std::to_string(r.bucket_level) + "\n";
  };
}

}  // namespace trainsim
