// Anthropic's Message Batches: the requests in one POST /v1/messages/batches, the results as
// JSONL from the batch's results endpoint.

#include "batch/batch_api.h"
#include "batch/batch_client.h"
#include "providers/provider_error.h"


namespace ps::batch {

namespace {

using nlohmann::json;

// The HTTP status an error type stands for, so the adapter reads the error as it would live.
int statusOf(const std::string &errorType)
{
    if (errorType == "invalid_request_error")
        return 400;
    if (errorType == "authentication_error")
        return 401;
    if (errorType == "permission_error")
        return 403;
    if (errorType == "not_found_error")
        return 404;
    if (errorType == "request_too_large")
        return 413;
    if (errorType == "rate_limit_error")
        return 429;
    if (errorType == "overloaded_error")
        return 529;
    return 500;
}

BatchItem readLine(const providers::ProviderAdapter &adapter, const json &line)
{
    BatchItem item;
    item.customId = textField(line, "custom_id");
    const json result = line.value("result", json::object());
    const std::string type = result.is_object() ? textField(result, "type") : std::string();
    if (type == "succeeded" && result.contains("message")) {
        item.result = readAnswer(adapter, 200, result["message"]);
    } else if (type == "errored" && result.contains("error")) {
        const json &error = result["error"];
        const json inner = error.is_object() ? error.value("error", json::object()) : json();
        item.result = readAnswer(
            adapter, statusOf(inner.is_object() ? textField(inner, "type") : std::string()), error);
    } else if (type == "canceled") {
        item.result.error = providers::makeError(
            providers::ErrorCategory::Cancelled, "the batch was cancelled before this request ran");
    } else if (type == "expired") {
        item.result.error = providers::makeError(providers::ErrorCategory::Timeout,
            "the batch expired (24 hours) before this request ran");
    } else {
        item.result.error
            = providers::badReplyError("gave a batch result of unknown type", line.dump());
    }
    return item;
}

class AnthropicBatchApi final : public BatchApi
{
public:
    AnthropicBatchApi(const net::HttpRequest &liveRequest, Exchange exchange)
        : m_client(providers::ProviderKind::Anthropic, liveRequest, "/messages", std::move(exchange))
    { }

    std::string submit(const std::vector<BatchRequest> &requests) override
    {
        json list = json::array();
        for (const BatchRequest &request : requests)
            list.push_back({{"custom_id", request.customId}, {"params", request.body}});
        const json batch = m_client.sendJson("POST", "/messages/batches", {{"requests", list}});
        const std::string id = textField(batch, "id");
        if (id.empty())
            throw BatchError(providers::badReplyError("named no batch", batch.dump()));
        return id;
    }

    BatchStatus status(const std::string &batchId) override
    {
        const json batch = m_client.sendJson("GET", "/messages/batches/" + batchId);
        BatchStatus status;
        status.id = batchId;
        const std::string state = textField(batch, "processing_status");
        if (state == "ended")
            status.phase = BatchPhase::Ended;
        else if (state == "canceling")
            status.phase = BatchPhase::Cancelling;
        else if (state != "in_progress")
            throw BatchError(providers::badReplyError(
                "gave the batch an unknown processing_status '" + state + "'", batch.dump()));
        const json counts = batch.value("request_counts", json::object());
        if (counts.is_object()) {
            status.succeeded = countField(counts, "succeeded");
            status.failed
                = countField(counts, "errored") + countField(counts, "canceled") + countField(counts, "expired");
            status.total = status.succeeded + status.failed + countField(counts, "processing");
        }
        return status;
    }

    std::vector<BatchItem> results(const BatchStatus &status) override
    {
        // From the API's own root, never the reply's results_url: the key goes nowhere else.
        const std::string content = m_client.send("GET",
            "/messages/batches/" + status.id + "/results", {}, "application/json", 2048u << 20);
        std::vector<BatchItem> items;
        for (const json &line : jsonLines(content, "the results of batch " + status.id))
            items.push_back(readLine(m_client.adapter(), line));
        return items;
    }

    void cancel(const std::string &batchId) override
    {
        m_client.sendJson("POST", "/messages/batches/" + batchId + "/cancel");
    }

    std::size_t maxRequests() const override { return 100'000; }
    std::size_t maxBytes() const override { return 256u << 20; }

private:
    BatchClient m_client;
};

} // namespace

std::unique_ptr<BatchApi> makeAnthropicBatchApi(
    const net::HttpRequest &liveRequest, Exchange exchange)
{
    return std::make_unique<AnthropicBatchApi>(liveRequest, std::move(exchange));
}

bool hasBatchApi(providers::ProviderKind kind)
{
    return kind == providers::ProviderKind::OpenAi || kind == providers::ProviderKind::Anthropic;
}

std::unique_ptr<BatchApi> makeOpenAiBatchApi(
    const net::HttpRequest &liveRequest, Exchange exchange); // openai_batch_api.cpp

std::unique_ptr<BatchApi> makeBatchApi(
    providers::ProviderKind kind, const net::HttpRequest &liveRequest, Exchange exchange)
{
    if (kind == providers::ProviderKind::OpenAi)
        return makeOpenAiBatchApi(liveRequest, std::move(exchange));
    if (kind == providers::ProviderKind::Anthropic)
        return makeAnthropicBatchApi(liveRequest, std::move(exchange));
    throw BatchError(providers::makeError(providers::ErrorCategory::BadRequest,
        std::string("a ") + providers::toString(kind)
            + " target has no batch API here; batch evaluations take openai and anthropic targets"));
}

} // namespace ps::batch
