// text/ascii_case.h — the one place names change case: LEAN compares
// tickers, keys and API names case-insensitively in ASCII (never by locale),
// and Python's snake_case and C#'s PascalCase name the same call.
#pragma once
#include <string>
#include <string_view>

namespace trainsim {

std::string ascii_lower(std::string_view text);
std::string ascii_upper(std::string_view text);
// Lower case without any of the characters in `drop` ("train_model",
// "TrainModel" -> "trainmodel").
std::string folded_name(std::string_view text, std::string_view drop = "_");

}  // namespace trainsim
