// civil/time_zone.cpp — time zones from the system's TZif files, with LEAN's
// lenient local-to-UTC resolution.
#include "civil/time_zone.h"

#include "civil/instant_text.h"

#include <algorithm>
#include <cstdio>
#include <cctype>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <stdexcept>
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

// The system tz database's folder (date/tz reads the same one).
constexpr const char* kZoneInfo = "/usr/share/zoneinfo";

// Whether `name` is a zone id date/tz lists: a relative path under the zone
// folder, no component hidden or "..", and none of the folder's non-zone
// entries (its posix/ and right/ copies, Factory, the tables).
bool plausible_zone_id(std::string_view name) {
  if (name.empty() || name.size() > 255 || name.front() == '/' || name.back() == '/') return false;
  for (char c : name)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '/' || c == '_' || c == '-' || c == '+' || c == '.'))
      return false;
  size_t pos = 0;
  for (bool first = true; pos <= name.size(); first = false) {
    const size_t slash = std::min(name.find('/', pos), name.size());
    const std::string_view part = name.substr(pos, slash - pos);
    if (part.empty() || part.front() == '.') return false;
    if (first && (part.substr(0, 5) == "posix" || part == "right" || part == "Factory" || part == "iso3166.tab" ||
                  part == "zone.tab" || part == "zone1970.tab" || part == "tzdata.zi" || part == "leapseconds" ||
                  part == "leap-seconds.list" || part == "+VERSION" || part == "version"))
      return false;
    pos = slash + 1;
  }
  return true;
}

std::int64_t big_endian(const unsigned char* p, int bytes) {
  std::uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v = (v << 8) | p[i];
  if (bytes == 4) return static_cast<std::int32_t>(static_cast<std::uint32_t>(v));
  return static_cast<std::int64_t>(v);
}

// The zone's offset history, 1800-2200, from its one TZif file (RFC 8536):
// the 64-bit block of a version 2+ file, else the 32-bit one. As date/tz
// reads these files: before the first transition the first local time type
// applies, after the last one its type, and the POSIX footer is not used
// (the system's files list transitions up to 2037). Throws for a missing
// or malformed file.
std::vector<TimeZone::Period> read_tzif(const std::string& name) {
  std::ifstream in(std::string(kZoneInfo) + "/" + name, std::ios::binary);
  if (!in) throw std::runtime_error("no time zone file " + name);
  const std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto* b = reinterpret_cast<const unsigned char*>(data.data());
  auto fail = [&] { throw std::runtime_error("malformed time zone file " + name); };
  struct Header {
    std::int64_t isut, isstd, leap, times, types, chars;
  };
  auto header = [&](size_t at) {
    if (at + 44 > data.size() || data.compare(at, 4, "TZif") != 0) fail();
    const unsigned char* c = b + at + 20;
    Header h{big_endian(c, 4),      big_endian(c + 4, 4),  big_endian(c + 8, 4),
             big_endian(c + 12, 4), big_endian(c + 16, 4), big_endian(c + 20, 4)};
    if (h.isut < 0 || h.isstd < 0 || h.leap < 0 || h.times < 0 || h.types <= 0 || h.chars < 0) fail();
    return h;
  };
  auto block_size = [](const Header& h, int time_bytes) {
    return h.times * time_bytes + h.times + h.types * 6 + h.chars + h.leap * (time_bytes + 4) + h.isstd + h.isut;
  };
  Header h = header(0);
  size_t at = 44;
  int time_bytes = 4;
  if (data[4] >= '2') {
    at += static_cast<size_t>(block_size(h, 4));
    h = header(at);
    at += 44;
    time_bytes = 8;
  }
  if (at + static_cast<size_t>(block_size(h, time_bytes)) > data.size()) fail();
  const unsigned char* times = b + at;
  const unsigned char* index = times + h.times * time_bytes;
  const unsigned char* types = index + h.times;
  auto offset_of = [&](std::int64_t type) {
    if (type >= h.types) fail();
    return big_endian(types + type * 6, 4) * kSecond;
  };
  constexpr std::int64_t kFrom = -5364662400, kTo = 7258118400;  // 1800-01-01, 2200-01-01
  std::vector<TimeZone::Period> periods;
  // Before the first transition (and from 1800 when it is earlier): its type.
  std::int64_t k = 0;
  while (k < h.times && big_endian(times + k * time_bytes, time_bytes) <= kFrom) ++k;
  periods.push_back({INT64_MIN, k == 0 ? offset_of(0) : offset_of(index[k - 1])});
  for (; k < h.times; ++k) {
    const std::int64_t t = big_endian(times + k * time_bytes, time_bytes);
    if (t >= kTo) break;
    const Micros offset = offset_of(index[k]);
    if (offset != periods.back().offset) periods.push_back({t * kSecond, offset});
  }
  return periods;
}

}  // namespace

