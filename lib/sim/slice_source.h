// sim/slice_source.h — where a run takes its timeslices from: the calendar's
// stream, or the same runs computed once beforehand and shared by many runs
// of one scenario (Monte Carlo trials), so that a trial with a fixed on-data
// cost pays for its events, not for deriving the calendar again.
#pragma once
#include "calendar/timeslice_stream.h"
#include "sim/scenario.h"

#include <optional>
#include <vector>

namespace trainsim {

// Every run of the scenario's calendar, in order (what TimesliceStream yields).
inline std::vector<SliceRun> calendar_runs(const Scenario& s) {
  std::vector<SliceRun> out;
  TimesliceStream stream(s.calendar());
  SliceRun run;
  while (stream.next(run)) out.push_back(run);
  return out;
}

class SliceSource {
 public:
  // `runs`: calendar_runs(s) computed beforehand, or null to stream them.
  SliceSource(const Scenario& s, const std::vector<SliceRun>* runs) : runs_(runs) {
    if (!runs_) stream_.emplace(s.calendar());
  }
  bool next(SliceRun& out) {
    if (!runs_) return stream_->next(out);
    if (pos_ == runs_->size()) return false;
    out = (*runs_)[pos_++];
    return true;
  }

 private:
  const std::vector<SliceRun>* runs_;
  std::optional<TimesliceStream> stream_;
  size_t pos_ = 0;
};

}  // namespace trainsim
