// exec/recording.cpp — the recorded calls, in order, as a `simulation` block:
// the same keys, entries and messages the static reader (lib/algorithm) gives.
#include "exec/recording.h"

#include "calendar/security_key.h"
#include "config/simulation_config.h"
#include "input/input_error.h"
#include "rules/rule_parser.h"
#include "rules/schedule_rules.h"

#include <algorithm>
#include <map>
#include <set>

namespace trainsim::exec {
namespace {

using nlohmann::json;
using nlohmann::ordered_json;

bool known_key(const char* key) {
  const auto& keys = known_simulation_keys();
  return std::find(keys.begin(), keys.end(), key) != keys.end();
}

std::string text(const json& call, const char* key) {
  const auto it = call.find(key);
  return it != call.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// "1d12h", "30d", "90m": the warm-up period in the spec's duration text.
std::string duration_text(std::int64_t micros) {
  struct Unit {
    const char* suffix;
    std::int64_t micros;
  };
  constexpr Unit kUnits[] = {{"d", 86'400'000'000}, {"h", 3'600'000'000}, {"m", 60'000'000}, {"s", 1'000'000}, {"ms", 1'000}};
  if (micros <= 0) return "0d";
  std::string out;
  for (const Unit& u : kUnits)
    if (micros >= u.micros) {
      out += std::to_string(micros / u.micros) + u.suffix;
      micros %= u.micros;
    }
  return out.empty() ? "0d" : out;
}

class Converter {
 public:
  explicit Converter(std::string file) : file_(std::move(file)) { out_.file = file_; out_.language = algorithm::Language::Python; }

  algorithm::AlgorithmRead run(const json& rec) {
    if (rec.contains("missing-modules") && rec["missing-modules"].is_array())
      for (const auto& m : rec["missing-modules"])
        warn(text(m, "at"), "module `" + text(m, "module") +
                                "` is not installed here; it was replaced by a no-op module so Initialize could run "
                                "(its values are not real: a subscription or rule computed from it is not read)");
    if (rec.contains("calls") && rec["calls"].is_array())
      for (const auto& c : rec["calls"]) call(c);
    if (rec.contains("notes") && rec["notes"].is_array())
      for (const auto& n : rec["notes"]) warn(text(n, "at"), text(n, "message"));
    finish();
    return std::move(out_);
  }

 private:
  void warn(const std::string& at, const std::string& message) {
    std::string w = (at.empty() ? file_ : at) + ": " + message;
    if (warned_.insert(w).second) out_.warnings.push_back(std::move(w));
  }
  [[noreturn]] void error(const std::string& at, const std::string& message) const {
    throw InputError((at.empty() ? file_ : at) + ": " + message);
  }
  void source(const std::string& key, const std::string& at) {
    for (auto& [k, v] : out_.sources)
      if (k == key) {
        v = at;
        return;
      }
    out_.sources.emplace_back(key, at);
  }

  void call(const json& c) {
    const std::string kind = text(c, "kind"), at = text(c, "at");
    if (kind == "start" || kind == "end") {
      sim_[kind] = text(c, "date");
      dates_.insert(kind);
      source(kind, at);
    } else if (kind == "time-zone") {
      const std::string zone = text(c, "zone");
      try {
        sim_["time-zone"] = rules::as_time_zone(rules::parse_expression(zone)).name();
      } catch (const RuleError& e) {
        error(at, "SetTimeZone(" + zone + "): " + e.what());
      }
      source("time-zone", at);
    } else if (kind == "security") {
      security(c, at);
    } else if (kind == "unread-subscription") {
      warn(at, text(c, "method") + ": a subscription trainsim does not read; if its bars change the calendar, "
                                   "add the security to simulation.securities");
    } else if (kind == "benchmark") {
      benchmark(c, at);
    } else if (kind == "daily-precise-end-time") {
      sim_["daily-precise-end-time"] = c.value("value", true);
      source("daily-precise-end-time", at);
    } else if (kind == "brokerage") {
      if (known_key("brokerage")) {
        sim_["brokerage"] = text(c, "name");
        source("brokerage", at);
      }
    } else if (kind == "warm-up") {
      warm_up(c, at);
    } else if (kind == "train" || kind == "schedule") {
      event(c, at, kind == "train");
    }
  }

  void security(const json& c, const std::string& at) {
    const std::string key = security_key(text(c, "type"), text(c, "market"), text(c, "ticker"));
    const std::string resolution = text(c, "resolution");
    const bool extended = c.value("extended", false);
    if (const auto found = index_.find(key); found != index_.end()) {
      const auto& s = securities_[found->second];  // LEAN returns the existing security
      if (s["resolution"] != resolution || s["extended-market-hours"] != extended)
        warn(at, key + " is already subscribed (" + s["source"].get<std::string>() +
                     "); trainsim keeps that subscription's resolution and hours");
      return;
    }
    ordered_json s;
    s["security"] = key;
    s["resolution"] = resolution;
    s["extended-market-hours"] = extended;
    s["source"] = at;
    index_.emplace(key, securities_.size());
    securities_.push_back(std::move(s));
  }

  void benchmark(const json& c, const std::string& at) {
    const auto t = c.find("ticker");
    if (t != c.end() && t->is_string() && *t == "SPY") return;  // LEAN's default benchmark: nothing changes
    sim_["benchmark"] = false;
    source("benchmark", at);
    if (t != c.end() && t->is_string())
      warn(at, "SetBenchmark(" + t->get<std::string>() +
                   "): trainsim drops the default SPY benchmark's hourly loops; LEAN would add this benchmark's own "
                   "hourly feed, which is not simulated (list it in simulation.securities if it matters)");
  }

  void warm_up(const json& c, const std::string& at) {
    if (!known_key("warm-up")) {
      warn(at, "SetWarmUp: trainsim does not simulate the warm-up period (LEAN replays it before the start date); "
               "to include its calendar, set simulation.start earlier");
      return;
    }
    ordered_json w;
    if (c.contains("bars")) w = c["bars"];
    else w = duration_text(c.value("micros", std::int64_t{0}));
    if (c.contains("resolution")) {
      ordered_json o;
      o[c.contains("bars") ? "bars" : "period"] = w;
      o["resolution"] = c["resolution"];
      w = o;
    }
    sim_["warm-up"] = w;
    source("warm-up", at);
  }

  void event(const json& c, const std::string& at, bool training) {
    const std::string method = text(c, "method");
    const auto d = c.find("date_rule");
    if (d == c.end() || !d->is_string()) {  // Train(method) in Initialize
      add_event(training, method, method, "", "", at);
      return;
    }
    const std::string date_text = d->get<std::string>(), time_text = text(c, "time_rule");
    std::string lean_name;
    try {
      lean_name = parse_date_rule(date_text).name() + ": ";
    } catch (const RuleError& e) {
      error(at, "date rule " + date_text + ": " + e.what());
    }
    try {
      lean_name += parse_time_rule(time_text).name();
    } catch (const RuleError& e) {
      error(at, "time rule " + time_text + ": " + e.what());
    }
    std::string name = method;
    if (name.empty()) name = training ? lean_name : (text(c, "name").empty() ? lean_name : text(c, "name"));
    add_event(training, name, method, date_text, time_text, at);
  }

  void add_event(bool training, const std::string& name, const std::string& method, const std::string& date_rule,
                 const std::string& time_rule, const std::string& at) {
    ordered_json ev;
    ev["training"] = training;
    if (!name.empty()) ev["name"] = name;
    if (method != name) ev["method"] = method;
    if (!date_rule.empty()) {
      ev["date-rule"] = date_rule;
      ev["time-rule"] = time_rule;
    } else {
      ev["when"] = "now";
    }
    ev["source"] = at;
    events_.push_back(std::move(ev));
    if (!method.empty() && methods_.insert(method).second) out_.methods.push_back(method);
  }

  void finish() {
    finish_simulation(out_, file_, dates_.count("start") > 0, dates_.count("end") > 0, sim_, securities_, events_);
  }

  std::string file_;
  algorithm::AlgorithmRead out_;
  ordered_json sim_ = ordered_json::object();
  std::vector<ordered_json> securities_, events_;
  std::map<std::string, std::size_t> index_;
  std::set<std::string> dates_, warned_, methods_;
};

// An event as compared: its rules by LEAN's names, everything else as is.
ordered_json comparable_event(const ordered_json& e) {
  ordered_json c = e;
  try {
    if (c.contains("date-rule") && c["date-rule"].is_string())
      c["date-rule"] = parse_date_rule(c["date-rule"].get<std::string>()).name();
    if (c.contains("time-rule") && c["time-rule"].is_string())
      c["time-rule"] = parse_time_rule(c["time-rule"].get<std::string>()).name();
  } catch (const RuleError&) {
    // compared as written
  }
  return c;
}

std::string shown(const ordered_json* v) { return v ? v->dump() : "(none)"; }

}  // namespace

algorithm::AlgorithmRead read_recording(const json& recording, const std::string& file) {
  return Converter(file).run(recording);
}

std::vector<std::string> reading_differences(const ordered_json& a, const ordered_json& b) {
  std::vector<std::string> out;
  std::vector<std::string> keys;
  for (const auto* s : {&a, &b})
    if (s->is_object())
      for (const auto& [k, v] : s->items())
        if (std::find(keys.begin(), keys.end(), k) == keys.end()) keys.push_back(k);
  auto find = [](const ordered_json& s, const std::string& k) -> const ordered_json* {
    return s.is_object() && s.contains(k) ? &s[k] : nullptr;
  };
  for (const auto& k : keys) {
    const ordered_json *x = find(a, k), *y = find(b, k);
    static const ordered_json kEmpty = ordered_json::array();
    if ((k == "securities" || k == "events") && (!x || x->is_array()) && (!y || y->is_array())) {
      if (!x) x = &kEmpty;  // no subscription read: none listed
      if (!y) y = &kEmpty;
      const std::size_t n = std::max(x->size(), y->size());
      for (std::size_t i = 0; i < n; ++i) {
        const ordered_json* xi = i < x->size() ? &(*x)[i] : nullptr;
        const ordered_json* yi = i < y->size() ? &(*y)[i] : nullptr;
        const bool same = xi && yi && (k == "events" ? comparable_event(*xi) == comparable_event(*yi) : *xi == *yi);
        if (!same)
          out.push_back(k + "[" + std::to_string(i) + "]: static " + shown(xi) + " / exec " + shown(yi));
      }
      continue;
    }
    if (!(x && y && *x == *y)) out.push_back(k + ": static " + shown(x) + " / exec " + shown(y));
  }
  return out;
}

}  // namespace trainsim::exec
