#include "civil/time_zone.h"

#include <date/tz.h>

#include <algorithm>
#include <cstdio>
#include <charconv>
#include <fstream>
#include <chrono>
#include <map>
#include <mutex>

namespace trainsim {
namespace {
using std::chrono::seconds;

std::optional<Micros> parse_fixed_offset(std::string_view s) {
  // "UTC-05", "UTC+9", "UTC+09:30"
  if (s.size() < 5 || s.substr(0, 3) != "UTC" || (s[3] != '+' && s[3] != '-')) return std::nullopt;
  const int sign = s[3] == '-' ? -1 : 1;
  std::string_view rest = s.substr(4);
  int h = 0, m = 0;
  const auto colon = rest.find(':');
  const std::string_view hs = rest.substr(0, colon);
  auto r = std::from_chars(hs.data(), hs.data() + hs.size(), h);
  if (r.ec != std::errc() || r.ptr != hs.data() + hs.size() || hs.empty() || h > 14) return std::nullopt;
  if (colon != std::string_view::npos) {
    const std::string_view ms = rest.substr(colon + 1);
    r = std::from_chars(ms.data(), ms.data() + ms.size(), m);
    if (r.ec != std::errc() || r.ptr != ms.data() + ms.size() || ms.size() != 2 || m > 59) return std::nullopt;
  }
  return sign * (h * kHour + m * kMinute);
}

std::shared_ptr<const std::vector<TimeZone::Period>> load_periods(const std::string& name) {
  static std::mutex mutex;
  static std::map<std::string, std::shared_ptr<const std::vector<TimeZone::Period>>> cache;
  std::lock_guard<std::mutex> lock(mutex);
  if (auto it = cache.find(name); it != cache.end()) return it->second;
  const date::time_zone* zone = date::locate_zone(name);  // throws for unknown ids
  auto periods = std::make_shared<std::vector<TimeZone::Period>>();
  const date::sys_seconds stop{seconds(7258118400)};   // 2200-01-01
  date::sys_seconds at{seconds(-5364662400)};          // 1800-01-01
  periods->push_back({INT64_MIN, zone->get_info(at).offset.count() * kSecond});
  while (at < stop) {
    const date::sys_info info = zone->get_info(at);
    const Micros offset = info.offset.count() * kSecond;
    if (offset != periods->back().offset) periods->push_back({at.time_since_epoch().count() * kSecond, offset});
    if (info.end <= at) break;
    at = info.end;
  }
  cache.emplace(name, periods);
  return periods;
}
}  // namespace

TimeZone::TimeZone() = default;

std::optional<TimeZone> TimeZone::find(std::string_view name) {
  TimeZone tz;
  tz.name_ = std::string(name);
  if (name == "UTC" || name == "Etc/UTC") {
    tz.name_ = "UTC";
    return tz;
  }
  if (auto off = parse_fixed_offset(name)) {
    tz.fixed_offset_ = *off;
    return tz;
  }
  try {
    tz.periods_ = load_periods(tz.name_);
  } catch (const std::exception&) {
    return std::nullopt;
  }
  return tz;
}

size_t TimeZone::period_index(Instant t) const {
  const auto& p = *periods_;
  auto it = std::upper_bound(p.begin(), p.end(), t, [](Instant v, const Period& q) { return v < q.begin; });
  return static_cast<size_t>(it - p.begin()) - 1;  // p[0].begin is INT64_MIN
}

Micros TimeZone::offset_at(Instant t) const {
  return periods_ ? (*periods_)[period_index(t)].offset : fixed_offset_;
}

Instant TimeZone::to_utc(Day day, Micros time_of_day) const {
  const Micros local = static_cast<Micros>(day) * kDay + time_of_day;
  if (!periods_) return local - fixed_offset_;
  const auto& p = *periods_;
  // The period that holds `local` read with the earliest-applicable offset;
  // then check the later period for LEAN's lenient choices.
  size_t i = period_index(local - p[period_index(local)].offset);
  // Local time L is valid in period i when begin_i <= L - off_i < begin_{i+1}.
  auto valid = [&](size_t k) {
    const Instant u = local - p[k].offset;
    return u >= p[k].begin && (k + 1 == p.size() || u < p[k + 1].begin);
  };
  // Prefer the latest valid period: an ambiguous time takes the later instant.
  for (size_t k = std::min(i + 1, p.size() - 1) + 1; k-- > (i == 0 ? 0 : i - 1);) {
    if (valid(k)) return local - p[k].offset;
    if (k == 0) break;
  }
  // In a gap (spring forward): the first instant after it.
  for (size_t k = (i == 0 ? 0 : i - 1); k + 1 < p.size() && k <= i + 1; ++k) {
    const Instant next = p[k + 1].begin;
    if (local - p[k].offset >= next && local - p[k + 1].offset < next) return next;
  }
  return local - p.back().offset;
}

LocalTime TimeZone::to_local(Instant t) const {
  const Micros local = t + offset_at(t);
  const Day d = static_cast<Day>(floor_div(local, kDay));
  return {d, local - static_cast<Micros>(d) * kDay};
}

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

std::string tz_database_version() {
  std::string v;
  try {
    v = date::get_tzdb().version;
  } catch (const std::exception&) {
  }
  // date/tz reads the version from the OS database's +VERSION file, which
  // Debian's tzdata lacks; its tzdata.zi starts with "# version 2024a".
  if (v.empty() || v == "unknown") {
    std::ifstream zi("/usr/share/zoneinfo/tzdata.zi");
    std::string hash, word;
    if (zi >> hash >> word >> v && hash == "#" && word == "version") return v;
    v = "unknown";
  }
  return v;
}

}  // namespace trainsim

