#pragma once

#include "providers/provider_adapter.h"

#include <nlohmann/json.hpp>

// Google Gemini's generateContent and streamGenerateContent (PROTOCOLS.md §4).
namespace ps::providers {

class GeminiAdapter final : public ProviderAdapter
{
public:
    net::HttpRequest buildRequest(const ChatRequest &request, const ProviderConfig &config,
        const std::string &apiKey) const override;
    std::unique_ptr<StreamParser> newStreamParser() const override;
    ProviderError classifyError(
        int status, const net::Headers &headers, std::string_view body) const override;

    // The JSON body alone: system messages as systemInstruction, roles user and model, tool
    // calls and results as functionCall and functionResponse parts, sampling in
    // generationConfig. JSON schemas go in the fields that take JSON Schema as it is
    // (parametersJsonSchema, responseJsonSchema) rather than Google's reduced Schema.
    // Log-probabilities (extra "logprobs": true, "top_logprobs": N) become responseLogprobs
    // and logprobs, a thinking budget (thinkingBudget(), extra "include_thoughts") becomes
    // thinkingConfig. Params::extra is merged last (a null removes a key), except those keys.
    static nlohmann::json requestBody(const ChatRequest &request);
    // {host}/v1beta/models/{model}:streamGenerateContent?alt=sse, or :generateContent.
    static std::string endpointUrl(const ProviderConfig &config, const ChatRequest &request);

private:
    ChatResult parseSuccess(int status, std::string_view body) const override;
};

} // namespace ps::providers
