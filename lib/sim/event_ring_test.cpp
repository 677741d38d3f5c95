// Tests for EventRing and insert_place: the same order as the vector and
// std::rotate they replaced, and the same place as .NET's binary search, over
// random lists (every size up to past a power of two), moves and ties.
#include "sim/event_ring.h"
#include "sim/sort_first_element.h"
#include "testing.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <vector>

using namespace trainsim;

TEST_CASE("EventRing: moving the front and popping it keep std::rotate's order") {
  testing::Xorshift draws(0x2545F4914F6CDD1DULL);
  auto next = [&draws] { return draws.next(); };
  int moves = 0;
  for (std::uint32_t n = 0; n <= 40; ++n) {
    std::vector<std::uint32_t> want(n);
    for (std::uint32_t i = 0; i < n; ++i) want[i] = i * 7 + 3;
    EventRing ring;
    ring.assign(want);
    for (int step = 0; step < 400 && !want.empty(); ++step) {
      if (want.size() >= 2 && next() % 8 != 0) {
        const std::size_t k = 1 + next() % (want.size() - 1);
        std::rotate(want.begin(), want.begin() + 1, want.begin() + static_cast<std::ptrdiff_t>(k) + 1);
        ring.move_front_to(k);
        ++moves;
      } else {
        want.erase(want.begin());
        ring.pop_front();
      }
      REQUIRE(ring.size() == want.size());
      for (std::size_t i = 0; i < want.size(); ++i) REQUIRE(ring[i] == want[i]);
    }
    CHECK(ring.empty() == want.empty());
  }
  CHECK(moves > 5000);
}

TEST_CASE("insert_place: .NET's BinarySearch place, ties included, found from the end") {
  testing::Xorshift draws;
  auto next_draw = [&draws] { return draws.next(); };
  int ties = 0, from_end = 0;
  for (int round = 0; round < 20000; ++round) {
    const std::size_t n = 2 + next_draw() % 70;
    // Sorted times over a small range, so that ties are common.
    std::vector<std::int64_t> times(n);
    const std::uint64_t spread = 1 + next_draw() % (3 * n);
    for (auto& x : times) x = static_cast<std::int64_t>(next_draw() % spread);
    std::sort(times.begin() + 1, times.end());
    const std::int64_t t = times[1] + 1 + static_cast<std::int64_t>(next_draw() % (spread + 2));
    times[0] = t;
    auto time = [&](std::size_t i) { return times[i]; };
    CAPTURE(n);
    CAPTURE(t);
    const std::size_t want = dotnet_insert_place(n, time, t);
    REQUIRE(insert_place(n, time, t) == want);
    ties += std::find(times.begin() + 1, times.end(), t) != times.end();
    from_end += want == n;
  }
  CHECK(ties > 2000);
  CHECK(from_end > 2000);
}
