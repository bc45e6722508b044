// The interface to a judge model for llm-rubric and groundedness: requests, verdicts, prompts.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace ps::eval {

struct JudgeRequest
{
    std::string provider; // the assertion's `provider`: the target to ask; empty = the default
    std::string prompt; // the rendered judge prompt
};

struct JudgeVerdict
{
    bool pass = false;
    double score = 0.0; // 0..1
    std::string reason; // the judge's reasoning, stored with the result
};

// Asks a model and returns its verdict; throws (any std::exception) when the call fails. The run
// layer supplies it, so core/eval never sends a request itself.
using Judge = std::function<JudgeVerdict(const JudgeRequest &)>;

// Default judge prompts; {{output}}, {{rubric}} and {{source}} are replaced. Projects may edit
// them, so they are data, not code.
extern const std::string_view rubricJudgePrompt;
extern const std::string_view groundednessJudgePrompt;

// Replaces every {{output}}, {{rubric}} and {{source}} (no other syntax: the output itself may
// contain braces, and it is inserted verbatim, never re-scanned).
std::string renderJudgePrompt(
    std::string_view promptTemplate, std::string_view output, std::string_view criterion);

// Reads the judge's JSON reply {"pass": bool, "score": number, "reason": string}, also when the
// model wrapped it in prose or a ``` fence; nullopt when no such object is found. A missing score
// is 1 for a pass and 0 for a fail; a missing pass is score >= 0.5.
std::optional<JudgeVerdict> parseJudgeReply(std::string_view reply);

} // namespace ps::eval