namespace trainsim {
namespace {
// Exactly `n` digits at `pos`, or -1.
int digits(std::string_view s, size_t pos, size_t n) {
  if (pos + n > s.size()) return -1;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return -1;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}
}  // namespace

std::optional<Instant> parse_date_time(std::string_view text, const TimeZone& zone) {
  if (text.size() < 16 || (text[10] != 'T' && text[10] != ' ')) return std::nullopt;
  const auto day = parse_date(text.substr(0, 10));
  const int h = digits(text, 11, 2), m = digits(text, 14, 2);
  if (!day || h < 0 || m < 0 || text[13] != ':' || h > 23 || m > 59) return std::nullopt;
  Micros tod = h * kHour + m * kMinute;
  size_t pos = 16;
  if (pos < text.size() && text[pos] == ':') {
    const int sec = digits(text, pos + 1, 2);
    if (sec < 0 || sec > 59) return std::nullopt;
    tod += sec * kSecond;
    pos += 3;
    if (pos < text.size() && text[pos] == '.') {
      Micros frac = 0, scale = 100000;
      size_t i = pos + 1;
      for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i, scale /= 10) {
        if (scale == 0) return std::nullopt;  // finer than a microsecond
        frac += (text[i] - '0') * scale;
      }
      if (i == pos + 1) return std::nullopt;
      tod += frac;
      pos = i;
    }
  }
  const std::string_view zone_part = text.substr(pos);
  const Instant utc_wall = static_cast<Instant>(*day) * kDay + tod;
  if (zone_part.empty()) return zone.to_utc(*day, tod);
  if (zone_part == "Z") return utc_wall;
  if (zone_part.size() != 6 || (zone_part[0] != '+' && zone_part[0] != '-') || zone_part[3] != ':')
    return std::nullopt;
  const int oh = digits(zone_part, 1, 2), om = digits(zone_part, 4, 2);
  if (oh < 0 || om < 0 || oh > 18 || om > 59) return std::nullopt;
  const Micros offset = (zone_part[0] == '-' ? -1 : 1) * (oh * kHour + om * kMinute);
  return utc_wall - offset;
}

}  // namespace trainsim
