#include "providers/openai_adapter.h"

#include "providers/adapter_support.h"
#include "providers/anthropic_adapter.h"
#include "providers/azure_openai_adapter.h"
#include "providers/gemini_adapter.h"
#include "providers/json_fields.h"
#include "providers/ollama_adapter.h"
#include "providers/openai_error.h"
#include "providers/openai_stream_parser.h"

namespace ps::providers {

namespace {

using json_fields::functionOf;
using json_fields::stringAt;
using nlohmann::json;

std::string argumentsString(const json &arguments)
{
    if (arguments.is_null())
        return "{}";
    return arguments.is_string() ? arguments.get<std::string>() : arguments.dump();
}

// Our mocked call {"id","name","arguments"} in OpenAI's shape; one already in that shape is kept.
json toolCallJson(const json &call, std::size_t messageIndex, std::size_t callIndex)
{
    const std::string fallbackId
        = "call_" + std::to_string(messageIndex) + "_" + std::to_string(callIndex);
    if (!call.is_object())
        return {{"id", fallbackId}, {"type", "function"},
            {"function", {{"name", ""}, {"arguments", "{}"}}}};
    const json &function = functionOf(call);
    const std::string id = stringAt(call, "id");
    return {{"id", id.empty() ? fallbackId : id}, {"type", "function"},
        {"function",
            {{"name", stringAt(function, "name")},
                {"arguments", argumentsString(function.value("arguments", json()))}}}};
}

json messageJson(const ChatMessage &message, std::size_t index)
{
    json out {{"role", message.role}};
    if (message.role == "tool") {
        out["content"] = message.content;
        out["tool_call_id"] = message.toolCallId;
    } else if (message.role == "assistant" && message.toolCalls.is_array()
        && !message.toolCalls.empty()) {
        // A turn that only calls tools has no text: OpenAI wants null there, not "".
        out["content"] = message.content.empty() ? json(nullptr) : json(message.content);
        json calls = json::array();
        for (std::size_t i = 0; i < message.toolCalls.size(); ++i)
            calls.push_back(toolCallJson(message.toolCalls[i], index, i));
        out["tool_calls"] = std::move(calls);
    } else if (!message.images.empty()) {
        // Text and images as content parts: the text first, then each image_url.
        json parts = json::array();
        if (!message.content.empty())
            parts.push_back({{"type", "text"}, {"text", message.content}});
        for (const ImagePart &image : message.images) {
            json url = {{"url", imageUrl(image)}};
            if (!image.image.detail.empty())
                url["detail"] = image.image.detail;
            parts.push_back({{"type", "image_url"}, {"image_url", std::move(url)}});
        }
        out["content"] = std::move(parts);
    } else {
        out["content"] = message.content;
    }
    return out;
}

// Our {"name","description","parameters"} as {"type":"function","function":{...}}.
json toolJson(const json &tool)
{
    if (tool.is_object() && tool.contains("function") && tool.contains("type"))
        return tool;
    json function = json::object();
    for (const char *key : {"name", "description", "parameters", "strict"})
        if (tool.is_object() && tool.contains(key) && !tool[key].is_null())
            function[key] = tool[key];
    return {{"type", "function"}, {"function", std::move(function)}};
}

// Our {"type":"json_schema","name","schema"} as OpenAI's nested json_schema object.
json responseFormatJson(const json &format)
{
    if (!format.is_object() || format.value("type", json()) != "json_schema"
        || format.contains("json_schema"))
        return format;
    json schema = json::object();
    const auto name = format.find("name");
    schema["name"] = name != format.end() && name->is_string() ? *name : json("response");
    for (const char *key : {"description", "schema", "strict"})
        if (format.contains(key) && !format[key].is_null())
            schema[key] = format[key];
    return {{"type", "json_schema"}, {"json_schema", std::move(schema)}};
}

std::string joinUrl(std::string base, std::string_view path)
{
    while (!base.empty() && base.back() == '/')
        base.pop_back();
    return base + std::string(path);
}

bool endsWith(std::string_view text, std::string_view suffix)
{
    return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

} // namespace

json OpenAiAdapter::requestBody(const ChatRequest &request, ProviderKind kind)
{
    json body {{"model", request.model}};
    json messages = json::array();
    for (std::size_t i = 0; i < request.messages.size(); ++i)
        messages.push_back(messageJson(request.messages[i], i));
    body["messages"] = std::move(messages);

    const model::Params &params = request.params;
    if (params.temperature)
        body["temperature"] = *params.temperature;
    if (params.topP)
        body["top_p"] = *params.topP;
    if (params.maxTokens)
        body[kind == ProviderKind::OpenAi ? "max_completion_tokens" : "max_tokens"]
            = *params.maxTokens;
    if (!params.stop.empty())
        body["stop"] = params.stop;
    if (params.seed)
        body["seed"] = *params.seed;
    if (params.reasoningEffort)
        body["reasoning_effort"] = *params.reasoningEffort;
    if (!params.responseFormat.is_null() && !params.responseFormat.empty())
        body["response_format"] = responseFormatJson(params.responseFormat);
    if (params.tools.is_array() && !params.tools.empty()) {
        json tools = json::array();
        for (const json &tool : params.tools)
            tools.push_back(toolJson(tool));
        body["tools"] = std::move(tools);
    }
    if (request.stream) {
        body["stream"] = true;
        body["stream_options"] = {{"include_usage", true}};
    }

    mergeExtra(body, params.extra, {"model", "messages", "stream"});
    return body;
}

std::string OpenAiAdapter::endpointUrl(const ProviderConfig &config)
{
    std::string base = baseUrlOf(config);
    // Ollama's base URL is the bare host; its OpenAI-compatible API lives under /v1.
    if (config.kind == ProviderKind::Ollama && !endsWith(base, "/v1"))
        base += "/v1";
    return joinUrl(base, "/chat/completions");
}

net::HttpRequest OpenAiAdapter::buildRequest(
    const ChatRequest &request, const ProviderConfig &config, const std::string &apiKey) const
{
    net::HttpRequest http = jsonPost(
        endpointUrl(config), request.stream ? "text/event-stream" : "application/json", config);
    addKeyHeader(http.headers, config.kind, apiKey);
    http.body = requestBody(request, config.kind).dump();
    return http;
}

std::unique_ptr<StreamParser> OpenAiAdapter::newStreamParser() const
{
    return std::make_unique<OpenAiStreamParser>();
}

ChatResult OpenAiAdapter::parseSuccess(int status, std::string_view body) const
{
    // DeepSeek may send blank lines before the JSON; a server may stream although asked not to.
    const std::string_view trimmed = json_fields::withoutLeadingSpace(body);
    if (!trimmed.empty() && (trimmed.front() == '{' || trimmed.front() == '['))
        return resultOf(openAiBodyEvents(trimmed), status);
    OpenAiStreamParser parser;
    return resultOf(streamedEvents(parser, body), status);
}

ProviderError OpenAiAdapter::classifyError(
    int status, const net::Headers &headers, std::string_view body) const
{
    return classifyOpenAiError(status, headers, body);
}

ChatResult ProviderAdapter::parseResponse(
    int status, const net::Headers &headers, std::string_view body) const
{
    if (status < 200 || status > 299) {
        ChatResult result;
        result.error = classifyError(status, headers, body);
        return result;
    }
    return parseSuccess(status, body);
}

std::unique_ptr<ProviderAdapter> makeAdapter(ProviderKind kind)
{
    switch (kind) {
    case ProviderKind::OpenAi:
    case ProviderKind::OpenAiCompatible:
        return std::make_unique<OpenAiAdapter>();
    case ProviderKind::Anthropic:
        return std::make_unique<AnthropicAdapter>();
    case ProviderKind::Gemini:
        return std::make_unique<GeminiAdapter>();
    case ProviderKind::Ollama:
        return std::make_unique<OllamaAdapter>(); // native /api/chat, not /v1
    case ProviderKind::AzureOpenAi:
        return std::make_unique<AzureOpenAiAdapter>();
    case ProviderKind::Echo:
        return nullptr;
    }
    return nullptr;
}

} // namespace ps::providers
