#include "providers/gemini_adapter.h"

#include "providers/adapter_support.h"
#include "providers/gemini_error.h"
#include "providers/gemini_stream_parser.h"
#include "providers/json_fields.h"
#include "providers/model_quirks.h"
#include "util/json_depth.h"

#include <cctype>
#include <map>

namespace ps::providers {

namespace {

using json_fields::stringAt;
using nlohmann::json;

// A tool's answer as the Struct functionResponse.response must be: an object stays as it is,
// anything else is wrapped as {"output": ...}, the key the SDKs use.
json responseObject(const std::string &content)
{
    const json parsed = util::parseJsonOrDiscarded(content);
    if (parsed.is_object())
        return parsed;
    return {{"output", parsed.is_discarded() ? json(content) : parsed}};
}

// Path-safe model name: "models/" is optional, anything outside the unreserved set is escaped.
std::string modelPath(std::string model)
{
    if (model.rfind("models/", 0) == 0)
        model.erase(0, 7);
    static const char *hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : model) {
        if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~')
            out += static_cast<char>(c);
        else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

} // namespace

json GeminiAdapter::requestBody(const ChatRequest &request)
{
    json body = json::object();
    json contents = json::array();
    std::string system;
    std::map<std::string, std::string> toolNames; // call id -> function name, for responses
    for (std::size_t i = 0; i < request.messages.size(); ++i) {
        const ChatMessage &message = request.messages[i];
        json parts = json::array();
        if (message.role == "system") {
            if (!message.content.empty())
                system += (system.empty() ? "" : "\n\n") + message.content;
            continue;
        }
        if (message.role == "tool") {
            const auto name = toolNames.find(message.toolCallId);
            json response {{"name", name != toolNames.end() ? name->second : message.toolCallId},
                {"response", responseObject(message.content)}};
            if (!message.toolCallId.empty())
                response["id"] = message.toolCallId;
            parts.push_back({{"functionResponse", std::move(response)}});
            // Parallel function responses belong in one turn, which appendTurn's merge gives.
            appendTurn(contents, "user", std::move(parts), "parts");
            continue;
        }
        if (!message.content.empty())
            parts.push_back({{"text", message.content}});
        // Stored images as inline data (a URL is refused before sending: modelImageRefusal).
        for (const ImagePart &image : message.images)
            parts.push_back({{"inline_data", {{"mime_type", image.image.mediaType},
                {"data", image.base64.empty() ? "sha256:" + image.image.sha256 : image.base64}}}});
        if (message.role == "assistant" && message.toolCalls.is_array()) {
            for (std::size_t k = 0; k < message.toolCalls.size(); ++k) {
                const json &call = message.toolCalls[k];
                ToolCallParts callParts = toolCallParts(call, i, k);
                toolNames[callParts.id] = callParts.name;
                json functionCall {{"name", std::move(callParts.name)},
                    {"args", std::move(callParts.arguments)}, {"id", std::move(callParts.id)}};
                json part {{"functionCall", std::move(functionCall)}};
                // Gemini 3 refuses a replayed call without the signature it was sent with; a
                // mocked call has none, so it gets the sentinel Google documents for that.
                std::string signature = stringAt(call, "thoughtSignature");
                if (signature.empty())
                    signature = stringAt(call, "thought_signature");
                if (signature.empty()) // a replayed reply's (ChatResult::assistantTurn)
                    signature = stringAt(json_fields::memberAt(call, "reasoning"), "signature");
                if (signature.empty() && k == 0)
                    signature = "skip_thought_signature_validator";
                if (!signature.empty())
                    part["thoughtSignature"] = signature;
                parts.push_back(std::move(part));
            }
        }
        appendTurn(
            contents, message.role == "assistant" ? "model" : "user", std::move(parts), "parts");
    }
    body["contents"] = std::move(contents);
    if (!system.empty())
        body["systemInstruction"] = {{"parts", json::array({{{"text", system}}})}};

    const model::Params &params = request.params;
    if (params.tools.is_array() && !params.tools.empty()) {
        json declarations = json::array();
        for (const json &tool : params.tools)
            declarations.push_back(functionDeclaration(tool, "parametersJsonSchema"));
        body["tools"] = json::array({{{"functionDeclarations", std::move(declarations)}}});
    }

    json config = json::object();
    if (params.temperature)
        config["temperature"] = *params.temperature;
    if (params.topP)
        config["topP"] = *params.topP;
    if (params.maxTokens)
        config["maxOutputTokens"] = *params.maxTokens;
    if (!params.stop.empty())
        config["stopSequences"] = params.stop;
    if (params.seed)
        config["seed"] = *params.seed;
    const json &format = params.responseFormat;
    const std::string formatType = stringAt(format, "type");
    if (formatType == "json_schema" || formatType == "json_object") {
        config["responseMimeType"] = "application/json";
        const json schema = responseSchema(format);
        if (schema.is_object())
            config["responseJsonSchema"] = schema;
    }
    const json &extra = params.extra.is_object() ? params.extra : json::object();
    if (extra.value("logprobs", json()) == json(true)) {
        config["responseLogprobs"] = true;
        if (const auto top = json_fields::countAt(extra, "top_logprobs"))
            config["logprobs"] = *top;
    }
    json thinking = json::object();
    if (const auto budget = thinkingBudget(params)) {
        thinking["thinkingBudget"] = *budget;
        // Asked to think: show the thought summaries, unless told otherwise.
        if (*budget > 0)
            thinking["includeThoughts"] = true;
    }
    if (const json &include = json_fields::memberAt(extra, "include_thoughts");
        include.is_boolean())
        thinking["includeThoughts"] = include;
    if (!thinking.empty())
        config["thinkingConfig"] = std::move(thinking);
    if (!config.empty())
        body["generationConfig"] = std::move(config);

    mergeExtra(body, params.extra,
        {"contents", "logprobs", "top_logprobs", "thinking_budget", "include_thoughts"});
    return body;
}

std::string GeminiAdapter::endpointUrl(const ProviderConfig &config, const ChatRequest &request)
{
    std::string base = baseUrlOf(config);
    const auto endsWith = [&](std::string_view suffix) {
        return base.size() >= suffix.size()
            && base.compare(base.size() - suffix.size(), suffix.size(), suffix) == 0;
    };
    if (!endsWith("/v1beta") && !endsWith("/v1"))
        base += "/v1beta";
    return base + "/models/" + modelPath(request.model)
        + (request.stream ? ":streamGenerateContent?alt=sse" : ":generateContent");
}

net::HttpRequest GeminiAdapter::buildRequest(
    const ChatRequest &request, const ProviderConfig &config, const std::string &apiKey) const
{
    net::HttpRequest http = jsonPost(endpointUrl(config, request),
        request.stream ? "text/event-stream" : "application/json", config);
    addKeyHeader(http.headers, ProviderKind::Gemini, apiKey);
    http.body = requestBody(request).dump();
    return http;
}

std::unique_ptr<StreamParser> GeminiAdapter::newStreamParser() const
{
    return std::make_unique<GeminiStreamParser>();
}

ChatResult GeminiAdapter::parseSuccess(int status, std::string_view body) const
{
    const std::string_view trimmed = json_fields::withoutLeadingSpace(body);
    if (!trimmed.empty() && (trimmed.front() == '{' || trimmed.front() == '['))
        return resultOf(geminiBodyEvents(trimmed), status);
    GeminiStreamParser parser;
    return resultOf(streamedEvents(parser, body), status);
}

ProviderError GeminiAdapter::classifyError(
    int status, const net::Headers &headers, std::string_view body) const
{
    return classifyGeminiError(status, headers, body);
}

} // namespace ps::providers
