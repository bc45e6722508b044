#pragma once

#include "dispatch/dispatcher.h"
#include "net/http_request.h"
#include "providers/provider_adapter.h"

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace ps::secrets {
class SecretStore;
class TrustStore;
} // namespace ps::secrets

// A target made ready to send: its resolved config, key, adapter and HTTP request, or the reason
// it cannot be sent at all. Built once per target of a chain; retries send the same request.
namespace ps::dispatch {

struct PreparedTarget
{
    std::shared_ptr<const TargetCall> call;
    providers::ProviderConfig config; // resolved
    std::string apiKey;
    std::shared_ptr<const providers::ProviderAdapter> adapter; // null for echo
    net::HttpRequest request; // with the timeouts set
    // Target, model (redacted), rendered request and the notes of the request's adaptation;
    // the start of every outcome of this target.
    CallOutcome base;
    std::string cacheKey; // empty when the call does not use the cache
    // Set when the target cannot be sent (bad config, missing key, unsupported kind).
    std::optional<providers::ProviderError> error;

    bool isEcho() const { return config.kind == providers::ProviderKind::Echo && !error; }
};

// Resolves, validates and renders `call`; `withCache`: a ResponseCache is there to look in. A
// destination `trust` does not approve fails (auth) before its key is even read. A model that
// takes no images, shown one, fails (bad_request) before anything is sent; stored images get
// their bytes from `imageBytes` for the body sent, while the rendered request (kept with the
// answer) and the cache key name them by hash.
PreparedTarget prepareTarget(std::shared_ptr<const TargetCall> call,
    const secrets::SecretStore &secrets, const secrets::TrustStore &trust,
    const providers::EnvLookup &env, bool withCache,
    const std::function<std::optional<std::string>(const std::string &)> &imageBytes = {});

// The echo provider's answer (no network), its text given to `onText` word by word;
// measurements relative to `start`.
CallOutcome answerWithEcho(const PreparedTarget &target,
    const std::function<void(std::string_view)> &onText,
    std::chrono::steady_clock::time_point start);

} // namespace ps::dispatch
