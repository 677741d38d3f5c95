// html/svg.cpp — escaping, numbers, ticks, axes and the page frame.
#include "html/svg.h"

#include "report/summary.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace trainsim::html {

std::string esc(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string num(double v, int decimals) {
  if (!std::isfinite(v)) v = 0;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  std::string s = buf;
  if (s == "-0" || s == "-0.0" || s == "-0.00") s = s.substr(1);
  return s;
}

std::string group_number(double v, int decimals) { return group_thousands(num(v, decimals)); }

std::vector<double> nice_ticks(double lo, double hi, int count) {
  std::vector<double> out;
  if (!(hi > lo) || count < 1) {
    out.push_back(lo);
    return out;
  }
  const double raw = (hi - lo) / count;
  const double p = std::pow(10.0, std::floor(std::log10(raw)));
  double step = p;
  for (const double m : {1.0, 2.0, 5.0, 10.0})
    if (m * p >= raw) {
      step = m * p;
      break;
    }
  for (double v = std::ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push_back(std::abs(v) < step * 1e-9 ? 0 : v);
  return out;
}

std::vector<double> log_ticks(double lo, double hi) {
  std::vector<double> out;
  if (!(lo > 0) || !(hi > lo)) return out;
  const bool sparse = hi / lo > 1000;
  for (double p = std::pow(10.0, std::floor(std::log10(lo))); p <= hi; p *= 10)
    for (const double m : {1.0, 2.0, 5.0}) {
      if (sparse && m != 1.0) continue;
      const double v = m * p;
      if (v >= lo * (1 - 1e-12) && v <= hi * (1 + 1e-12)) out.push_back(v);
    }
  return out;
}

std::vector<DateTick> date_ticks(Instant a, Instant b, const TimeZone& zone, int count) {
  std::vector<DateTick> out;
  if (b <= a) return out;
  const Day first = zone.to_local(a).day, last = zone.to_local(b).day;
  const Day days = last - first + 1;
  static const char* const kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  auto at = [&](Day d) { return zone.to_utc(d, 0); };
  if (days <= 2 * count) {
    const Day step = std::max<Day>(1, days / std::max(count, 1));
    for (Day d = first; d <= last; d += step) {
      const Ymd v = ymd_of(d);
      if (at(d) >= a) out.push_back({at(d), std::string(kMonths[v.month - 1]) + " " + std::to_string(v.day)});
    }
    return out;
  }
  const Ymd f = ymd_of(first), l = ymd_of(last);
  const int months = (l.year - f.year) * 12 + static_cast<int>(l.month) - static_cast<int>(f.month) + 1;
  int every = 1;
  for (const int m : {1, 2, 3, 6, 12, 24, 60, 120})
    if (months / m <= count) {
      every = m;
      break;
    }
  int y = f.year, m = static_cast<int>(f.month);
  for (int i = 0; i <= months; ++i) {
    const int idx = (y * 12 + m - 1);
    if (idx % every == 0) {
      const Day d = day_from_ymd(y, static_cast<unsigned>(m), 1);
      if (d >= first && d <= last) {
        const std::string label = every >= 12 || m == 1 ? std::to_string(y) + (every >= 12 ? "" : " " + std::string(kMonths[m - 1]))
                                                        : std::string(kMonths[m - 1]);
        out.push_back({at(d), label});
      }
    }
    if (++m > 12) {
      m = 1;
      ++y;
    }
  }
  return out;
}

double text_width(std::string_view text, double font_pixels) {
  double chars = 0;
  for (const unsigned char c : text) chars += (c & 0xC0) != 0x80;  // code points, not bytes
  return chars * font_pixels * 0.64;  // DejaVu Sans digits and capitals: wider than most fonts' average
}

std::string svg_open(const Frame& f, const std::string& kind, const std::string& label) {
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" data-chart=\"" + esc(kind) + "\" viewBox=\"0 0 " +
         std::to_string(f.width) + " " + std::to_string(f.height) + "\" width=\"" + std::to_string(f.width) +
         "\" height=\"" + std::to_string(f.height) + "\" role=\"img\" aria-label=\"" + esc(label) + "\">";
}

std::string x_axis(const Frame& f, const std::vector<std::pair<double, std::string>>& ticks, const std::string& title) {
  std::string s = "<g class=\"axis\"><line x1=\"" + num(f.x0()) + "\" y1=\"" + num(f.y0()) + "\" x2=\"" + num(f.x1()) +
                  "\" y2=\"" + num(f.y0()) + "\"/>";
  for (const auto& [x, label] : ticks) {
    s += "<line x1=\"" + num(x) + "\" y1=\"" + num(f.y0()) + "\" x2=\"" + num(x) + "\" y2=\"" + num(f.y0() + 4) + "\"/>";
    // A label near either edge slides inward so none is cut by the chart's box.
    const double half = text_width(label, kTickFontPixels) / 2 + 1;
    const double at = f.width > 2 * half ? std::clamp(x, half, f.width - half) : f.width / 2.0;
    s += "<text x=\"" + num(at) + "\" y=\"" + num(f.y0() + 16) + "\" text-anchor=\"middle\">" + esc(label) + "</text>";
  }
  s += "<text class=\"title\" x=\"" + num((f.x0() + f.x1()) / 2) + "\" y=\"" + num(f.height - 4.0) +
       "\" text-anchor=\"middle\">" + esc(title) + "</text></g>";
  return s;
}

std::string y_axis(const Frame& f, const std::vector<std::pair<double, std::string>>& ticks, const std::string& title,
                   bool grid) {
  std::string s = "<g class=\"axis\"><line x1=\"" + num(f.x0()) + "\" y1=\"" + num(f.y1()) + "\" x2=\"" + num(f.x0()) +
                  "\" y2=\"" + num(f.y0()) + "\"/>";
  for (const auto& [y, label] : ticks) {
    if (grid)
      s += "<line class=\"grid\" x1=\"" + num(f.x0()) + "\" y1=\"" + num(y) + "\" x2=\"" + num(f.x1()) + "\" y2=\"" + num(y) + "\"/>";
    s += "<text x=\"" + num(f.x0() - 6) + "\" y=\"" + num(y + 4) + "\" text-anchor=\"end\">" + esc(label) + "</text>";
  }
  s += "<text class=\"title\" transform=\"translate(14 " + num((f.y0() + f.y1()) / 2) +
       ") rotate(-90)\" text-anchor=\"middle\">" + esc(title) + "</text></g>";
  return s;
}

std::string legend(const std::vector<std::pair<std::string, std::string>>& items) {
  std::string s = "<p class=\"legend\">";
  for (const auto& [colour, label] : items)
    s += "<span><i style=\"background:" + esc(colour) + "\"></i>" + esc(label) + "</span>";
  return s + "</p>";
}

Ticks value_ticks(const Scale& s, double lo, double hi, int count, int decimals) {
  Ticks out;
  for (const double v : nice_ticks(lo, hi, count)) out.push_back({s(v), group_number(v, decimals)});
  return out;
}

Ticks time_ticks(const Scale& s, Instant a, Instant b, const TimeZone& zone, int count) {
  Ticks out;
  for (const auto& t : date_ticks(a, b, zone, count)) out.push_back({s(static_cast<double>(t.at)), t.label});
  return out;
}

std::string mix(const std::string& a, const std::string& b, double t) {
  t = std::clamp(t, 0.0, 1.0);
  auto channel = [&](size_t i) {
    const int x = std::stoi(a.substr(i, 2), nullptr, 16), y = std::stoi(b.substr(i, 2), nullptr, 16);
    return static_cast<int>(x + (y - x) * t + 0.5);
  };
  char buf[8];
  std::snprintf(buf, sizeof buf, "#%02x%02x%02x", channel(1), channel(3), channel(5));
  return buf;
}

std::string page(const std::string& title, const std::string& body, const std::string& embedded_json) {
  // "</" inside the JSON would end the script element early.
  std::string json;
  json.reserve(embedded_json.size());
  for (size_t i = 0; i < embedded_json.size(); ++i) {
    if (embedded_json[i] == '<' ) json += "\\u003c";
    else json += embedded_json[i];
  }
  return "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + esc(title) +
         "</title>\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<style>\n"
         "body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;color:#1d232a;background:#fafbfc;"
         "margin:0 auto;max-width:960px;padding:16px 24px}\n"
         "h1{font-size:22px;margin:8px 0 4px}h2{font-size:16px;margin:22px 0 2px}\n"
         ".verdict{font-size:16px;margin:4px 0}.ok{color:#1b7a3a}.bad{color:#b3261e}\n"
         ".meta{color:#5b6570;margin:2px 0}.note{color:#5b6570;font-size:13px;margin:2px 0 6px}\n"
         "figure{margin:8px 0 12px;background:#fff;border:1px solid #e3e6ea;border-radius:6px;padding:8px}\n"
         "figcaption{font-weight:600;margin:0 0 4px}svg{display:block;max-width:100%;height:auto}\n"
         "svg text{font-size:11px;fill:#3c4650}svg .title{font-size:12px;fill:#1d232a}\n"
         ".axis line{stroke:#8a949e}.grid{stroke:#e8ebee!important}\n"
         ".legend{margin:4px 0;font-size:12px;color:#3c4650}.legend span{margin-right:14px;white-space:nowrap}\n"
         ".legend i{display:inline-block;width:12px;height:12px;margin-right:4px;vertical-align:-2px;border-radius:2px}\n"
         "ul.advice{margin:4px 0 0 18px;padding:0}code{background:#eef1f4;padding:0 3px;border-radius:3px}\n"
         "table{border-collapse:collapse;font-size:13px}td,th{padding:2px 10px 2px 0;text-align:left}\n"
         "</style></head><body>\n" +
         body + "\n<script type=\"application/json\" id=\"trainsim-report\">" + json + "</script>\n</body></html>\n";
}

std::string warm_up_band(const Frame& f, double x0, double x1, const std::string& title) {
  x0 = std::max(x0, f.x0());
  x1 = std::min(x1, f.x1());
  if (x1 <= x0) return "";
  return "<rect data-warm-up=\"1\" x=\"" + num(x0) + "\" y=\"" + num(f.y1()) + "\" width=\"" + num(x1 - x0) +
         "\" height=\"" + num(f.y0() - f.y1()) + "\" fill=\"" + kWarmUp + "\" fill-opacity=\"0.45\"><title>" +
         esc(title) + "</title></rect>";
}

}  // namespace trainsim::html
