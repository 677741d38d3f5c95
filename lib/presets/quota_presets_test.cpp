// Tests for the quota presets: the published figures, the lookups, and how
// `simulation.quota` sets the LEAN keys under the explicit ones.
#include "presets/quota_presets.h"

#include "config/config_document.h"
#include "config/lean_settings.h"
#include "input/input_error.h"

#include <doctest/doctest.h>

using namespace trainsim;

namespace {

LeanSettings settings(const std::string& text, const std::vector<std::string>& sets = {}) {
  ConfigDocument doc = config_document_from_text(text, "config.json");
  for (const auto& s : sets) apply_override(doc, s);
  return read_lean_settings(doc);
}

std::string error_of(const std::string& text) {
  try {
    settings(text);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("quota presets: LEAN's engine defaults, the docs and every Cloud node's published quota") {
  const auto local = find_quota_preset("lean-local");
  REQUIRE(local);
  CHECK(local->capacity == 120);
  CHECK(local->refill_amount == 18);
  CHECK(local->interval_minutes == 1440);
  CHECK(local->loop_maximum_minutes == 20);
  CHECK(find_quota_preset("docs")->loop_maximum_minutes == 10);
  struct Want {
    const char* name;
    std::int64_t capacity, refill;
    QuotaKind kind;
  };
  for (const Want w : {Want{"B-MICRO", 20, 1, QuotaKind::Backtest}, Want{"B2-8", 30, 5, QuotaKind::Backtest},
                       Want{"B4-12", 60, 10, QuotaKind::Backtest}, Want{"B8-16", 90, 15, QuotaKind::Backtest},
                       Want{"L-MICRO", 30, 5, QuotaKind::Live}, Want{"L1-1", 60, 10, QuotaKind::Live},
                       Want{"L1-2", 90, 15, QuotaKind::Live}, Want{"L1-4", 120, 20, QuotaKind::Live},
                       Want{"O2-8", 30, 5, QuotaKind::Optimization}, Want{"O4-12", 60, 10, QuotaKind::Optimization},
                       Want{"O8-16", 90, 15, QuotaKind::Optimization}}) {
    CAPTURE(w.name);
    const auto p = find_quota_preset(w.name);
    REQUIRE(p);
    CHECK(p->capacity == w.capacity);
    CHECK(p->refill_amount == w.refill);
    CHECK(p->kind == w.kind);
    CHECK(p->interval_minutes == 1440);
    CHECK(p->loop_maximum_minutes == 10);
    CHECK(is_cloud(p->kind));
  }
  CHECK(quota_presets().size() == 13);
  CHECK(find_quota_preset("b-micro")->name == "B-MICRO");  // case-insensitive
  CHECK_FALSE(find_quota_preset("B16-32"));
}

TEST_CASE("quota presets: the larger nodes of the same kind, smallest first") {
  std::vector<std::string> names;
  for (const auto& p : larger_nodes(*find_quota_preset("B-MICRO"))) names.push_back(p.name);
  CHECK(names == std::vector<std::string>{"B2-8", "B4-12", "B8-16"});
  CHECK(larger_nodes(*find_quota_preset("L1-4")).empty());
  CHECK(larger_nodes(*find_quota_preset("O4-12")).front().name == "O8-16");
  CHECK(larger_nodes(*find_quota_preset("lean-local")).empty());
}

TEST_CASE("simulation.quota sets the keys, each with the preset as its source; explicit keys override it") {
  const LeanSettings b = settings(R"({"simulation": {"quota": "B-MICRO"}})");
  CHECK(b.quota == "B-MICRO");
  CHECK(b.quota_source == "file");
  CHECK(b.capacity == 20);
  CHECK(b.refill_amount == 1);
  CHECK(b.interval_minutes == 1440);
  CHECK(b.loop_maximum_minutes == 10);
  CHECK(b.source.at("scheduled-event-leaky-bucket-capacity") == "preset B-MICRO");
  CHECK(b.notes.empty());

  const LeanSettings local = settings(R"({"simulation": {"quota": "lean-local"}})");
  CHECK(local.loop_maximum_minutes == 20);
  CHECK(local.refill_amount == 18);

  const LeanSettings over = settings(R"({"scheduled-event-leaky-bucket-capacity": 45, "simulation": {"quota": "B2-8"}})");
  CHECK(over.capacity == 45);
  CHECK(over.refill_amount == 5);  // still the preset's
  CHECK(over.source.at("scheduled-event-leaky-bucket-capacity") == "file, over preset B2-8");
  REQUIRE(over.notes.size() == 1);
  CHECK(over.notes[0].find("overrides the quota preset B2-8") != std::string::npos);

  // --quota is simulation.quota on the command line; --set keys override it too.
  const LeanSettings cli = settings(R"({})", {"simulation.quota=\"L1-1\"", "scheduled-event-leaky-bucket-refill-amount=7"});
  CHECK(cli.quota == "L1-1");
  CHECK(cli.quota_source == "--set");
  CHECK(cli.capacity == 60);
  CHECK(cli.refill_amount == 7);
  CHECK(cli.source.at("scheduled-event-leaky-bucket-refill-amount") == "--set, over preset L1-1");

  // Without a preset nothing changes: LEAN's defaults, each "default".
  const LeanSettings none = settings("{}");
  CHECK(none.quota.empty());
  CHECK(none.capacity == 120);
  CHECK(none.source.at("scheduled-event-leaky-bucket-capacity") == "default");
}

TEST_CASE("simulation.quota: an unknown name or a non-string is an error naming the key and the presets") {
  const std::string e = error_of(R"({"simulation": {"quota": "B-MICR"}})");
  CHECK(e.find("simulation.quota") != std::string::npos);
  CHECK(e.find("unknown quota preset \"B-MICR\"") != std::string::npos);
  CHECK(e.find("did you mean 'B-MICRO'") != std::string::npos);
  CHECK(error_of(R"({"simulation": {"quota": 20}})").find("expected a preset name") != std::string::npos);
}
