// calendar/market_hours_database.cpp — finding and reading one entry of LEAN's
// market-hours file (searched once per lookup).
#include "calendar/market_hours_database.h"
#include "text/ascii_case.h"
#include "text/find_text.h"

#include "calendar/security_key.h"
#include "input/input_error.h"
#include "input/input_files.h"
#include "input/json_text.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <fstream>
#include <map>
#include <unordered_map>

namespace trainsim {
namespace {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

// Index just past the JSON string starting at text[i] == '"'.
size_t skip_string(std::string_view text, size_t i) {
  for (++i; i < text.size(); ++i) {
    if (text[i] == '\\') ++i;
    else if (text[i] == '"') return i + 1;
  }
  return text.size();
}

// Index just past the object or array starting at text[i].
size_t skip_value(std::string_view text, size_t i) {
  int depth = 0;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '"') {
      i = skip_string(text, i) - 1;
    } else if (c == '{' || c == '[') {
      ++depth;
    } else if (c == '}' || c == ']') {
      if (--depth == 0) return i + 1;
    } else if (c == '/' && i + 1 < text.size() && text[i + 1] == '/') {
      i = text.find('\n', i);
      if (i == std::string::npos) return text.size();
    } else if (c == '/' && i + 1 < text.size() && text[i + 1] == '*') {
      i = text.find("*/", i + 2);
      if (i == std::string::npos) return text.size();
      ++i;
    }
  }
  return text.size();
}

size_t skip_space(std::string_view text, size_t i) {
  while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
  return i;
}

// A time of day as LEAN's JSON writes a .NET TimeSpan, from 0 to one day:
// "hh:mm", "hh:mm:ss", "d.hh:mm:ss", the general "d:hh:mm:ss" (LEAN writes
// 24:00 as "1.00:00:00" and as "1:00:00:00") and a bare "d", seconds with an
// optional fraction of up to 7 digits (100 ns ticks) that is whole microseconds.
std::optional<Micros> parse_time_of_day(const std::string& s) {
  long long n[5] = {};
  int digits[5] = {};
  std::string seps;  // the separator after each number but the last
  int parts = 0;
  for (size_t i = 0;; ++i) {
    if (parts == 5) return std::nullopt;
    size_t j = i;
    while (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j])) && j - i < 9) n[parts] = n[parts] * 10 + (s[j++] - '0');
    digits[parts] = static_cast<int>(j - i);
    if (digits[parts] == 0) return std::nullopt;
    ++parts;
    if (j == s.size()) break;
    if (s[j] != ':' && s[j] != '.') return std::nullopt;
    seps += s[j];
    i = j;
  }
  long long d = 0, h = 0, m = 0, sec = 0, fraction = 0;
  int fraction_digits = 0;
  if (seps.empty()) d = n[0];
  else if (seps == ":") h = n[0], m = n[1];
  else if (seps == "::") h = n[0], m = n[1], sec = n[2];
  else if (seps == ".:") d = n[0], h = n[1], m = n[2];
  else if (seps == ".::" || seps == ":::") d = n[0], h = n[1], m = n[2], sec = n[3];
  else if (seps == "::.") h = n[0], m = n[1], sec = n[2], fraction = n[3], fraction_digits = digits[3];
  else if (seps == ".::." || seps == ":::.") d = n[0], h = n[1], m = n[2], sec = n[3], fraction = n[4], fraction_digits = digits[4];
  else return std::nullopt;
  if (d > 1 || h > 24 || m > 59 || sec > 59 || fraction_digits > 7) return std::nullopt;
  long long ticks = fraction;  // in 100 ns
  for (int i = fraction_digits; i < 7; ++i) ticks *= 10;
  if (ticks % 10 != 0) return std::nullopt;  // finer than a microsecond
  const Micros t = d * kDay + h * kHour + m * kMinute + sec * kSecond + ticks / 10;
  return t <= kDay ? std::optional<Micros>(t) : std::nullopt;
}

}  // namespace

std::filesystem::path MarketHoursDatabase::path_in(const std::filesystem::path& data_folder) {
  return data_folder / "market-hours" / "market-hours-database.json";
}

