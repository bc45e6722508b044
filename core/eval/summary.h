// One target's results over an evaluation run: the figures gates and reports read.
#pragma once

#include "eval/bootstrap.h"
#include "eval/statistics.h"

#include <optional>
#include <vector>

namespace ps::eval {

struct TargetSummary
{
    int n = 0; // cells, repeats included
    int passed = 0;
    double passRate = 0.0;
    Interval passRateCi95; // Wilson
    double meanScore = 0.0;
    std::optional<Interval> meanScoreCi95; // bootstrap, when asked for
    // Over answers that reached the provider (cached ones sent nothing and took no time);
    // absent when none did.
    std::optional<double> latencyMsP50;
    std::optional<double> latencyMsP95;
    std::optional<double> latencyMsP99;
    std::optional<double> ttftMsP50;
    std::optional<double> ttftMsP95;
    long long inputTokens = 0;
    long long outputTokens = 0;
    // The known costs added up; nullopt when an answered cell has no price, or no cell a known
    // cost (errors without usage cost nothing known): never a total that hides what it lacks.
    std::optional<double> costUsd;
    // The mean cost of an answer that reached the provider; nullopt like costUsd, or when none did.
    std::optional<double> costUsdPerCall;
    int errors = 0;
    int cached = 0; // cells answered from this machine's response cache (nothing was sent)
    std::optional<double> hallucinationRate; // absent without groundedness assertions
    std::optional<Interval> hallucinationRateCi95; // Wilson, over the judged cells
};

// What the summary needs from one answered (or failed) cell.
struct CellOutcome
{
    bool pass = false;
    double score = 0.0;
    bool error = false; // the request failed: the cell counts as failed with score 0
    std::optional<double> latencyMs;
    std::optional<double> ttftMs;
    long long inputTokens = 0;
    long long outputTokens = 0;
    std::optional<double> costUsd; // CallPricing's rule: nullopt when nothing is known
    std::optional<bool> grounded; // set when a groundedness judge decided on this cell
    bool cached = false; // answered from the response cache
};

// n, pass rate with its Wilson interval, mean score (with a bootstrap interval when `bootstrap`
// is given), latency and time-to-first-token percentiles (over cells that answered from the
// provider; percentile() interpolates as numpy does), totals, errors, and the hallucination
// rate: the share of judged cells the judge found ungrounded.
TargetSummary summarize(const std::vector<CellOutcome> &cells,
    const std::optional<BootstrapOptions> &bootstrap = std::nullopt);

// The scores the mean score averages, cell by cell (an errored cell scores 0): what its
// bootstrap interval resamples.
std::vector<double> scoreValues(const std::vector<CellOutcome> &cells);

} // namespace ps::eval
