// config/simulation_reader.h — internal to config/: what the readers of the
// `simulation` block's parts share (the file they report against, its
// warnings, typed reads), and the parts read in their own files.
#pragma once
#include "civil/civil_time.h"
#include "civil/supported_years.h"
#include "civil/time_zone.h"
#include "config/lean_settings.h"
#include "config/simulation_config.h"
#include "input/input_error.h"

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace trainsim::simulation_block {

// Typed reads of the block's parts, each failing with the file and key path.
struct Reader {
  const std::string& file;
  std::vector<std::string>& warnings;

  std::string string_at(const nlohmann::json& obj, const char* key, const std::string& path) const {
    const auto& v = obj[key];
    if (!v.is_string()) fail_input(file, path + "." + key, std::string("expected a string, got ") + v.type_name());
    return v.get<std::string>();
  }
  bool bool_at(const nlohmann::json& obj, const char* key, const std::string& path) const {
    return lean_bool(obj[key], file, path + "." + key);
  }
  Day date_at(const nlohmann::json& obj, const char* key, const std::string& path) const {
    const std::string text = string_at(obj, key, path);
    const auto d = parse_date(text);
    const bool shaped = text.size() == 10 && text[4] == '-' && text[7] == '-' &&
                        text.find_first_not_of("0123456789-") == std::string::npos;
    const int year = d ? ymd_of(*d).year : shaped ? std::stoi(text.substr(0, 4)) : 0;
    if ((d || shaped) && (year < kFirstSupportedYear || year > kLastSupportedYear))
      fail_input(file, path + "." + key,
                 "the year " + std::to_string(year) + " is outside the years trainsim simulates (" +
                      std::to_string(kFirstSupportedYear) + " to " + std::to_string(kLastSupportedYear) + ")");
    if (!d) fail_input(file, path + "." + key, "not a date: \"" + text + "\" (expected yyyy-mm-dd)");
    return *d;
  }
};

// "second", "minute", "hour", "daily" (LEAN's Resolution, any case).
Resolution parse_resolution(const std::string& s, const std::string& file, const std::string& path);

// SetWarmUp (`simulation.warm-up`) and a training started at run time (an
// event's `when`): config/run_time_keys.cpp.
WarmUpSpec read_warm_up(const nlohmann::json& v, const std::string& path, const Reader& r);
RuntimeTrigger read_runtime_trigger(const nlohmann::json& w, const std::string& path, const Reader& r,
                                    const TimeZone& zone);

}  // namespace trainsim::simulation_block
