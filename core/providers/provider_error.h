#pragma once

#include "net/http_request.h"
#include "providers/chat_types.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

// Error handling every adapter shares: status categories, retry hints, readable messages.
namespace ps::providers {

// A header's value by name, compared case-insensitively; empty when absent.
std::string findHeader(const net::Headers &headers, std::string_view name);

// An error with no status and no retry hints (e.g. a stream that broke off).
ProviderError makeError(ErrorCategory category, std::string message);

// The category an HTTP status stands for when the body says nothing more specific.
ErrorCategory categoryForStatus(int status);

// An HTTP-date (IMF-fixdate, RFC 850 or asctime form), as Retry-After may carry.
std::optional<std::chrono::system_clock::time_point> parseHttpDate(std::string_view text);

// Retry-After: seconds (a float) or an HTTP-date, as seconds from `now` (never negative).
std::optional<double> parseRetryAfter(
    std::string_view value, std::chrono::system_clock::time_point now);

// Fills retryAfterSeconds (retry-after-ms first, then retry-after) and shouldRetry
// (x-should-retry), as the official SDKs read them.
void readRetryHeaders(const net::Headers &headers, ProviderError &error,
    std::chrono::system_clock::time_point now = std::chrono::system_clock::now());

// The error a failed transfer stands for (network, timeout or cancelled), with the engine's
// message; nullopt when the transfer itself succeeded.
std::optional<ProviderError> transportError(const net::HttpResult &result);

// A message for a reply whose body says nothing usable (empty, HTML, or plain text).
std::string describeBody(int status, std::string_view body);

// A stream that broke off (network): in the middle of an answer, or before any arrived.
ProviderError streamCutOff(bool answerStarted);

// A 2xx reply that cannot be read (bad_response): "the reply <problem>: " and a quote of `body`.
ProviderError badReplyError(std::string_view problem, std::string_view body);

// An error's message: the provider's own (cut to a readable length) or, when it gave none, a
// description of the whole error body.
std::string errorMessage(const std::string &message, int status, const nlohmann::json &body);

// The error for a reply whose body is not a provider error object: what its status stands for.
ProviderError errorFromStatus(int status, std::string_view body);

// Whether `status` is an HTTP error (4xx or 5xx); 0 or a 2xx may still carry an error body.
bool isHttpErrorStatus(int status);

// At most about `maxBytes` of `text` on one line, as valid UTF-8 ("..." marks a cut), so a
// message quoting a reply stays printable and JSON-safe.
std::string snippet(std::string_view text, std::size_t maxBytes);

} // namespace ps::providers
