#pragma once

#include "providers/provider_adapter.h"

#include <nlohmann/json.hpp>

// Ollama's native chat API, POST /api/chat with an NDJSON stream (PROTOCOLS.md §5).
namespace ps::providers {

class OllamaAdapter final : public ProviderAdapter
{
public:
    net::HttpRequest buildRequest(const ChatRequest &request, const ProviderConfig &config,
        const std::string &apiKey) const override;
    std::unique_ptr<StreamParser> newStreamParser() const override;
    ProviderError classifyError(
        int status, const net::Headers &headers, std::string_view body) const override;

    // The JSON body alone: sampling in "options", a JSON schema as "format", tool calls with
    // object arguments, tool results named by the function they answer, reasoning effort as
    // "think". "stream" is always sent, since Ollama streams by default. Params::extra is
    // merged last (a null removes a key), except model, messages and stream.
    static nlohmann::json requestBody(const ChatRequest &request);
    // {host}/api/chat.
    static std::string endpointUrl(const ProviderConfig &config);

private:
    ChatResult parseSuccess(int status, std::string_view body) const override;
};

} // namespace ps::providers
