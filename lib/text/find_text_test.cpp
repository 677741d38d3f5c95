// Tests for find_text: the same answer as std::string_view::find, on texts
// of the kind it searches and on random ones over a small alphabet (where
// anchors recur and partial matches are many).
#include "text/find_text.h"
#include "testing.h"

#include <doctest/doctest.h>

#include <cstdint>
#include <cstdio>
#include <string>
#include <unistd.h>

using namespace trainsim;
using testing::Xorshift;

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

namespace {

// Random text over a small alphabet, where anchors recur and partial matches are many.
std::string pick(Xorshift& rng, std::size_t n) {
  const std::string alphabet = "aQq\"-Z 1";
  std::string s;
  for (std::size_t i = 0; i < n; ++i) s += alphabet[rng.next() % alphabet.size()];
  return s;
}

}  // namespace

TEST_CASE("find_text: random texts and needles over a small alphabet agree with string_view::find") {
  Xorshift rng;
  int found = 0;
  for (int round = 0; round < 20000; ++round) {
    const std::string text = pick(rng, rng.next() % 64);
    std::string needle = pick(rng, rng.next() % 5);
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

TEST_CASE("find_text_in_file: read in chunks, the same answer as string_view::find, across every boundary") {
  Xorshift rng;
  std::FILE* f = std::tmpfile();
  REQUIRE(f);
  const int fd = ::fileno(f);
  int found = 0;
  for (int round = 0; round < 3000; ++round) {
    const std::string text = pick(rng, rng.next() % 200);
    REQUIRE(::ftruncate(fd, 0) == 0);
    REQUIRE(::pwrite(fd, text.data(), text.size(), 0) == static_cast<ssize_t>(text.size()));
    std::string needle = pick(rng, rng.next() % 5);
    if (rng.next() % 2 && !text.empty()) needle = text.substr(rng.next() % text.size(), rng.next() % 9);
    const std::size_t from = rng.next() % (text.size() + 2);
    const std::size_t chunk = 1 + rng.next() % 24;  // tiny: matches straddle chunks
    const std::size_t want = std::string_view(text).find(needle, from);
    CAPTURE(text);
    CAPTURE(needle);
    CAPTURE(from);
    CAPTURE(chunk);
    const auto got = find_text_in_file(fd, text.size(), needle, from, chunk);
    REQUIRE(got.has_value());
    REQUIRE(*got == want);
    found += want != std::string_view::npos;
  }
  CHECK(found > 800);
  // A file shorter than the size it is said to have: a failed read, not "absent".
  CHECK_FALSE(find_text_in_file(fd, 1'000'000, "no such text").has_value());
  std::fclose(f);
}
