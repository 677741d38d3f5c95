// input/json_text.h — the one JSON reader for everything trainsim reads
// (configs, reports for diff, shard context lines, market-hours files): with
// comments, nesting bounded before the document is built, errors naming
// file:line:column.
#pragma once
#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace trainsim {

// Arrays and objects nest at most this deep (README "Limits and hardening").
inline constexpr size_t kMaxJsonNesting = 100;

// Parses JSON text with comments; `source` names it in errors (file:line:column),
// including nesting deeper than kMaxJsonNesting, refused before it is built.
nlohmann::json parse_json_text(std::string_view text, const std::string& source);

// A command-line value (--set key=VALUE): JSON without comments when it is
// JSON, into `out`; else NotJson (the caller takes it as a string), or
// TooDeep past kMaxJsonNesting.
enum class JsonValueRead { Read, NotJson, TooDeep };
JsonValueRead parse_json_value(std::string_view text, nlohmann::json& out);

}  // namespace trainsim
