// report/json_writer_test.cpp — the writer's bytes against nlohmann's dump of
// the same values: layout at every indent, strings, numbers, and minutes
// written as the report once parsed them back.
#include "report/json_writer.h"

#include "civil/civil_time.h"
#include "testing.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <vector>

using namespace trainsim;
using nlohmann::ordered_json;

namespace {

// One value written alone.
template <class F>
std::string alone(F&& write) {
  JsonWriter w;
  write(w);
  return w.take();
}

}  // namespace

TEST_CASE("json writer: objects, arrays, empty ones and dumped trees nest as dump(indent) lays them out") {
  const ordered_json tree = {{"a", 1}, {"list", {1, 2, {{"x", nullptr}}}}, {"empty", ordered_json::object()}};
  ordered_json expected;
  expected["name"] = "run";
  expected["none"] = ordered_json::array();
  expected["nothing"] = ordered_json::object();
  expected["tree"] = tree;
  expected["rows"] = {ordered_json::object({{"k", true}, {"v", false}}), ordered_json::array(), tree, -7};
  expected["last"] = nullptr;
  for (const int indent : {-1, 0, 2, 4}) {
    CAPTURE(indent);
    JsonWriter w(indent);
    w.begin_object();
    w.key("name").string("run");
    w.key("none").begin_array().end_array();
    w.key("nothing").begin_object().end_object();
    w.key("tree").json(tree);
    w.key("rows").begin_array();
    w.begin_object().key("k").boolean(true).key("v").boolean(false).end_object();
    w.begin_array().end_array();
    w.json(tree);
    w.integer(-7);
    w.end_array();
    w.key("last").null();
    w.end_object();
    CHECK(w.text() == expected.dump(indent));
  }
  // Deep enough that a line's indentation passes 32 spaces.
  ordered_json deep = {1};
  for (int i = 0; i < 12; ++i) deep = ordered_json::array({deep, i});
  for (const int indent : {2, 4}) {
    JsonWriter w(indent);
    std::function<void(const ordered_json&)> put = [&](const ordered_json& v) {
      if (!v.is_array()) {
        w.integer(v.get<int>());
        return;
      }
      w.begin_array();
      for (const auto& e : v) put(e);
      w.end_array();
    };
    put(deep);
    CHECK(w.text() == deep.dump(indent));
  }
  CHECK(alone([&](JsonWriter& w) { w.json(tree); }) == tree.dump(2));
  CHECK(alone([](JsonWriter& w) { w.begin_array().end_array(); }) == "[]");
}

TEST_CASE("json writer: strings escaped exactly as nlohmann escapes them") {
  const std::vector<std::string> strings = {"",
                                            "weekly",
                                            "quote \" and backslash \\ and slash /",
                                            "tab\tnewline\nreturn\rbell\aformfeed\fbackspace\bnul" + std::string(1, '\0'),
                                            "\x1f\x7f del",
                                            "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x9a\x82",
                                            "<script>&'"};
  for (const auto& s : strings) {
    CAPTURE(s);
    CHECK(alone([&](JsonWriter& w) { w.string(s); }) == ordered_json(s).dump());
    JsonWriter w;
    w.begin_object().key(s).integer(1).end_object();
    CHECK(w.text() == ordered_json({{s, 1}}).dump(2));
  }
  // Each byte that needs escaping (or is not ASCII) at every place in a
  // longer string: the writer checks eight bytes at a time.
  for (const std::string& special : {std::string(1, '\0'), std::string("\x01"), std::string("\x1f"), std::string("\""),
                                    std::string("\\"), std::string("\x7f"), std::string("\xc3\xa9"),
                                    std::string("\xe2\x82\xac")}) {
    for (size_t at = 0; at <= 20; ++at) {
      std::string s(20, 'a');
      s.insert(at, special);
      CAPTURE(s);
      CHECK(alone([&](JsonWriter& w) { w.string(s); }) == ordered_json(s).dump());
    }
  }
  // Invalid UTF-8 is refused as nlohmann refuses it.
  CHECK_THROWS_AS(alone([](JsonWriter& w) { w.string("bad \xff byte"); }), nlohmann::json::type_error);
}

TEST_CASE("json writer: integers and doubles in nlohmann's forms") {
  for (const std::int64_t v : {std::int64_t{0}, std::int64_t{-1}, std::int64_t{1'000'000},
                               std::numeric_limits<std::int64_t>::min(), std::numeric_limits<std::int64_t>::max()})
    CHECK(alone([&](JsonWriter& w) { w.integer(v); }) == ordered_json(v).dump());
  const std::uint64_t big = std::numeric_limits<std::uint64_t>::max();
  CHECK(alone([&](JsonWriter& w) { w.integer(big); }) == ordered_json(big).dump());
  for (const double v : {0.0, -0.0, 1.0, 10.0, 0.5, 0.0001, 0.00001, 1.0 / 3, 123456.789, 1e15, 1e16, 1e17, 2.5e-300,
                         -42.125, std::numeric_limits<double>::max(), std::numeric_limits<double>::quiet_NaN(),
                         std::numeric_limits<double>::infinity()}) {
    CAPTURE(v);
    CHECK(alone([&](JsonWriter& w) { w.number(v); }) == ordered_json(v).dump());
  }
}

