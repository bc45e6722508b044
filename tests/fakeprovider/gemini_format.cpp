#include "gemini_format.h"

#include "format_support.h"
#include "server_context.h"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <optional>

namespace ps::fakeprovider {

namespace {

using Json = nlohmann::ordered_json;

constexpr int kContextWindow = 8192;

Json errorJson(
    int code, const std::string &status, const std::string &message, Json details = Json::array())
{
    Json error = {{"code", code}, {"message", message}, {"status", status}};
    if (!details.empty())
        error["details"] = std::move(details);
    return {{"error", std::move(error)}};
}

void sendError(httplib::Response &response, int code, const std::string &status,
    const std::string &message, Json details = Json::array())
{
    response.status = code;
    response.set_content(
        errorJson(code, status, message, std::move(details)).dump(), "application/json");
}

std::string partsText(const Json &content)
{
    std::string text;
    if (content.is_object() && content.contains("parts") && content["parts"].is_array())
        for (const Json &part : content["parts"])
            if (part.is_object() && part.contains("text") && part["text"].is_string())
                text += (text.empty() ? "" : " ") + part["text"].get<std::string>();
    return text;
}

std::optional<ChatCall> readCall(const Json &body, std::string &problem)
{
    if (!body.is_object() || !body.contains("contents") || !body["contents"].is_array()
        || body["contents"].empty()) {
        problem = "* GenerateContentRequest.contents: contents is not specified";
        return std::nullopt;
    }
    ChatCall call;
    if (body.contains("systemInstruction"))
        call.messages.push_back({"system", partsText(body["systemInstruction"])});
    for (const Json &content : body["contents"])
        call.messages.push_back(
            {content.is_object() && content.value("role", "user") == "model" ? "assistant" : "user",
                partsText(content)});
    if (body.contains("generationConfig") && body["generationConfig"].is_object()) {
        const Json &config = body["generationConfig"];
        if (config.contains("maxOutputTokens") && config["maxOutputTokens"].is_number_integer())
            call.maxTokens = config["maxOutputTokens"].get<long long>();
        call.logprobs = config.value("responseLogprobs", Json()) == Json(true);
        if (call.logprobs && config.contains("logprobs") && config["logprobs"].is_number_integer())
            call.topLogprobs = config["logprobs"].get<int>();
    }
    return call;
}

Json usageJson(const Reply &reply, bool final)
{
    Json usage = {{"promptTokenCount", reply.promptTokens}};
    if (final)
        usage["candidatesTokenCount"] = reply.completionTokens;
    usage["totalTokenCount"] = reply.promptTokens + (final ? reply.completionTokens : 0);
    usage["promptTokensDetails"]
        = Json::array({{{"modality", "TEXT"}, {"tokenCount", reply.promptTokens}}});
    return usage;
}

// A LogprobsResult for tokens [first, last), with the avgLogprobs of a whole answer.
void addLogprobs(
    Json &candidate, const ChatCall &call, const Reply &reply, std::size_t first, std::size_t last)
{
    if (!call.logprobs || first >= last)
        return;
    Json chosen = Json::array();
    Json top = Json::array();
    double sum = 0.0;
    for (std::size_t i = first; i < last; ++i) {
        const TokenProbability p = tokenProbability(call, reply, i);
        sum += p.logprob;
        chosen.push_back({{"token", p.token}, {"logProbability", p.logprob}});
        Json candidates = Json::array();
        for (const auto &[token, logprob] : p.top)
            candidates.push_back({{"token", token}, {"logProbability", logprob}});
        top.push_back({{"candidates", std::move(candidates)}});
    }
    if (first == 0 && last == reply.tokens.size())
        candidate["avgLogprobs"] = sum / static_cast<double>(last - first);
    candidate["logprobsResult"] = {{"logProbabilitySum", sum}, {"topCandidates", std::move(top)},
        {"chosenCandidates", std::move(chosen)}};
}

// One GenerateContentResponse for tokens [first, last); the last one carries the finish reason
// and the final counts.
Json responseJson(const std::string &id, const ChatCall &call, const Reply &reply,
    std::size_t first, std::size_t last, bool isLast)
{
    std::string text;
    for (std::size_t i = first; i < last; ++i)
        text += reply.tokens[i];
    Json candidate
        = {{"content", {{"parts", Json::array({{{"text", std::move(text)}}})}, {"role", "model"}}}};
    if (isLast)
        candidate["finishReason"] = reply.finishReason == "length" ? "MAX_TOKENS" : "STOP";
    candidate["index"] = 0;
    addLogprobs(candidate, call, reply, first, last);
    return {{"candidates", Json::array({std::move(candidate)})},
        {"usageMetadata", usageJson(reply, isLast)}, {"modelVersion", call.model},
        {"responseId", id}};
}

StreamPlan planStream(
    const std::string &id, const ChatCall &call, const Reply &reply, const Fault &fault)
{
    StreamShape shape;
    shape.token = [&](std::size_t i) {
        return sseBlock(
            responseJson(id, call, reply, i, i + 1, i + 1 == reply.tokens.size()).dump());
    };
    if (reply.tokens.empty()) // still one chunk, for the finish reason and the counts
        shape.tail.push_back(sseBlock(responseJson(id, call, reply, 0, 0, true).dump()));
    shape.errorEvent = sseBlock(
        errorJson(500, "INTERNAL", "An internal error has occurred. Please retry.").dump());
    shape.malformedEvent = sseBlock(R"({"candidates": [{"content": {"parts": [{"text": )");
    return planTokens(shape, reply, fault);
}

// "37s" or "1.5s", as RetryInfo writes a duration.
std::string protoDuration(std::chrono::milliseconds duration)
{
    const long long ms = duration.count();
    if (ms % 1000 == 0)
        return std::to_string(ms / 1000) + "s";
    char text[32];
    std::snprintf(text, sizeof text, "%lld.%03llds", ms / 1000, ms % 1000);
    return text;
}

bool sendStatusFault(
    httplib::Response &response, const Fault &fault, const ChatCall &call, const Reply &reply)
{
    switch (fault.kind) {
    case FaultKind::RateLimited:
        sendError(response, 429, "RESOURCE_EXHAUSTED",
            "You exceeded your current quota, please check your plan and billing details.",
            Json::array({{{"@type", "type.googleapis.com/google.rpc.RetryInfo"},
                {"retryDelay", protoDuration(fault.duration)}}}));
        return true;
    case FaultKind::ServerError:
        sendError(response, 500, "INTERNAL", "An internal error has occurred. Please retry.");
        return true;
    case FaultKind::Overloaded:
        sendError(response, 503, "UNAVAILABLE", "The model is overloaded. Please try again later.");
        return true;
    case FaultKind::StreamErrorEvent:
        if (call.stream)
            return false;
        sendError(response, 500, "INTERNAL", "An internal error has occurred. Please retry.");
        return true;
    case FaultKind::ContextLength:
        sendError(response, 400, "INVALID_ARGUMENT",
            "The input token count (" + std::to_string(kContextWindow + reply.promptTokens)
                + ") exceeds the maximum number of tokens allowed ("
                + std::to_string(kContextWindow) + ").");
        return true;
    case FaultKind::ModelNotFound:
        sendError(response, 404, "NOT_FOUND",
            "models/" + call.model
                + " is not found for API version v1beta, or is not supported "
                  "for generateContent.");
        return true;
    default:
        return false;
    }
}

void handleGenerate(ServerContext &context, const httplib::Request &request,
    httplib::Response &response, bool stream)
{
    const int number = context.record(request);
    const std::string id = "fake-response-" + std::to_string(number);

    const std::string &key = context.options().apiKey;
    if (!key.empty() && request.get_header_value("x-goog-api-key") != key) {
        // Gemini answers a bad key with 400, not 401.
        sendError(response, 400, "INVALID_ARGUMENT",
            "API key not valid. Please pass a valid API key.",
            Json::array({{{"@type", "type.googleapis.com/google.rpc.ErrorInfo"},
                {"reason", "API_KEY_INVALID"}, {"domain", "googleapis.com"}}}));
        return;
    }
    const Json body = Json::parse(request.body, nullptr, false);
    std::string problem = "Invalid JSON payload received.";
    std::optional<ChatCall> call = body.is_discarded() ? std::nullopt : readCall(body, problem);
    if (!call) {
        sendError(response, 400, "INVALID_ARGUMENT", problem);
        return;
    }
    call->model = request.matches[1].str();
    call->stream = stream;
    if (stream && request.get_param_value("alt") != "sse") {
        sendError(response, 400, "INVALID_ARGUMENT", "The fake server streams with alt=sse only.");
        return;
    }
    const std::optional<Fault> fault = context.faultFor(call->model);
    if (!fault) {
        sendError(
            response, 400, "INVALID_ARGUMENT", "Unknown fault in model `" + call->model + "`.");
        return;
    }
    if (!context.pause(context.options().latency))
        return;
    const Reply reply = composeReply(*call);
    if (sendStatusFault(response, *fault, *call, reply))
        return;
    sendAnswer(
        response, context, *call, *fault, [&] { return planStream(id, *call, reply, *fault); },
        [&] { return responseJson(id, *call, reply, 0, reply.tokens.size(), true).dump(); },
        "text/event-stream");
}

} // namespace

void installGeminiRoutes(httplib::Server &server, ServerContext &context)
{
    // The greedy model part stops at the last colon, so "fault:429" stays whole.
    server.Post(R"(/v1beta/models/(.+):(streamGenerateContent|generateContent))",
        [&context](const httplib::Request &request, httplib::Response &response) {
            handleGenerate(
                context, request, response, request.matches[2].str() == "streamGenerateContent");
        });
}

} // namespace ps::fakeprovider
