// input/nearest_test.cpp — the did-you-mean helper: nearest names within the
// distance, ties, case.
#include "input/nearest.h"

#include <doctest/doctest.h>

using namespace trainsim;

TEST_CASE("suggest: edit distance counts insertions, deletions and substitutions") {
  CHECK(edit_distance("run", "run") == 0);
  CHECK(edit_distance("rn", "run") == 1);
  CHECK(edit_distance("confg", "config") == 1);
  CHECK(edit_distance("", "abc") == 3);
  CHECK(edit_distance("kitten", "sitting") == 3);
}

TEST_CASE("suggest: the nearest name within two edits, the first on ties, none beyond") {
  const std::vector<std::string> commands = {"run", "validate", "calendar", "sweep", "merge", "tune"};
  CHECK(did_you_mean("rn", commands) == "; did you mean 'run'?");
  CHECK(did_you_mean("swep", commands) == "; did you mean 'sweep'?");
  CHECK(did_you_mean("simulate", commands).empty());
  CHECK(*nearest_index("tunee", commands) == 5);
  // "rune" is one edit from both "run" and "tune": the first listed wins.
  CHECK(*nearest_index("rune", commands) == 0);
  CHECK(!nearest_index("xyzzy", commands));
  CHECK(!nearest_index("rn", commands, 0));
  CHECK(*nearest_index("run", commands, 0) == 0);
}