MarketHoursDatabase MarketHoursDatabase::open(const std::filesystem::path& file) {
  MarketHoursDatabase db;
  db.file_ = file;
  // Mapped, not read: only the pages the search touches are faulted in.
  const int fd = ::open(file.string().c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) fail_input(file.string(), "", "cannot read the market-hours database (check data-folder)");
  note_input_file(file);
  struct stat st {};
  const bool sized = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0;
  void* p = sized ? ::mmap(nullptr, static_cast<size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0) : MAP_FAILED;
  if (p == MAP_FAILED) {
    ::close(fd);
    fail_input(file.string(), "", "the market-hours database is empty or unreadable");
  }
  const size_t size = static_cast<size_t>(st.st_size);
  // The descriptor stays open for the searches (search()), as long as the mapping.
  db.mapping_ = std::shared_ptr<const void>(p, [size, fd](const void* q) {
    ::munmap(const_cast<void*>(q), size);
    ::close(fd);
  });
  db.text_ = std::string_view(static_cast<const char*>(p), size);
  db.fd_ = fd;
  return db;
}

MarketHoursDatabase MarketHoursDatabase::from_text(std::string text, const std::filesystem::path& name) {
  MarketHoursDatabase db;
  db.file_ = name;
  auto owned = std::make_shared<const std::string>(std::move(text));
  db.text_ = *owned;
  db.mapping_ = owned;
  return db;
}

// Where the object after the quoted key at `quote` opens, or npos when
// the key is not followed by `: {`.
size_t MarketHoursDatabase::object_after(size_t quote, size_t key_size) const {
  size_t i = skip_space(text_, quote + key_size + 2);
  if (i >= text_.size() || text_[i] != ':') return std::string_view::npos;
  i = skip_space(text_, i + 1);
  return i < text_.size() && text_[i] == '{' ? i : std::string_view::npos;
}

std::optional<MarketHoursDatabase::Span> MarketHoursDatabase::entry_at(size_t quote, size_t key_size) const {
  const size_t i = object_after(quote, key_size);
  if (i == std::string_view::npos) return std::nullopt;
  return Span{i, skip_value(text_, i), std::string(text_.substr(quote + 1, key_size))};
}

// Every quoted text followed by `: {`, by its first place: as spelled, and
// lower-cased. A key without a quote in it matches only between two
// consecutive quotes of the file, so these answer exactly what the searches
// below would.
struct MarketHoursDatabase::KeyIndex {
  std::unordered_map<std::string, size_t> exact, folded;
};

MarketHoursDatabase MarketHoursDatabase::indexed() const {
  auto index = std::make_shared<KeyIndex>();
  const char* base = text_.data();
  const char* end = base + text_.size();
  const char* open = static_cast<const char*>(std::memchr(base, '"', text_.size()));
  while (open) {
    const char* close = static_cast<const char*>(std::memchr(open + 1, '"', static_cast<size_t>(end - open - 1)));
    if (!close) break;
    const size_t at = static_cast<size_t>(open - base), size = static_cast<size_t>(close - open - 1);
    if (object_after(at, size) != std::string_view::npos) {
      const std::string_view key(open + 1, size);
      index->exact.emplace(std::string(key), at);
      index->folded.emplace(ascii_lower(key), at);
    }
    open = close;
  }
  MarketHoursDatabase db = *this;
  db.index_ = std::move(index);
  return db;
}

size_t MarketHoursDatabase::search(std::string_view needle, size_t from) const {
  // A key that is absent (SPY's, in LEAN's file) is searched for to the end:
  // read through a buffer, not the mapping (find_text_in_file says why).
  if (fd_ >= 0)
    if (const auto at = find_text_in_file(fd_, text_.size(), needle, from)) return *at;
  return find_text(text_, needle, from);
}

