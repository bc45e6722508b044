#include "eval/gate.h"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <optional>
#include <utility>

namespace ps::eval {

namespace {

constexpr std::array<std::pair<GateMetric, std::string_view>, 19> metricNames {{
    {GateMetric::PassRate, "pass_rate"},
    {GateMetric::PassRateLow, "pass_rate_low"},
    {GateMetric::MeanScore, "mean_score"},
    {GateMetric::LatencyMsP50, "latency_ms_p50"},
    {GateMetric::LatencyMsP95, "latency_ms_p95"},
    {GateMetric::LatencyMsP99, "latency_ms_p99"},
    {GateMetric::TtftMsP50, "ttft_ms_p50"},
    {GateMetric::TtftMsP95, "ttft_ms_p95"},
    {GateMetric::CostUsd, "cost_usd"},
    {GateMetric::CostUsdPerCall, "cost_usd_per_call"},
    {GateMetric::HallucinationRate, "hallucination_rate"},
    {GateMetric::HallucinationRateHigh, "hallucination_rate_high"},
    {GateMetric::Accuracy, "accuracy"},
    {GateMetric::AccuracyLow, "accuracy_low"},
    {GateMetric::MacroF1, "macro_f1"},
    {GateMetric::WeightedF1, "weighted_f1"},
    {GateMetric::Precision, "precision"},
    {GateMetric::Recall, "recall"},
    {GateMetric::F1, "f1"},
}};

bool perClass(GateMetric metric)
{
    return metric == GateMetric::Precision || metric == GateMetric::Recall
        || metric == GateMetric::F1;
}

// Two-character operators first, so ">=" is not read as ">" followed by "=".
constexpr std::array<std::pair<GateOperator, std::string_view>, 5> operatorNames {{
    {GateOperator::AtLeast, ">="},
    {GateOperator::AtMost, "<="},
    {GateOperator::Equal, "=="},
    {GateOperator::Above, ">"},
    {GateOperator::Below, "<"},
}};

std::string_view strip(std::string_view text)
{
    const auto isSpace = [](char c) {
        return c == ' ' || c == '\t';
    };
    while (!text.empty() && isSpace(text.front()))
        text.remove_prefix(1);
    while (!text.empty() && isSpace(text.back()))
        text.remove_suffix(1);
    return text;
}

std::string allMetrics()
{
    std::string names;
    for (const auto &[metric, name] : metricNames)
        names += (names.empty() ? "" : ", ") + std::string(name);
    return names;
}

// A figure and its 95% interval (for the figures that have one).
struct Figure
{
    std::optional<double> value;
    std::optional<Interval> ci95;
};

Figure figure(
    const Gate &gate, const TargetSummary &summary, const ClassificationMetrics *classification)
{
    const auto ofClass = [&](auto member) -> Figure {
        if (!classification)
            return {};
        const auto found = classification->perClass.find(gate.label);
        if (found == classification->perClass.end())
            return {};
        return {found->second.*member, std::nullopt};
    };
    switch (gate.metric) {
    case GateMetric::PassRate:
        return {summary.passRate, summary.passRateCi95};
    case GateMetric::PassRateLow:
        return {summary.passRateCi95.low, std::nullopt};
    case GateMetric::MeanScore:
        return {summary.meanScore, summary.meanScoreCi95};
    case GateMetric::LatencyMsP50:
        return {summary.latencyMsP50, std::nullopt};
    case GateMetric::LatencyMsP95:
        return {summary.latencyMsP95, std::nullopt};
    case GateMetric::LatencyMsP99:
        return {summary.latencyMsP99, std::nullopt};
    case GateMetric::TtftMsP50:
        return {summary.ttftMsP50, std::nullopt};
    case GateMetric::TtftMsP95:
        return {summary.ttftMsP95, std::nullopt};
    case GateMetric::CostUsd:
        return {summary.costUsd, std::nullopt};
    case GateMetric::CostUsdPerCall:
        return {summary.costUsdPerCall, std::nullopt};
    case GateMetric::HallucinationRate:
        return {summary.hallucinationRate, summary.hallucinationRateCi95};
    case GateMetric::HallucinationRateHigh:
        if (!summary.hallucinationRateCi95)
            return {};
        return {summary.hallucinationRateCi95->high, std::nullopt};
    case GateMetric::Accuracy:
        if (!classification)
            return {};
        return {classification->accuracy, classification->accuracyCi95};
    case GateMetric::AccuracyLow:
        if (!classification)
            return {};
        return {classification->accuracyCi95.low, std::nullopt};
    case GateMetric::MacroF1:
        if (!classification)
            return {};
        return {classification->macroF1, classification->macroF1Ci95};
    case GateMetric::WeightedF1:
        if (!classification)
            return {};
        return {classification->weightedF1, classification->weightedF1Ci95};
    case GateMetric::Precision:
        return ofClass(&ClassMetrics::precision);
    case GateMetric::Recall:
        return ofClass(&ClassMetrics::recall);
    case GateMetric::F1:
        return ofClass(&ClassMetrics::f1);
    }
    return {};
}

std::string metricText(const Gate &gate)
{
    std::string text(toString(gate.metric));
    return perClass(gate.metric) ? text + "[" + gate.label + "]" : text;
}

bool compare(double actual, GateOperator op, double bound)
{
    switch (op) {
    case GateOperator::AtLeast:
        return actual >= bound;
    case GateOperator::AtMost:
        return actual <= bound;
    case GateOperator::Above:
        return actual > bound;
    case GateOperator::Below:
        return actual < bound;
    case GateOperator::Equal:
        return actual == bound;
    }
    return false;
}

} // namespace

std::string_view toString(GateMetric metric)
{
    for (const auto &[candidate, name] : metricNames) {
        if (candidate == metric)
            return name;
    }
    return "unknown";
}

std::string_view toString(GateOperator op)
{
    for (const auto &[candidate, name] : operatorNames) {
        if (candidate == op)
            return name;
    }
    return "?";
}

Gate parseGate(std::string_view expression)
{
    const std::string quoted = "'" + std::string(expression) + "'";
    const std::size_t at = expression.find_first_of("<>=");
    if (at == std::string_view::npos)
        throw GateError("gate " + quoted + " needs a comparison such as pass_rate>=0.85");

    Gate gate;
    gate.expression = std::string(strip(expression));
    std::string_view name = strip(expression.substr(0, at));
    // precision[bug]: the metric, then its class in brackets.
    const std::size_t open = name.find('[');
    if (open != std::string_view::npos) {
        if (!name.ends_with("]") || name.size() - open < 3)
            throw GateError("gate " + quoted + " names a class as metric[LABEL], e.g. recall[bug]");
        gate.label = normalizeLabel(name.substr(open + 1, name.size() - open - 2));
        name = strip(name.substr(0, open));
    }
    bool known = false;
    for (const auto &[metric, candidate] : metricNames) {
        if (candidate == name) {
            gate.metric = metric;
            known = true;
        }
    }
    if (!known)
        throw GateError("unknown gate metric '" + std::string(name) + "' in " + quoted
            + "; known: " + allMetrics());
    if (perClass(gate.metric) != !gate.label.empty())
        throw GateError(perClass(gate.metric)
                ? "gate " + quoted + " needs a class: " + std::string(name) + "[LABEL]"
                : "gate " + quoted + ": only precision, recall and f1 take a class");

    std::string_view rest = expression.substr(at);
    bool matched = false;
    for (const auto &[op, symbol] : operatorNames) {
        if (rest.starts_with(symbol)) {
            gate.op = op;
            rest.remove_prefix(symbol.size());
            matched = true;
            break;
        }
    }
    if (!matched)
        throw GateError("gate " + quoted + " has no operator >=, <=, >, < or ==");

    const std::string_view number = strip(rest);
    const char *end = number.data() + number.size();
    const auto [ptr, error] = std::from_chars(number.data(), end, gate.bound);
    if (number.empty() || error != std::errc() || ptr != end || !std::isfinite(gate.bound))
        throw GateError("gate " + quoted + " must end in a number");
    return gate;
}

std::string_view toString(GateStatus status)
{
    switch (status) {
    case GateStatus::Met:
        return "met";
    case GateStatus::Unmet:
        return "unmet";
    case GateStatus::Undecided:
        return "undecided";
    }
    return "unmet";
}

GateResult evaluateGate(
    const Gate &gate, const TargetSummary &summary, const ClassificationMetrics *classification)
{
    GateResult result;
    const Figure measured = figure(gate, summary, classification);
    if (!measured.value) {
        result.reason = metricText(gate)
            + (perClass(gate.metric) && classification
                    ? " has no class '" + gate.label + "' among the expected labels"
                    : " was not measured in this run");
        return result;
    }
    const double actual = *measured.value;
    result.actual = actual;
    result.measured = true;
    result.ci95 = measured.ci95;
    result.pass = compare(actual, gate.op, gate.bound);
    // Decided only when the whole interval is on one side of the bound.
    const bool lowPasses = !measured.ci95 || compare(measured.ci95->low, gate.op, gate.bound);
    const bool highPasses = !measured.ci95 || compare(measured.ci95->high, gate.op, gate.bound);
    result.status = result.pass && lowPasses && highPasses ? GateStatus::Met
        : !result.pass && (!measured.ci95 || (!lowPasses && !highPasses)) ? GateStatus::Unmet
                                                                          : GateStatus::Undecided;
    char buffer[160];
    if (!result.pass) {
        std::snprintf(buffer, sizeof buffer, "%s is %.6g, not %s %.6g", metricText(gate).c_str(),
            actual, std::string(toString(gate.op)).c_str(), gate.bound);
        result.reason = buffer;
    } else if (result.status == GateStatus::Undecided) {
        std::snprintf(buffer, sizeof buffer,
            "%s is %.6g, but its 95%% interval [%.4g, %.4g] reaches past %.6g", metricText(gate).c_str(),
            actual, measured.ci95->low, measured.ci95->high, gate.bound);
        result.reason = buffer;
    }
    return result;
}

} // namespace ps::eval
