// text/ascii_case_test.cpp — case changes touch ASCII letters only.
#include "text/ascii_case.h"

#include <doctest/doctest.h>

using namespace trainsim;

TEST_CASE("ascii case: letters change, everything else stays") {
  CHECK(ascii_lower("Equity-USA-SPY") == "equity-usa-spy");
  CHECK(ascii_upper("Equity-usa-[*]") == "EQUITY-USA-[*]");
  CHECK(ascii_lower("\xC3\x89t\xC3\xA9") == "\xC3\x89t\xC3\xA9");  // UTF-8 bytes untouched: "Été"
  CHECK(ascii_upper("a1_b") == "A1_B");
}

TEST_CASE("ascii case: a folded name drops the separators it is given") {
  CHECK(folded_name("train_model") == folded_name("TrainModel"));
  CHECK(folded_name("Interactive-Brokers Brokerage", "-_ ") == "interactivebrokersbrokerage");
  CHECK(folded_name("a-b_c") == "a-bc");
  CHECK(folded_name("") == "");
}
