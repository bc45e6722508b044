#include "eval/summary.h"

namespace ps::eval {

TargetSummary summarize(const std::vector<CellOutcome> &cells)
{
    TargetSummary summary;
    summary.n = static_cast<int>(cells.size());
    std::vector<double> latencies;
    std::vector<double> ttfts;
    double scoreSum = 0.0;
    int judged = 0;
    int ungrounded = 0;
    double knownCost = 0.0;
    bool anyPriced = false;
    int unpricedAnswers = 0;
    for (const CellOutcome &cell : cells) {
        const bool pass = cell.pass && !cell.error;
        summary.passed += pass ? 1 : 0;
        scoreSum += cell.error ? 0.0 : cell.score;
        summary.errors += cell.error ? 1 : 0;
        summary.cached += cell.cached ? 1 : 0;
        // A failed request's timing measures the failure, not the model: left out.
        if (!cell.error && cell.latencyMs)
            latencies.push_back(*cell.latencyMs);
        if (!cell.error && cell.ttftMs)
            ttfts.push_back(*cell.ttftMs);
        summary.inputTokens += cell.inputTokens;
        summary.outputTokens += cell.outputTokens;
        if (cell.costUsd)
            knownCost += *cell.costUsd;
        anyPriced = anyPriced || cell.costUsd;
        unpricedAnswers += !cell.error && !cell.costUsd ? 1 : 0;
        if (cell.grounded) {
            ++judged;
            ungrounded += *cell.grounded ? 0 : 1;
        }
    }
    if (summary.n > 0) {
        summary.passRate = double(summary.passed) / summary.n;
        summary.meanScore = scoreSum / summary.n;
    }
    summary.passRateCi95 = wilsonInterval(summary.passed, summary.n);
    summary.latencyMsP50 = percentile(latencies, 50);
    summary.latencyMsP95 = percentile(latencies, 95);
    summary.ttftMsP50 = percentile(ttfts, 50);
    if (anyPriced && unpricedAnswers == 0)
        summary.costUsd = knownCost;
    if (judged > 0)
        summary.hallucinationRate = double(ungrounded) / judged;
    return summary;
}

} // namespace ps::eval
