#include "anthropic_format.h"

#include "format_support.h"
#include "server_context.h"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <optional>

namespace ps::fakeprovider {

namespace {

using Json = nlohmann::ordered_json;

constexpr int kContextWindow = 8192;

void sendError(httplib::Response &response, int status, const std::string &type,
    const std::string &message, int number)
{
    const Json body = {{"type", "error"}, {"error", {{"type", type}, {"message", message}}},
        {"request_id", "req_fake_" + std::to_string(number)}};
    response.status = status;
    response.set_content(body.dump(), "application/json");
}

// A string, or the text blocks of an array of blocks (a tool result's text counting as text).
std::string blocksText(const Json &content)
{
    if (content.is_string())
        return content.get<std::string>();
    std::string text;
    if (content.is_array())
        for (const Json &block : content) {
            if (!block.is_object())
                continue;
            if (block.value("type", "") == "tool_result" && block.contains("content"))
                text += (text.empty() ? "" : " ") + blocksText(block["content"]);
            else if (block.value("type", "") == "text" && block.contains("text")
                && block["text"].is_string())
                text += (text.empty() ? "" : " ") + block["text"].get<std::string>();
        }
    return text;
}

// A user turn that carries tool results is the tools' answer, not the user's.
bool holdsToolResult(const Json &content)
{
    return content.is_array() && std::any_of(content.begin(), content.end(), [](const Json &b) {
        return b.is_object() && b.value("type", "") == "tool_result";
    });
}

std::optional<ChatCall> readCall(const Json &body, std::string &problem)
{
    if (!body.is_object() || !body.contains("model") || !body["model"].is_string()) {
        problem = "model: Field required";
        return std::nullopt;
    }
    if (!body.contains("max_tokens") || !body["max_tokens"].is_number_integer()) {
        problem = "max_tokens: Field required";
        return std::nullopt;
    }
    if (!body.contains("messages") || !body["messages"].is_array() || body["messages"].empty()) {
        problem = "messages: Field required";
        return std::nullopt;
    }
    ChatCall call;
    call.model = body["model"].get<std::string>();
    if (body.contains("system")) // top-level, there is no system role
        call.messages.push_back({"system", blocksText(body["system"])});
    for (const Json &message : body["messages"]) {
        if (!message.is_object() || !message.contains("role") || !message["role"].is_string()) {
            problem = "messages: each message needs a role";
            return std::nullopt;
        }
        const Json content = message.value("content", Json());
        call.messages.push_back(
            {holdsToolResult(content) ? "tool" : message["role"].get<std::string>(),
                blocksText(content)});
    }
    if (body.contains("tools") && body["tools"].is_array())
        for (const Json &tool : body["tools"])
            if (tool.is_object())
                call.tools.push_back(tool.value("name", std::string()));
    call.maxTokens = body["max_tokens"].get<long long>();
    call.stream = body.value("stream", false);
    return call;
}

std::string stopReason(const Reply &reply)
{
    if (!reply.toolCalls.empty())
        return "tool_use";
    return reply.finishReason == "length" ? "max_tokens" : "end_turn";
}

std::string toolId(const ToolCallReply &tool)
{
    return "toolu_fake_" + tool.id.substr(tool.id.rfind('_') + 1);
}

Json contentBlocks(const Reply &reply)
{
    if (reply.toolCalls.empty())
        return Json::array({{{"type", "text"}, {"text", reply.text()}}});
    Json blocks = Json::array();
    for (const ToolCallReply &tool : reply.toolCalls)
        blocks.push_back({{"type", "tool_use"}, {"id", toolId(tool)}, {"name", tool.name},
            {"input", Json::parse(tool.arguments)}});
    return blocks;
}

std::string messageBody(const std::string &id, const ChatCall &call, const Reply &reply)
{
    const Json body
        = {{"id", id}, {"type", "message"}, {"role", "assistant"}, {"model", call.model},
            {"content", contentBlocks(reply)},
            {"stop_reason", stopReason(reply)}, {"stop_sequence", nullptr},
            {"usage",
                {{"input_tokens", reply.promptTokens}, {"output_tokens", reply.completionTokens},
                    {"cache_creation_input_tokens", 0}, {"cache_read_input_tokens", 0}}}};
    return body.dump();
}

std::string event(const Json &data)
{
    return sseBlock(data.dump(), data["type"].get<std::string>());
}

StreamPlan planStream(
    const std::string &id, const ChatCall &call, const Reply &reply, const Fault &fault)
{
    StreamShape shape;
    shape.head.push_back(event({{"type", "message_start"},
        {"message",
            {{"id", id}, {"type", "message"}, {"role", "assistant"}, {"model", call.model},
                {"content", Json::array()}, {"stop_reason", nullptr}, {"stop_sequence", nullptr},
                {"usage", {{"input_tokens", reply.promptTokens}, {"output_tokens", 1}}}}}}));
    // Tool calls: a tool_use block each, its input streamed as JSON; no text block.
    for (std::size_t i = 0; i < reply.toolCalls.size(); ++i) {
        const ToolCallReply &tool = reply.toolCalls[i];
        shape.head.push_back(event({{"type", "content_block_start"}, {"index", i},
            {"content_block",
                {{"type", "tool_use"}, {"id", toolId(tool)}, {"name", tool.name},
                    {"input", Json::object()}}}}));
        shape.head.push_back(event({{"type", "content_block_delta"}, {"index", i},
            {"delta", {{"type", "input_json_delta"}, {"partial_json", tool.arguments}}}}));
        shape.head.push_back(event({{"type", "content_block_stop"}, {"index", i}}));
    }
    if (reply.toolCalls.empty())
        shape.head.push_back(event({{"type", "content_block_start"}, {"index", 0},
            {"content_block", {{"type", "text"}, {"text", ""}}}}));
    shape.head.push_back(event({{"type", "ping"}}));
    shape.token = [&](std::size_t i) {
        return event({{"type", "content_block_delta"}, {"index", 0},
            {"delta", {{"type", "text_delta"}, {"text", reply.tokens[i]}}}});
    };
    shape.errorEvent = event(
        {{"type", "error"}, {"error", {{"type", "overloaded_error"}, {"message", "Overloaded"}}}});
    shape.malformedEvent = sseBlock(
        R"({"type":"content_block_delta","index":0,"delta":{"type":)", "content_block_delta");
    if (reply.toolCalls.empty())
        shape.tail.push_back(event({{"type", "content_block_stop"}, {"index", 0}}));
    shape.tail.push_back(event({{"type", "message_delta"},
        {"delta", {{"stop_reason", stopReason(reply)}, {"stop_sequence", nullptr}}},
        {"usage", {{"output_tokens", reply.completionTokens}}}}));
    shape.tail.push_back(event({{"type", "message_stop"}}));
    return planTokens(shape, reply, fault);
}

bool sendStatusFault(httplib::Response &response, const Fault &fault, const ChatCall &call,
    const Reply &reply, int number)
{
    switch (fault.kind) {
    case FaultKind::RateLimited:
        response.set_header("retry-after", std::to_string((fault.duration.count() + 999) / 1000));
        response.set_header("anthropic-ratelimit-requests-remaining", "0");
        sendError(response, 429, "rate_limit_error",
            "This request would exceed your organization's rate limit.", number);
        return true;
    case FaultKind::ServerError:
        sendError(response, 500, "api_error", "Internal server error", number);
        return true;
    case FaultKind::Overloaded:
        sendError(response, 529, "overloaded_error", "Overloaded", number);
        return true;
    case FaultKind::StreamErrorEvent:
        if (call.stream)
            return false;
        sendError(response, 500, "api_error", "Internal server error", number);
        return true;
    case FaultKind::ContextLength:
        sendError(response, 400, "invalid_request_error",
            "prompt is too long: " + std::to_string(kContextWindow + reply.promptTokens)
                + " tokens > " + std::to_string(kContextWindow) + " maximum",
            number);
        return true;
    case FaultKind::ModelNotFound:
        sendError(response, 404, "not_found_error", "model: " + call.model, number);
        return true;
    default:
        return false;
    }
}

void handleMessages(
    ServerContext &context, const httplib::Request &request, httplib::Response &response)
{
    const int number = context.record(request);
    const std::string id = "msg_fake_" + std::to_string(number);
    response.set_header("request-id", "req_fake_" + std::to_string(number));

    const std::string &key = context.options().apiKey;
    if (!key.empty() && request.get_header_value("x-api-key") != key) {
        sendError(response, 401, "authentication_error", "invalid x-api-key", number);
        return;
    }
    const Json body = Json::parse(request.body, nullptr, false);
    std::string problem = "There was an error parsing the body of your request.";
    const std::optional<ChatCall> call
        = body.is_discarded() ? std::nullopt : readCall(body, problem);
    if (!call) {
        sendError(response, 400, "invalid_request_error", problem, number);
        return;
    }
    const std::optional<Fault> fault = context.faultFor(call->model);
    if (!fault) {
        sendError(response, 400, "invalid_request_error",
            "model: unknown fault in `" + call->model + "`", number);
        return;
    }
    if (!context.pause(context.options().latency))
        return;
    const Reply reply = composeReply(*call);
    if (sendStatusFault(response, *fault, *call, reply, number))
        return;
    sendAnswer(
        response, context, *call, *fault, [&] { return planStream(id, *call, reply, *fault); },
        [&] { return messageBody(id, *call, reply); }, "text/event-stream; charset=utf-8");
}

} // namespace

void answerAnthropicMessages(
    ServerContext &context, const httplib::Request &request, httplib::Response &response)
{
    handleMessages(context, request, response);
}

void installAnthropicRoutes(httplib::Server &server, ServerContext &context)
{
    server.Post(
        "/v1/messages", [&context](const httplib::Request &request, httplib::Response &response) {
            handleMessages(context, request, response);
        });
}

} // namespace ps::fakeprovider