std::optional<MarketHoursDatabase::Span> MarketHoursDatabase::find_entry(const std::string& key, bool scan) const {
  // Entry keys (Type-market-symbol) occur nowhere else in the file, so a
  // quoted match followed by ':' and '{' is the entry. LEAN matches keys
  // case-insensitively; try the exact spelling first (a fast search).
  if (index_ && key.find('"') == std::string::npos) {
    if (auto it = index_->exact.find(key); it != index_->exact.end()) return entry_at(it->second, key.size());
    if (!scan) return std::nullopt;
    if (auto it = index_->folded.find(ascii_lower(key)); it != index_->folded.end()) return entry_at(it->second, key.size());
    return std::nullopt;
  }
  const std::string quoted = "\"" + key + "\"";
  for (size_t at = search(quoted, 0); at != std::string::npos; at = search(quoted, at + 1))
    if (auto s = entry_at(at, key.size())) return s;
  if (!scan) return std::nullopt;
  const char* base = text_.data();
  for (const char* p = base; (p = static_cast<const char*>(
                                  std::memchr(p, '"', text_.size() - static_cast<size_t>(p - base))));
       ++p) {
    const size_t at = static_cast<size_t>(p - base);
    if (at + key.size() + 1 < text_.size() && text_[at + key.size() + 1] == '"' &&
        iequals(text_.substr(at + 1, key.size()), key))
      if (auto s = entry_at(at, key.size())) return s;
  }
  return std::nullopt;
}

ExchangeHours MarketHoursDatabase::parse_entry(const Span& span) const {
  const std::string file = file_.string();
  const std::string path = "entries." + span.key;
  nlohmann::json e;
  try {
    e = parse_json_text(text_.substr(span.begin, span.end - span.begin), file);
  } catch (const InputError&) {
    // Re-parse the whole file to report the position in it.
    parse_json_text(text_, file);
    throw;
  }
  if (!e.is_object()) fail_input(file, path, "expected an object");
  ExchangeHours h;
  h.key = span.key;
  auto zone = [&](const char* k) {
    if (!e.contains(k) || !e[k].is_string()) fail_input(file, path + "." + k, "missing time zone");
    const auto tz = TimeZone::find(e[k].get<std::string>());
    if (!tz) fail_input(file, path + "." + k, "unknown time zone \"" + e[k].get<std::string>() + "\"");
    return *tz;
  };
  h.exchange_zone = zone("exchangeTimeZone");
  h.data_zone = e.contains("dataTimeZone") ? zone("dataTimeZone") : h.exchange_zone;

  static const char* kDays[7] = {"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"};
  for (int d = 0; d < 7; ++d) {
    if (!e.contains(kDays[d])) continue;
    const auto& segs = e[kDays[d]];
    const std::string dp = path + "." + kDays[d];
    if (!segs.is_array()) fail_input(file, dp, "expected an array of segments");
    for (size_t i = 0; i < segs.size(); ++i) {
      const auto& s = segs[i];
      const std::string sp = dp + "[" + std::to_string(i) + "]";
      if (!s.is_object()) fail_input(file, sp, "expected a segment object");
      auto text_field = [&](const char* k, const char* absent) {
        if (!s.contains(k)) return std::string(absent);
        if (!s[k].is_string()) fail_input(file, sp + "." + k, "expected a string, got " + s[k].dump());
        return s[k].get<std::string>();
      };
      const std::string state = text_field("state", "market");
      SegmentState st;
      if (iequals(state, "market")) st = SegmentState::Market;
      else if (iequals(state, "premarket")) st = SegmentState::PreMarket;
      else if (iequals(state, "postmarket")) st = SegmentState::PostMarket;
      else if (iequals(state, "closed")) continue;
      else fail_input(file, sp + ".state", "unknown state \"" + state + "\"");
      const auto a = parse_time_of_day(text_field("start", ""));
      const auto b = parse_time_of_day(text_field("end", ""));
      if (!a || !b || *b <= *a) fail_input(file, sp, "bad start/end times (\"hh:mm:ss\", end after start)");
      h.weekly[static_cast<size_t>(d)].push_back({*a, *b, st});
    }
    auto& w = h.weekly[static_cast<size_t>(d)];
    std::sort(w.begin(), w.end(), [](const MarketSegment& x, const MarketSegment& y) { return x.start < y.start; });
  }
  if (e.contains("holidays")) {
    const auto& hs = e["holidays"];
    if (!hs.is_array()) fail_input(file, path + ".holidays", "expected an array of dates");
    for (const auto& d : hs) {
      const auto day = d.is_string() ? parse_date(d.get<std::string>()) : std::nullopt;
      if (!day) fail_input(file, path + ".holidays", "not a date: " + d.dump());
      h.holidays.push_back(*day);
    }
    std::sort(h.holidays.begin(), h.holidays.end());
  }
  auto read_times = [&](const char* k, std::vector<std::pair<Day, Micros>>& out) {
    if (!e.contains(k)) return;
    const auto& obj = e[k];
    if (!obj.is_object()) fail_input(file, path + "." + k, "expected an object of date: time");
    for (const auto& [ds, ts] : obj.items()) {
      const auto day = parse_date(ds);
      const auto t = ts.is_string() ? parse_time_of_day(ts.get<std::string>()) : std::nullopt;
      if (!day || !t) fail_input(file, path + "." + k + "." + ds, "expected \"M/d/yyyy\": \"hh:mm:ss\"");
      out.emplace_back(*day, *t);
    }
    std::sort(out.begin(), out.end());
  };
  read_times("earlyCloses", h.early_closes);
  read_times("lateOpens", h.late_opens);
  return h;
}

