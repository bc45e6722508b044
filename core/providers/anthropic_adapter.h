#pragma once

#include "providers/provider_adapter.h"

#include <nlohmann/json.hpp>

// Anthropic's Messages API (PROTOCOLS.md §3).
namespace ps::providers {

class AnthropicAdapter final : public ProviderAdapter
{
public:
    net::HttpRequest buildRequest(const ChatRequest &request, const ProviderConfig &config,
        const std::string &apiKey) const override;
    std::unique_ptr<StreamParser> newStreamParser() const override;
    ProviderError classifyError(
        int status, const net::Headers &headers, std::string_view body) const override;

    // The max_tokens sent when the version sets none: the API requires one.
    static constexpr long long kDefaultMaxTokens = 4096;

    // The JSON body alone: system messages joined into the top-level "system", tool calls and
    // tool results as content blocks, consecutive turns of one role merged (the API wants
    // user and assistant to alternate). A thinking budget (thinkingBudget()) turns on
    // extended thinking, leaving out temperature and top_p. Params::extra is merged last (a
    // null removes a key), except model, messages, stream, thinking_budget and logprobs keys
    // (Anthropic offers no log-probabilities).
    static nlohmann::json requestBody(const ChatRequest &request);
    // {host}/v1/messages (a base URL already ending in /v1 is accepted too).
    static std::string endpointUrl(const ProviderConfig &config);

private:
    ChatResult parseSuccess(int status, std::string_view body) const override;
};

} // namespace ps::providers
