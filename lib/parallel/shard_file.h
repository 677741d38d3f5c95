// parallel/shard_file.h — the text format every shard file shares (sweep
// CSVs, Monte Carlo trial shards): a preamble of '#' lines that identifies
// the run, then RFC 4180 CSV rows.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

namespace trainsim {

// RFC 4180 quoting: fields with a comma, quote or line break are quoted.
std::string csv_field(const std::string& value);
// The fields as one CSV row, newline-terminated.
std::string csv_row(const std::vector<std::string>& fields);
// Splits CSV text into records of fields (quoted fields may span lines).
// Throws InputError naming `source` for an unterminated quote.
std::vector<std::vector<std::string>> parse_csv_records(const std::string& text, const std::string& source);

// Preamble lines every kind of shard file writes.
inline constexpr const char* kConfigLine = "# config: fnv1a64:";  // config_fingerprint()
inline constexpr const char* kShardLine = "# shard: ";            // Shard::text()
inline constexpr const char* kTrialsLine = "# trials: ";          // Monte Carlo trials (of a run, or per sweep point)
inline bool starts_with(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

struct ShardFilePreamble {
  std::vector<std::string> lines;  // the leading '#' lines, without line ends
  std::size_t body = 0;            // where the CSV starts
};
ShardFilePreamble split_preamble(const std::string& text);

}  // namespace trainsim
