#include "providers/anthropic_error.h"

#include "providers/json_fields.h"
#include "providers/provider_error.h"
#include "util/ascii_text.h"
#include "util/json_depth.h"

#include <optional>
#include <string>

namespace ps::providers {

namespace {

using json_fields::stringAt;
using nlohmann::json;

std::optional<ErrorCategory> categoryForType(const std::string &type)
{
    if (type == "authentication_error" || type == "permission_error")
        return ErrorCategory::Auth;
    if (type == "not_found_error")
        return ErrorCategory::NotFound;
    if (type == "rate_limit_error" || type == "billing_error")
        return ErrorCategory::RateLimit;
    if (type == "overloaded_error")
        return ErrorCategory::Overloaded;
    if (type == "api_error")
        return ErrorCategory::Server;
    if (type == "timeout_error")
        return ErrorCategory::Timeout;
    if (type == "invalid_request_error" || type == "request_too_large")
        return ErrorCategory::BadRequest;
    return std::nullopt;
}

} // namespace

ProviderError anthropicErrorFromJson(const json &body, int status)
{
    json error = json::object();
    if (const auto it = body.is_object() ? body.find("error") : body.end();
        body.is_object() && it != body.end() && it->is_object())
        error = *it;
    const std::string type = stringAt(error, "type");
    const std::string message = stringAt(error, "message");

    ProviderError result;
    result.status = isHttpErrorStatus(status) ? status : 0;
    // The type names the cause more precisely than the status (a 400 can be a context overflow,
    // an error event has no status of its own).
    if (const auto category = categoryForType(type))
        result.category = *category;
    else if (result.status != 0)
        result.category = categoryForStatus(result.status);
    else
        result.category = ErrorCategory::Server;

    const std::string lower = util::asciiLower(message);
    if (lower.find("prompt is too long") != std::string::npos
        || lower.find("context window") != std::string::npos)
        result.category = ErrorCategory::ContextLength;

    // A spend limit or an empty credit balance stays until someone acts: retrying cannot help.
    const json details = error.value("details", json());
    if (stringAt(details, "error_code") == "enforced_spend_limit_reached"
        || type == "billing_error")
        result.shouldRetry = false;

    result.message = errorMessage(message, status, body);
    return result;
}

ProviderError classifyAnthropicError(int status, const net::Headers &headers, std::string_view body)
{
    ProviderError result;
    const json parsed = util::parseJsonOrDiscarded(body);
    if (!parsed.is_discarded() && parsed.is_object() && parsed.contains("error")) {
        result = anthropicErrorFromJson(parsed, status);
        if (result.status == 0)
            result.status = status;
    } else {
        result = errorFromStatus(status, body);
    }
    const std::optional<bool> bodySaysNoRetry = result.shouldRetry;
    readRetryHeaders(headers, result);
    if (bodySaysNoRetry == false) {
        result.shouldRetry = false;
        result.retryAfterSeconds.reset();
    }
    return result;
}

} // namespace ps::providers
