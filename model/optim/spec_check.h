#pragma once
// Internal to model/optim: the "field = value is out of range: must be ..."
// messages of the optimizer and schedule factories (the wording of the rest of
// the engine, so the config form, the CLI and the tests see one style), and the
// step() argument checks.

#include "core/range_check.h"

#include <Eigen/Core>

#include <string>
#include <string_view>

namespace hs::optim_detail {

// The engine-wide message helpers (core/range_check.h).
using hs::formatNumber;
using hs::throwOutOfRange;

/// Interval checks; NaN fails all of them. Brackets in the message show open/closed ends.
void checkOpenClosed(std::string_view field, double value, double lo, double hi);   // (lo, hi]
void checkClosedOpen(std::string_view field, double value, double lo, double hi);   // [lo, hi)
void checkPositive(std::string_view field, double value);                           // (0, inf)
void checkNonNegative(std::string_view field, double value);                        // [0, inf)
void checkAtLeast(std::string_view field, long long value, long long lo);            // >= lo

/// Optimizer::step() preconditions: params, grads and the state have one size and
/// lr is finite and >= 0; std::invalid_argument otherwise.
void checkStepArguments(Eigen::Index stateSize, Eigen::Index params, Eigen::Index grads,
                        double lr);

/// Optimizer::updateInto() preconditions: [begin, begin + in) lies in the
/// state and out == grads == in; std::invalid_argument otherwise.
void checkUpdateRange(Eigen::Index stateSize, Eigen::Index begin, Eigen::Index in, Eigen::Index out,
                      Eigen::Index grads);

} // namespace hs::optim_detail
