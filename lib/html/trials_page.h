// html/trials_page.h — the self-contained HTML page of a batch of Monte Carlo
// trials (`run --trials N --html`, `merge ... --html`): the odds of failure
// with their intervals, when trials fail, how close the completed ones came.
//
// Stable test hooks, beside html_report.h's: <svg data-chart="odds|
// failure-times|margins">; each odds bar carries data-reason="any|
// bucket-refused|time-loop" with data-failures, data-probability, data-low
// and data-high (as the JSON report rounds them); the failure-times curve
// carries data-failures and data-final (the last step's probability); each
// margins bar carries data-low, data-high (bucket minimum, inclusive) and
// data-count; the worst and first failing trials carry data-trial with
// data-role="worst", "first-failing" or "worst first-failing". The JSON report is embedded as
// <script type="application/json" id="trainsim-report">.
//
// Size: the failure curve has at most one step per pixel column and the
// histogram at most 40 bars, so the page's size does not grow with N.
#pragma once
#include "report/trials_report.h"

#include <string>

namespace trainsim {

std::string html_trials_page(const TrialsReport& report);

}  // namespace trainsim