MarketHoursDatabase::Entries MarketHoursDatabase::find_entries(const std::string& type, const std::string& market,
                                                               const std::string& ticker) const {
  const std::string wildcard = security_key(type, market, "[*]");
  Entries found;
  found.wildcard = find_entry(wildcard, true);
  // A file that spells the wildcard as LEAN does spells its other keys so
  // too: the exact search suffices and the slower any-case scan is skipped.
  const bool canonical = found.wildcard && found.wildcard->key == wildcard;
  if (ticker != "[*]") found.own = find_entry(security_key(type, market, ticker), !canonical);
  return found;
}

namespace {

// Futures options whose GLOBEX ticker differs from their future's (the
// others share it): option ticker, future ticker.
constexpr std::pair<std::string_view, std::string_view> kFutureOfOption[] = {
    {"OEH", "EH"},  {"OKE", "KE"},  {"OTN", "TN"},  {"OUB", "UB"},   {"OYM", "YM"},  {"OZB", "ZB"},
    {"OZC", "ZC"},  {"OZF", "ZF"},  {"OZL", "ZL"},  {"OZM", "ZM"},   {"OZN", "ZN"},  {"OZO", "ZO"},
    {"OZS", "ZS"},  {"OZT", "ZT"},  {"OZW", "ZW"},  {"RTO", "RTY"},  {"OG", "GC"},   {"HXE", "HG"},
    {"SO", "SI"},   {"LO", "CL"},   {"HCO", "HCL"}, {"OH", "HO"},    {"ON", "NG"},   {"PAO", "PA"},
    {"PO", "PL"},   {"OB", "RB"},   {"OYG", "YG"},  {"OZG", "ZG"},   {"OZI", "ZI"},  {"ADU", "6A"},
    {"GBU", "6B"},  {"CAU", "6C"},  {"EUU", "6E"},  {"JPU", "6J"},   {"CHU", "6S"}};
// Index options on an index of another name (weeklies, end-of-month, micro).
constexpr std::pair<std::string_view, std::string_view> kIndexOfOption[] = {
    {"RUTW", "RUT"}, {"SPXW", "SPX"}, {"VIXW", "VIX"}, {"NDXP", "NDX"}, {"NQX", "NDX"}};


template <size_t N>
std::string mapped(const std::pair<std::string_view, std::string_view> (&table)[N], const std::string& ticker) {
  for (const auto& [from, to] : table)
    if (iequals(from, ticker)) return std::string(to);
  return ticker;
}

// LEAN's option types and their underlying's (Symbol.GetUnderlyingFromOptionType);
// empty for any other type.
std::string underlying_type(const std::string& type) {
  if (iequals(type, "Option")) return "Equity";
  if (iequals(type, "IndexOption")) return "Index";
  if (iequals(type, "FutureOption")) return "Future";
  return "";
}

// The underlying's ticker of an option's (OptionSymbol.MapToUnderlying).
std::string underlying_ticker(const std::string& type, const std::string& ticker) {
  if (iequals(type, "FutureOption")) return ascii_upper(mapped(kFutureOfOption, ticker));
  if (iequals(type, "IndexOption")) return mapped(kIndexOfOption, ticker);
  return ticker;
}

// A key's three parts; false when it has not exactly three (LEAN skips it).
bool split_key(const std::string& key, std::string (&parts)[3]) {
  size_t from = 0;
  for (int i = 0; i < 3; ++i) {
    const size_t dash = key.find('-', from);
    if ((i < 2) == (dash == std::string::npos)) return false;
    parts[i] = key.substr(from, dash == std::string::npos ? std::string::npos : dash - from);
    from = dash + 1;
  }
  return true;
}

void merge_by_date(std::vector<std::pair<Day, Micros>>& mine, const std::vector<std::pair<Day, Micros>>& base) {
  std::map<Day, Micros> m(base.begin(), base.end());
  for (const auto& [d, t] : mine) m[d] = t;
  mine.assign(m.begin(), m.end());
}

}  // namespace

