#pragma once

#include "providers/provider_adapter.h"

#include <nlohmann/json.hpp>

// Chat Completions for OpenAI and every server that copies it (PROTOCOLS.md §1, §5, §6).
namespace ps::providers {

class OpenAiAdapter final : public ProviderAdapter
{
public:
    net::HttpRequest buildRequest(const ChatRequest &request, const ProviderConfig &config,
        const std::string &apiKey) const override;
    std::unique_ptr<StreamParser> newStreamParser() const override;
    ProviderError classifyError(
        int status, const net::Headers &headers, std::string_view body) const override;

    // The JSON body alone. OpenAI itself gets max_completion_tokens; other servers get
    // max_tokens, the name they all know. Params::extra is merged last (a null removes a key),
    // except model, messages and stream.
    static nlohmann::json requestBody(const ChatRequest &request, ProviderKind kind);
    // {base}/chat/completions; for ollama {host}/v1/chat/completions.
    static std::string endpointUrl(const ProviderConfig &config);

private:
    ChatResult parseSuccess(int status, std::string_view body) const override;
};

} // namespace ps::providers
