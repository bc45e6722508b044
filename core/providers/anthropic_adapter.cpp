#include "providers/anthropic_adapter.h"

#include "providers/adapter_support.h"
#include "providers/anthropic_error.h"
#include "providers/anthropic_stream_parser.h"
#include "providers/json_fields.h"

namespace ps::providers {

namespace {

using json_fields::argumentsObject;
using json_fields::functionOf;
using json_fields::stringAt;
using nlohmann::json;

// Our mocked call {"id","name","arguments"} (or OpenAI's {"id","function":{...}}) as tool_use.
json toolUseBlock(const json &call, std::size_t messageIndex, std::size_t callIndex)
{
    const json &function = functionOf(call);
    std::string id = stringAt(call, "id");
    if (id.empty()) // the same fallback as the OpenAI adapter, so results still find their call
        id = "call_" + std::to_string(messageIndex) + "_" + std::to_string(callIndex);
    return {{"type", "tool_use"}, {"id", id}, {"name", stringAt(function, "name")},
        {"input",
            argumentsObject(function.is_object() ? function.value("arguments", json()) : json())}};
}

json textBlock(const std::string &text)
{
    return {{"type", "text"}, {"text", text}};
}

// Our {"name","description","parameters"} (or OpenAI's function shape) as Anthropic's tool.
json toolJson(const json &tool)
{
    const json &function = functionOf(tool);
    json out {{"name", stringAt(function, "name")}};
    if (const std::string description = stringAt(function, "description"); !description.empty())
        out["description"] = description;
    const json parameters = function.is_object() ? function.value("parameters", json()) : json();
    out["input_schema"] = parameters.is_object() ? parameters : json {{"type", "object"}};
    return out;
}

void appendTurn(json &messages, const std::string &role, json blocks)
{
    if (blocks.empty())
        return; // the API rejects empty content
    if (!messages.empty() && messages.back()["role"] == role) {
        for (json &block : blocks)
            messages.back()["content"].push_back(std::move(block));
        return;
    }
    messages.push_back({{"role", role}, {"content", std::move(blocks)}});
}

json messagesJson(const std::vector<ChatMessage> &messages, std::string &system)
{
    json out = json::array();
    for (std::size_t i = 0; i < messages.size(); ++i) {
        const ChatMessage &message = messages[i];
        json blocks = json::array();
        if (message.role == "system") {
            if (!message.content.empty())
                system += (system.empty() ? "" : "\n\n") + message.content;
            continue;
        }
        if (message.role == "tool") {
            blocks.push_back({{"type", "tool_result"}, {"tool_use_id", message.toolCallId},
                {"content", message.content}});
            appendTurn(out, "user", std::move(blocks));
            continue;
        }
        // Empty text blocks are refused, so a turn that only calls tools has none.
        if (!message.content.empty())
            blocks.push_back(textBlock(message.content));
        if (message.role == "assistant" && message.toolCalls.is_array())
            for (std::size_t k = 0; k < message.toolCalls.size(); ++k)
                blocks.push_back(toolUseBlock(message.toolCalls[k], i, k));
        appendTurn(out, message.role == "assistant" ? "assistant" : "user", std::move(blocks));
    }
    // A turn of one text block reads better, and is sent, as a plain string.
    for (json &turn : out) {
        json &content = turn["content"];
        if (content.size() == 1 && content[0]["type"] == "text")
            content = content[0]["text"];
    }
    return out;
}

} // namespace

json AnthropicAdapter::requestBody(const ChatRequest &request)
{
    std::string system;
    json messages = messagesJson(request.messages, system);
    json body {{"model", request.model}};
    const model::Params &params = request.params;
    body["max_tokens"] = params.maxTokens.value_or(kDefaultMaxTokens);
    if (!system.empty())
        body["system"] = system;
    body["messages"] = std::move(messages);
    if (params.temperature)
        body["temperature"] = *params.temperature;
    if (params.topP)
        body["top_p"] = *params.topP;
    if (!params.stop.empty())
        body["stop_sequences"] = params.stop;
    if (params.tools.is_array() && !params.tools.empty()) {
        json tools = json::array();
        for (const json &tool : params.tools)
            tools.push_back(toolJson(tool));
        body["tools"] = std::move(tools);
    }
    const json &format = params.responseFormat;
    if (format.is_object() && format.value("type", json()) == "json_schema") {
        const json schema = responseSchema(format);
        if (schema.is_object())
            body["output_config"] = {{"format", {{"type", "json_schema"}, {"schema", schema}}}};
    }
    if (request.stream)
        body["stream"] = true;

    mergeExtra(body, params.extra, {"model", "messages", "stream"});
    return body;
}

std::string AnthropicAdapter::endpointUrl(const ProviderConfig &config)
{
    std::string base = baseUrlOf(config);
    const bool hasVersion = base.size() >= 3 && base.compare(base.size() - 3, 3, "/v1") == 0;
    return base + (hasVersion ? "/messages" : "/v1/messages");
}

net::HttpRequest AnthropicAdapter::buildRequest(
    const ChatRequest &request, const ProviderConfig &config, const std::string &apiKey) const
{
    net::HttpRequest http = jsonPost(
        endpointUrl(config), request.stream ? "text/event-stream" : "application/json", config);
    http.headers.emplace_back("anthropic-version", "2023-06-01");
    if (!apiKey.empty())
        http.headers.emplace_back("x-api-key", apiKey);
    http.body = requestBody(request).dump();
    return http;
}

std::unique_ptr<StreamParser> AnthropicAdapter::newStreamParser() const
{
    return std::make_unique<AnthropicStreamParser>();
}

ChatResult AnthropicAdapter::parseResponse(
    int status, const net::Headers &headers, std::string_view body) const
{
    if (status < 200 || status > 299) {
        ChatResult result;
        result.error = classifyError(status, headers, body);
        return result;
    }
    const std::string_view trimmed = json_fields::withoutLeadingSpace(body);
    if (!trimmed.empty() && trimmed.front() == '{')
        return resultOf(anthropicBodyEvents(trimmed), status);
    // A server that streamed although asked not to.
    AnthropicStreamParser parser;
    return resultOf(streamedEvents(parser, body), status);
}

ProviderError AnthropicAdapter::classifyError(
    int status, const net::Headers &headers, std::string_view body) const
{
    return classifyAnthropicError(status, headers, body);
}

} // namespace ps::providers
