#include "eval/assertion_evaluator.h"

#include "eval/bleu.h"
#include "eval/classification.h"
#include "eval/code_points.h"
#include "eval/json_schema.h"
#include "eval/levenshtein.h"
#include "eval/rouge.h"
#include "util/json_depth.h"

#include <algorithm>
#include <cstdio>
#include <vector>

namespace ps::eval {

namespace {

using nlohmann::json;

struct Outcome
{
    bool pass = false;
    double score = 0.0;
    std::string reason;
    bool checked = true; // false: the check could not be made; negation does not apply
};

Outcome binary(bool pass, std::string reason = {})
{
    return {pass, pass ? 1.0 : 0.0, std::move(reason), true};
}

Outcome unchecked(std::string reason)
{
    return {false, 0.0, std::move(reason), false};
}

std::string number(double value)
{
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.4g", value);
    return buffer;
}

std::string excerpt(std::string_view text)
{
    const std::u32string points = toCodePoints(text);
    if (points.size() <= 60)
        return "\"" + std::string(text) + "\"";
    return "\"" + toUtf8(std::u32string_view(points).substr(0, 57)) + "...\"";
}

std::vector<std::string> stringList(const json &value)
{
    std::vector<std::string> items;
    if (value.is_array()) {
        for (const json &item : value)
            items.push_back(item.get<std::string>());
        return items;
    }
    // A string is a comma-separated list, as promptfoo reads it.
    const std::string text = value.get<std::string>();
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t comma = std::min(text.find(',', start), text.size());
        const std::string_view item = trim(std::string_view(text).substr(start, comma - start));
        if (!item.empty())
            items.emplace_back(item);
        start = comma + 1;
    }
    return items;
}

Outcome containsSome(const json &value, std::string_view output, bool all)
{
    std::vector<std::string> found;
    std::vector<std::string> missing;
    for (const std::string &item : stringList(value))
        (output.find(item) != std::string_view::npos ? found : missing).push_back(item);
    if (found.empty() && missing.empty())
        return unchecked("the list of strings to look for is empty");
    if (all)
        return binary(missing.empty(), missing.empty() ? "" : "missing " + excerpt(missing[0]));
    return binary(!found.empty(), found.empty() ? "none of the strings appear" : "");
}

Outcome searchRegex(const RegexPattern &pattern, std::string_view output, const std::string &source)
{
    const std::optional<bool> found = pattern.search(output);
    if (!found)
        return unchecked("the regex " + excerpt(source)
            + " is too costly on this output (its backtracking limit was reached)");
    return binary(*found, "no match for " + excerpt(source));
}

Outcome scored(double score, double threshold, const std::string &what)
{
    return {score >= threshold, score,
        what + " " + number(score) + (score >= threshold ? " >= " : " < ") + number(threshold),
        true};
}

Outcome judged(const Assertion &assertion, std::string_view output, const std::string &criterion,
    std::string_view promptTemplate, const EvalContext &context)
{
    if (!context.judge)
        return unchecked(std::string(toString(assertion.type)) + " needs a judge model");
    JudgeVerdict verdict;
    try {
        verdict = context.judge({assertion.provider.value_or(""),
            renderJudgePrompt(promptTemplate, output, criterion)});
    } catch (const std::exception &error) {
        return unchecked(std::string("the judge failed: ") + error.what());
    }
    const bool pass = assertion.threshold ? verdict.score >= *assertion.threshold : verdict.pass;
    return {pass, verdict.score, verdict.reason, true};
}

Outcome check(const Assertion &assertion, const json &value, std::string_view output,
    const EvalContext &context)
{
    const auto text = [&] {
        return value.is_string() ? value.get<std::string>() : value.dump();
    };
    const double threshold = assertion.threshold.value_or(defaultThreshold(assertion.type));
    switch (assertion.type) {
    case AssertionType::Equals:
        if (!value.is_string()) {
            const json parsed = util::parseJsonOrDiscarded(output);
            return binary(!parsed.is_discarded() && parsed == value,
                "expected the JSON " + excerpt(value.dump()));
        }
        return binary(output == text(), "expected " + excerpt(text()));
    case AssertionType::Contains:
        return binary(output.find(text()) != std::string_view::npos, "no " + excerpt(text()));
    case AssertionType::Icontains:
        return binary(toLower(output).find(toLower(text())) != std::string::npos,
            "no " + excerpt(text()) + " in any case");
    case AssertionType::StartsWith:
        return binary(output.starts_with(text()), "does not start with " + excerpt(text()));
    case AssertionType::Regex: {
        std::shared_ptr<const RegexPattern> pattern = assertion.pattern;
        if (!pattern) {
            try {
                pattern = compilePattern(text()); // from the expected output
            } catch (const AssertionError &error) {
                return unchecked(error.what());
            }
        }
        return searchRegex(*pattern, output, text());
    }
    case AssertionType::ContainsAny:
    case AssertionType::ContainsAll:
        if (!value.is_string() && !value.is_array())
            return unchecked("needs a list of strings");
        return containsSome(value, output, assertion.type == AssertionType::ContainsAll);
    case AssertionType::IsJson: {
        const json parsed = util::parseJsonOrDiscarded(output);
        return binary(!parsed.is_discarded(), "the output is not valid JSON");
    }
    case AssertionType::JsonSchema: {
        std::shared_ptr<const JsonSchema> schema = assertion.schema;
        if (!schema) {
            try {
                const json source = value.is_string() ? util::parseJson(text()) : value;
                schema = std::make_shared<const JsonSchema>(source);
            } catch (const std::exception &error) {
                return unchecked(
                    std::string("the expected output is not a schema: ") + error.what());
            }
        }
        const json parsed = util::parseJsonOrDiscarded(output);
        if (parsed.is_discarded())
            return binary(false, "the output is not valid JSON");
        const std::string violation = schema->violation(parsed);
        return binary(violation.empty(), violation);
    }
    case AssertionType::Length: {
        const auto length = static_cast<long long>(countCodePoints(output));
        if (value.contains("min") && length < value["min"].get<long long>())
            return binary(
                false, std::to_string(length) + " characters, fewer than " + value["min"].dump());
        if (value.contains("max") && length > value["max"].get<long long>())
            return binary(
                false, std::to_string(length) + " characters, more than " + value["max"].dump());
        return binary(true);
    }
    case AssertionType::Latency:
        if (!context.latencyMs)
            return unchecked("no latency was measured");
        return binary(*context.latencyMs <= value.get<double>(),
            number(*context.latencyMs) + " ms > " + number(value.get<double>()) + " ms");
    case AssertionType::Cost:
        if (!context.costUsd)
            return unchecked("the cost is unknown");
        return binary(*context.costUsd <= value.get<double>(),
            "$" + number(*context.costUsd) + " > $" + number(value.get<double>()));
    case AssertionType::Levenshtein:
        return scored(levenshteinSimilarity(output, text()), threshold, "similarity");
    case AssertionType::Bleu:
        return scored(sentenceBleu(output, text()).score, threshold, "BLEU");
    case AssertionType::Rouge1:
        return scored(rougeN(output, text(), 1).fmeasure, threshold, "ROUGE-1");
    case AssertionType::Rouge2:
        return scored(rougeN(output, text(), 2).fmeasure, threshold, "ROUGE-2");
    case AssertionType::RougeL:
        return scored(rougeL(output, text()).fmeasure, threshold, "ROUGE-L");
    case AssertionType::Classification:
        return binary(normalizeLabel(output) == normalizeLabel(text()),
            "classified as " + excerpt(trim(output)) + ", expected " + excerpt(text()));
    case AssertionType::LlmRubric:
        return judged(assertion, output, text(),
            context.rubricPrompt.empty() ? rubricJudgePrompt : context.rubricPrompt, context);
    case AssertionType::Groundedness: {
        const std::string variable = text();
        const auto source = context.variables.find(variable);
        if (source == context.variables.end())
            return unchecked("no variable " + excerpt(variable) + " holds the source text");
        return judged(assertion, output,
            source->is_string() ? source->get<std::string>() : source->dump(),
            context.groundednessPrompt.empty() ? groundednessJudgePrompt
                                               : context.groundednessPrompt,
            context);
    }
    }
    return unchecked("unsupported assertion type");
}

// is-json needs no value; length, latency and cost need their own (the expected output is text).
bool takesExpected(AssertionType type)
{
    return type != AssertionType::IsJson && type != AssertionType::Length
        && type != AssertionType::Latency && type != AssertionType::Cost;
}

} // namespace

