#pragma once
// hyperscope-cli --charts: the GUI's views drawn offscreen for a finished
// run, through the same code as File → Export all. A separate translation
// unit so that a build without the GUI still has a CLI (it then reports that
// charts are not available).

#include <string>

namespace hs {

class Trainer;

/// Draws every view of the trained run (at decision threshold `threshold`)
/// into `dir` as png, svg or pdf, one file per view. Must run on the
/// program's main thread, once training is over. Returns false with a
/// message for people in *error (file and reason) on failure.
bool writeRunCharts(const Trainer& trainer, double threshold, const std::string& dir, const std::string& format,
                    std::string* error);

/// Ends what writeRunCharts() started (its QApplication). Call before main()
/// returns, not later from an exit handler. Harmless when nothing started.
void releaseCharts();

/// Empty when this build can draw charts, else why it cannot.
std::string chartsUnavailableReason();

} // namespace hs
