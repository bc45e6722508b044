#include "providers/anthropic_adapter.h"

#include "providers/adapter_support.h"
#include "providers/anthropic_error.h"
#include "providers/anthropic_stream_parser.h"
#include "providers/json_fields.h"
#include "providers/model_quirks.h"

namespace ps::providers {

namespace {

using json_fields::functionOf;
using json_fields::stringAt;
using nlohmann::json;

json toolUseBlock(const json &call, std::size_t messageIndex, std::size_t callIndex)
{
    // Without an id, the same fallback as the OpenAI adapter's, so results still find their call.
    ToolCallParts parts = toolCallParts(call, messageIndex, callIndex);
    return {{"type", "tool_use"}, {"id", std::move(parts.id)}, {"name", std::move(parts.name)},
        {"input", std::move(parts.arguments)}};
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
            appendTurn(out, "user", std::move(blocks), "content");
            continue;
        }
        // A replayed thinking turn that called tools starts with its thinking block, signature
        // unchanged (ChatResult::assistantTurn): the API wants it when thinking is on.
        if (message.role == "assistant" && message.toolCalls.is_array()
            && !message.toolCalls.empty()) {
            const json &reasoning = json_fields::memberAt(message.toolCalls[0], "reasoning");
            if (const std::string signature = stringAt(reasoning, "signature"); !signature.empty())
                blocks.push_back({{"type", "thinking"}, {"thinking", stringAt(reasoning, "text")},
                    {"signature", signature}});
        }
        // Images before the text, as Anthropic advises: a base64 source, or a url source.
        for (const ImagePart &image : message.images) {
            json source = !image.image.url.empty()
                ? json {{"type", "url"}, {"url", image.image.url}}
                : json {{"type", "base64"}, {"media_type", image.image.mediaType},
                      {"data", image.base64.empty() ? "sha256:" + image.image.sha256 : image.base64}};
            blocks.push_back({{"type", "image"}, {"source", std::move(source)}});
        }
        // Empty text blocks are refused, so a turn that only calls tools has none.
        if (!message.content.empty())
            blocks.push_back(textBlock(message.content));
        if (message.role == "assistant" && message.toolCalls.is_array())
            for (std::size_t k = 0; k < message.toolCalls.size(); ++k)
                blocks.push_back(toolUseBlock(message.toolCalls[k], i, k));
        appendTurn(
            out, message.role == "assistant" ? "assistant" : "user", std::move(blocks), "content");
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
    long long maxTokens = params.maxTokens.value_or(kDefaultMaxTokens);
    const long long budget = thinkingBudget(params).value_or(0);
    // max_tokens must exceed the thinking budget (adaptRequestForModel says so to the user).
    if (budget > 0 && maxTokens <= budget)
        maxTokens += budget;
    body["max_tokens"] = maxTokens;
    if (!system.empty())
        body["system"] = system;
    body["messages"] = std::move(messages);
    if (budget > 0)
        body["thinking"] = {{"type", "enabled"}, {"budget_tokens", budget}};
    // Thinking refuses any temperature or top_p (adaptRequestForModel notes them).
    if (params.temperature && budget <= 0)
        body["temperature"] = *params.temperature;
    if (params.topP && budget <= 0)
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

    mergeExtra(body, params.extra,
        {"model", "messages", "stream", "thinking_budget", "logprobs", "top_logprobs"});
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
    addKeyHeader(http.headers, ProviderKind::Anthropic, apiKey);
    http.body = requestBody(request).dump();
    return http;
}

std::unique_ptr<StreamParser> AnthropicAdapter::newStreamParser() const
{
    return std::make_unique<AnthropicStreamParser>();
}

ChatResult AnthropicAdapter::parseSuccess(int status, std::string_view body) const
{
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
