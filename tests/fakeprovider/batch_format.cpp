#include "batch_format.h"

#include "anthropic_format.h"
#include "openai_format.h"
#include "server_context.h"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <map>
#include <mutex>
#include <regex>
#include <set>
#include <sstream>

namespace ps::fakeprovider {

namespace {

using Json = nlohmann::ordered_json;
using Clock = std::chrono::steady_clock;

constexpr long long kCreated = 1'700'000'000; // fixed, so replies are deterministic
constexpr const char *kCreatedText = "2023-11-14T22:13:20Z";
constexpr const char *kExpiresText = "2023-11-15T22:13:20Z";
constexpr const char *kChatEndpoint = "/v1/chat/completions";

enum class Phase { Running, Cancelling, Ended, Failed };

struct Answer
{
    std::string customId;
    int status = 0;
    Json body; // the reply body; for a reply that was not JSON, an error object
    std::string requestId;
};

struct Batch
{
    std::string id;
    bool anthropic = false;
    std::string inputFileId; // OpenAI
    std::vector<std::pair<std::string, Json>> requests; // custom id, request body
    httplib::Headers headers; // of the creating request: the key each request is sent with
    Clock::time_point due;
    Phase phase = Phase::Running;
    bool cancelled = false;
    Json errors; // OpenAI: why a batch failed validation
    std::vector<Answer> answers; // once ended, in reverse order of the requests
    std::string outputFileId;
    std::string errorFileId;
};

struct StoredFile
{
    std::string filename;
    std::string purpose;
    std::string content;
};

} // namespace

struct BatchBook::State
{
    mutable std::mutex mutex;
    std::map<std::string, Batch> batches;
    std::map<std::string, StoredFile> files;
    int batchesCreated = 0;
    int requestsSubmitted = 0;
    int requestsAnswered = 0;
    int batchesCancelled = 0;
    int filesCreated = 0;
    int statusRequests = 0;
    bool held = false;
};

BatchBook::BatchBook()
    : m_state(std::make_unique<State>())
{ }

BatchBook::~BatchBook() = default;

int BatchBook::batchesCreated() const
{
    std::lock_guard lock(m_state->mutex);
    return m_state->batchesCreated;
}

int BatchBook::requestsSubmitted() const
{
    std::lock_guard lock(m_state->mutex);
    return m_state->requestsSubmitted;
}

int BatchBook::requestsAnswered() const
{
    std::lock_guard lock(m_state->mutex);
    return m_state->requestsAnswered;
}

int BatchBook::statusRequests() const
{
    std::lock_guard lock(m_state->mutex);
    return m_state->statusRequests;
}

void BatchBook::hold(bool held)
{
    std::lock_guard lock(m_state->mutex);
    m_state->held = held;
}

int BatchBook::batchesCancelled() const
{
    std::lock_guard lock(m_state->mutex);
    return m_state->batchesCancelled;
}

namespace {

void sendJson(httplib::Response &response, int status, const Json &body)
{
    response.status = status;
    response.set_content(body.dump(), "application/json");
}

void openAiError(httplib::Response &response, int status, const std::string &message,
    const Json &param = nullptr, const Json &code = nullptr)
{
    sendJson(response, status,
        {{"error",
            {{"message", message}, {"type", "invalid_request_error"}, {"param", param},
                {"code", code}}}});
}

void anthropicError(httplib::Response &response, int status, const std::string &type,
    const std::string &message)
{
    sendJson(response, status,
        {{"type", "error"}, {"error", {{"type", type}, {"message", message}}}});
}

bool anthropicAuthorised(const ServerContext &context, const httplib::Request &request)
{
    const std::string &key = context.options().apiKey;
    return key.empty() || request.get_header_value("x-api-key") == key;
}

// Answers every request of a batch that is due, through the live route's handler.
void settle(ServerContext &context, BatchBook::State &state, Batch &batch)
{
    if (batch.phase == Phase::Cancelling) {
        batch.phase = Phase::Ended; // nothing was answered yet: every request is cancelled
        return;
    }
    if (batch.phase != Phase::Running || Clock::now() < batch.due || state.held)
        return;
    for (auto request = batch.requests.rbegin(); request != batch.requests.rend(); ++request) {
        httplib::Request call;
        call.method = "POST";
        call.path = batch.anthropic ? "/v1/messages" : kChatEndpoint;
        call.headers = batch.headers;
        call.body = request->second.dump();
        httplib::Response reply;
        if (batch.anthropic)
            answerAnthropicMessages(context, call, reply);
        else
            answerOpenAiChat(context, call, reply);
        context.forgetFaultHeader();
        Answer answer;
        answer.customId = request->first;
        answer.status = reply.status == -1 ? 200 : reply.status;
        answer.requestId = reply.get_header_value(batch.anthropic ? "request-id" : "x-request-id");
        answer.body = Json::parse(reply.body, nullptr, false);
        if (answer.body.is_discarded() || !answer.body.is_object()) {
            // A cut or malformed answer: the batch reports the request as failed.
            answer.status = 500;
            answer.body = batch.anthropic
                ? Json {{"type", "error"},
                      {"error", {{"type", "api_error"}, {"message", "Internal server error"}}}}
                : Json {{"error",
                      {{"message", "The server had an error processing your request."},
                          {"type", "server_error"}, {"param", nullptr}, {"code", nullptr}}}};
        }
        batch.answers.push_back(std::move(answer));
        ++state.requestsAnswered;
    }
    batch.phase = Phase::Ended;
    if (batch.anthropic)
        return;
    std::string output;
    std::string errors;
    int line = 0;
    for (const Answer &answer : batch.answers) {
        const Json entry = {{"id", "batch_req_fake_" + std::to_string(++line)},
            {"custom_id", answer.customId},
            {"response",
                {{"status_code", answer.status}, {"request_id", answer.requestId},
                    {"body", answer.body}}},
            {"error", nullptr}};
        (answer.status == 200 ? output : errors) += entry.dump() + "\n";
    }
    for (auto [text, id] : {std::pair {&output, &batch.outputFileId},
             std::pair {&errors, &batch.errorFileId}}) {
        if (text->empty())
            continue;
        *id = "file-fake-" + std::to_string(++state.filesCreated);
        state.files[*id] = {"batch_output.jsonl", "batch_output", *text};
    }
}

int answered(const Batch &batch, bool ok)
{
    int count = 0;
    for (const Answer &answer : batch.answers)
        count += (answer.status == 200) == ok ? 1 : 0;
    return count;
}

Json openAiBatchJson(const Batch &batch)
{
    const auto total = static_cast<int>(batch.requests.size());
    std::string status = "in_progress";
    if (batch.phase == Phase::Failed)
        status = "failed";
    else if (batch.phase == Phase::Cancelling)
        status = "cancelling";
    else if (batch.phase == Phase::Ended)
        status = batch.cancelled ? "cancelled" : "completed";
    const auto optionalId = [](const std::string &id) { return id.empty() ? Json() : Json(id); };
    const bool ended = batch.phase == Phase::Ended;
    return {{"id", batch.id}, {"object", "batch"}, {"endpoint", kChatEndpoint},
        {"errors", batch.errors}, {"input_file_id", batch.inputFileId}, {"completion_window", "24h"},
        {"status", status}, {"output_file_id", optionalId(batch.outputFileId)},
        {"error_file_id", optionalId(batch.errorFileId)}, {"created_at", kCreated},
        {"in_progress_at", batch.phase == Phase::Failed ? Json() : Json(kCreated)},
        {"expires_at", kCreated + 86'400},
        {"finalizing_at", ended && !batch.cancelled ? Json(kCreated + 1) : Json()},
        {"completed_at", ended && !batch.cancelled ? Json(kCreated + 1) : Json()},
        {"failed_at", batch.phase == Phase::Failed ? Json(kCreated) : Json()},
        {"expired_at", nullptr},
        {"cancelling_at", batch.cancelled ? Json(kCreated + 1) : Json()},
        {"cancelled_at", ended && batch.cancelled ? Json(kCreated + 1) : Json()},
        {"request_counts",
            {{"total", total}, {"completed", answered(batch, true)},
                {"failed", answered(batch, false)}}},
        {"metadata", nullptr}};
}

Json anthropicBatchJson(const Batch &batch, const std::string &hostUrl)
{
    const auto total = static_cast<int>(batch.requests.size());
    const bool ended = batch.phase == Phase::Ended;
    const int succeeded = answered(batch, true);
    const int errored = answered(batch, false);
    return {{"id", batch.id}, {"type", "message_batch"},
        {"processing_status",
            ended ? "ended" : batch.phase == Phase::Cancelling ? "canceling" : "in_progress"},
        {"request_counts",
            {{"processing", ended ? 0 : total}, {"succeeded", succeeded}, {"errored", errored},
                {"canceled", ended && batch.cancelled ? total : 0}, {"expired", 0}}},
        {"ended_at", ended ? Json(kCreatedText) : Json()}, {"created_at", kCreatedText},
        {"expires_at", kExpiresText}, {"archived_at", nullptr},
        {"cancel_initiated_at", batch.cancelled ? Json(kCreatedText) : Json()},
        {"results_url",
            ended ? Json(hostUrl + "/v1/messages/batches/" + batch.id + "/results") : Json()}};
}

std::string anthropicResults(const Batch &batch)
{
    std::string text;
    const auto line = [&text](const std::string &customId, Json result) {
        text += Json {{"custom_id", customId}, {"result", std::move(result)}}.dump() + "\n";
    };
    if (batch.cancelled) {
        for (const auto &[customId, body] : batch.requests)
            line(customId, {{"type", "canceled"}});
        return text;
    }
    for (const Answer &answer : batch.answers) {
        if (answer.status == 200)
            line(answer.customId, {{"type", "succeeded"}, {"message", answer.body}});
        else
            line(answer.customId, {{"type", "errored"}, {"error", answer.body}});
    }
    return text;
}

// The OpenAI input file's lines, or why the batch fails validation.
Json readInputFile(const std::string &content, std::vector<std::pair<std::string, Json>> &requests)
{
    Json errors = Json::array();
    std::set<std::string> seen;
    std::istringstream lines(content);
    std::string text;
    int number = 0;
    const auto fail = [&](const std::string &code, const std::string &message) {
        errors.push_back(
            {{"code", code}, {"message", message}, {"param", nullptr}, {"line", number}});
    };
    while (std::getline(lines, text)) {
        ++number;
        if (text.empty())
            continue;
        const Json line = Json::parse(text, nullptr, false);
        if (!line.is_object()) {
            fail("invalid_json_line", "This line is not parseable as valid JSON.");
            continue;
        }
        const std::string customId = line.value("custom_id", std::string());
        if (customId.empty() || !seen.insert(customId).second)
            fail("duplicate_custom_id", "The custom_id for this request is missing or a duplicate.");
        else if (line.value("method", std::string()) != "POST")
            fail("invalid_method", "Only POST requests are supported.");
        else if (line.value("url", std::string()) != kChatEndpoint)
            fail("mismatched_endpoint",
                "The provided URL does not match the batch endpoint /v1/chat/completions.");
        else if (!line.contains("body") || !line["body"].is_object())
            fail("missing_body", "The request has no body.");
        else
            requests.emplace_back(customId, line["body"]);
    }
    if (number == 0)
        fail("empty_file", "The input file is empty.");
    if (!errors.empty())
        return {{"object", "list"}, {"data", std::move(errors)}};
    return nullptr;
}

void installOpenAiBatchRoutes(
    httplib::Server &server, ServerContext &context, BatchBook::State &state)
{
    server.Post("/v1/files", [&](const httplib::Request &request, httplib::Response &response) {
        if (!context.authorised(request))
            return openAiError(response, 401, "Incorrect API key provided.", nullptr,
                "invalid_api_key");
        if (!request.has_file("file") || !request.has_file("purpose"))
            return openAiError(response, 400, "'file' and 'purpose' are required.");
        const httplib::MultipartFormData file = request.get_file_value("file");
        const std::string purpose = request.get_file_value("purpose").content;
        if (purpose != "batch")
            return openAiError(response, 400, "The fake provider takes files for batches only.",
                "purpose");
        std::lock_guard lock(state.mutex);
        const std::string id = "file-fake-" + std::to_string(++state.filesCreated);
        state.files[id] = {file.filename, purpose, file.content};
        sendJson(response, 200,
            {{"id", id}, {"object", "file"},
                {"bytes", static_cast<long long>(file.content.size())}, {"created_at", kCreated},
                {"filename", file.filename}, {"purpose", purpose}, {"status", "processed"},
                {"expires_at", nullptr}, {"status_details", nullptr}});
    });
    server.Get(R"(/v1/files/([^/]+)/content)",
        [&](const httplib::Request &request, httplib::Response &response) {
            if (!context.authorised(request))
                return openAiError(response, 401, "Incorrect API key provided.");
            std::lock_guard lock(state.mutex);
            const auto found = state.files.find(request.matches[1].str());
            if (found == state.files.end())
                return openAiError(
                    response, 404, "No such File object: " + request.matches[1].str(), "id");
            response.set_content(found->second.content, "application/octet-stream");
        });
    server.Post("/v1/batches", [&](const httplib::Request &request, httplib::Response &response) {
        if (!context.authorised(request))
            return openAiError(response, 401, "Incorrect API key provided.", nullptr,
                "invalid_api_key");
        const Json body = Json::parse(request.body, nullptr, false);
        if (!body.is_object())
            return openAiError(response, 400, "We could not parse the JSON body of your request.");
        if (body.value("endpoint", std::string()) != kChatEndpoint)
            return openAiError(response, 400, "The fake provider batches /v1/chat/completions only.",
                "endpoint");
        if (body.value("completion_window", std::string()) != "24h")
            return openAiError(response, 400, "completion_window must be 24h.", "completion_window");
        const std::string fileId = body.value("input_file_id", std::string());
        std::lock_guard lock(state.mutex);
        const auto file = state.files.find(fileId);
        if (file == state.files.end())
            return openAiError(response, 400, "No such File object: " + fileId, "input_file_id");
        Batch batch;
        batch.id = "batch_fake_" + std::to_string(++state.batchesCreated);
        batch.errors = readInputFile(file->second.content, batch.requests);
        if (!batch.errors.is_null()) {
            batch.phase = Phase::Failed;
            batch.requests.clear();
        }
        batch.inputFileId = fileId;
        batch.headers = request.headers;
        batch.due = Clock::now() + context.options().batchLatency;
        state.requestsSubmitted += static_cast<int>(batch.requests.size());
        sendJson(response, 200, openAiBatchJson(batch));
        state.batches[batch.id] = std::move(batch);
    });
    const auto batchRoute = [&](bool cancel) {
        return [&, cancel](const httplib::Request &request, httplib::Response &response) {
            if (!context.authorised(request))
                return openAiError(response, 401, "Incorrect API key provided.");
            std::lock_guard lock(state.mutex);
            const auto found = state.batches.find(request.matches[1].str());
            if (found == state.batches.end() || found->second.anthropic)
                return openAiError(
                    response, 404, "No batch found with id '" + request.matches[1].str() + "'.");
            Batch &batch = found->second;
            if (cancel && batch.phase == Phase::Running) {
                batch.phase = Phase::Cancelling;
                batch.cancelled = true;
                ++state.batchesCancelled;
            } else if (!cancel) {
                ++state.statusRequests;
                settle(context, state, batch);
            }
            sendJson(response, 200, openAiBatchJson(batch));
        };
    };
    server.Get(R"(/v1/batches/([^/]+))", batchRoute(false));
    server.Post(R"(/v1/batches/([^/]+)/cancel)", batchRoute(true));
}

void installAnthropicBatchRoutes(
    httplib::Server &server, ServerContext &context, BatchBook::State &state)
{
    const auto hostOf = [](const httplib::Request &request) {
        return "http://" + request.get_header_value("Host");
    };
    server.Post("/v1/messages/batches",
        [&, hostOf](const httplib::Request &request, httplib::Response &response) {
            if (!anthropicAuthorised(context, request))
                return anthropicError(response, 401, "authentication_error", "invalid x-api-key");
            const Json body = Json::parse(request.body, nullptr, false);
            if (!body.is_object() || !body.contains("requests") || !body["requests"].is_array()
                || body["requests"].empty())
                return anthropicError(response, 400, "invalid_request_error",
                    "requests: Field required (a non-empty list)");
            static const std::regex kCustomId("[a-zA-Z0-9_-]{1,64}");
            Batch batch;
            batch.anthropic = true;
            std::set<std::string> seen;
            for (const Json &item : body["requests"]) {
                const std::string customId
                    = item.is_object() ? item.value("custom_id", std::string()) : std::string();
                if (!std::regex_match(customId, kCustomId))
                    return anthropicError(response, 400, "invalid_request_error",
                        "requests.custom_id: String should match pattern '^[a-zA-Z0-9_-]{1,64}$'");
                if (!seen.insert(customId).second)
                    return anthropicError(response, 400, "invalid_request_error",
                        "requests: custom_id '" + customId + "' is not unique");
                if (!item.contains("params") || !item["params"].is_object())
                    return anthropicError(
                        response, 400, "invalid_request_error", "requests.params: Field required");
                batch.requests.emplace_back(customId, item["params"]);
            }
            std::lock_guard lock(state.mutex);
            batch.id = "msgbatch_fake_" + std::to_string(++state.batchesCreated);
            batch.headers = request.headers;
            batch.due = Clock::now() + context.options().batchLatency;
            state.requestsSubmitted += static_cast<int>(batch.requests.size());
            sendJson(response, 200, anthropicBatchJson(batch, hostOf(request)));
            state.batches[batch.id] = std::move(batch);
        });
    const auto find = [&state](const httplib::Request &request,
                          httplib::Response &response) -> Batch * {
        const auto found = state.batches.find(request.matches[1].str());
        if (found == state.batches.end() || !found->second.anthropic) {
            anthropicError(response, 404, "not_found_error",
                "No batch found with id '" + request.matches[1].str() + "'");
            return nullptr;
        }
        return &found->second;
    };
    server.Get(R"(/v1/messages/batches/([^/]+))",
        [&, find, hostOf](const httplib::Request &request, httplib::Response &response) {
            if (!anthropicAuthorised(context, request))
                return anthropicError(response, 401, "authentication_error", "invalid x-api-key");
            std::lock_guard lock(state.mutex);
            if (Batch *batch = find(request, response)) {
                ++state.statusRequests;
                settle(context, state, *batch);
                sendJson(response, 200, anthropicBatchJson(*batch, hostOf(request)));
            }
        });
    server.Get(R"(/v1/messages/batches/([^/]+)/results)",
        [&, find](const httplib::Request &request, httplib::Response &response) {
            if (!anthropicAuthorised(context, request))
                return anthropicError(response, 401, "authentication_error", "invalid x-api-key");
            std::lock_guard lock(state.mutex);
            Batch *batch = find(request, response);
            if (!batch)
                return;
            settle(context, state, *batch);
            if (batch->phase != Phase::Ended)
                return anthropicError(response, 404, "not_found_error",
                    "Results for batch " + batch->id + " are not available until it has ended");
            response.set_content(anthropicResults(*batch), "application/binary");
        });
    server.Post(R"(/v1/messages/batches/([^/]+)/cancel)",
        [&, find, hostOf](const httplib::Request &request, httplib::Response &response) {
            if (!anthropicAuthorised(context, request))
                return anthropicError(response, 401, "authentication_error", "invalid x-api-key");
            std::lock_guard lock(state.mutex);
            Batch *batch = find(request, response);
            if (!batch)
                return;
            if (batch->phase == Phase::Running) {
                batch->phase = Phase::Cancelling;
                batch->cancelled = true;
                ++state.batchesCancelled;
            }
            sendJson(response, 200, anthropicBatchJson(*batch, hostOf(request)));
        });
}

} // namespace

void installBatchRoutes(httplib::Server &server, ServerContext &context, BatchBook &book)
{
    installOpenAiBatchRoutes(server, context, book.state());
    installAnthropicBatchRoutes(server, context, book.state());
}

} // namespace ps::fakeprovider
