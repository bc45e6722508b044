#pragma once

#include "eval_results.h"

#include <vector>

namespace ps::run {
struct EvalReport;
}
namespace ps::store {
struct ResponseRecord;
}

// Core's report of an evaluation run as the Evaluate tab shows it: the same figures, cell for
// cell, that `report --json` prints.
namespace ps::app {

widgets::EvalResults evalResults(const run::EvalReport &report);
// The same, with each cell's request and token counts from the run's stored responses.
widgets::EvalResults evalResults(
    const run::EvalReport &report, const std::vector<store::ResponseRecord> &responses);
// One stored cell as the matrix shows it, under column `column`.
widgets::EvalCellResult evalCell(const store::ResponseRecord &record, const QString &column);

} // namespace ps::app
