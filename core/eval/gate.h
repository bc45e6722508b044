// Gate expressions such as "pass_rate>=0.85": parsed from text, checked against a summary.
#pragma once

#include "eval/summary.h"

#include <stdexcept>
#include <string>
#include <string_view>

namespace ps::eval {

enum class GateMetric {
    PassRate,
    PassRateLow, // the Wilson lower bound
    MeanScore,
    LatencyMsP95,
    CostUsd,
    HallucinationRate,
};

enum class GateOperator { AtLeast, AtMost, Above, Below, Equal };

std::string_view toString(GateMetric metric);
std::string_view toString(GateOperator op);

class GateError : public std::invalid_argument
{
public:
    using std::invalid_argument::invalid_argument;
};

struct Gate
{
    std::string expression; // as written, for reports
    GateMetric metric = GateMetric::PassRate;
    GateOperator op = GateOperator::AtLeast;
    double bound = 0.0;
};

// "metric op number" with optional spaces; op is >=, <=, >, < or ==. Throws GateError naming
// the unknown metric or quoting the expression that is malformed.
Gate parseGate(std::string_view expression);

struct GateResult
{
    bool pass = false;
    double actual = 0.0; // the summary's figure (0 when it is missing)
    std::string reason; // set when the gate fails
};

// A missing figure (no latency measured, no groundedness checked) fails the gate, so a gate can
// never pass by having nothing to measure.
GateResult evaluateGate(const Gate &gate, const TargetSummary &summary);

} // namespace ps::eval