std::optional<MarketHoursDatabase::Span> MarketHoursDatabase::resolve(const std::string& type, const std::string& market,
                                                                      const std::string& ticker) const {
  // LEAN's MarketHoursDatabase.TryGetEntry: the exact key, the market's
  // wildcard, and for a future option its future's entry (by the same two).
  const Entries found = find_entries(type, market, ticker);
  if (found.own) return found.own;
  if (found.wildcard) return found.wildcard;
  if (iequals(type, "FutureOption")) return resolve("Future", market, underlying_ticker(type, ticker));
  return std::nullopt;
}

ExchangeHours MarketHoursDatabase::load(const Span& span) const {
  // The entry as LEAN's MarketHoursDatabaseJsonConverter builds it at load.
  ExchangeHours h = parse_entry(span);
  std::string key[3];
  if (!split_key(span.key, key)) return h;
  const std::string& type = key[0];
  const std::string& market = key[1];
  const std::string& symbol = key[2];
  // An option without holidays, early closes or late opens of its own takes
  // its underlying's (the underlying's entry, else its market's wildcard).
  if (const std::string utype = underlying_type(type); !utype.empty()) {
    const std::string uticker = underlying_ticker(type, symbol);
    auto u = find_entry(security_key(utype, market, uticker), true);
    if (!u && uticker != "[*]") u = find_entry(security_key(utype, market, "[*]"), true);
    if (u) {
      const ExchangeHours under = load(*u);
      if (h.holidays.empty()) h.holidays = under.holidays;
      if (h.early_closes.empty()) h.early_closes = under.early_closes;
      if (h.late_opens.empty()) h.late_opens = under.late_opens;
    }
  }
  // A specific entry merges with its market's wildcard, when LEAN has built
  // that one first (it builds entries in file order, options last): holidays
  // are unioned; early closes and late opens come from the wildcard, the
  // specific entry winning per date.
  if (symbol != "[*]")
    if (const auto w = find_entry(security_key(type, market, "[*]"), true); w && w->begin < span.begin) {
      const ExchangeHours g = load(*w);
      std::vector<Day> all;
      std::set_union(h.holidays.begin(), h.holidays.end(), g.holidays.begin(), g.holidays.end(),
                     std::back_inserter(all));
      h.holidays = std::move(all);
      merge_by_date(h.early_closes, g.early_closes);
      merge_by_date(h.late_opens, g.late_opens);
    }
  return h;
}

std::string MarketHoursDatabase::entry_key(const std::string& type, const std::string& market,
                                           const std::string& ticker) const {
  const auto span = resolve(type, market, ticker);
  return span ? span->key : "";
}

ExchangeHours MarketHoursDatabase::entry(const std::string& type, const std::string& market,
                                         const std::string& ticker) const {
  return entry(resolve(type, market, ticker), type, market, ticker);
}

ExchangeHours MarketHoursDatabase::entry(const std::optional<Span>& span, const std::string& type,
                                         const std::string& market, const std::string& ticker) const {
  if (!span) {
    std::string tried = security_key(type, market, "[*]");
    if (iequals(type, "FutureOption")) {
      const std::string future = underlying_ticker(type, ticker);
      tried += ", " + security_key("Future", market, future) + ", " + security_key("Future", market, "[*]");
    }
    fail_input(file_.string(), "", "no market-hours entry for " + security_key(type, market, ticker) + " (nor " +
                                        tried + ")");
  }
  ExchangeHours h = load(*span);
  h.index();
  return h;
}

}  // namespace trainsim
