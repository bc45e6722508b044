#pragma once

#include "batch/batch_api.h"
#include "providers/provider_adapter.h"

#include <memory>
#include <string>

// What both batch APIs share: the API's root and key taken from a live request, and requests
// whose failures become BatchError with the provider's own words.
namespace ps::batch {

class BatchClient
{
public:
    // `liveSuffix` is the live endpoint's path under the API root ("/chat/completions").
    BatchClient(providers::ProviderKind kind, const net::HttpRequest &liveRequest,
        const std::string &liveSuffix, Exchange exchange);

    const std::string &root() const { return m_root; } // e.g. "https://api.openai.com/v1"
    const providers::ProviderAdapter &adapter() const { return *m_adapter; }

    // `path` under the root; a body is sent with `contentType`. Throws BatchError for a transfer
    // that failed, an HTTP error status or a reply over `maxBytes`.
    std::string send(const std::string &method, const std::string &path,
        const std::string &body = {}, const std::string &contentType = "application/json",
        std::size_t maxBytes = 1u << 20) const;
    // send() whose reply must be a JSON object.
    nlohmann::json sendJson(const std::string &method, const std::string &path,
        const nlohmann::json &body = nullptr) const;

private:
    std::string m_root;
    net::Headers m_headers; // the key and version headers of the live request
    net::Timeouts m_timeouts;
    Exchange m_exchange;
    std::unique_ptr<providers::ProviderAdapter> m_adapter;
};

// A string field ("" when absent or not a string) and a count (0 likewise) of a batch object.
std::string textField(const nlohmann::json &object, const char *key);
int countField(const nlohmann::json &object, const char *key);

// Each non-empty line of a JSONL results file; BatchError naming `what` for one that is not a
// JSON object.
std::vector<nlohmann::json> jsonLines(const std::string &content, const std::string &what);

// A batch answer body (or error body) under `status`, as the live API would have given it.
providers::ChatResult readAnswer(
    const providers::ProviderAdapter &adapter, int status, const nlohmann::json &body);

} // namespace ps::batch
