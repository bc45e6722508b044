// One target's results over an evaluation run: the figures gates and reports read.
#pragma once

#include "eval/statistics.h"

#include <optional>

namespace ps::eval {

struct TargetSummary
{
    int n = 0; // cells, repeats included
    int passed = 0;
    double passRate = 0.0;
    Interval passRateCi95; // Wilson
    double meanScore = 0.0;
    std::optional<double> latencyMsP50; // absent when no latency was measured
    std::optional<double> latencyMsP95;
    std::optional<double> ttftMsP50;
    long long inputTokens = 0;
    long long outputTokens = 0;
    double costUsd = 0.0;
    int errors = 0;
    std::optional<double> hallucinationRate; // absent without groundedness assertions
};

} // namespace ps::eval
