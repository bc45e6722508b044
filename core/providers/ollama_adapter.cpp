#include "providers/ollama_adapter.h"

#include "providers/adapter_support.h"
#include "providers/json_fields.h"
#include "providers/ollama_error.h"
#include "providers/ollama_stream_parser.h"
#include "providers/provider_error.h"
#include "util/json_depth.h"

#include <map>

namespace ps::providers {

namespace {

using json_fields::stringAt;
using nlohmann::json;

json toolJson(const json &tool)
{
    return {{"type", "function"}, {"function", functionDeclaration(tool, "parameters")}};
}

bool everyLineIsJson(std::string_view body)
{
    while (!body.empty()) {
        const std::size_t end = body.find('\n');
        const std::string_view line = body.substr(0, end);
        if (line.find_first_not_of(" \t\r") != std::string_view::npos && !json::accept(line))
            return false;
        if (end == std::string_view::npos)
            break;
        body.remove_prefix(end + 1);
    }
    return true;
}

bool endsWith(std::string_view text, std::string_view suffix)
{
    return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

} // namespace

json OllamaAdapter::requestBody(const ChatRequest &request)
{
    json body {{"model", request.model}};
    json messages = json::array();
    std::map<std::string, std::string> toolNames; // call id -> function name
    for (std::size_t i = 0; i < request.messages.size(); ++i) {
        const ChatMessage &message = request.messages[i];
        json out {{"role", message.role}, {"content", message.content}};
        if (message.role == "tool") {
            const auto name = toolNames.find(message.toolCallId);
            if (name != toolNames.end())
                out["tool_name"] = name->second;
        } else if (message.role == "assistant" && message.toolCalls.is_array()
            && !message.toolCalls.empty()) {
            json calls = json::array();
            for (std::size_t k = 0; k < message.toolCalls.size(); ++k) {
                ToolCallParts parts = toolCallParts(message.toolCalls[k], i, k);
                toolNames[parts.id] = parts.name;
                calls.push_back({{"function",
                    {{"name", std::move(parts.name)}, {"arguments", std::move(parts.arguments)}}}});
            }
            out["tool_calls"] = std::move(calls);
        }
        if (!message.images.empty()) { // base64 only; a URL is refused before sending
            json images = json::array();
            for (const ImagePart &image : message.images)
                images.push_back(image.base64.empty() ? "sha256:" + image.image.sha256 : image.base64);
            out["images"] = std::move(images);
        }
        messages.push_back(std::move(out));
    }
    body["messages"] = std::move(messages);
    body["stream"] = request.stream;

    const model::Params &params = request.params;
    json options = json::object();
    if (params.temperature)
        options["temperature"] = *params.temperature;
    if (params.topP)
        options["top_p"] = *params.topP;
    if (params.maxTokens)
        options["num_predict"] = *params.maxTokens;
    if (!params.stop.empty())
        options["stop"] = params.stop;
    if (params.seed)
        options["seed"] = *params.seed;
    if (!options.empty())
        body["options"] = std::move(options);

    // Thinking models take the effort words as they are; "none" turns thinking off.
    if (params.reasoningEffort) {
        const std::string &effort = *params.reasoningEffort;
        if (effort == "none")
            body["think"] = false;
        else if (effort == "low" || effort == "medium" || effort == "high")
            body["think"] = effort;
        else
            body["think"] = true;
    }

    const json &format = params.responseFormat;
    const std::string formatType = stringAt(format, "type");
    if (formatType == "json_schema") {
        const json schema = responseSchema(format);
        body["format"] = schema.is_object() ? schema : json("json");
    } else if (formatType == "json_object") {
        body["format"] = "json";
    }
    if (params.tools.is_array() && !params.tools.empty()) {
        json tools = json::array();
        for (const json &tool : params.tools)
            tools.push_back(toolJson(tool));
        body["tools"] = std::move(tools);
    }

    mergeExtra(body, params.extra, {"model", "messages", "stream"});
    return body;
}

std::string OllamaAdapter::endpointUrl(const ProviderConfig &config)
{
    std::string base = baseUrlOf(config);
    // A base URL copied from the OpenAI-compatible setup ends in /v1 or /api.
    for (std::string_view suffix : {"/v1", "/api"})
        if (endsWith(base, suffix)) {
            base.resize(base.size() - suffix.size());
            break;
        }
    return base + "/api/chat";
}

net::HttpRequest OllamaAdapter::buildRequest(
    const ChatRequest &request, const ProviderConfig &config, const std::string &apiKey) const
{
    net::HttpRequest http = jsonPost(
        endpointUrl(config), request.stream ? "application/x-ndjson" : "application/json", config);
    // A local server needs no key; ollama.com takes a Bearer token.
    addKeyHeader(http.headers, ProviderKind::Ollama, apiKey);
    http.body = requestBody(request).dump();
    return http;
}

std::unique_ptr<StreamParser> OllamaAdapter::newStreamParser() const
{
    return std::make_unique<OllamaStreamParser>();
}

ChatResult OllamaAdapter::parseSuccess(int status, std::string_view body) const
{
    // One object for stream:false (perhaps spread over lines by a proxy), or NDJSON if the
    // server streamed anyway: one parser reads both.
    const json whole = util::parseJsonOrDiscarded(body);
    const std::string compact = whole.is_object() ? whole.dump() : std::string();
    // The body arrived whole: a line that does not parse is garbage, not a stream cut off.
    if (compact.empty() && !everyLineIsJson(body))
        return resultOf({StreamError {badReplyError("was not valid JSON", body)}}, status);
    OllamaStreamParser parser;
    return resultOf(
        streamedEvents(parser, compact.empty() ? body : std::string_view(compact)), status);
}

ProviderError OllamaAdapter::classifyError(
    int status, const net::Headers &headers, std::string_view body) const
{
    return classifyOllamaError(status, headers, body);
}

} // namespace ps::providers
