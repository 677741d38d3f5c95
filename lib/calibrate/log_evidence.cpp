// calibrate/log_evidence.cpp — reads LEAN logs line by line in bounded memory
// and keeps only the evidence calibrate and check use.
#include "calibrate/log_evidence.h"

#include "input/input_error.h"
#include "input/utf8.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <fstream>

namespace trainsim::calibrate {
namespace {

constexpr std::size_t kMaxWarnings = 20;
// Bounds that keep every figure read finite and every sum exact: the longest
// duration trainsim accepts (366 days), and more timeslices than a day of
// second bars over thousands of securities.
constexpr double kMaxLoggedSeconds = 366.0 * 86400;
constexpr std::int64_t kMaxSlicesPerDay = 1'000'000'000;

void warn(LogEvidence& e, const std::string& source, std::int64_t line, const std::string& what) {
  if (e.warnings.size() < kMaxWarnings) e.warnings.push_back(source + ":" + std::to_string(line) + ": " + what);
  else if (e.warnings.size() == kMaxWarnings) e.warnings.push_back("(further log warnings not shown)");
}

std::optional<double> to_double(std::string_view s) {
  if (s.empty()) return std::nullopt;
  double v = 0;
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

std::optional<std::int64_t> to_int(std::string_view s) {
  std::int64_t v = 0;
  if (s.empty()) return std::nullopt;
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}

// "1,234,567" (C#'s N0) to 1234567.
std::optional<std::int64_t> to_grouped_int(std::string_view s) {
  std::string digits;
  for (char c : s)
    if (c != ',') digits += c;
  return to_int(digits);
}

bool is_digits(std::string_view s) {
  for (char c : s)
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  return !s.empty();
}

// "2024-03-03T08:00:00" (the probe's) or "2024-03-03 08:00:00" (LEAN's UI format).
bool is_date_time(std::string_view s, char sep) {
  return s.size() == 19 && is_digits(s.substr(0, 4)) && s[4] == '-' && is_digits(s.substr(5, 2)) && s[7] == '-' &&
         is_digits(s.substr(8, 2)) && s[10] == sep && is_digits(s.substr(11, 2)) && s[13] == ':' &&
         is_digits(s.substr(14, 2)) && s[16] == ':' && is_digits(s.substr(17, 2));
}

// The number after `label` in `line`, up to the next space; nullopt when absent.
std::optional<std::string_view> word_after(std::string_view line, std::string_view label) {
  const auto p = line.find(label);
  if (p == std::string_view::npos) return std::nullopt;
  std::string_view rest = line.substr(p + label.size());
  return rest.substr(0, rest.find(' '));
}

// key=value words after "trainsim-probe vN".
std::map<std::string, std::string, std::less<>> probe_fields(std::string_view rest, std::string& kind) {
  std::map<std::string, std::string, std::less<>> out;
  while (!rest.empty()) {
    const auto sp = rest.find(' ');
    const std::string_view w = rest.substr(0, sp);
    rest = sp == std::string_view::npos ? std::string_view{} : rest.substr(sp + 1);
    if (w.empty()) continue;
    const auto eq = w.find('=');
    if (eq == std::string_view::npos) {
      if (kind.empty()) kind = std::string(w);
      else out.emplace("?" + std::string(w), "");
    } else {
      out.emplace(std::string(w.substr(0, eq)), std::string(w.substr(eq + 1)));
    }
  }
  return out;
}

void read_probe(std::string_view text, std::int64_t number, const std::string& source, LogEvidence& e) {
  // text starts after "trainsim-probe "
  const auto sp = text.find(' ');
  const std::string_view version = text.substr(0, sp);
  if (version.size() < 2 || version[0] != 'v' || !is_digits(version.substr(1))) {
    warn(e, source, number, "a trainsim-probe line without a version (expected 'trainsim-probe v1 ...'); skipped");
    return;
  }
  if (version != "v" + std::to_string(kProbeVersion)) {
    warn(e, source, number, "trainsim-probe " + std::string(version) + " is a format this trainsim does not read (it reads v" +
                                std::to_string(kProbeVersion) + "); skipped");
    return;
  }
  ++e.probe_lines;
  std::string kind;
  const auto f = probe_fields(sp == std::string_view::npos ? std::string_view{} : text.substr(sp + 1), kind);
  auto get = [&](const char* k) -> const std::string* {
    const auto it = f.find(k);
    return it == f.end() ? nullptr : &it->second;
  };
  // -1 when missing or not a number: both are malformed below.
  double seconds = -1;
  if (const std::string* t = get("seconds")) seconds = to_double(*t).value_or(-1);
  if (seconds > kMaxLoggedSeconds) {
    warn(e, source, number, "a trainsim-probe time beyond trainsim's limit of 366 days; skipped");
    return;
  }
  if (kind == "on-data") {
    std::int64_t slices = -1;
    if (const std::string* t = get("slices")) slices = to_int(*t).value_or(-1);
    const std::string* date = get("date");
    if (seconds < 0 || slices < 0 || slices > kMaxSlicesPerDay || !date || date->size() != 10) {
      warn(e, source, number, "malformed trainsim-probe on-data line (expected 'on-data seconds=S slices=N date=YYYY-MM-DD'); skipped");
      return;
    }
    e.on_data_seconds += seconds;
    e.on_data_slices += slices;
    ++e.on_data_days;
    return;
  }
  const std::string* method = get("method");
  const std::string* at = get("at");
  if (!kind.empty() || !method || method->empty() || seconds < 0 || !at || !is_date_time(*at, 'T')) {
    warn(e, source, number, "malformed trainsim-probe line (expected 'method=NAME seconds=S at=YYYY-MM-DDTHH:MM:SS'); skipped");
    return;
  }
  MethodSamples& m = e.methods[*method];
  if (m.seconds.size() < kMaxSamplesPerMethod) m.seconds.push_back(seconds);
  else ++m.not_kept;
}

// "... completed in 25.68 seconds at 85k data points per second. Processing total of 2,183,224 data points."
void read_end_of_run(std::string_view line, LogEvidence& e) {
  const auto secs = word_after(line, " completed in ");
  const auto points = word_after(line, "Processing total of ");
  if (!secs || !points || line.find(" data points.", line.find("Processing total of ")) == std::string_view::npos) return;
  const auto s = to_double(*secs);
  const auto n = to_grouped_int(*points);
  if (!s || !n) return;
  e.run_seconds = *s;
  e.data_points = *n;
}

void read_bucket(std::string_view line, LogEvidence& e) {
  const auto c = word_after(line, "Capacity: "), r = word_after(line, "RefillAmount: "),
             i = word_after(line, "TimeInterval: ");
  if (!c || !r || !i) return;
  const auto cv = to_int(*c), rv = to_int(*r), iv = to_int(*i);
  if (!cv || !rv || !iv) return;
  // LEAN's keys are 32-bit integers; an interval of 0 or a negative amount cannot be a real run's.
  auto fits = [](std::int64_t v, std::int64_t lo) { return v >= lo && v <= 2'147'483'647; };
  if (!fits(*cv, 0) || !fits(*rv, 0) || !fits(*iv, 1)) return;
  if (!e.quota) e.quota = QuotaSettings{*cv, *rv, *iv};
}

void read_failure(std::string_view line, std::int64_t number, const std::string& source, LogEvidence& e) {
  const std::string_view head = "Algorithm took longer than ";
  const auto at = line.find(head);
  std::string_view msg = line.substr(at);
  const auto elapsed_at = msg.find("CurrentTimeStepElapsed: ");
  if (elapsed_at == std::string_view::npos) return;
  const auto end = msg.find(" minutes", elapsed_at);
  if (end == std::string_view::npos) return;  // cut short
  msg = msg.substr(0, end + 8);
  TimeLimitFailure f;
  f.message = std::string(msg);
  f.line = number;
  f.source = source;
  const auto max = to_double(*word_after(msg, head));
  const auto el = to_double(*word_after(msg, "CurrentTimeStepElapsed: "));
  if (!max || !el || !(*max > 0) || *max > kMaxLoggedSeconds / 60 || *el < 0 || *el > kMaxLoggedSeconds / 60) return;
  f.loop_maximum_minutes = *max;
  f.elapsed_minutes = *el;
  if (const auto add = word_after(msg, "An additional ")) f.additional_minutes = to_int(*add).value_or(0);
  // The result handler prefixes the algorithm time: "2024-02-04 08:00:00 Runtime Error: ..."
  const std::string_view rt = "Runtime Error: ";
  const auto r = line.rfind(rt, at);
  if (r != std::string_view::npos && r >= 20 && is_date_time(line.substr(r - 20, 19), ' '))
    f.algorithm_time = std::string(line.substr(r - 20, 19));
  // LEAN logs the error more than once; the line with the algorithm time says most.
  if (!e.failure || (e.failure->source == source && e.failure->algorithm_time.empty() && !f.algorithm_time.empty()))
    e.failure = f;
}

}  // namespace

std::optional<double> LogEvidence::probe_on_data_cost() const {
  if (on_data_slices <= 0) return std::nullopt;
  return on_data_seconds / static_cast<double>(on_data_slices);
}

std::optional<double> LogEvidence::estimated_on_data_cost() const {
  if (!run_seconds || !data_points || *data_points <= 0) return std::nullopt;
  double training = 0;
  for (const auto& [name, m] : methods)
    for (double s : m.seconds) training += s;
  return std::max(0.0, *run_seconds - training) / static_cast<double>(*data_points);
}

void read_log_line(std::string_view line, std::int64_t number, const std::string& source, LogEvidence& e) {
  // Probe and failure lines keep text (method names, LEAN's message) that ends
  // up in JSON and pages, which must be UTF-8; a mangled line is skipped, said.
  const bool keeps_text = line.find("trainsim-probe ") != std::string_view::npos ||
                          line.find("Algorithm took longer than ") != std::string_view::npos;
  if (keeps_text && !is_utf8(line)) {
    warn(e, source, number, "a trainsim-probe or time-limit line that is not UTF-8 text; skipped");
    return;
  }
  if (const auto p = line.find("trainsim-probe "); p != std::string_view::npos) {
    read_probe(line.substr(p + 15), number, source, e);
    return;
  }
  if (line.find("Algorithm took longer than ") != std::string_view::npos) read_failure(line, number, source, e);
  else if (line.find("Initializing LeakyBucket: ") != std::string_view::npos) read_bucket(line, e);
  else if (line.find("data points per second. Processing total of ") != std::string_view::npos) read_end_of_run(line, e);
  else if (line.find("LiveTradingResultHandler") != std::string_view::npos) e.live = true;
  else if (e.language.empty() && line.find("PythonInitializer.Initialize()") != std::string_view::npos) e.language = "python";
  else if (e.language.empty() && line.find("Loader.TryCreateILAlgorithm()") != std::string_view::npos) e.language = "csharp";
}

void read_log(std::istream& in, const std::string& source, LogEvidence& e) {
  e.sources.push_back(source);
  std::string line;  // at most kMaxLogLine characters
  bool cut = false;  // the current line passed kMaxLogLine
  std::int64_t number = 0;
  char buf[1 << 16];
  auto finish = [&] {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (cut) warn(e, source, number, "a line longer than " + std::to_string(kMaxLogLine) + " characters; read its start only");
    read_log_line(line, number, source, e);
    line.clear();
    cut = false;
  };
  while (in) {
    in.read(buf, sizeof buf);
    const std::streamsize got = in.gcount();
    std::string_view chunk(buf, static_cast<std::size_t>(got));
    while (!chunk.empty()) {
      const auto nl = chunk.find('\n');
      const std::string_view piece = chunk.substr(0, nl);
      const std::size_t room = kMaxLogLine - line.size();
      if (piece.size() > room) cut = true;
      line.append(piece.substr(0, std::min(room, piece.size())));
      if (nl == std::string_view::npos) break;
      finish();
      chunk.remove_prefix(nl + 1);
    }
  }
  if (!line.empty()) {
    warn(e, source, number + 1, "the last line has no line end (the log was cut short?); read only if complete");
    finish();
  }
  e.lines += number;
}

void read_log_file(const std::string& path, LogEvidence& into) {
  std::ifstream in(path, std::ios::binary);
  if (!in) fail_input(path, "", "cannot open the log");
  read_log(in, path, into);
}

}  // namespace trainsim::calibrate
