// Tests for find_text: the same answer as std::string_view::find, on texts
// of the kind it searches and on random ones over a small alphabet (where
// anchors recur and partial matches are many).
#include "text/find_text.h"

#include <doctest/doctest.h>

#include <cstdint>
#include <string>

using namespace trainsim;

TEST_CASE("find_text: a market-hours key, as string_view::find finds it") {
  const std::string text = R"({"entries": {"Equity-usa-[*]": {"a": 1}, "Equity-usa-SPY": {"b": 2}, "Forex-oanda-[*]": {}}})";
  for (const char* needle : {"\"Equity-usa-SPY\"", "\"Forex-oanda-[*]\"", "\"Equity-usa-QQQ\"", "}}", "\"", "{\"entries\""})
    for (std::size_t from : {std::size_t{0}, std::size_t{3}, std::size_t{40}, text.size() - 1, text.size()}) {
      CAPTURE(needle);
      CAPTURE(from);
      CHECK(find_text(text, needle, from) == std::string_view(text).find(needle, from));
    }
  CHECK(find_text(text, "\"Equity-usa-SPY\"") == text.find("\"Equity-usa-SPY\""));
  CHECK(find_text(text, "\"Equity-usa-SPY\"") != std::string_view::npos);
}

TEST_CASE("find_text: random texts and needles over a small alphabet agree with string_view::find") {
  struct {  // xorshift64: a fixed sequence, nothing reported depends on it
    std::uint64_t s = 0x9E3779B97F4A7C15ULL;
    std::uint64_t next() {
      s ^= s << 13;
      s ^= s >> 7;
      s ^= s << 17;
      return s;
    }
  } rng;
  const std::string alphabet = "aQq\"-Z 1";
  auto pick = [&](std::size_t n) {
    std::string s;
    for (std::size_t i = 0; i < n; ++i) s += alphabet[rng.next() % alphabet.size()];
    return s;
  };
  int found = 0;
  for (int round = 0; round < 20000; ++round) {
    const std::string text = pick(rng.next() % 64);
    std::string needle = pick(rng.next() % 5);
    // Half the needles are cut from the text, so most of them occur.
    if (rng.next() % 2 && !text.empty()) {
      const std::size_t at = rng.next() % text.size();
      needle = text.substr(at, rng.next() % 6);
    }
    const std::size_t from = rng.next() % (text.size() + 2);
    const std::size_t want = std::string_view(text).find(needle, from);
    CAPTURE(text);
    CAPTURE(needle);
    CAPTURE(from);
    REQUIRE(find_text(text, needle, from) == want);
    found += want != std::string_view::npos;
  }
  CHECK(found > 5000);
}
