#pragma once

#include "dispatch/dispatcher.h"
#include "providers/chat_types.h"

#include <chrono>
#include <optional>

// When a failed attempt is sent again, and after how long (CLI.md "Retries"): pure functions.
namespace ps::dispatch {

// Whether an error is worth another attempt: x-should-retry decides when the server sent it;
// otherwise 408, 409, 429 and 5xx (529 included), and without a status the transient
// categories (rate_limit, overloaded, server, network, timeout). Never auth, bad_request,
// content_filter, context_length or not_found (unless the server says to), never cancelled.
bool isRetriable(const providers::ProviderError &error);

// The wait before retry number `retry` (1 for the first) after `error`: the server's
// retryAfterSeconds when it gave a positive one, else initialDelay x 2^(retry-1) capped at
// maxDelay with the policy's jitter drawn from `random` in [0, 1). nullopt when the server asks
// for longer than maxRetryAfter: then the error is reported instead.
std::optional<std::chrono::milliseconds> retryDelay(
    const RetryPolicy &policy, int retry, const providers::ProviderError &error, double random);

} // namespace ps::dispatch
