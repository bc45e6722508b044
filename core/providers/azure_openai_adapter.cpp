#include "providers/azure_openai_adapter.h"

#include "providers/adapter_support.h"

namespace ps::providers {

std::string AzureOpenAiAdapter::endpointUrl(
    const ProviderConfig &config, const std::string &deployment)
{
    return baseUrlOf(config) + "/openai/deployments/" + deployment
        + "/chat/completions?api-version=" + config.apiVersion;
}

net::HttpRequest AzureOpenAiAdapter::buildRequest(
    const ChatRequest &request, const ProviderConfig &config, const std::string &apiKey) const
{
    net::HttpRequest http = jsonPost(endpointUrl(config, request.model),
        request.stream ? "text/event-stream" : "application/json", config);
    addKeyHeader(http.headers, ProviderKind::AzureOpenAi, apiKey);
    http.body = OpenAiAdapter::requestBody(request, config.kind).dump();
    return http;
}

std::unique_ptr<StreamParser> AzureOpenAiAdapter::newStreamParser() const
{
    return m_openAi.newStreamParser();
}

ChatResult AzureOpenAiAdapter::parseSuccess(int status, std::string_view body) const
{
    return m_openAi.parseResponse(status, {}, body); // 2xx: no headers are read
}

ProviderError AzureOpenAiAdapter::classifyError(
    int status, const net::Headers &headers, std::string_view body) const
{
    return m_openAi.classifyError(status, headers, body);
}

} // namespace ps::providers
