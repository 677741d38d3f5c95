// diff/report_diff.h — `trainsim diff`: a compact, semantic comparison of two
// JSON run reports: the verdict (outcome, failure time, event and reason) and
// the key figures, with per-event changes summarised per event name rather
// than listed line by line.
#pragma once
#include <nlohmann/json_fwd.hpp>

#include <string>
#include <vector>

namespace trainsim {

struct DiffOptions {
  double tolerance_minutes = 0;  // minute figures within this are equal
};

struct ReportDiff {
  bool equal = true;                // verdict and key figures equal (within the tolerance)
  std::vector<std::string> lines;   // one per difference; or one line saying they agree
};

// Checks that `report` (read from `file`) is a run report whose figures
// diff_reports reads have the types it expects; throws InputError naming the
// file and the key path ("events[3].charged") otherwise.
void check_run_report(const nlohmann::json& report, const std::string& file);

// Both reports as check_run_report accepts them.
ReportDiff diff_reports(const nlohmann::json& baseline, const nlohmann::json& current, const DiffOptions& options);

}  // namespace trainsim
