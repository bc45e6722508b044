#pragma once

#include "net/http_fetch.h"
#include "providers/chat_types.h"
#include "providers/provider_config.h"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

// A provider's batch API: many requests handed over at once, answered within 24 hours at half
// the price (OpenAI's Files and Batches, Anthropic's Message Batches). Translation and the few
// requests around a batch; the waiting is the caller's.
namespace ps::batch {

// One request of a batch: the id its result comes back under, and the body the live API takes.
struct BatchRequest
{
    std::string customId; // [A-Za-z0-9_-]{1,64}, unique in the batch
    nlohmann::json body;
};

enum class BatchPhase {
    Running, // validating, queued or in progress
    Cancelling,
    Ended, // completed, cancelled or expired: the results are final
    Failed, // refused as a whole (OpenAI's validation); no request was answered
};

struct BatchStatus
{
    std::string id;
    BatchPhase phase = BatchPhase::Running;
    int total = 0;
    int succeeded = 0;
    int failed = 0; // errored, cancelled and expired requests
    std::string problem; // why a batch failed, in the provider's words
    std::string outputFileId; // OpenAI's results, errors
    std::string errorFileId;
};

// One request's result: the answer as the live API would have given it, or its error.
struct BatchItem
{
    std::string customId;
    providers::ChatResult result;
};

// A request to the batch API itself failed: the provider's error (its category says whether
// asking again can help), with the key never in it.
class BatchError : public std::runtime_error
{
public:
    explicit BatchError(providers::ProviderError error)
        : std::runtime_error(error.message)
        , m_error(std::move(error))
    { }
    const providers::ProviderError &error() const { return m_error; }

private:
    providers::ProviderError m_error;
};

// Sends one request and returns its whole reply, at most `maxBytes` of body (tests pass their
// own).
using Exchange = std::function<net::HttpReply(net::HttpRequest request, std::size_t maxBytes)>;

class BatchApi
{
public:
    virtual ~BatchApi() = default;

    // Hands the requests over; returns the batch's id. Throws BatchError.
    virtual std::string submit(const std::vector<BatchRequest> &requests) = 0;
    virtual BatchStatus status(const std::string &batchId) = 0;
    // The results of an ended batch, in no particular order; requests it never answered
    // (cancelled, expired) may be missing.
    virtual std::vector<BatchItem> results(const BatchStatus &status) = 0;
    virtual void cancel(const std::string &batchId) = 0;

    // The most requests, and bytes of them, one batch takes.
    virtual std::size_t maxRequests() const = 0;
    virtual std::size_t maxBytes() const = 0;
};

// Whether a provider kind has a batch API here: openai and anthropic.
bool hasBatchApi(providers::ProviderKind kind);

// The batch API beside a live request of the target (`liveRequest`, as the dispatcher prepared
// it: its URL gives the API's root, its headers the key), for a kind hasBatchApi() takes.
std::unique_ptr<BatchApi> makeBatchApi(
    providers::ProviderKind kind, const net::HttpRequest &liveRequest, Exchange exchange);

} // namespace ps::batch
