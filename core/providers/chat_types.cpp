#include "providers/chat_types.h"
#include "util/json_depth.h"

#include <algorithm>

namespace ps::providers {

const char *toString(ErrorCategory category)
{
    switch (category) {
    case ErrorCategory::Auth:
        return "auth";
    case ErrorCategory::RateLimit:
        return "rate_limit";
    case ErrorCategory::Overloaded:
        return "overloaded";
    case ErrorCategory::ContextLength:
        return "context_length";
    case ErrorCategory::ContentFilter:
        return "content_filter";
    case ErrorCategory::BadRequest:
        return "bad_request";
    case ErrorCategory::NotFound:
        return "not_found";
    case ErrorCategory::Server:
        return "server";
    case ErrorCategory::Network:
        return "network";
    case ErrorCategory::Timeout:
        return "timeout";
    case ErrorCategory::BadResponse:
        return "bad_response";
    case ErrorCategory::Cancelled:
        return "cancelled";
    }
    return "server";
}

namespace {

struct EventApplier
{
    ChatResult &result;

    void operator()(const TextDelta &delta) { result.text += delta.text; }

    void operator()(const ToolCallDelta &delta)
    {
        auto it = std::find_if(result.toolCalls.begin(), result.toolCalls.end(),
            [&](const ToolCall &call) { return call.index == delta.index; });
        if (it == result.toolCalls.end()) {
            result.toolCalls.push_back(ToolCall {{}, {}, {}, delta.index});
            it = result.toolCalls.end() - 1;
        }
        if (!delta.id.empty())
            it->id = delta.id;
        if (!delta.name.empty() && it->name.empty())
            it->name = delta.name;
        it->arguments += delta.argumentsFragment;
    }

    void operator()(const UsageUpdate &update)
    {
        const Usage &in = update.usage;
        Usage &out = result.usage;
        if (in.inputTokens)
            out.inputTokens = in.inputTokens;
        if (in.outputTokens)
            out.outputTokens = in.outputTokens;
        if (in.cachedInputTokens)
            out.cachedInputTokens = in.cachedInputTokens;
        if (in.reasoningTokens)
            out.reasoningTokens = in.reasoningTokens;
    }

    void operator()(const Finish &finish) { result.finishReason = finish.reason; }

    void operator()(const LogprobsDelta &delta)
    {
        result.logprobs.insert(result.logprobs.end(), delta.tokens.begin(), delta.tokens.end());
    }

    void operator()(const ReasoningDelta &delta)
    {
        result.reasoning += delta.text;
        if (!delta.signature.empty())
            result.reasoningSignature = delta.signature;
    }

    void operator()(const ServerTimingsUpdate &update) { result.serverTimings = update.timings; }

    void operator()(const StreamError &error)
    {
        // The first error is the cause; anything after it is a consequence.
        if (!result.error)
            result.error = error.error;
    }
};

} // namespace

std::optional<double> ChatResult::meanLogprob() const
{
    if (logprobs.empty())
        return std::nullopt;
    double sum = 0.0;
    for (const TokenLogprob &token : logprobs)
        sum += token.logprob;
    return sum / static_cast<double>(logprobs.size());
}

std::optional<double> ChatResult::serverOutputTokensPerSecond() const
{
    if (!serverTimings || !serverTimings->generationMs || *serverTimings->generationMs <= 0
        || !usage.outputTokens || *usage.outputTokens <= 0)
        return std::nullopt;
    return static_cast<double>(*usage.outputTokens) / (*serverTimings->generationMs / 1000.0);
}

ChatMessage ChatResult::assistantTurn() const
{
    ChatMessage message;
    message.role = "assistant";
    message.content = text;
    for (const ToolCall &call : toolCalls) {
        nlohmann::json arguments = util::parseJsonOrDiscarded(call.arguments);
        nlohmann::json out {{"id", call.id}, {"name", call.name},
            {"arguments", arguments.is_discarded() ? nlohmann::json(call.arguments) : arguments}};
        if (message.toolCalls.empty() && !reasoningSignature.empty())
            out["reasoning"] = {{"text", reasoning}, {"signature", reasoningSignature}};
        message.toolCalls.push_back(std::move(out));
    }
    return message;
}

void ChatResult::apply(const ChatEvent &event)
{
    std::visit(EventApplier {*this}, event);
}

nlohmann::json logprobsToJson(const std::vector<TokenLogprob> &tokens)
{
    nlohmann::json list = nlohmann::json::array();
    for (const TokenLogprob &token : tokens) {
        nlohmann::json top = nlohmann::json::array();
        for (const auto &[text, logprob] : token.top)
            top.push_back({text, logprob});
        list.push_back({{"token", token.token}, {"logprob", token.logprob}, {"top", top}});
    }
    return list;
}

std::vector<TokenLogprob> logprobsFromJson(const nlohmann::json &list)
{
    std::vector<TokenLogprob> tokens;
    for (const nlohmann::json &item : list) {
        TokenLogprob token;
        token.token = item.at("token").get<std::string>();
        token.logprob = item.at("logprob").get<double>();
        for (const nlohmann::json &alternative : item.at("top"))
            token.top.emplace_back(
                alternative.at(0).get<std::string>(), alternative.at(1).get<double>());
        tokens.push_back(std::move(token));
    }
    return tokens;
}

} // namespace ps::providers
