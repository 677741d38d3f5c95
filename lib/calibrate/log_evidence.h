// calibrate/log_evidence.h — what a LEAN log says about durations: the
// trainsim probe's lines, and what LEAN prints on its own (the leaky bucket's
// settings, the end-of-run speed line, a time-limit failure). Logs are read as
// a stream in fixed-size pieces, so a log of any size needs bounded memory.
// The probe's line format is documented in docs/probe-format.md.
#pragma once
#include <cstdint>
#include <istream>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace trainsim::calibrate {

// The probe line format this trainsim reads ("trainsim-probe v1 ...").
inline constexpr int kProbeVersion = 1;
// Lines longer than this are cut (a log line is never near it).
inline constexpr std::size_t kMaxLogLine = 64 * 1024;
// Samples kept per method; later ones are counted, not stored.
inline constexpr std::size_t kMaxSamplesPerMethod = 200'000;

// "Initializing LeakyBucket: Capacity: C RefillAmount: R TimeInterval: I".
struct QuotaSettings {
  std::int64_t capacity = 0, refill_amount = 0, interval_minutes = 0;
};

// LEAN's "Algorithm took longer than N minutes on a single time loop." error.
struct TimeLimitFailure {
  std::string algorithm_time;  // "2024-02-04 08:00:00" (algorithm zone), empty when the line has none
  double loop_maximum_minutes = 0;
  std::int64_t additional_minutes = 0;  // "An additional N minutes were also allocated and consumed."
  double elapsed_minutes = 0;           // "CurrentTimeStepElapsed: X minutes"
  std::string message;                  // from "Algorithm took longer" to the end of the sentence list
  std::string source;  // the log it was read from
  std::int64_t line = 0;
};

struct MethodSamples {
  std::vector<double> seconds;  // in log order
  std::int64_t not_kept = 0;    // beyond kMaxSamplesPerMethod
};

struct LogEvidence {
  std::vector<std::string> sources;  // the logs read, in order
  bool live = false;
  std::string language;  // "python", "csharp" or "" when the log does not say
  std::map<std::string, MethodSamples> methods;
  // The probe's OnData lines: one per algorithm date.
  double on_data_seconds = 0;
  std::int64_t on_data_slices = 0, on_data_days = 0;
  // LEAN's end-of-run line: "completed in S seconds ... Processing total of N data points."
  std::optional<double> run_seconds;
  std::optional<std::int64_t> data_points;
  std::optional<QuotaSettings> quota;
  std::optional<TimeLimitFailure> failure;
  std::int64_t lines = 0, probe_lines = 0;
  std::vector<std::string> warnings;

  // Seconds per timeslice from the probe, if it logged OnData.
  std::optional<double> probe_on_data_cost() const;
  // Without the probe: the run's seconds, less the probed training, per data
  // point (one data point per timeslice assumed); an estimate.
  std::optional<double> estimated_on_data_cost() const;
};

// Reads one log into `into` (several logs accumulate: samples add up, the
// quota settings and the failure are the first log's that has them, so read
// the newest first). `source` names it in
// warnings. CRLF line ends are accepted; a last line without a newline is read
// when it is complete, else skipped with a warning.
void read_log(std::istream& in, const std::string& source, LogEvidence& into);
// The same from a file; throws InputError when it cannot be opened.
void read_log_file(const std::string& path, LogEvidence& into);

// One line, as read_log reads it (for tests and the fuzz harness).
void read_log_line(std::string_view line, std::int64_t number, const std::string& source, LogEvidence& into);

}  // namespace trainsim::calibrate
