// report/report.h — what a run tells its user: the JSON report (SPEC §5),
// the short human summary, and the timeline CSV.
#pragma once
#include "sim/scenario.h"
#include "sim/simulation_result.h"
#include "sim/timeline.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <optional>
#include <ostream>
#include <string>

namespace trainsim {

// "2024-02-04T08:00:00-05:00": an instant in the algorithm's zone.
std::string format_instant(Instant t, const TimeZone& zone);

nlohmann::ordered_json report_json(const Scenario& s, const SimulationResult& r);

// The advice line: what would have let a failed run complete.
struct Advice {
  std::optional<std::int64_t> capacity;       // smallest capacity that completes (others unchanged)
  std::optional<std::int64_t> refill_amount;  // smallest refill amount that completes
  std::string text;
  bool stopped = false;  // the search ran out of its time budget
};

void print_summary(std::ostream& out, const Scenario& s, const SimulationResult& r, const Advice& advice);

// Writes `content` by output/output_file.h's rules (atomically for a
// regular file). Throws std::runtime_error.
void write_file_atomically(const std::filesystem::path& path, const std::string& content);

class OutputFile;

// A TimelineSink writing CSV rows (algorithm_time, wall_minutes, what, name,
// bucket): streamed to `out` as produced when given (call flush() at the
// end), else kept in text().
class TimelineCsv {
 public:
  explicit TimelineCsv(const TimeZone& zone, OutputFile* out = nullptr);
  TimelineSink sink();
  const std::string& text() const { return text_; }
  void flush();

 private:
  TimeZone zone_;
  OutputFile* out_ = nullptr;
  std::string text_;
};

}  // namespace trainsim
