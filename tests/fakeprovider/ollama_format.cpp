#include "ollama_format.h"

#include "format_support.h"
#include "server_context.h"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <optional>

namespace ps::fakeprovider {

namespace {

using Json = nlohmann::ordered_json;

constexpr const char *kCreatedAt = "2023-11-14T22:13:20Z"; // fixed, so replies are deterministic
// Deterministic durations in nanoseconds, proportional to the work.
constexpr long long kLoadNs = 1'000'000;
constexpr long long kPromptNsPerToken = 1'000'000;
constexpr long long kEvalNsPerToken = 10'000'000;

void sendError(httplib::Response &response, int status, const std::string &message)
{
    response.status = status;
    response.set_content(Json {{"error", message}}.dump(), "application/json");
}

std::optional<ChatCall> readCall(const Json &body, std::string &problem)
{
    if (!body.is_object() || !body.contains("model") || !body["model"].is_string()) {
        problem = "model is required";
        return std::nullopt;
    }
    if (!body.contains("messages") || !body["messages"].is_array()) {
        problem = "messages is required";
        return std::nullopt;
    }
    ChatCall call;
    call.model = body["model"].get<std::string>();
    for (const Json &message : body["messages"]) {
        if (!message.is_object() || !message.contains("role") || !message["role"].is_string()) {
            problem = "each message needs a role";
            return std::nullopt;
        }
        const Json content = message.value("content", Json(""));
        call.messages.push_back({message["role"].get<std::string>(),
            content.is_string() ? content.get<std::string>() : std::string()});
    }
    if (body.contains("options") && body["options"].is_object()
        && body["options"].contains("num_predict")
        && body["options"]["num_predict"].is_number_integer())
        call.maxTokens = body["options"]["num_predict"].get<long long>();
    call.stream = body.value("stream", true);
    call.logprobs = body.value("logprobs", Json()) == Json(true);
    if (call.logprobs && body.contains("top_logprobs") && body["top_logprobs"].is_number_integer())
        call.topLogprobs = body["top_logprobs"].get<int>();
    return call;
}

Json chunkJson(const ChatCall &call, const std::string &content)
{
    return {{"model", call.model}, {"created_at", kCreatedAt},
        {"message", {{"role", "assistant"}, {"content", content}}}, {"done", false}};
}

// The "logprobs" of tokens [first, last) on `line`, when they were asked for.
void addLogprobs(
    Json &line, const ChatCall &call, const Reply &reply, std::size_t first, std::size_t last)
{
    if (!call.logprobs || first >= last)
        return;
    Json tokens = Json::array();
    for (std::size_t i = first; i < last; ++i) {
        const TokenProbability p = tokenProbability(call, reply, i);
        Json top = Json::array();
        for (const auto &[token, logprob] : p.top)
            top.push_back({{"token", token}, {"logprob", logprob}});
        tokens.push_back({{"token", p.token}, {"logprob", p.logprob}, {"top_logprobs", top}});
    }
    line["logprobs"] = std::move(tokens);
}

// The done:true object: the counts and the durations appear only here.
Json finalJson(const ChatCall &call, const Reply &reply, const std::string &content)
{
    Json body = chunkJson(call, content);
    const long long promptNs = kPromptNsPerToken * reply.promptTokens;
    const long long evalNs = kEvalNsPerToken * reply.completionTokens;
    body["done"] = true;
    body["done_reason"] = reply.finishReason;
    body["total_duration"] = kLoadNs + promptNs + evalNs;
    body["load_duration"] = kLoadNs;
    body["prompt_eval_count"] = reply.promptTokens;
    body["prompt_eval_duration"] = promptNs;
    body["eval_count"] = reply.completionTokens;
    body["eval_duration"] = evalNs;
    return body;
}

std::string line(const Json &json)
{
    return json.dump() + "\n";
}

StreamPlan planStream(const ChatCall &call, const Reply &reply, const Fault &fault)
{
    StreamShape shape;
    shape.token = [&](std::size_t i) {
        Json chunk = chunkJson(call, reply.tokens[i]);
        addLogprobs(chunk, call, reply, i, i + 1);
        return line(chunk);
    };
    shape.errorEvent = line({{"error", "an error was encountered while running the model"}});
    shape.malformedEvent = R"({"model":")" + call.model + R"(","message":{"content":)" + "\n";
    shape.tail.push_back(line(finalJson(call, reply, "")));
    shape.keepAlive = "\n"; // NDJSON has no comments; a blank line carries nothing
    return planTokens(shape, reply, fault);
}

bool sendStatusFault(
    httplib::Response &response, const Fault &fault, const ChatCall &call, const Reply &reply)
{
    switch (fault.kind) {
    case FaultKind::RateLimited:
        response.set_header("retry-after", std::to_string((fault.duration.count() + 999) / 1000));
        sendError(response, 429, "too many requests");
        return true;
    case FaultKind::ServerError:
        sendError(response, 500, "llama runner process has terminated: exit status 2");
        return true;
    case FaultKind::Overloaded:
        sendError(
            response, 503, "server busy, please try again.  maximum pending requests exceeded");
        return true;
    case FaultKind::StreamErrorEvent:
        if (call.stream)
            return false;
        sendError(response, 500, "an error was encountered while running the model");
        return true;
    case FaultKind::ContextLength:
        sendError(response, 400,
            "the input length (" + std::to_string(reply.promptTokens + 8192)
                + " tokens) exceeds the context length (8192 tokens)");
        return true;
    case FaultKind::ModelNotFound:
        sendError(response, 404, "model \"" + call.model + "\" not found, try pulling it first");
        return true;
    default:
        return false;
    }
}

void handleChat(
    ServerContext &context, const httplib::Request &request, httplib::Response &response)
{
    context.record(request);
    if (!context.authorised(request)) { // ollama.com takes a Bearer key
        sendError(response, 401, "unauthorized");
        return;
    }
    const Json body = Json::parse(request.body, nullptr, false);
    std::string problem = "invalid character in JSON body";
    const std::optional<ChatCall> call
        = body.is_discarded() ? std::nullopt : readCall(body, problem);
    if (!call) {
        sendError(response, 400, problem);
        return;
    }
    const std::optional<Fault> fault = context.faultFor(call->model);
    if (!fault) {
        sendError(response, 400, "unknown fault in model \"" + call->model + "\"");
        return;
    }
    if (!context.pause(context.options().latency))
        return;
    const Reply reply = composeReply(*call);
    if (sendStatusFault(response, *fault, *call, reply))
        return;
    sendAnswer(
        response, context, *call, *fault, [&] { return planStream(*call, reply, *fault); },
        [&] {
            Json whole = finalJson(*call, reply, reply.text());
            addLogprobs(whole, *call, reply, 0, reply.tokens.size());
            return whole.dump();
        },
        "application/x-ndjson");
}

} // namespace

void installOllamaRoutes(httplib::Server &server, ServerContext &context)
{
    server.Post(
        "/api/chat", [&context](const httplib::Request &request, httplib::Response &response) {
            handleChat(context, request, response);
        });
}

} // namespace ps::fakeprovider
