#include "openai_format.h"

#include "format_support.h"
#include "reply.h"
#include "server_context.h"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <optional>

namespace ps::fakeprovider {

namespace {

using Json = nlohmann::ordered_json; // keeps the field order real servers send

constexpr long long kCreated = 1'700'000'000; // fixed, so replies are deterministic
constexpr int kContextWindow = 8192;

void sendError(httplib::Response &response, int status, const std::string &message,
    const std::string &type, const Json &param, const Json &code)
{
    const Json body
        = {{"error", {{"message", message}, {"type", type}, {"param", param}, {"code", code}}}};
    response.status = status;
    response.set_content(body.dump(), "application/json");
}

// Text of a message: a string, or the text parts of an array of parts.
std::string messageText(const Json &content)
{
    if (content.is_string())
        return content.get<std::string>();
    std::string text;
    if (content.is_array()) {
        for (const Json &part : content) {
            if (part.is_object() && part.value("type", "") == "text" && part.contains("text")
                && part["text"].is_string())
                text += (text.empty() ? "" : " ") + part["text"].get<std::string>();
        }
    }
    return text;
}

// Reads the fields the fake server uses; the message says what is wrong, as OpenAI would.
std::optional<ChatCall> readCall(const Json &body, std::string &problem)
{
    if (!body.is_object()) {
        problem = "The request body must be a JSON object.";
        return std::nullopt;
    }
    if (!body.contains("model") || !body["model"].is_string()) {
        problem = "you must provide a model parameter";
        return std::nullopt;
    }
    if (!body.contains("messages") || !body["messages"].is_array() || body["messages"].empty()) {
        problem = "'messages' is a required property and must be a non-empty array";
        return std::nullopt;
    }
    ChatCall call;
    call.model = body["model"].get<std::string>();
    for (const Json &message : body["messages"]) {
        if (!message.is_object() || !message.contains("role") || !message["role"].is_string()) {
            problem = "each message needs a 'role'";
            return std::nullopt;
        }
        call.messages.push_back(
            {message["role"].get<std::string>(), messageText(message.value("content", Json()))});
    }
    for (const char *limit : {"max_completion_tokens", "max_tokens"}) {
        if (body.contains(limit) && body[limit].is_number_integer()) {
            call.maxTokens = body[limit].get<long long>();
            break;
        }
    }
    call.stream = body.value("stream", false);
    call.logprobs = body.value("logprobs", Json()) == Json(true);
    if (call.logprobs && body.contains("top_logprobs") && body["top_logprobs"].is_number_integer())
        call.topLogprobs = body["top_logprobs"].get<int>();
    if (body.contains("stream_options") && body["stream_options"].is_object())
        call.includeUsage = body["stream_options"].value("include_usage", false);
    if (body.contains("tools") && body["tools"].is_array())
        for (const Json &tool : body["tools"])
            if (tool.is_object() && tool.contains("function") && tool["function"].is_object())
                call.tools.push_back(tool["function"].value("name", std::string()));
    return call;
}

Json usageJson(const Reply &reply)
{
    return {{"prompt_tokens", reply.promptTokens}, {"completion_tokens", reply.completionTokens},
        {"total_tokens", reply.promptTokens + reply.completionTokens},
        {"prompt_tokens_details", {{"cached_tokens", 0}, {"audio_tokens", 0}}},
        {"completion_tokens_details",
            {{"reasoning_tokens", 0}, {"accepted_prediction_tokens", 0},
                {"rejected_prediction_tokens", 0}}}};
}

std::vector<int> bytesOf(const std::string &text)
{
    return {text.begin(), text.end()};
}

// {"content": [...]} for tokens [first, last) when logprobs were asked, else null.
Json logprobsJson(const ChatCall &call, const Reply &reply, std::size_t first, std::size_t last)
{
    if (!call.logprobs)
        return nullptr;
    Json content = Json::array();
    for (std::size_t i = first; i < last; ++i) {
        const TokenProbability p = tokenProbability(call, reply, i);
        Json top = Json::array();
        for (const auto &[token, logprob] : p.top)
            top.push_back({{"token", token}, {"logprob", logprob}, {"bytes", bytesOf(token)}});
        content.push_back({{"token", p.token}, {"logprob", p.logprob}, {"bytes", bytesOf(p.token)},
            {"top_logprobs", std::move(top)}});
    }
    return {{"content", std::move(content)}, {"refusal", nullptr}};
}

Json envelope(const std::string &id, const ChatCall &call, const char *object)
{
    return {{"id", id}, {"object", object}, {"created", kCreated}, {"model", call.model},
        {"system_fingerprint", "fp_fake"}};
}

std::string completionBody(const std::string &id, const ChatCall &call, const Reply &reply)
{
    Json body = envelope(id, call, "chat.completion");
    Json message = {{"role", "assistant"},
        {"content", reply.toolCalls.empty() ? Json(reply.text()) : Json()}, {"refusal", nullptr},
        {"annotations", Json::array()}};
    if (!reply.toolCalls.empty()) {
        message["tool_calls"] = Json::array();
        for (const ToolCallReply &tool : reply.toolCalls)
            message["tool_calls"].push_back({{"id", tool.id}, {"type", "function"},
                {"function", {{"name", tool.name}, {"arguments", tool.arguments}}}});
    }
    body["choices"] = Json::array({{{"index", 0}, {"message", std::move(message)},
        {"logprobs", logprobsJson(call, reply, 0, reply.tokens.size())},
        {"finish_reason", reply.finishReason}}});
    body["usage"] = usageJson(reply);
    return body.dump();
}

StreamPlan planStream(
    const std::string &id, const ChatCall &call, const Reply &reply, const Fault &fault, bool azure)
{
    const auto chunk = [&](Json delta, const Json &finishReason, Json logprobs = nullptr) {
        Json body = envelope(id, call, "chat.completion.chunk");
        body["choices"] = Json::array({{{"index", 0}, {"delta", std::move(delta)},
            {"logprobs", std::move(logprobs)}, {"finish_reason", finishReason}}});
        if (call.includeUsage)
            body["usage"] = nullptr;
        return sseBlock(body.dump());
    };
    StreamShape shape;
    if (azure) // Azure's first chunk has no choices, only the prompt's filter results
        shape.head.push_back(sseBlock(Json {{"choices", Json::array()}, {"created", 0}, {"id", ""},
            {"model", ""}, {"object", ""},
            {"prompt_filter_results",
                Json::array({{{"prompt_index", 0}, {"content_filter_results", Json::object()}}})}}
                                          .dump()));
    shape.head.push_back(chunk({{"role", "assistant"}, {"content", ""}}, nullptr));
    // A tool call streams as its id and name, then its arguments, as OpenAI sends them.
    for (std::size_t i = 0; i < reply.toolCalls.size(); ++i) {
        const ToolCallReply &tool = reply.toolCalls[i];
        shape.head.push_back(chunk({{"tool_calls",
                                       Json::array({{{"index", i}, {"id", tool.id},
                                           {"type", "function"},
                                           {"function", {{"name", tool.name}, {"arguments", ""}}}}})}},
            nullptr));
        shape.head.push_back(chunk(
            {{"tool_calls",
                Json::array({{{"index", i}, {"function", {{"arguments", tool.arguments}}}}})}},
            nullptr));
    }
    shape.token = [&](std::size_t i) {
        return chunk({{"content", reply.tokens[i]}}, nullptr, logprobsJson(call, reply, i, i + 1));
    };
    shape.errorEvent = sseBlock(Json {
        {"error",
            {{"message", "The server had an error while streaming."}, {"type", "server_error"},
                {"param", nullptr},
                {"code", nullptr}}}}.dump());
    shape.malformedEvent = sseBlock(R"({"id":")" + id + R"(","choices":[{"delta":{"content":)");
    shape.tail.push_back(chunk(Json::object(), reply.finishReason));
    if (call.includeUsage) {
        Json usage = envelope(id, call, "chat.completion.chunk");
        usage["choices"] = Json::array();
        usage["usage"] = usageJson(reply);
        shape.tail.push_back(sseBlock(usage.dump()));
    }
    shape.tail.push_back(sseBlock("[DONE]"));
    return planTokens(shape, reply, fault);
}

// Faults that answer with an error status instead of a completion; true when one did.
bool sendStatusFault(
    httplib::Response &response, const Fault &fault, const ChatCall &call, const Reply &reply)
{
    switch (fault.kind) {
    case FaultKind::RateLimited: {
        const long long ms = fault.duration.count();
        response.set_header("retry-after", std::to_string((ms + 999) / 1000));
        response.set_header("retry-after-ms", std::to_string(ms));
        response.set_header("x-ratelimit-remaining-requests", "0");
        sendError(response, 429, "Rate limit reached for requests. Please try again later.",
            "requests", nullptr, "rate_limit_exceeded");
        return true;
    }
    case FaultKind::ServerError:
        sendError(response, 500, "The server had an error while processing your request.",
            "server_error", nullptr, nullptr);
        return true;
    case FaultKind::Overloaded:
        sendError(response, 503, "The engine is currently overloaded, please try again later.",
            "server_error", nullptr, "overloaded");
        return true;
    case FaultKind::StreamErrorEvent:
        if (call.stream)
            return false;
        sendError(response, 500, "The server had an error while processing your request.",
            "server_error", nullptr, nullptr);
        return true;
    case FaultKind::ContextLength:
        sendError(response, 400,
            "This model's maximum context length is " + std::to_string(kContextWindow)
                + " tokens. However, your messages resulted in "
                + std::to_string(kContextWindow + reply.promptTokens)
                + " tokens. Please reduce the length of the messages.",
            "invalid_request_error", "messages", "context_length_exceeded");
        return true;
    case FaultKind::ModelNotFound:
        sendError(response, 404,
            "The model `" + call.model + "` does not exist or you do not have access to it.",
            "invalid_request_error", nullptr, "model_not_found");
        return true;
    case FaultKind::Redirect:
        response.status = 302;
        response.set_header("location", "https://elsewhere.example/v1/chat/completions");
        return true;
    default:
        return false;
    }
}

// `deployment` is Azure's: the model named by the URL, the key in an api-key header.
void handleChatCompletion(ServerContext &context, const httplib::Request &request,
    httplib::Response &response, const std::optional<std::string> &deployment = std::nullopt)
{
    const int number = context.record(request);
    const std::string id = "chatcmpl-fake-" + std::to_string(number);
    response.set_header("x-request-id", "req_fake_" + std::to_string(number));
    response.set_header("openai-version", "2020-10-01");

    const bool authorised = deployment ? context.options().apiKey.empty()
            || request.get_header_value("api-key") == context.options().apiKey
                                       : context.authorised(request);
    if (!authorised) {
        sendError(response, 401, "Incorrect API key provided.", "invalid_request_error", nullptr,
            "invalid_api_key");
        return;
    }
    Json body = Json::parse(request.body, nullptr, false);
    if (deployment && body.is_object())
        body["model"] = *deployment;
    if (body.is_discarded()) {
        sendError(response, 400, "We could not parse the JSON body of your request.",
            "invalid_request_error", nullptr, nullptr);
        return;
    }
    std::string problem;
    const std::optional<ChatCall> call = readCall(body, problem);
    if (!call) {
        sendError(response, 400, problem, "invalid_request_error", nullptr, nullptr);
        return;
    }
    const std::optional<Fault> fault = context.faultFor(call->model);
    if (!fault) {
        sendError(response, 400, "Unknown fault in model name `" + call->model + "`.",
            "invalid_request_error", "model", nullptr);
        return;
    }

    if (!context.pause(context.options().latency))
        return;
    const Reply reply = composeReply(*call);
    if (sendStatusFault(response, *fault, *call, reply))
        return;
    sendAnswer(
        response, context, *call, *fault,
        [&] { return planStream(id, *call, reply, *fault, deployment.has_value()); },
        [&] { return completionBody(id, *call, reply); }, "text/event-stream; charset=utf-8");
}

} // namespace

void answerOpenAiChat(
    ServerContext &context, const httplib::Request &request, httplib::Response &response)
{
    handleChatCompletion(context, request, response);
}

void installOpenAiRoutes(httplib::Server &server, ServerContext &context)
{
    server.Post("/v1/chat/completions",
        [&context](const httplib::Request &request, httplib::Response &response) {
            handleChatCompletion(context, request, response);
        });
    // Azure OpenAI: the same format on a deployment's URL, with a required api-version.
    server.Post(R"(/openai/deployments/([^/]+)/chat/completions)",
        [&context](const httplib::Request &request, httplib::Response &response) {
            if (!request.has_param("api-version")) {
                context.record(request);
                response.status = 404;
                response.set_content(R"({"error":{"code":"404","message":"Resource not found"}})",
                    "application/json");
                return;
            }
            handleChatCompletion(context, request, response, request.matches[1].str());
        });
}

} // namespace ps::fakeprovider
