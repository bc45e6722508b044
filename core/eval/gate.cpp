#include "eval/gate.h"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <optional>
#include <utility>

namespace ps::eval {

namespace {

constexpr std::array<std::pair<GateMetric, std::string_view>, 6> metricNames {{
    {GateMetric::PassRate, "pass_rate"},
    {GateMetric::PassRateLow, "pass_rate_low"},
    {GateMetric::MeanScore, "mean_score"},
    {GateMetric::LatencyMsP95, "latency_ms_p95"},
    {GateMetric::CostUsd, "cost_usd"},
    {GateMetric::HallucinationRate, "hallucination_rate"},
}};

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

std::optional<double> figure(GateMetric metric, const TargetSummary &summary)
{
    switch (metric) {
    case GateMetric::PassRate:
        return summary.passRate;
    case GateMetric::PassRateLow:
        return summary.passRateCi95.low;
    case GateMetric::MeanScore:
        return summary.meanScore;
    case GateMetric::LatencyMsP95:
        return summary.latencyMsP95;
    case GateMetric::CostUsd:
        return summary.costUsd;
    case GateMetric::HallucinationRate:
        return summary.hallucinationRate;
    }
    return std::nullopt;
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
    const std::string_view name = strip(expression.substr(0, at));
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

GateResult evaluateGate(const Gate &gate, const TargetSummary &summary)
{
    GateResult result;
    const std::optional<double> actual = figure(gate.metric, summary);
    if (!actual) {
        result.reason = std::string(toString(gate.metric)) + " was not measured in this run";
        return result;
    }
    result.actual = *actual;
    result.pass = compare(*actual, gate.op, gate.bound);
    if (!result.pass) {
        char buffer[96];
        std::snprintf(buffer, sizeof buffer, "%s is %.6g, not %s %.6g",
            std::string(toString(gate.metric)).c_str(), *actual,
            std::string(toString(gate.op)).c_str(), gate.bound);
        result.reason = buffer;
    }
    return result;
}

} // namespace ps::eval
