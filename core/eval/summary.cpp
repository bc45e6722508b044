#include "eval/summary.h"

namespace ps::eval {

std::vector<double> scoreValues(const std::vector<CellOutcome> &cells)
{
    std::vector<double> scores;
    scores.reserve(cells.size());
    for (const CellOutcome &cell : cells)
        scores.push_back(cell.error ? 0.0 : cell.score);
    return scores;
}

TargetSummary summarize(
    const std::vector<CellOutcome> &cells, const std::optional<BootstrapOptions> &bootstrap)
{
    TargetSummary summary;
    summary.n = static_cast<int>(cells.size());
    std::vector<double> latencies;
    std::vector<double> ttfts;
    const std::vector<double> scores = scoreValues(cells);
    double sentCost = 0.0;
    int sentAnswers = 0;
    int judged = 0;
    int ungrounded = 0;
    double knownCost = 0.0;
    bool anyPriced = false;
    int unpricedAnswers = 0;
    for (const CellOutcome &cell : cells) {
        const bool pass = cell.pass && !cell.error;
        summary.passed += pass ? 1 : 0;
        summary.errors += cell.error ? 1 : 0;
        summary.cached += cell.cached ? 1 : 0;
        // A failed request's timing measures the failure, not the model, and a cached answer's
        // measures this machine's disk: both left out.
        const bool sent = !cell.error && !cell.cached;
        if (sent && cell.latencyMs)
            latencies.push_back(*cell.latencyMs);
        if (sent && cell.ttftMs)
            ttfts.push_back(*cell.ttftMs);
        if (sent) {
            ++sentAnswers;
            sentCost += cell.costUsd.value_or(0.0);
        }
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
        double sum = 0.0;
        for (const double score : scores)
            sum += score;
        summary.meanScore = sum / summary.n;
        if (bootstrap)
            summary.meanScoreCi95 = bootstrapMeanInterval(scores, *bootstrap);
    }
    summary.passRateCi95 = wilsonInterval(summary.passed, summary.n);
    summary.latencyMsP50 = percentile(latencies, 50);
    summary.latencyMsP95 = percentile(latencies, 95);
    summary.latencyMsP99 = percentile(latencies, 99);
    summary.ttftMsP50 = percentile(ttfts, 50);
    summary.ttftMsP95 = percentile(ttfts, 95);
    if (anyPriced && unpricedAnswers == 0) {
        summary.costUsd = knownCost;
        if (sentAnswers > 0)
            summary.costUsdPerCall = sentCost / sentAnswers;
    }
    if (judged > 0) {
        summary.hallucinationRate = double(ungrounded) / judged;
        summary.hallucinationRateCi95 = wilsonInterval(ungrounded, judged);
    }
    return summary;
}

} // namespace ps::eval
