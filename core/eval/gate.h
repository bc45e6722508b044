// Gate expressions such as "pass_rate>=0.85": parsed from text, checked against a summary.
#pragma once

#include "eval/classification.h"
#include "eval/summary.h"

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace ps::eval {

// CLI.md "Evaluation (more)": every figure a gate or a spec may name.
enum class GateMetric {
    PassRate,
    PassRateLow, // the Wilson lower bound
    MeanScore,
    LatencyMsP50,
    LatencyMsP95,
    LatencyMsP99,
    TtftMsP50,
    TtftMsP95,
    CostUsd,
    CostUsdPerCall,
    HallucinationRate,
    HallucinationRateHigh, // the Wilson upper bound
    Accuracy,
    AccuracyLow, // the Wilson lower bound
    MacroF1,
    WeightedF1,
    Precision, // of one class: precision[LABEL]
    Recall,
    F1,
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
    std::string label; // the class of precision[LABEL], recall[LABEL], f1[LABEL] (normalised)
    GateOperator op = GateOperator::AtLeast;
    double bound = 0.0;
};

// "metric op number" with optional spaces; op is >=, <=, >, < or ==; a per-class metric names
// its class in brackets (recall[bug]>=0.8). Throws GateError naming the unknown metric or
// quoting the expression that is malformed.
Gate parseGate(std::string_view expression);

// met: the figure satisfies the gate, and so does all of its 95% interval (when it has one);
// unmet: neither does; undecided: the interval straddles the bound, so more cases would tell.
enum class GateStatus { Met, Unmet, Undecided };
std::string_view toString(GateStatus status);

struct GateResult
{
    bool pass = false; // the figure itself satisfies the gate
    double actual = 0.0; // the summary's figure (0 when it is missing)
    bool measured = false; // the run has the figure
    std::optional<Interval> ci95; // the figure's interval, for those that have one
    GateStatus status = GateStatus::Unmet;
    std::string reason; // set when the gate fails or is undecided
};

// A missing figure (no latency measured, no groundedness checked, no labels to classify) fails
// the gate, so a gate can never pass by having nothing to measure.
GateResult evaluateGate(const Gate &gate, const TargetSummary &summary,
    const ClassificationMetrics *classification = nullptr);

} // namespace ps::eval
