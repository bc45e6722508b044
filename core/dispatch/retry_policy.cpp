#include "dispatch/retry_policy.h"

#include <algorithm>
#include <cmath>

namespace ps::dispatch {

using providers::ErrorCategory;

bool isRetriable(const providers::ProviderError &error)
{
    if (error.category == ErrorCategory::Cancelled)
        return false;
    if (error.shouldRetry)
        return *error.shouldRetry;
    switch (error.category) {
    case ErrorCategory::Auth:
    case ErrorCategory::BadRequest:
    case ErrorCategory::ContentFilter:
    case ErrorCategory::ContextLength:
    case ErrorCategory::NotFound:
        return false;
    default:
        break;
    }
    if (error.status != 0)
        return error.status == 408 || error.status == 409 || error.status == 429
            || error.status >= 500;
    switch (error.category) {
    case ErrorCategory::RateLimit:
    case ErrorCategory::Overloaded:
    case ErrorCategory::Server:
    case ErrorCategory::Network:
    case ErrorCategory::Timeout:
        return true;
    default:
        return false;
    }
}

std::optional<std::chrono::milliseconds> retryDelay(
    const RetryPolicy &policy, int retry, const providers::ProviderError &error, double random)
{
    using std::chrono::milliseconds;
    if (error.retryAfterSeconds && *error.retryAfterSeconds > 0) {
        const double ms = *error.retryAfterSeconds * 1000.0;
        if (ms > static_cast<double>(policy.maxRetryAfter.count()))
            return std::nullopt;
        return milliseconds(static_cast<long long>(std::ceil(ms)));
    }
    random = std::clamp(random, 0.0, 1.0);
    const double cap = static_cast<double>(std::max<long long>(policy.maxDelay.count(), 0));
    const double exponent = std::clamp(retry - 1, 0, 62);
    const double base
        = std::min(cap, static_cast<double>(policy.initialDelay.count()) * std::exp2(exponent));
    const double delay = policy.jitter == Jitter::Full ? base * random : base / 2 * (1 + random);
    return milliseconds(static_cast<long long>(std::llround(delay)));
}

} // namespace ps::dispatch
