#pragma once

#include "dispatch/dispatcher.h"

#include <optional>
#include <string>

// Where the dispatcher keeps answers to exact requests, so an evaluation re-run (or `run --cache`)
// costs nothing and sends nothing.
namespace ps::dispatch {

// The cache key of a request: SHA-256 (hex) of its canonical form — provider kind, resolved base
// URL, model, messages and parameters (the stream flag and the key are not part of it), so that
// any change of model, message or parameter misses.
std::string cacheKey(
    const providers::ProviderConfig &resolvedProvider, const providers::ChatRequest &request);

// Implementations must be thread-safe: the dispatcher calls them from any thread.
class ResponseCache
{
public:
    virtual ~ResponseCache() = default;
    // The stored outcome of a successful call with this key, as it was first answered.
    virtual std::optional<CallOutcome> find(const std::string &key) = 0;
    // Keeps a successful outcome (never one with an error); replaces an older one.
    virtual void store(const std::string &key, const CallOutcome &outcome) = 0;
};

} // namespace ps::dispatch
