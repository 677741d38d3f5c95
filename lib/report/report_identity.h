// report/report_identity.h — what makes a JSON report stand on its own (the
// run's figures are report.h's): the schema version, the trainsim that wrote
// it, the config and algorithm files it came from (with digests), the quota
// with the source of each value, every warning as data, and the advice as
// data. The same parts serve the one-run report and the trials report; the
// schema of both is share/schema/report.schema.json.
#pragma once
#include "advice/advice.h"
#include "config/lean_settings.h"

#include <nlohmann/json.hpp>

#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace trainsim {

class JsonWriter;  // report/json_writer.h

// Raised when a report's shape changes incompatibly (a field renamed,
// removed or retyped); new optional fields keep it.
inline constexpr int kReportSchemaVersion = 1;

// {"version": "0.1.0", "commit": "<git commit>" or "unknown"}.
nlohmann::ordered_json trainsim_identity();

// "fnv1a64:<16 hex digits>" of `text`: the digest the report and the shard
// files give of a config's effective JSON and of an algorithm file's bytes.
std::string fnv1a64_digest(const std::string& text);

struct ReportSource {
  std::string config_file;    // as given, or empty (an --algorithm run without --config, a merge)
  std::string environment;    // the environment applied, or empty
  std::string config_digest;  // fnv1a64_digest of the effective config
  // Each algorithm file read: its path and fnv1a64_digest of its bytes.
  std::vector<std::pair<std::string, std::string>> algorithm_files;
};

// {"file", "environment", "digest", "algorithm-files": [{"file", "digest"}]}.
nlohmann::ordered_json source_json(const ReportSource& source);

// The quota in effect: the preset (or null) and, per LEAN key, its value and
// where it came from ("default", "file", "--set", "preset B-MICRO", ...).
nlohmann::ordered_json quota_json(const LeanSettings& lean);

// One warning as printed ("file:line:column: text", "file: key.path: text",
// or plain text) as data: {"text", "file", "line", "column", "key", "code"},
// the parts it does not have null. `code` names the kind of warning
// (warning_code()).
nlohmann::ordered_json warning_json(const std::string& warning);
nlohmann::ordered_json warnings_json(const std::vector<std::string>& warnings);
// "unknown-key", "preset-override", "on-data-unset", "redacted",
// "algorithm" (a statement the reader could not read), "log" (a LEAN log
// line), "config" (another config key), or "general".
std::string warning_code(const std::string& warning);

// The advice as data: each figure (null when not found) and each sentence.
nlohmann::ordered_json advice_json(const Advice& advice);

// `body` (a run's or trials' figures) headed by the schema version and
// trainsim's identity, followed by `config`, `quota` and `warnings` when
// they are not null: one order for every report.
nlohmann::ordered_json identified_report(const nlohmann::ordered_json& body, const nlohmann::ordered_json& config,
                                         const nlohmann::ordered_json& quota, const nlohmann::ordered_json& warnings);
// The same, written: `body` writes its members into the open object.
void write_identified_report(JsonWriter& w, const std::function<void(JsonWriter&)>& body,
                             const nlohmann::ordered_json& config, const nlohmann::ordered_json& quota,
                             const nlohmann::ordered_json& warnings);

}  // namespace trainsim