TEST_CASE("json writer: minutes written as parsing format_minutes' text back wrote them") {
  // Whole numbers, short fractions, the exponent forms of tiny ones (1e-06),
  // long ones past a double's digits, negative ones.
  std::vector<Micros> values = {0, 1, 29, 30, 31, 599, 600, 6'000, 60'000'000, 90 * 1'000'000, -90 * 1'000'000};
  for (Micros m = 1; m < 400'000'000'000'000'000LL; m = m * 7 + 13) values.push_back(m);
  testing::Xorshift draws(88172645463325252ULL);  // many magnitudes, reproducibly
  for (int i = 0; i < 20'000; ++i) {
    const std::uint64_t x = draws.next();
    const Micros m = static_cast<Micros>(x >> (x % 61));
    values.push_back(i % 2 ? m : -m);
  }
  for (const Micros m : values) {
    const std::string text = format_minutes(m);
    CAPTURE(text);
    CHECK(alone([&](JsonWriter& w) { w.decimal(text); }) == ordered_json::parse(text).dump());
  }
}

TEST_CASE("json writer: keys written in the code and plain strings, as nlohmann writes them") {
  for (const int indent : {2, -1}) {
    JsonWriter w(indent);
    w.begin_object();
    w.key("name").plain_string("2024-01-01T08:00:00-05:00");
    w.key("wall-start-minutes").integer(3);
    w.key("quote\" and \\ backslash").string("x");  // a literal that needs escaping takes the checked path
    w.key("tab\there").boolean(true);
    w.key("").null();
    w.end_object();
    const ordered_json want = {{"name", "2024-01-01T08:00:00-05:00"},
                               {"wall-start-minutes", 3},
                               {"quote\" and \\ backslash", "x"},
                               {"tab\there", true},
                               {"", nullptr}};
    CHECK(w.text() == want.dump(indent));
  }
}

TEST_CASE("json writer: fixed_point writes what decimal() writes of the same text, or declines") {
  // decimal(text) parses the text to a double and writes nlohmann's shortest
  // digits of it; fixed_point must give the same bytes wherever it writes.
  auto text_of = [](std::int64_t units, int scale) {
    std::string digits = std::to_string(units);
    if (digits.size() <= static_cast<size_t>(scale)) digits.insert(0, static_cast<size_t>(scale) + 1 - digits.size(), '0');
    std::string text = digits.substr(0, digits.size() - static_cast<size_t>(scale)) + "." +
                       digits.substr(digits.size() - static_cast<size_t>(scale));
    while (text.back() == '0') text.pop_back();
    if (text.back() == '.') text.pop_back();
    return text;
  };
  testing::Xorshift draws;
  auto next = [&draws] { return draws.next(); };
  std::vector<std::pair<std::int64_t, int>> cases = {{1, 6}, {10, 6}, {100, 6}, {1000, 6}, {999'999, 6}, {1'000'001, 6},
                                                     {123'456'789'012'345, 6}, {1'234'567'890'123'456, 6},
                                                     {(std::int64_t{1} << 53) - 1, 6}, {1, 9}, {5, 1}};
  for (int i = 0; i < 400'000; ++i) {
    const int scale = i % 3 ? 6 : 1 + static_cast<int>(next() % 9);
    const auto units = static_cast<std::int64_t>((next() >> 11) >> (next() % 53));
    if (units > 0) cases.emplace_back(units, scale);
  }
  int written = 0, declined = 0;
  for (const auto& [units, scale] : cases) {
    const std::string text = text_of(units, scale);
    CAPTURE(text);
    JsonWriter fast;
    if (!fast.fixed_point(units, scale)) {
      CHECK(fast.text().empty());
      ++declined;
      continue;
    }
    ++written;
    REQUIRE(std::string(fast.text()) == alone([&](JsonWriter& w) { w.decimal(text); }));
  }
  CHECK(written > 350'000);
  CHECK(declined > 1'000);  // the check is not vacuous: some are left to decimal()
  // The report's minutes, through format_minutes and minutes_millionths.
  for (Micros m = 1; m < 400'000'000'000'000'000LL; m = m * 3 + 7) {
    JsonWriter fast;
    if (fast.fixed_point(minutes_millionths(m), 6))
      CHECK(std::string(fast.text()) == alone([&](JsonWriter& w) { w.decimal(format_minutes(m)); }));
  }
}
