#pragma once

#include "providers/openai_adapter.h"

// Azure OpenAI: Chat Completions on a deployment URL with an api-key header (PROTOCOLS.md §1).
namespace ps::providers {

// Everything but the request's URL and auth header is OpenAI's, so it delegates to that adapter.
class AzureOpenAiAdapter final : public ProviderAdapter
{
public:
    net::HttpRequest buildRequest(const ChatRequest &request, const ProviderConfig &config,
        const std::string &apiKey) const override;
    std::unique_ptr<StreamParser> newStreamParser() const override;
    ProviderError classifyError(
        int status, const net::Headers &headers, std::string_view body) const override;

    // {base}/openai/deployments/{model}/chat/completions?api-version={version}; the request's
    // model is the deployment name.
    static std::string endpointUrl(const ProviderConfig &config, const std::string &deployment);

private:
    ChatResult parseSuccess(int status, std::string_view body) const override;

    OpenAiAdapter m_openAi;
};

} // namespace ps::providers
