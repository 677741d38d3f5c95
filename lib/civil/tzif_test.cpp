// Tests that a zone read from its one TZif file gives exactly the offsets
// date/tz gives from the whole database (what trainsim used before): every
// offset change 1970-2037 of every zone LEAN's market-hours database names,
// and 1800-2200 of every zone the system database lists.
#include "testing.h"
#include "civil/civil_time.h"
#include "civil/time_zone.h"

#include <date/tz.h>
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>

using namespace trainsim;

namespace {

using testing::kLeanDb;

// Year starts, and each side of every offset change date/tz reports, in
// [from, to): TimeZone must give date/tz's offset at each. Returns the
// number of instants compared.
int compare_with_date_tz(const std::string& name, std::int64_t from, std::int64_t to) {
  CAPTURE(name);
  const auto zone = TimeZone::find(name);
  REQUIRE(zone.has_value());
  const date::time_zone* reference = date::locate_zone(name);
  int compared = 0;
  auto check_at = [&](std::int64_t seconds) {
    const auto info = reference->get_info(date::sys_seconds{std::chrono::seconds(seconds)});
    CAPTURE(seconds);
    CHECK(zone->offset_at(seconds * kSecond) == info.offset.count() * kSecond);
    ++compared;
  };
  for (std::int64_t at = from; at < to;) {
    const auto info = reference->get_info(date::sys_seconds{std::chrono::seconds(at)});
    check_at(at);
    const std::int64_t end = info.end.time_since_epoch().count();
    if (end <= at || end >= to) break;
    check_at(end - 1);
    at = end;
  }
  for (int y = 1970; y <= 2037; ++y) {
    const std::int64_t s = static_cast<std::int64_t>(day_from_ymd(y, 1, 1)) * 86400;
    if (s >= from && s < to) check_at(s);
  }
  return compared;
}

// Every zone LEAN's market-hours database names, exchange and data zones alike.
std::set<std::string> lean_zone_names() {
  std::ifstream in(kLeanDb);
  const nlohmann::json db = nlohmann::json::parse(in);
  std::set<std::string> zones;
  for (const auto& [key, entry] : db.at("entries").items())
    for (const char* k : {"exchangeTimeZone", "dataTimeZone"})
      if (entry.contains(k)) zones.insert(entry[k].get<std::string>());
  return zones;
}

}  // namespace

TEST_CASE("tzif: every zone LEAN's market-hours database names, 1970-2037, as date/tz gives it") {
  if (!std::filesystem::exists(kLeanDb)) {
    MESSAGE("skipped: no " << kLeanDb.string());
    return;
  }
  const std::set<std::string> zones = lean_zone_names();
  CHECK(zones.count("America/New_York") == 1);
  const std::int64_t from = static_cast<std::int64_t>(day_from_ymd(1970, 1, 1)) * 86400;
  const std::int64_t to = static_cast<std::int64_t>(day_from_ymd(2038, 1, 1)) * 86400;
  for (const auto& name : zones) {
    if (name == "UTC" || name.rfind("UTC+", 0) == 0 || name.rfind("UTC-", 0) == 0) {
      CHECK(TimeZone::find(name).has_value());  // a fixed offset, not a tz database id
      continue;
    }
    CHECK(compare_with_date_tz(name, from, to) > 68);
  }
}

TEST_CASE("tzif: every zone of the system database, 1800-2200, as date/tz gives it") {
  const auto& db = date::get_tzdb();
  int zones = 0;
  for (const auto& z : db.zones) {
    compare_with_date_tz(z.name(), -5364662400, 7258118400);
    ++zones;
  }
  CHECK(zones > 300);
}

TEST_CASE("tzif: ids that are not zones are refused, whatever the zone folder holds") {
  for (const char* bad : {"", "Nowhere/City", "America", "America/", "/etc/passwd", "../zoneinfo/UTC", "America/../UTC",
                          "posix/America/New_York", "right/UTC", "zone.tab", "tzdata.zi", "iso3166.tab", "Factory",
                          ".hidden", "America/New York"})
    CHECK_MESSAGE(!TimeZone::find(bad).has_value(), bad);
  CHECK(TimeZone::find("US/Eastern").has_value());  // a link
  CHECK(TimeZone::find("US/Eastern")->offset_at(0) == -5 * kHour);
}

TEST_CASE("to_utc: every zone LEAN names, around every change 1970-2037, as date/tz's local_info gives it leniently") {
  if (!std::filesystem::exists(kLeanDb)) {
    MESSAGE("skipped: no " << kLeanDb.string());
    return;
  }
  const std::set<std::string> zones = lean_zone_names();
  const std::int64_t from = static_cast<std::int64_t>(day_from_ymd(1970, 1, 1)) * 86400;
  const std::int64_t to = static_cast<std::int64_t>(day_from_ymd(2038, 1, 1)) * 86400;
  int compared = 0, gaps = 0, ambiguous = 0;
  for (const auto& name : zones) {
    if (name == "UTC" || name.rfind("UTC+", 0) == 0 || name.rfind("UTC-", 0) == 0) continue;
    CAPTURE(name);
    const auto zone = TimeZone::find(name);
    REQUIRE(zone.has_value());
    const date::time_zone* reference = date::locate_zone(name);
    // LEAN's lenient reading (civil/time_zone.h, to_utc): the one instant,
    // the later of two, or the first instant after a gap.
    auto check = [&](std::int64_t local) {
      const auto li = reference->get_info(date::local_seconds{std::chrono::seconds(local)});
      std::int64_t want = 0;
      if (li.result == date::local_info::unique) {
        want = local - li.first.offset.count();
      } else if (li.result == date::local_info::ambiguous) {
        want = local - li.second.offset.count();
        ++ambiguous;
      } else {
        want = li.second.begin.time_since_epoch().count();
        ++gaps;
      }
      const Day d = static_cast<Day>(floor_div(local, std::int64_t{86400}));
      CAPTURE(local);
      CHECK(zone->to_utc(d, (local - static_cast<std::int64_t>(d) * 86400) * kSecond) == want * kSecond);
      ++compared;
    };
    for (std::int64_t at = from; at < to;) {
      const auto info = reference->get_info(date::sys_seconds{std::chrono::seconds(at)});
      const std::int64_t end = info.end.time_since_epoch().count();
      if (end <= at || end >= to) break;
      // Local times about the change (on both sides' clocks) and between changes.
      const std::int64_t local_end = end + info.offset.count();
      for (const std::int64_t delta : {-90000, -7200, -3601, -3600, -1800, -1, 0, 1, 1799, 1800, 3599, 3600, 7200, 90000})
        check(local_end + delta);
      check(at + info.offset.count() + (end - at) / 2);
      at = end;
    }
  }
  CHECK(compared > 1000);
  CHECK(gaps > 0);
  CHECK(ambiguous > 0);
}
