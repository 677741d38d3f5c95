// calibrate/calibration_page.h — `calibrate --html`: one chart per training
// method, the histogram of its measured durations with the fitted lognormal's
// density over it, and the fit's figures; the calibration as embedded JSON.
#pragma once
#include "calibrate/calibration.h"

#include <string>

namespace trainsim::calibrate {

std::string calibration_page(const Calibration& c);

}  // namespace trainsim::calibrate
