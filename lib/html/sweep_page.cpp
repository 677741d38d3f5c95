// html/sweep_page.cpp — the sweep page: one heatmap per panel of the grid, and
// along one axis the margin and the odds.
#include "html/html_report.h"

#include "html/odds_chart.h"
#include "html/svg.h"
#include "report/summary.h"
#include "report/sweep_report.h"

#include <algorithm>
#include <map>

namespace trainsim {
namespace {

using namespace html;  // the pages' chart kit (svg.h)

struct Cell {
  size_t row = 0, col = 0;  // in the panel
  size_t index = 0;         // into the results
};

std::string heatmap(const SweepPageInput& in, const std::vector<Cell>& cells, size_t rows, size_t cols,
                    const std::string& row_key, const std::vector<std::string>& row_values, const std::string& col_key,
                    const std::vector<std::string>& col_values, std::int64_t best_minimum,
                    const std::map<std::string, double>& failure_rank) {
  const auto& results = *in.results;
  const auto& points = *in.points;
  Frame f;
  f.left = 90;
  f.top = row_key.empty() ? 12 : 30;
  f.bottom = 52;
  const double cell_w = std::clamp(820.0 / static_cast<double>(cols), 4.0, 110.0);
  const double cell_h = rows == 1 ? 40.0 : std::clamp(360.0 / static_cast<double>(rows), 4.0, 36.0);
  // Wide enough for the axis title, whatever the number of columns.
  f.width = std::max(static_cast<int>(f.left + cell_w * static_cast<double>(cols) + f.right),
                     static_cast<int>(f.left + 8 * col_key.size()));
  f.height = static_cast<int>(f.top + cell_h * static_cast<double>(rows) + f.bottom);
  std::string svg = html::svg_open(f, "heatmap", "sweep outcome for each point");
  auto every = [](size_t n, size_t room) { return std::max<size_t>(1, (n + room - 1) / room); };
  std::vector<std::pair<double, std::string>> xt, yt;
  const size_t xs = every(cols, static_cast<size_t>(cell_w * static_cast<double>(cols) / 56));
  for (size_t c = 0; c < cols; c += xs) xt.push_back({f.x0() + (static_cast<double>(c) + 0.5) * cell_w, col_values[c]});
  const size_t ys = every(rows, static_cast<size_t>(cell_h * static_cast<double>(rows) / 14));
  if (!row_key.empty())
    for (size_t r = 0; r < rows; r += ys) yt.push_back({f.y1() + (static_cast<double>(r) + 0.5) * cell_h + 0.0, row_values[r]});
  for (const Cell& c : cells) {
    const PointResult& p = results[c.index];
    std::string colour;
    if (p.trials > 0) {  // --trials: the odds, green (never fails) through white (1 in 2) to red (always)
      colour = p.p_fail <= 0.5 ? mix("#1b7837", "#f7f7f7", p.p_fail * 2) : mix("#f7f7f7", "#b2182b", (p.p_fail - 0.5) * 2);
    } else if (p.completed) {
      colour = mix("#c7e9c0", "#00441b", best_minimum > 0 ? static_cast<double>(p.bucket_minimum) / static_cast<double>(best_minimum) : 1.0);
    } else {
      colour = mix("#67000d", "#fcbba1", failure_rank.at(p.failure_text));  // earlier failures darker
    }
    std::string title;
    for (size_t a = 0; a < in.grid->axes().size(); ++a)
      title += (a ? ", " : "") + in.grid->axes()[a].key + "=" + in.grid->value(points[c.index], a);
    title += p.completed ? ": completed, bucket minimum " + std::to_string(p.bucket_minimum)
                         : ": failed at " + p.failure_text + " during '" + p.failing_event_name + "'";
    std::string odds;
    if (p.trials > 0) {
      title += "; " + odds_text(trial_odds(p));
      odds = " data-p-fail=\"" + nlohmann::json(p.p_fail).dump() + "\"";
    }
    svg += "<rect data-point=\"" + std::to_string(points[c.index]) + "\"" + odds + " data-outcome=\"" +
           (p.completed ? "completed" : "failed") + "\" x=\"" + num(f.x0() + static_cast<double>(c.col) * cell_w) +
           "\" y=\"" + num(f.y1() + static_cast<double>(c.row) * cell_h) + "\" width=\"" + num(cell_w - 1) +
           "\" height=\"" + num(cell_h - 1) + "\" fill=\"" + colour + "\"><title>" + esc(title) + "</title></rect>";
  }
  // The boundary: a dark edge wherever neighbouring cells differ in outcome.
  std::map<std::pair<size_t, size_t>, bool> outcome;
  for (const Cell& c : cells) outcome[{c.row, c.col}] = results[c.index].completed;
  std::string edges;
  for (const auto& [rc, done] : outcome) {
    const auto right = outcome.find({rc.first, rc.second + 1}), below = outcome.find({rc.first + 1, rc.second});
    const double ex = f.x0() + static_cast<double>(rc.second + 1) * cell_w - 0.5,
                 ey = f.y1() + static_cast<double>(rc.first + 1) * cell_h - 0.5;
    if (right != outcome.end() && right->second != done)
      edges += "M" + num(ex) + " " + num(ey - cell_h) + "v" + num(cell_h);
    if (below != outcome.end() && below->second != done)
      edges += "M" + num(ex - cell_w) + " " + num(ey) + "h" + num(cell_w);
  }
  if (!edges.empty())
    svg += "<path d=\"" + edges + "\" stroke=\"#111\" stroke-width=\"2\" fill=\"none\"><title>the boundary between "
           "completing and failing points</title></path>";
  Frame axes = f;
  axes.width = static_cast<int>(f.x0() + cell_w * static_cast<double>(cols) + f.right);
  svg += html::x_axis(axes, xt, col_key);
  if (!row_key.empty()) {
    svg += html::y_axis(axes, yt, "", false);
    svg += "<text class=\"title\" x=\"4\" y=\"14\">rows: " + esc(row_key) + "</text>";
  }
  svg += "</svg>";
  return svg;
}

}  // namespace

std::string html_sweep_page(const SweepPageInput& in) {
  const Grid& grid = *in.grid;
  const auto& results = *in.results;
  const auto& points = *in.points;
  const auto& axes = grid.axes();
  std::uint64_t completed = 0;
  std::int64_t best_minimum = 0;
  std::map<std::string, double> failure_rank;  // ISO times in one zone sort as text
  for (const auto& p : results) {
    if (p.completed) {
      ++completed;
      best_minimum = std::max(best_minimum, p.bucket_minimum);
    } else {
      failure_rank[p.failure_text] = 0;
    }
  }
  {
    double k = 0;
    for (auto& [time, rank] : failure_rank) rank = failure_rank.size() > 1 ? k++ / static_cast<double>(failure_rank.size() - 1) : 0.5;
  }
  std::string body = "<h1>trainsim sweep: " + std::to_string(completed) + " of " + std::to_string(results.size()) +
                     " points complete</h1>";
  body += "<p class=\"meta\">config <code>" + esc(in.config_path) + "</code>";
  for (const auto& a : axes) body += " · <code>" + esc(a.argument) + "</code>";
  if (in.shard) body += " · shard " + in.shard->text();
  body += "</p>";
  // Rows: the first axis (when there are two or more), columns: the last;
  // one panel per combination of the axes in between.
  const size_t n = axes.size();
  const size_t col_axis = n - 1;
  const bool has_rows = n >= 2;
  constexpr size_t row_axis = 0;
  std::map<std::vector<size_t>, std::vector<Cell>> panels;
  for (size_t i = 0; i < points.size() && i < results.size(); ++i) {
    const auto c = grid.coordinates(points[i]);
    std::vector<size_t> extra(c.begin() + (has_rows ? 1 : 0), c.end() - 1);
    panels[extra].push_back({has_rows ? c[row_axis] : 0, c[col_axis], i});
  }
  constexpr size_t kMaxPanels = 60;
  const std::string col_key = axes[col_axis].key;
  const std::string row_key = has_rows ? axes[row_axis].key : "";
  body += "<h2>" + std::string(n == 1 ? "Outcome and margin along " + esc(col_key)
                                      : "Outcome by " + esc(row_key) + " (rows) × " + esc(col_key) + " (columns)") +
          "</h2>";
  const bool trials = !results.empty() && results.front().trials > 0;
  if (trials)
    body += html::legend({{"#1b7837", "p_fail 0%"}, {"#f7f7f7", "50%"}, {"#b2182b", "100%"}}) +
            "<p class=\"note\">Colour: each point's failure probability over " +
            std::to_string(results.front().trials) +
            " trials (hover for its 95% interval). The outcome and the boundary edge are the plain run's (trial 0).</p>";
  else
    body += html::legend({{"#00441b", "completed, large bucket minimum (margin)"},
                          {"#c7e9c0", "completed, small margin"},
                          {"#67000d", "failed early"},
                          {"#fcbba1", "failed late"}});
  size_t shown = 0;
  for (const auto& [extra, cells] : panels) {
    if (++shown > kMaxPanels) break;
    std::string caption;
    for (size_t k = 0; k < extra.size(); ++k)
      caption += (k ? ", " : "") + axes[k + 1].key + "=" + axes[k + 1].values[extra[k]];
    body += "<figure>" + (caption.empty() ? std::string() : "<figcaption>" + esc(caption) + "</figcaption>") +
            heatmap(in, cells, has_rows ? axes[row_axis].values.size() : 1, axes[col_axis].values.size(), row_key,
                    has_rows ? axes[row_axis].values : std::vector<std::string>{}, col_key, axes[col_axis].values,
                    best_minimum, failure_rank) +
            "</figure>";
  }
  if (panels.size() > kMaxPanels)
    body += "<p class=\"note\">" + std::to_string(panels.size() - kMaxPanels) +
            " more panels are not drawn; every point is in the embedded rows and the CSV.</p>";
  if (n == 1) {
    // The margin along the one axis, and the boundary between its last failing and first completing value.
    Frame f;
    f.height = 220;
    const size_t count = axes[0].values.size();
    const Scale x{0, static_cast<double>(std::max<size_t>(count, 2) - 1), f.x0() + 8, f.x1() - 8};
    std::int64_t top = 1;
    for (const auto& p : results) top = std::max(top, p.bucket_minimum);
    const Scale y{0, static_cast<double>(top), f.y0(), f.y1() + 6};
    std::string svg = html::svg_open(f, "margin", "bucket minimum along the axis");
    svg += html::y_axis(f, value_ticks(y, 0, static_cast<double>(top), 4), "bucket minimum");
    std::vector<std::pair<double, std::string>> xt;
    const size_t step = std::max<size_t>(1, count / 10);
    for (size_t i = 0; i < count; i += step) xt.push_back({x(static_cast<double>(i)), axes[0].values[i]});
    svg += html::x_axis(f, xt, col_key);
    std::string line;
    for (size_t i = 0; i < points.size() && i < results.size(); ++i) {
      const double px = x(static_cast<double>(points[i])), py = y(results[i].completed ? static_cast<double>(results[i].bucket_minimum) : 0);
      line += (line.empty() ? "M" : "L") + num(px) + " " + num(py);
      svg += "<circle cx=\"" + num(px) + "\" cy=\"" + num(py) + "\" r=\"3\" fill=\"" +
             (results[i].completed ? kCompleted : kFailed) + "\"><title>" + esc(col_key + "=" + axes[0].values[points[i]]) +
             (results[i].completed ? ": completed, bucket minimum " + std::to_string(results[i].bucket_minimum)
                                   : ": failed at " + results[i].failure_text) +
             "</title></circle>";
    }
    svg += "<path d=\"" + line + "\" fill=\"none\" stroke=\"" + kLevel + "\" stroke-width=\"1.2\"/>";
    for (size_t i = 1; i < points.size() && i < results.size(); ++i)
      if (results[i].completed != results[i - 1].completed) {
        const double bx = (x(static_cast<double>(points[i])) + x(static_cast<double>(points[i - 1]))) / 2;
        svg += "<line x1=\"" + num(bx) + "\" y1=\"" + num(f.y1()) + "\" x2=\"" + num(bx) + "\" y2=\"" + num(f.y0()) +
               "\" stroke=\"#2c3e50\" stroke-dasharray=\"4 3\"><title>boundary between " +
               esc(axes[0].values[points[i - 1]]) + " and " + esc(axes[0].values[points[i]]) + "</title></line>";
      }
    svg += "</svg>";
    body += "<figure><figcaption>Margin (bucket minimum) along " + esc(col_key) + "</figcaption>" + svg +
            html::legend({{kCompleted, "completed"}, {kFailed, "failed (drawn at 0)"}, {"#2c3e50", "boundary"}}) +
            "</figure>";
    if (trials) {
      std::vector<html::OddsPoint> odds;
      for (size_t i = 0; i < points.size() && i < results.size(); ++i) {
        const PointResult& p = results[i];
        odds.push_back({static_cast<double>(points[i]), axes[0].values[points[i]], trial_odds(p)});
      }
      html::OddsAxis along{0, static_cast<double>(std::max<size_t>(count, 2) - 1), col_key, [&](const Scale& sx) {
                             html::Ticks t;
                             for (size_t i = 0; i < count; i += step) t.push_back({sx(static_cast<double>(i)), axes[0].values[i]});
                             return t;
                           }};
      body += "<figure><figcaption>Failure probability along " + esc(col_key) + " (" +
              std::to_string(results.front().trials) + " trials per point, 95% intervals)</figcaption>" +
              html::odds_chart("p-fail", "failure probability along the axis", odds, along) + "</figure>";
    }
  }
  return html::page("trainsim sweep — " + in.config_path, body, sweep_rows_json(grid, points, results).dump());
}

}  // namespace trainsim
