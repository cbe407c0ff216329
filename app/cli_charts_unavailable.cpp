// hyperscope-cli built without the GUI (HYPERSCOPE_BUILD_GUI=OFF): no charts.
#include "cli_charts.h"

namespace hs {

void releaseCharts() {}

std::string chartsUnavailableReason()
{
    return "this hyperscope-cli was built without the GUI (HYPERSCOPE_BUILD_GUI=OFF), so it cannot draw charts";
}

bool writeRunCharts(const Trainer&, double, const std::string&, const std::string&, std::string* error)
{
    if (error)
        *error = chartsUnavailableReason();
    return false;
}

} // namespace hs
