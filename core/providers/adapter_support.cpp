#include "providers/adapter_support.h"

#include "providers/json_fields.h"

#include <chrono>

namespace ps::providers {

std::string imageUrl(const ImagePart &part)
{
    if (!part.image.url.empty())
        return part.image.url;
    if (part.base64.empty())
        return "data:" + part.image.mediaType + ";sha256," + part.image.sha256;
    return "data:" + part.image.mediaType + ";base64," + part.base64;
}

net::HttpRequest jsonPost(std::string url, std::string accept, const ProviderConfig &config)
{
    net::HttpRequest http;
    http.method = "POST";
    http.url = std::move(url);
    http.headers.emplace_back("content-type", "application/json");
    http.headers.emplace_back("accept", std::move(accept));
    const std::chrono::milliseconds wait {std::chrono::seconds {config.timeoutSeconds}};
    http.timeouts.firstByte = wait;
    http.timeouts.idle = wait;
    return http;
}

void addKeyHeader(net::Headers &headers, ProviderKind kind, const std::string &apiKey)
{
    if (apiKey.empty())
        return;
    switch (kind) {
    case ProviderKind::Anthropic:
        headers.emplace_back("x-api-key", apiKey);
        break;
    case ProviderKind::Gemini:
        // The header, never ?key=: a URL ends up in logs.
        headers.emplace_back("x-goog-api-key", apiKey);
        break;
    case ProviderKind::AzureOpenAi:
        headers.emplace_back("api-key", apiKey); // Azure's key header, not a Bearer token
        break;
    case ProviderKind::OpenAi:
    case ProviderKind::OpenAiCompatible:
    case ProviderKind::Ollama:
        headers.emplace_back("authorization", "Bearer " + apiKey);
        break;
    case ProviderKind::Echo:
        break;
    }
}

std::string baseUrlOf(const ProviderConfig &config)
{
    std::string base = config.baseUrl.empty() ? defaultBaseUrl(config.kind) : config.baseUrl;
    while (!base.empty() && base.back() == '/')
        base.pop_back();
    return base;
}

nlohmann::json responseSchema(const nlohmann::json &format)
{
    nlohmann::json schema = format.value("schema", nlohmann::json());
    if (schema.is_null() && format.contains("json_schema") && format["json_schema"].is_object())
        schema = format["json_schema"].value("schema", nlohmann::json());
    return schema;
}

void mergeExtra(
    nlohmann::json &body, const nlohmann::json &extra, std::initializer_list<const char *> owned)
{
    if (!extra.is_object() || extra.empty())
        return;
    nlohmann::json patch = extra;
    for (const char *key : owned)
        patch.erase(key);
    body.merge_patch(patch);
}

ToolCallParts toolCallParts(
    const nlohmann::json &call, std::size_t messageIndex, std::size_t callIndex)
{
    const nlohmann::json &function = json_fields::functionOf(call);
    ToolCallParts parts;
    parts.id = json_fields::stringAt(call, "id");
    if (parts.id.empty())
        parts.id = "call_" + std::to_string(messageIndex) + "_" + std::to_string(callIndex);
    parts.name = json_fields::stringAt(function, "name");
    parts.arguments = json_fields::argumentsObject(
        function.is_object() ? function.value("arguments", nlohmann::json()) : nlohmann::json());
    return parts;
}

nlohmann::json functionDeclaration(const nlohmann::json &tool, const char *parametersKey)
{
    const nlohmann::json &function = json_fields::functionOf(tool);
    nlohmann::json out {{"name", json_fields::stringAt(function, "name")}};
    if (const std::string description = json_fields::stringAt(function, "description");
        !description.empty())
        out["description"] = description;
    if (const nlohmann::json *parameters = json_fields::objectAt(function, "parameters"))
        out[parametersKey] = *parameters;
    return out;
}

void appendTurn(
    nlohmann::json &turns, const std::string &role, nlohmann::json items, const char *itemsKey)
{
    if (items.empty())
        return;
    if (!turns.empty() && turns.back()["role"] == role) {
        for (nlohmann::json &item : items)
            turns.back()[itemsKey].push_back(std::move(item));
        return;
    }
    turns.push_back({{"role", role}, {itemsKey, std::move(items)}});
}

std::vector<ChatEvent> streamedEvents(StreamParser &parser, std::string_view body)
{
    std::vector<ChatEvent> events = parser.feed(body);
    for (ChatEvent &event : parser.finish())
        events.push_back(std::move(event));
    return events;
}

ChatResult resultOf(const std::vector<ChatEvent> &events, int status)
{
    ChatResult result;
    for (const ChatEvent &event : events)
        result.apply(event);
    if (result.error && result.error->status == 0)
        result.error->status = status;
    return result;
}

} // namespace ps::providers
