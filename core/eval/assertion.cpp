#include "eval/assertion.h"

#include "eval/json_schema.h"

#include <array>
#include <cmath>
#include <utility>

namespace ps::eval {

namespace {

using nlohmann::json;

constexpr std::array<std::pair<AssertionType, std::string_view>, 20> typeNames {{
    {AssertionType::Equals, "equals"},
    {AssertionType::Contains, "contains"},
    {AssertionType::Icontains, "icontains"},
    {AssertionType::StartsWith, "starts-with"},
    {AssertionType::Regex, "regex"},
    {AssertionType::ContainsAny, "contains-any"},
    {AssertionType::ContainsAll, "contains-all"},
    {AssertionType::IsJson, "is-json"},
    {AssertionType::JsonSchema, "json-schema"},
    {AssertionType::Length, "length"},
    {AssertionType::Latency, "latency"},
    {AssertionType::Cost, "cost"},
    {AssertionType::Levenshtein, "levenshtein"},
    {AssertionType::Bleu, "bleu"},
    {AssertionType::Rouge1, "rouge-1"},
    {AssertionType::Rouge2, "rouge-2"},
    {AssertionType::RougeL, "rouge-l"},
    {AssertionType::Classification, "classification"},
    {AssertionType::LlmRubric, "llm-rubric"},
    {AssertionType::Groundedness, "groundedness"},
}};

std::string inQuotes(std::string_view name)
{
    return "'" + std::string(name) + "'";
}

bool isStringList(const json &value)
{
    if (!value.is_array() || value.empty())
        return false;
    for (const json &item : value) {
        if (!item.is_string())
            return false;
    }
    return true;
}

bool isCount(const json &value)
{
    return value.is_number_unsigned() || (value.is_number_integer() && value.get<long long>() >= 0);
}

void checkLength(const json &value)
{
    const std::string shape = "length needs a value {\"min\": N, \"max\": N} (characters, either "
                              "may be left out)";
    if (!value.is_object())
        throw AssertionError(shape);
    for (const auto &[key, bound] : value.items()) {
        if (key != "min" && key != "max")
            throw AssertionError(shape + "; unknown key " + inQuotes(key));
        if (!isCount(bound))
            throw AssertionError("length " + key + " must be a whole number of characters, >= 0");
    }
    if (!value.contains("min") && !value.contains("max"))
        throw AssertionError(shape);
    if (value.contains("min") && value.contains("max")
        && value["min"].get<long long>() > value["max"].get<long long>())
        throw AssertionError("length min is greater than its max");
}

// Checks the value's shape for the type; a missing value is checked only where one is required.
void checkValue(const Assertion &assertion, const std::string &name)
{
    const std::optional<json> &value = assertion.value;
    switch (assertion.type) {
    case AssertionType::Length:
        if (!value)
            throw AssertionError("length needs a value {\"min\": N, \"max\": N}");
        checkLength(*value);
        return;
    case AssertionType::Latency:
    case AssertionType::Cost:
        if (!value || !value->is_number() || value->get<double>() < 0)
            throw AssertionError(name + " needs its upper bound as a number >= 0 in value ("
                + (assertion.type == AssertionType::Latency ? "milliseconds" : "USD") + ")");
        return;
    case AssertionType::IsJson:
        if (value && !value->is_null())
            throw AssertionError("is-json takes no value; use json-schema to check a shape");
        return;
    case AssertionType::ContainsAny:
    case AssertionType::ContainsAll:
        if (value && !value->is_string() && !isStringList(*value))
            throw AssertionError(name + " needs a list of strings as value");
        return;
    case AssertionType::JsonSchema:
    case AssertionType::Equals:
        return; // any JSON: equals compares documents, json-schema is compiled separately
    default:
        if (value && !value->is_string())
            throw AssertionError(name + " needs a string as value");
        return;
    }
}

} // namespace

std::string_view toString(AssertionType type)
{
    for (const auto &[candidate, name] : typeNames) {
        if (candidate == type)
            return name;
    }
    return "unknown";
}

std::optional<AssertionType> assertionTypeFromString(std::string_view name)
{
    for (const auto &[type, candidate] : typeNames) {
        if (candidate == name)
            return type;
    }
    return std::nullopt;
}

bool isScored(AssertionType type)
{
    switch (type) {
    case AssertionType::Levenshtein:
    case AssertionType::Bleu:
    case AssertionType::Rouge1:
    case AssertionType::Rouge2:
    case AssertionType::RougeL:
    case AssertionType::LlmRubric:
    case AssertionType::Groundedness:
        return true;
    default:
        return false;
    }
}

double defaultThreshold(AssertionType type)
{
    // bleu 0.5 and rouge 0.75 are promptfoo's defaults, so a suite moved from it keeps its
    // verdicts. promptfoo's levenshtein default is "at most 5 edits", which has no fixed
    // similarity; 0.8 equals 5 edits on a 25-character answer. Judges decide by their own
    // pass/fail, so 0.5 only applies when one returns a score alone.
    switch (type) {
    case AssertionType::Bleu:
        return 0.5;
    case AssertionType::Rouge1:
    case AssertionType::Rouge2:
    case AssertionType::RougeL:
        return 0.75;
    case AssertionType::Levenshtein:
        return 0.8;
    default:
        return 0.5;
    }
}

std::string Assertion::name() const
{
    return (negate ? "not-" : "") + std::string(toString(type));
}

std::shared_ptr<const RegexPattern> compilePattern(const std::string &pattern)
{
    try {
        return RegexPattern::compile(pattern);
    } catch (const std::invalid_argument &error) {
        throw AssertionError("invalid regex " + inQuotes(pattern) + ": " + error.what());
    }
}

Assertion parseAssertion(const json &spec)
{
    if (!spec.is_object())
        throw AssertionError("an assertion must be an object with a \"type\"");
    const auto typeField = spec.find("type");
    if (typeField == spec.end() || !typeField->is_string())
        throw AssertionError("an assertion needs a \"type\" string");
    std::string_view written = typeField->get_ref<const std::string &>();
    const std::string name(written);

    Assertion assertion;
    if (written.starts_with("not-")) {
        assertion.negate = true;
        written.remove_prefix(4);
    }
    const std::optional<AssertionType> type = assertionTypeFromString(written);
    if (!type)
        throw AssertionError("unknown assertion type " + inQuotes(name));
    assertion.type = *type;

    if (const auto value = spec.find("value"); value != spec.end() && !value->is_null())
        assertion.value = *value;
    checkValue(assertion, name);

    if (const auto threshold = spec.find("threshold");
        threshold != spec.end() && !threshold->is_null()) {
        if (!isScored(assertion.type))
            throw AssertionError(name + " passes or fails; it takes no threshold"
                + (assertion.type == AssertionType::Latency || assertion.type == AssertionType::Cost
                        ? " (put the limit in value)"
                        : ""));
        if (!threshold->is_number() || threshold->get<double>() < 0 || threshold->get<double>() > 1)
            throw AssertionError(name + " threshold must be a number from 0 to 1");
        assertion.threshold = threshold->get<double>();
    }
    if (const auto weight = spec.find("weight"); weight != spec.end() && !weight->is_null()) {
        if (!weight->is_number() || weight->get<double>() < 0
            || !std::isfinite(weight->get<double>()))
            throw AssertionError(name + " weight must be a number >= 0");
        assertion.weight = weight->get<double>();
    }
    if (const auto provider = spec.find("provider");
        provider != spec.end() && !provider->is_null()) {
        if (!provider->is_string())
            throw AssertionError(name + " provider must name a target");
        assertion.provider = provider->get<std::string>();
    }

    if (assertion.type == AssertionType::Regex && assertion.value)
        assertion.pattern = compilePattern(assertion.value->get<std::string>());
    if (assertion.type == AssertionType::JsonSchema && assertion.value) {
        try {
            assertion.schema = std::make_shared<const JsonSchema>(*assertion.value);
        } catch (const std::invalid_argument &error) {
            throw AssertionError(name + ": " + error.what());
        }
    }
    return assertion;
}

} // namespace ps::eval
