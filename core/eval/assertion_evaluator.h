// Checks one assertion against one model output and scores it 0..1.
#pragma once

#include "eval/assertion.h"
#include "eval/judge.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace ps::eval {

// What a case and its measured response offer besides the output text.
struct EvalContext
{
    std::optional<std::string> expected; // the case's expected output: the default value
    std::optional<double> latencyMs; // absent when not measured (latency then fails)
    std::optional<double> costUsd; // absent when unknown (cost then fails)
    nlohmann::json variables = nlohmann::json::object(); // groundedness reads its source here
    Judge judge; // empty: llm-rubric and groundedness fail, saying they need a judge
    // The user's own judge prompts ({{output}}, {{rubric}}, {{source}}); empty: the defaults.
    std::string rubricPrompt {};
    std::string groundednessPrompt {};
};

struct AssertionResult
{
    std::string type; // as written, with "not-"
    bool pass = false;
    double score = 0.0; // 0..1; negation reports 1 − score
    double weight = 1.0; // the assertion's, for the case score
    std::string reason; // why it failed, or what it measured
};

// Evaluates with the value, or the case's expected output when the assertion has none.
// Negation flips pass and score. A check that cannot be made at all (no value and no expected
// output, no latency measured, no judge, a judge call that failed) fails whether or not it is
// negated, and says why; so does a regex whose search hits its backtracking limit.
AssertionResult evaluate(
    const Assertion &assertion, std::string_view output, const EvalContext &context);

} // namespace ps::eval
