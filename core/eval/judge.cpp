#include "eval/judge.h"
#include "util/json_depth.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace ps::eval {

const std::string_view rubricJudgePrompt
    = R"(You are grading the output of an AI assistant against a rubric.

<rubric>
{{rubric}}
</rubric>

<output>
{{output}}
</output>

Decide whether the output meets the rubric. Reply with only a JSON object:
{"reason": "<one or two sentences>", "pass": true or false, "score": <a number from 0 to 1>})";

const std::string_view groundednessJudgePrompt
    = R"(You check whether an AI assistant's answer is grounded in a source text.

<source>
{{source}}
</source>

<answer>
{{output}}
</answer>

List each factual claim in the answer and decide whether the source supports it. The answer is
grounded only if every claim is supported; a claim the source does not state is a hallucination.
Reply with only a JSON object:
{"reason": "<the unsupported claims, or why all are supported>", "pass": true or false, "score": <the share of claims supported, 0 to 1>})";

std::string renderJudgePrompt(
    std::string_view promptTemplate, std::string_view output, std::string_view criterion)
{
    std::string out;
    std::size_t pos = 0;
    while (pos < promptTemplate.size()) {
        const std::size_t open = promptTemplate.find("{{", pos);
        if (open == std::string_view::npos)
            break;
        out.append(promptTemplate.substr(pos, open - pos));
        const std::string_view rest = promptTemplate.substr(open);
        if (rest.starts_with("{{output}}")) {
            out.append(output);
            pos = open + 10;
        } else if (rest.starts_with("{{rubric}}") || rest.starts_with("{{source}}")) {
            out.append(criterion);
            pos = open + 10;
        } else {
            out.append("{{");
            pos = open + 2;
        }
    }
    if (pos < promptTemplate.size())
        out.append(promptTemplate.substr(pos));
    return out;
}

std::optional<JudgeVerdict> parseJudgeReply(std::string_view reply)
{
    // Try each '{' as the start of the object: models often add a sentence before it.
    for (std::size_t open = reply.find('{'); open != std::string_view::npos;
         open = reply.find('{', open + 1)) {
        const std::size_t close = reply.rfind('}');
        if (close == std::string_view::npos || close < open)
            break;
        const nlohmann::json object
            = util::parseJsonOrDiscarded(reply.substr(open, close - open + 1));
        if (!object.is_object())
            continue;
        const auto pass = object.find("pass");
        const auto score = object.find("score");
        const bool hasPass = pass != object.end() && pass->is_boolean();
        const bool hasScore = score != object.end() && score->is_number();
        if (!hasPass && !hasScore)
            continue;
        JudgeVerdict verdict;
        verdict.score = hasScore ? std::clamp(score->get<double>(), 0.0, 1.0)
                                 : (pass->get<bool>() ? 1.0 : 0.0);
        verdict.pass = hasPass ? pass->get<bool>() : verdict.score >= 0.5;
        if (const auto reason = object.find("reason");
            reason != object.end() && reason->is_string())
            verdict.reason = reason->get<std::string>();
        return verdict;
    }
    return std::nullopt;
}

} // namespace ps::eval
