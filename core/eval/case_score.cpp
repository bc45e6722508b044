#include "eval/case_score.h"

namespace ps::eval {

CaseScore scoreCase(const std::vector<AssertionResult> &results, std::optional<double> threshold)
{
    double weighted = 0.0;
    double totalWeight = 0.0;
    bool allPass = true;
    for (const AssertionResult &result : results) {
        weighted += result.weight * result.score;
        totalWeight += result.weight;
        if (result.weight > 0 && !result.pass)
            allPass = false;
    }
    CaseScore score;
    score.score = totalWeight > 0 ? weighted / totalWeight : 1.0;
    score.pass = threshold ? score.score >= *threshold : allPass;
    return score;
}

} // namespace ps::eval
