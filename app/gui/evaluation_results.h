#pragma once

#include "eval_results.h"

namespace ps::run {
struct EvalReport;
}

// Core's report of an evaluation run as the Evaluate tab shows it: the same figures, cell for
// cell, that `report --json` prints.
namespace ps::app {

widgets::EvalResults evalResults(const run::EvalReport &report);

} // namespace ps::app
