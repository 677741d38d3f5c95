// html/html_report.h — self-contained HTML pages (inline SVG and CSS, no
// script but the embedded data, no network) for `run` (html_report.cpp),
// `sweep` (sweep_page.cpp) and `tune` (tune_page.cpp);
// the trials page is html/trials_page.h, the odds charts html/odds_chart.h.
//
// Stable test hooks: every chart is an <svg data-chart="bucket|trainings|
// budget|readiness|heatmap|probes">; each training session mark carries
// data-session="<n>" (1-based, one per session started) with data-minutes and
// data-charged; each heatmap cell carries data-point="<i>" (the point's grid
// index, as the sweep's rows give it) and data-outcome="completed|failed"; each
// tune probe carries data-value and data-outcome. The run's JSON report (the
// sweep's rows, the tune result) is embedded as
// <script type="application/json" id="trainsim-report">.
//
// Size: what is drawn is aggregated (the bucket level to at most one step
// per pixel column), so a 20-year run stays well under 2 MB.
#pragma once
#include "report/run_report.h"
#include "sweep/grid.h"
#include "sweep/point_model.h"
#include "sweep/tune.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace trainsim {

std::string html_run_page(const RunReport& report);

struct SweepPageInput {
  const Grid* grid = nullptr;
  const std::vector<std::uint64_t>* points = nullptr;
  const std::vector<PointResult>* results = nullptr;
  std::string config_path;
  std::optional<Shard> shard;
};
std::string html_sweep_page(const SweepPageInput& in);

std::string html_tune_page(const TuneRequest& request, const TuneReport& report, const std::string& config_path);

}  // namespace trainsim
