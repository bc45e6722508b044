// Combines a case's assertion results into its score and verdict.
#pragma once

#include "eval/assertion_evaluator.h"

#include <optional>
#include <vector>

namespace ps::eval {

struct CaseScore
{
    bool pass = true;
    double score = 1.0; // sum(weight × score) / sum(weight); 1 with nothing weighted
};

// With a threshold the case passes when its weighted score reaches it. Without one it passes
// when every assertion of weight > 0 passes: weight 0 marks an assertion as informational.
// A case with no assertions passes with score 1.
CaseScore scoreCase(
    const std::vector<AssertionResult> &results, std::optional<double> threshold = std::nullopt);

} // namespace ps::eval
