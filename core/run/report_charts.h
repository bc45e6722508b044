#pragma once

// The evaluation report's charts as inline SVG (no scripts, no fonts fetched): written by core
// so that the HTML report is one self-contained file that prints as it shows.

#include "eval/classification.h"

#include <string>

namespace ps::run {

struct EvalReport;

// Pass rate per target as a bar with its 95% interval as a whisker; "" without targets.
std::string passRateChart(const EvalReport &report);
// Pass rate against cost per call, one labelled point per target; "" when no target has both.
std::string qualityCostChart(const EvalReport &report);
// Latency per target on one axis: p50 to p95 as a box, p99 as a whisker; "" when none was
// measured.
std::string latencyChart(const EvalReport &report);
// The confusion matrix as a heat map: rows expected, columns answered, each cell shaded by its
// share of the row, its count written in it.
std::string confusionHeatmap(const eval::ClassificationMetrics &metrics);

} // namespace ps::run