TimeZone::History::History(std::vector<Period> p) : periods(std::move(p)) {
  if (periods.size() < 2) return;
  const auto [low, high] = std::minmax_element(periods.begin(), periods.end(),
                                               [](const Period& a, const Period& b) { return a.offset < b.offset; });
  spread = high->offset - low->offset;
  const Instant first = periods[1].begin;
  const auto blocks = static_cast<size_t>(((periods.back().begin - first) >> kBlockBits) + 1);
  first_in_block.reserve(blocks);
  std::uint32_t i = 1;
  for (size_t b = 0; b < blocks; ++b) {
    const Instant start = first + (static_cast<Instant>(b) << kBlockBits);
    while (i + 1 < periods.size() && periods[i + 1].begin <= start) ++i;
    first_in_block.push_back(i);
  }
}

std::shared_ptr<const TimeZone::History> TimeZone::load_history(const std::string& name) {
  static std::mutex mutex;
  static std::map<std::string, std::shared_ptr<const History>> cache;
  std::lock_guard<std::mutex> lock(mutex);
  if (auto it = cache.find(name); it != cache.end()) return it->second;
  if (!plausible_zone_id(name)) throw std::runtime_error("not a time zone id");
  auto history = std::make_shared<const History>(read_tzif(name));
  cache.emplace(name, history);
  return history;
}

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
    tz.history_ = load_history(tz.name_);
  } catch (const std::exception&) {
    return std::nullopt;
  }
  return tz;
}

size_t TimeZone::period_index(Instant t) const {
  const auto& p = history_->periods;
  if (p.size() < 2 || t < p[1].begin) return 0;
  if (t >= p.back().begin) return p.size() - 1;
  // Periods are far longer than a block apart in practice; the loop is exact whatever they are.
  size_t i = history_->first_in_block[static_cast<size_t>((t - p[1].begin) >> History::kBlockBits)];
  while (p[i + 1].begin <= t) ++i;
  return i;
}

Micros TimeZone::offset_at(Instant t) const {
  return history_ ? history_->periods[period_index(t)].offset : fixed_offset_;
}

Instant TimeZone::to_utc(Day day, Micros time_of_day) const {
  const Micros local = static_cast<Micros>(day) * kDay + time_of_day;
  if (!history_) return local - fixed_offset_;
  const auto& p = history_->periods;
  // Most local times: read with the offset in force at `local` taken as UTC,
  // they fall inside that period farther from its ends than any two of the
  // zone's offsets differ, so no other period's offset reads them into its
  // own period: the one valid reading, which the search below also finds.
  const size_t j = period_index(local);
  const Instant read = local - p[j].offset;
  if (read >= p[j].begin + history_->spread && (j + 1 == p.size() || read + history_->spread < p[j + 1].begin))
    return read;
  // The period that holds `local` read with the earliest-applicable offset;
  // then check the later period for LEAN's lenient choices.
  size_t i = period_index(read);
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

namespace {
// The two digits of v (0..99) at p, from a table; past them.
char* put2(char* p, long long v) {
  static constexpr char kPairs[] =
      "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
      "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
      "8081828384858687888990919293949596979899";
  std::memcpy(p, kPairs + 2 * v, 2);
  return p + 2;
}
// `n` decimal digits of v (zero-padded, n even) at p, two at a time; past them.
char* put_digits(char* p, long long v, int n) {
  for (int i = n - 2; i >= 0; i -= 2, v /= 100) put2(p + i, v % 100);
  return p + n;
}
}  // namespace

// A report formats one per event (thousands): digits by hand, no snprintf.
InstantText instant_text(Instant t, const TimeZone& zone) {
  InstantText out;
  const Micros off = zone.offset_at(t);
  const Micros local = t + off;
  const Day d = static_cast<Day>(floor_div(local, kDay));
  const Micros tod = local - static_cast<Micros>(d) * kDay;
  const Ymd v = ymd_of(d);
  char* p = put_digits(out.text, v.year, 4);  // 1400..9999
  *p++ = '-';
  p = put2(p, v.month);
  *p++ = '-';
  p = put2(p, v.day);
  *p++ = 'T';
  const long long secs = tod / kSecond, us = tod % kSecond;
  p = put2(p, secs / 3600);
  *p++ = ':';
  p = put2(p, (secs / 60) % 60);
  *p++ = ':';
  p = put2(p, secs % 60);
  if (us) {
    *p++ = '.';
    p = put_digits(p, us, 6);
  }
  const long long off_min = off / kMinute;
  if (off_min == 0) {
    *p++ = 'Z';
  } else {
    const long long a = off_min < 0 ? -off_min : off_min;
    *p++ = off_min < 0 ? '-' : '+';
    p = put2(p, a / 60);
    *p++ = ':';
    p = put2(p, a % 60);
  }
  out.size = static_cast<size_t>(p - out.text);
  return out;
}

std::string format_instant(Instant t, const TimeZone& zone) { return std::string(instant_text(t, zone).view()); }

std::string tz_database_version() {
  // The OS database's own +VERSION file, as date/tz reads it; Debian's tzdata
  // lacks it, and its tzdata.zi starts with "# version 2024a". Read directly,
  // so that the binary does not load date/tz (a shared library, and the whole
  // database) to print one word.
  std::string v;
  if (std::ifstream version(std::string(kZoneInfo) + "/+VERSION"); version >> v && !v.empty()) return v;
  std::ifstream zi(std::string(kZoneInfo) + "/tzdata.zi");
  std::string hash, word;
  if (zi >> hash >> word >> v && hash == "#" && word == "version") return v;
  return "unknown";
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
