#include "optim/spec_check.h"

#include <charconv>
#include <cmath>
#include <stdexcept>

namespace hs::optim_detail {

void checkOpenClosed(std::string_view field, double value, double lo, double hi)
{
    if (!(value > lo && value <= hi))
        throwOutOfRange(field, value, "in (" + formatNumber(lo) + ", " + formatNumber(hi) + "]");
}

void checkClosedOpen(std::string_view field, double value, double lo, double hi)
{
    if (!(value >= lo && value < hi))
        throwOutOfRange(field, value, "in [" + formatNumber(lo) + ", " + formatNumber(hi) + ")");
}

void checkPositive(std::string_view field, double value)
{
    if (!(value > 0.0 && std::isfinite(value)))
        throwOutOfRange(field, value, "finite and > 0");
}

void checkNonNegative(std::string_view field, double value)
{
    if (!(value >= 0.0 && std::isfinite(value)))
        throwOutOfRange(field, value, "finite and >= 0");
}

void checkAtLeast(std::string_view field, long long value, long long lo)
{
    if (value < lo)
        throwOutOfRange(field, std::to_string(value), "at least " + std::to_string(lo));
}

void checkStepArguments(Eigen::Index stateSize, Eigen::Index params, Eigen::Index grads, double lr)
{
    if (params != stateSize || grads != stateSize)
        throw std::invalid_argument("Optimizer::step: " + std::to_string(params) + " parameters and "
                                    + std::to_string(grads) + " gradients, but reset() was given "
                                    + std::to_string(stateSize));
    if (!(lr >= 0.0 && std::isfinite(lr)))
        throwOutOfRange("Optimizer::step lr", lr, "finite and >= 0");
}

void checkUpdateRange(Eigen::Index stateSize, Eigen::Index begin, Eigen::Index in, Eigen::Index out,
                      Eigen::Index grads)
{
    if (out != in)
        throw std::invalid_argument("Optimizer::update: " + std::to_string(in) + " parameters in, but room for "
                                    + std::to_string(out) + " out");
    if (begin < 0 || in < 0 || grads != in || begin > stateSize - in)
        throw std::invalid_argument("Optimizer::update: parameters [" + std::to_string(begin) + ", "
                                    + std::to_string(begin + in) + ") with " + std::to_string(grads)
                                    + " gradients, but reset() was given " + std::to_string(stateSize));
}

} // namespace hs::optim_detail
