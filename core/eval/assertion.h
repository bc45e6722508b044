// An assertion on a model's output as a dataset or CLI states it: parsed, validated, compiled.
#pragma once

#include "eval/regex_pattern.h"

#include <nlohmann/json.hpp>

#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace ps::eval {

class JsonSchema;

enum class AssertionType {
    Equals,
    Contains,
    Icontains,
    StartsWith,
    Regex,
    ContainsAny,
    ContainsAll,
    IsJson,
    JsonSchema,
    Length,
    Latency,
    Cost,
    Levenshtein,
    Bleu,
    Rouge1,
    Rouge2,
    RougeL,
    Classification,
    LlmRubric,
    Groundedness,
};

// The type's name as written in datasets ("starts-with", "rouge-l").
std::string_view toString(AssertionType type);
std::optional<AssertionType> assertionTypeFromString(std::string_view name);

// Whether the type scores on a scale with a threshold (levenshtein, bleu, rouge-*, and the judge
// types), rather than simply passing or failing.
bool isScored(AssertionType type);

// The least passing score for a scored type when the assertion gives none.
double defaultThreshold(AssertionType type);

// Thrown when an assertion cannot be used; the message names the type or field at fault.
class AssertionError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

struct Assertion
{
    AssertionType type = AssertionType::Equals;
    bool negate = false; // written as "not-<type>"
    std::optional<nlohmann::json> value; // absent: the case's expected output is used
    std::optional<double> threshold;
    double weight = 1.0;
    std::optional<std::string> provider; // the judge target for llm-rubric and groundedness

    // Compiled when parsed so that an invalid pattern or schema is refused up front, and so
    // that a thousand cases do not compile it a thousand times. Shared: copies stay cheap.
    std::shared_ptr<const RegexPattern> pattern;
    std::shared_ptr<const JsonSchema> schema;

    // "not-icontains" for a negated icontains.
    std::string name() const;
};

// Reads {"type": ..., "value": ..., "threshold": ..., "weight": ..., "provider": ...}; throws
// AssertionError for an unknown type, a value of the wrong shape, an invalid regex or schema, a
// threshold outside 0..1 or on a type without a score, or a negative weight.
Assertion parseAssertion(const nlohmann::json &spec);

// Compiles a pattern (PCRE2 syntax, which covers what promptfoo's JavaScript patterns use);
// throws AssertionError quoting the pattern when it is invalid.
std::shared_ptr<const RegexPattern> compilePattern(const std::string &pattern);

} // namespace ps::eval
