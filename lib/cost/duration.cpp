// cost/duration.cpp — parsing a duration or cost (fixed, or one of the
// distributions) and drawing it.
#include "cost/duration.h"

#include "input/data_lines.h"
#include "input/input_error.h"

#include <cmath>
#include <cstdlib>
#include <nlohmann/json.hpp>

namespace trainsim {

std::optional<Micros> parse_duration_text(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  if (text.empty()) return std::nullopt;
  if (text == "0") return 0;
  double total = 0;
  size_t i = 0;
  while (i < text.size()) {
    const size_t start = i;
    while (i < text.size() && ((text[i] >= '0' && text[i] <= '9') || text[i] == '.')) ++i;
    if (i == start) return std::nullopt;
    const std::string number(text.substr(start, i - start));
    char* end = nullptr;
    const double value = std::strtod(number.c_str(), &end);
    if (end != number.c_str() + number.size()) return std::nullopt;
    const size_t unit_start = i;
    while (i < text.size() && std::isalpha(static_cast<unsigned char>(text[i]))) ++i;
    const std::string_view unit = text.substr(unit_start, i - unit_start);
    double scale;
    if (unit == "us") scale = 1;
    else if (unit == "ms") scale = 1e3;
    else if (unit == "s") scale = 1e6;
    else if (unit == "m" || unit == "min") scale = 60e6;
    else if (unit == "h") scale = 3600e6;
    else if (unit == "d") scale = 86400e6;
    else return std::nullopt;
    total += value * scale;
  }
  if (!std::isfinite(total) || total > 9.0e18) return std::nullopt;
  return static_cast<Micros>(std::llround(total));
}

Micros within_duration_limit(Micros d, const std::string& where, const std::string& key_path) {
  if (d > kMaxDuration)
    fail_input(where, key_path, format_duration(d) + " is longer than the limit of 366 days for any single duration or cost");
  return d;
}

std::string format_duration(Micros d) {
  if (d == 0) return "0s";
  std::string out;
  if (d < 0) { out = "-"; d = -d; }
  const Micros h = d / kHour, m = (d % kHour) / kMinute, us = d % kMinute;
  if (h) out += std::to_string(h) + "h";
  if (m) out += std::to_string(m) + "m";
  if (us) {
    if (us % kSecond == 0) out += std::to_string(us / kSecond) + "s";
    else if (us % 1000 == 0) out += std::to_string(us / 1000) + "ms";
    else out += std::to_string(us) + "us";
  }
  return out;
}

nlohmann::json DurationSpec::to_json() const {
  switch (kind) {
    case Kind::Constant: return format_duration(a);
    case Kind::Uniform: return {{"uniform", {{"min", format_duration(a)}, {"max", format_duration(b)}}}};
    case Kind::Normal: return {{"normal", {{"mean", format_duration(a)}, {"stddev", format_duration(b)}}}};
    case Kind::LogNormal: return {{"lognormal", {{"median", format_duration(a)}, {"sigma", sigma}}}};
    case Kind::Trace: return {{"trace", trace_path}, {"entries", trace ? trace->size() : 0}};
  }
  return nullptr;
}

namespace {
Micros duration_field(const nlohmann::json& obj, const char* key, const std::string& file,
                      const std::string& path) {
  const std::string p = path + "." + key;
  if (!obj.contains(key)) fail_input(file, p, "missing");
  const auto& v = obj[key];
  if (!v.is_string()) fail_input(file, p, "expected a duration string such as \"30m\", got " + v.dump());
  const auto d = parse_duration_text(v.get<std::string>());
  if (!d) fail_input(file, p, "not a duration: \"" + v.get<std::string>() + "\" (use units: \"250ms\", \"45s\", \"30m\", \"1h30m\")");
  return within_duration_limit(*d, file, p);
}
}  // namespace

std::vector<Micros> read_duration_trace(const std::filesystem::path& file, const std::string& key_path) {
  std::vector<Micros> out;
  for_each_data_line(file, key_path, "trace file", [&](const std::string& line, const std::string& where) {
    std::optional<Micros> d = parse_duration_text(line);
    if (!d) {  // a bare number is seconds
      char* end = nullptr;
      const double s = std::strtod(line.c_str(), &end);
      if (end == line.c_str() || *end != '\0' || !std::isfinite(s) || s < 0)
        fail_input(where, key_path, "not a duration: \"" + line + "\"");
      // Checked before the conversion, which would overflow.
      if (s * 1e6 > static_cast<double>(kMaxDuration))
        fail_input(where, key_path, line + " seconds is longer than the limit of 366 days for any single duration or cost");
      d = static_cast<Micros>(std::llround(s * 1e6));
    }
    out.push_back(within_duration_limit(*d, where, key_path));
  });
  if (out.empty()) fail_input(file.string(), key_path, "trace file has no durations");
  return out;
}

DurationSpec parse_duration_spec(const nlohmann::json& v, const std::string& file,
                                 const std::string& path, const std::filesystem::path& folder) {
  DurationSpec spec;
  if (v.is_string()) {
    const auto d = parse_duration_text(v.get<std::string>());
    if (!d) fail_input(file, path, "not a duration: \"" + v.get<std::string>() + "\" (use units: \"250ms\", \"45s\", \"30m\", \"1h30m\")");
    return DurationSpec::constant(within_duration_limit(*d, file, path));
  }
  if (!v.is_object() || v.size() != 1)
    fail_input(file, path, "expected a duration string or one of {\"constant\"|\"uniform\"|\"normal\"|\"lognormal\"|\"trace\": ...}");
  // (items() proxies are temporaries in nlohmann 3.11: take key and value by copy/reference from an iterator.)
  const auto it = v.begin();
  const std::string kind = it.key();
  const nlohmann::json& body = it.value();
  const std::string p = path + "." + kind;
  if (kind == "constant") return parse_duration_spec(body, file, p, folder);
  if (kind == "trace") {
    if (!body.is_string()) fail_input(file, p, "expected a file name");
    std::filesystem::path tp = body.get<std::string>();
    if (tp.is_relative()) tp = folder / tp;
    spec.kind = DurationSpec::Kind::Trace;
    spec.trace_path = body.get<std::string>();
    spec.trace = std::make_shared<const std::vector<Micros>>(read_duration_trace(tp, p));
    return spec;
  }
  if (!body.is_object()) fail_input(file, p, "expected an object");
  if (kind == "uniform") {
    spec.kind = DurationSpec::Kind::Uniform;
    spec.a = duration_field(body, "min", file, p);
    spec.b = duration_field(body, "max", file, p);
    if (spec.b < spec.a) fail_input(file, p, "max must not be below min");
  } else if (kind == "normal") {
    spec.kind = DurationSpec::Kind::Normal;
    spec.a = duration_field(body, "mean", file, p);
    spec.b = duration_field(body, "stddev", file, p);
  } else if (kind == "lognormal") {
    spec.kind = DurationSpec::Kind::LogNormal;
    spec.a = duration_field(body, "median", file, p);
    if (spec.a <= 0) fail_input(file, p + ".median", "must be greater than 0");
    if (!body.contains("sigma") || !body["sigma"].is_number())
      fail_input(file, p + ".sigma", "expected a number");
    spec.sigma = body["sigma"].get<double>();
    if (!(spec.sigma >= 0) || spec.sigma > 10) fail_input(file, p + ".sigma", "must be between 0 and 10");
  } else {
    fail_input(file, path, "unknown distribution '" + kind + "' (constant, uniform, normal, lognormal, trace)");
  }
  return spec;
}

Micros DurationSampler::truncated_normal() {
  // Truncated at 0: redraw negatives; a mean far below 0 would loop, so give up and clamp.
  for (int i = 0; i < 1000; ++i) {
    const double x = static_cast<double>(spec_->a) + static_cast<double>(spec_->b) * rng_.normal();
    if (x >= 0) return to_micros(x);
  }
  return 0;
}

}  // namespace trainsim