AssertionResult evaluate(
    const Assertion &assertion, std::string_view output, const EvalContext &context)
{
    AssertionResult result;
    result.type = assertion.name();
    result.weight = assertion.weight;

    Outcome outcome;
    if (assertion.value) {
        outcome = check(assertion, *assertion.value, output, context);
    } else if (assertion.type == AssertionType::IsJson) {
        outcome = check(assertion, json(), output, context);
    } else if (!takesExpected(assertion.type)) {
        outcome = unchecked(assertion.name() + " needs a value");
    } else if (context.expected) {
        outcome = check(assertion, json(*context.expected), output, context);
    } else {
        outcome = unchecked("no value, and the case has no expected output");
    }

    const bool scoredType = isScored(assertion.type);
    if (outcome.checked && assertion.negate) {
        if (!scoredType && outcome.pass)
            outcome.reason = "the output matches, and the assertion is negated";
        else if (scoredType)
            outcome.reason += " (negated)";
        outcome.pass = !outcome.pass;
        outcome.score = 1.0 - outcome.score;
    }
    result.pass = outcome.pass;
    result.score = outcome.score;
    // A binary check's reason explains a failure; a score's reason is worth reading either way.
    if (!result.pass || scoredType)
        result.reason = std::move(outcome.reason);
    return result;
}

} // namespace ps::eval
