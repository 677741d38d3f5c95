// config/run_time_keys.cpp — the `simulation` block's keys for what LEAN
// does once the algorithm runs: SetWarmUp (`warm-up`) and a training started
// at run time (an event's `when`).
#include "config/lean_settings.h"
#include "config/simulation_reader.h"
#include "input/input_error.h"

#include <algorithm>
#include <cctype>
#include <cstdint>

namespace trainsim::simulation_block {
namespace {

double read_probability(const nlohmann::json& v, const std::string& path, const Reader& r) {
  const double p = lean_double(v, r.file, path);
  if (!(p >= 0 && p <= 1)) fail_input(r.file, path, "a probability between 0 and 1, got " + v.dump());
  return p;
}

}  // namespace

// SetWarmUp's spellings: a period ("30d", "1d12h", "10 days"), a bar count
// (200), or {"period"|"bars", "resolution"}. 0 is no warm-up.
WarmUpSpec read_warm_up(const nlohmann::json& v, const std::string& path, const Reader& r) {
  constexpr Micros kMaxPeriod = 36600 * kDay;  // a century: W stays a supported date
  constexpr std::int64_t kMaxBars = 100'000'000;
  WarmUpSpec w;
  auto bars = [&](const nlohmann::json& n, const std::string& at) {
    if (!n.is_number_integer() && !n.is_number_unsigned())
      fail_input(r.file, at, "expected a whole number of bars, got " + n.dump());
    const std::int64_t b = n.get<std::int64_t>();
    if (b < 0) fail_input(r.file, at, "a negative warm-up (" + n.dump() + ")");
    if (b > kMaxBars) fail_input(r.file, at, "at most 100,000,000 bars");
    w.bars = b;
  };
  auto period = [&](const std::string& text, const std::string& at) {
    std::string t = text;
    while (!t.empty() && t.back() == ' ') t.pop_back();
    if (!t.empty() && t.front() == '-') fail_input(r.file, at, "a negative warm-up (\"" + text + "\")");
    // "10 days", "1 day": TimeSpan.FromDays as people write it.
    for (const char* word : {" days", " day"}) {
      const std::string wd = word;
      if (t.size() > wd.size() && t.compare(t.size() - wd.size(), wd.size(), wd) == 0) {
        t = t.substr(0, t.size() - wd.size()) + "d";
        break;
      }
    }
    const auto d = parse_duration_text(t);
    if (!d) fail_input(r.file, at, "not a period: \"" + text + "\" (\"30d\", \"1d12h\", \"10 days\", or a bar count such as 200)");
    if (*d > kMaxPeriod) fail_input(r.file, at, "a warm-up of at most 36,600 days");
    w.period = *d;
  };
  if (v.is_number()) {
    bars(v, path);
  } else if (v.is_string()) {
    const std::string text = v.get<std::string>();
    const bool digits_only = !text.empty() && std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c); });
    if (digits_only && text.size() > 9) fail_input(r.file, path, "at most 100,000,000 bars");
    if (digits_only && text != "0") bars(nlohmann::json(std::stoll(text)), path);
    else period(text, path);
  } else if (v.is_object()) {
    for (const auto& [key, value] : v.items()) {
      (void)value;
      if (key != "period" && key != "bars" && key != "resolution")
        fail_input(r.file, path + "." + key, "unknown key (expected period or bars, and optionally resolution)");
    }
    if (v.contains("period") == v.contains("bars"))
      fail_input(r.file, path, "give one of period and bars");
    if (v.contains("period")) period(r.string_at(v, "period", path), path + ".period");
    else bars(v["bars"], path + ".bars");
    if (v.contains("resolution"))
      w.resolution = parse_resolution(r.string_at(v, "resolution", path), r.file, path + ".resolution");
  } else {
    fail_input(r.file, path, "expected a period (\"30d\"), a bar count (200) or {\"period\"|\"bars\", \"resolution\"}");
  }
  return w;
}


// A `when` object: exactly one of after / dates / on-data.
RuntimeTrigger read_runtime_trigger(const nlohmann::json& w, const std::string& path, const Reader& r,
                                    const TimeZone& zone) {
  static const std::vector<std::string> kForms = {"after", "dates", "on-data"};
  RuntimeTrigger t;
  int forms = 0;
  for (const auto& [key, value] : w.items()) {
    (void)value;
    if (key == "probability") continue;
    if (std::find(kForms.begin(), kForms.end(), key) == kForms.end()) {
      std::string msg = "unknown key '" + key + "' (expected one of after, dates, on-data";
      msg += key == "per-day-probability" ? "; per-day-probability goes inside on-data)" : ")";
      fail_input(r.file, path + "." + key, msg);
    }
    ++forms;
  }
  if (forms != 1)
    fail_input(r.file, path, forms == 0 ? "expected one of {\"after\": NAME}, {\"dates\": [...]}, {\"on-data\": {...}}"
                                         : "give one of after, dates, on-data, not several");
  if (w.contains("probability") && !w.contains("after"))
    fail_input(r.file, path + ".probability", "goes with \"after\" (on-data takes per-day-probability)");
  if (w.contains("after")) {
    t.kind = RuntimeCall::After;
    t.after = r.string_at(w, "after", path);
    if (w.contains("probability")) t.probability = read_probability(w["probability"], path + ".probability", r);
  } else if (w.contains("dates")) {
    t.kind = RuntimeCall::Dates;
    const auto& d = w["dates"];
    if (!d.is_array()) fail_input(r.file, path + ".dates", "expected an array of times such as \"2024-03-04T10:00\"");
    for (size_t i = 0; i < d.size(); ++i) {
      const std::string ip = path + ".dates[" + std::to_string(i) + "]";
      if (!d[i].is_string()) fail_input(r.file, ip, "expected a time such as \"2024-03-04T10:00\"");
      const auto at = parse_date_time(d[i].get<std::string>(), zone);
      if (!at)
        fail_input(r.file, ip, "not a time: \"" + d[i].get<std::string>() +
                                    "\" (expected 2024-03-04T10:00[:00[.000001]] in the algorithm zone, or with Z or +hh:mm)");
      t.dates.push_back(*at);
    }
    std::sort(t.dates.begin(), t.dates.end());
  } else {
    t.kind = RuntimeCall::OnData;
    const auto& o = w["on-data"];
    const std::string op = path + ".on-data";
    if (!o.is_object()) fail_input(r.file, op, "expected {\"per-day-probability\": 0.05}");
    for (const auto& [key, value] : o.items()) {
      (void)value;
      if (key != "per-day-probability") fail_input(r.file, op + "." + key, "unknown key (expected per-day-probability)");
    }
    if (o.contains("per-day-probability"))
      t.probability = read_probability(o["per-day-probability"], op + ".per-day-probability", r);
  }
  return t;
}

}  // namespace trainsim::simulation_block
