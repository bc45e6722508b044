// OpenAI's Batch API: the requests as a JSONL file uploaded through the Files API, a batch over
// it (POST /v1/batches), and the results as the output and error files.

#include "batch/batch_api.h"
#include "batch/batch_client.h"
#include "providers/provider_error.h"


namespace ps::batch {

namespace {

using nlohmann::json;

constexpr const char *kEndpoint = "/v1/chat/completions";

// One line of an output or error file.
BatchItem readLine(const providers::ProviderAdapter &adapter, const json &line)
{
    BatchItem item;
    item.customId = textField(line, "custom_id");
    const json response = line.value("response", json());
    const json error = line.value("error", json());
    if (error.is_object()) {
        // A request the batch could not run at all, e.g. "batch_expired".
        const std::string code = textField(error, "code");
        item.result.error = providers::makeError(code == "batch_expired"
                ? providers::ErrorCategory::Timeout
                : code == "batch_cancelled" ? providers::ErrorCategory::Cancelled
                                            : providers::ErrorCategory::BadRequest,
            textField(error, "message").empty() ? code : textField(error, "message"));
    } else if (response.is_object() && response.contains("body")) {
        item.result = readAnswer(adapter, response.value("status_code", 0), response["body"]);
    } else {
        item.result.error = providers::badReplyError(
            "gave a batch result without response or error", line.dump());
    }
    return item;
}

class OpenAiBatchApi final : public BatchApi
{
public:
    OpenAiBatchApi(const net::HttpRequest &liveRequest, Exchange exchange)
        : m_client(providers::ProviderKind::OpenAi, liveRequest, "/chat/completions",
              std::move(exchange))
    { }

    std::string submit(const std::vector<BatchRequest> &requests) override
    {
        std::string lines;
        for (const BatchRequest &request : requests)
            lines += json {{"custom_id", request.customId}, {"method", "POST"},
                {"url", kEndpoint}, {"body", request.body}}
                         .dump()
                + "\n";
        // JSON lines hold no carriage return (dump() escapes it), so "\r\n--" + this boundary
        // can never occur inside the file: a fixed one is safe.
        const std::string boundary = "promptsmith-batch-7d1f0c2e";
        std::string form;
        form += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n";
        form += "--" + boundary
            + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"batch.jsonl\"\r\n"
              "Content-Type: application/jsonl\r\n\r\n"
            + lines + "\r\n";
        form += "--" + boundary + "--\r\n";
        const json file = json::parse(m_client.send("POST", "/files", form,
                                          "multipart/form-data; boundary=" + boundary),
            nullptr, false);
        const std::string fileId = file.is_object() ? textField(file, "id") : std::string();
        if (fileId.empty())
            throw BatchError(providers::badReplyError("named no uploaded file", file.dump()));
        const json batch = m_client.sendJson("POST", "/batches",
            {{"input_file_id", fileId}, {"endpoint", kEndpoint}, {"completion_window", "24h"},
                {"metadata", {{"created_by", "promptsmith"}}}});
        const std::string id = textField(batch, "id");
        if (id.empty())
            throw BatchError(providers::badReplyError("named no batch", batch.dump()));
        return id;
    }

    BatchStatus status(const std::string &batchId) override
    {
        const json batch = m_client.sendJson("GET", "/batches/" + batchId);
        BatchStatus status;
        status.id = batchId;
        const std::string state = textField(batch, "status");
        if (state == "completed" || state == "cancelled" || state == "expired")
            status.phase = BatchPhase::Ended;
        else if (state == "failed")
            status.phase = BatchPhase::Failed;
        else if (state == "cancelling")
            status.phase = BatchPhase::Cancelling;
        else if (state != "validating" && state != "in_progress" && state != "finalizing")
            throw BatchError(providers::badReplyError(
                "gave the batch an unknown status '" + state + "'", batch.dump()));
        const json counts = batch.value("request_counts", json::object());
        if (counts.is_object()) {
            status.total = countField(counts, "total");
            status.succeeded = countField(counts, "completed");
            status.failed = countField(counts, "failed");
        }
        status.outputFileId = textField(batch, "output_file_id");
        status.errorFileId = textField(batch, "error_file_id");
        if (const json errors = batch.value("errors", json()); errors.is_object()) {
            for (const json &error : errors.value("data", json::array())) {
                if (!error.is_object())
                    continue;
                status.problem += status.problem.empty() ? "" : "; ";
                if (error.contains("line") && error["line"].is_number_integer())
                    status.problem += "line " + std::to_string(error["line"].get<int>()) + ": ";
                status.problem += textField(error, "message");
            }
        }
        if (state == "expired" && status.problem.empty())
            status.problem = "the batch expired before every request was answered";
        return status;
    }

    std::vector<BatchItem> results(const BatchStatus &status) override
    {
        std::vector<BatchItem> items;
        for (const std::string &fileId : {status.outputFileId, status.errorFileId}) {
            if (fileId.empty())
                continue;
            // 50,000 answers of a few kB each: generous, but not without end.
            const std::string content = m_client.send(
                "GET", "/files/" + fileId + "/content", {}, "application/json", 2048u << 20);
            for (const json &line : jsonLines(content, "batch file " + fileId))
                items.push_back(readLine(m_client.adapter(), line));
        }
        return items;
    }

    void cancel(const std::string &batchId) override
    {
        m_client.sendJson("POST", "/batches/" + batchId + "/cancel");
    }

    std::size_t maxRequests() const override { return 50'000; }
    std::size_t maxBytes() const override { return 200u << 20; }

private:
    BatchClient m_client;
};

} // namespace

std::unique_ptr<BatchApi> makeOpenAiBatchApi(const net::HttpRequest &liveRequest, Exchange exchange)
{
    return std::make_unique<OpenAiBatchApi>(liveRequest, std::move(exchange));
}

} // namespace ps::batch
