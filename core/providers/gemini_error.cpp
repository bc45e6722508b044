#include "providers/gemini_error.h"

#include "providers/json_fields.h"
#include "providers/provider_error.h"
#include "util/ascii_text.h"
#include "util/json_depth.h"

#include <cmath>
#include <cstdlib>
#include <optional>
#include <string>

namespace ps::providers {

namespace {

using json_fields::stringAt;
using nlohmann::json;

std::optional<ErrorCategory> categoryForStatusWord(const std::string &word)
{
    if (word == "UNAUTHENTICATED" || word == "PERMISSION_DENIED")
        return ErrorCategory::Auth;
    if (word == "NOT_FOUND")
        return ErrorCategory::NotFound;
    if (word == "RESOURCE_EXHAUSTED")
        return ErrorCategory::RateLimit;
    if (word == "UNAVAILABLE")
        return ErrorCategory::Overloaded;
    if (word == "DEADLINE_EXCEEDED")
        return ErrorCategory::Timeout;
    if (word == "INTERNAL" || word == "UNKNOWN")
        return ErrorCategory::Server;
    if (word == "INVALID_ARGUMENT" || word == "FAILED_PRECONDITION" || word == "OUT_OF_RANGE")
        return ErrorCategory::BadRequest;
    return std::nullopt;
}

// A protobuf Duration in JSON: decimal seconds with an "s" suffix.
std::optional<double> parseDuration(const std::string &text)
{
    if (text.size() < 2 || text.back() != 's')
        return std::nullopt;
    const std::string number = text.substr(0, text.size() - 1);
    if (number.find_first_not_of("0123456789.") != std::string::npos)
        return std::nullopt;
    char *end = nullptr;
    const double value = std::strtod(number.c_str(), &end);
    if (end != number.c_str() + number.size() || !std::isfinite(value))
        return std::nullopt;
    return value;
}

} // namespace

ProviderError geminiErrorFromJson(const json &rawBody, int status)
{
    // python-genai takes the first element when the error body is an array.
    const json &body = rawBody.is_array() && !rawBody.empty() ? rawBody[0] : rawBody;
    json error = json::object();
    if (body.is_object())
        if (const auto it = body.find("error"); it != body.end() && it->is_object())
            error = *it;

    ProviderError result;
    int code = 0;
    if (const auto it = error.find("code"); it != error.end() && it->is_number_integer())
        code = it->get<int>();
    result.status = isHttpErrorStatus(status) ? status : (isHttpErrorStatus(code) ? code : 0);
    const std::string word = stringAt(error, "status");
    const std::string message = stringAt(error, "message");

    if (const auto category = categoryForStatusWord(word))
        result.category = *category;
    else if (result.status != 0)
        result.category = categoryForStatus(result.status);
    else
        result.category = ErrorCategory::Server;

    bool quotaCannotRefill = false;
    if (const auto details = error.find("details"); details != error.end() && details->is_array()) {
        for (const json &detail : *details) {
            const std::string type = stringAt(detail, "@type");
            if (type.find("google.rpc.ErrorInfo") != std::string::npos) {
                const std::string reason = stringAt(detail, "reason");
                if (reason == "API_KEY_INVALID" || reason == "API_KEY_EXPIRED"
                    || reason == "API_KEY_SERVICE_BLOCKED")
                    result.category = ErrorCategory::Auth;
            } else if (type.find("google.rpc.RetryInfo") != std::string::npos) {
                result.retryAfterSeconds = parseDuration(stringAt(detail, "retryDelay"));
            } else if (type.find("google.rpc.QuotaFailure") != std::string::npos) {
                // A daily quota is spent until tomorrow; a per-minute one refills.
                if (const auto violations = detail.find("violations");
                    violations != detail.end() && violations->is_array())
                    for (const json &violation : *violations)
                        if (util::asciiLower(stringAt(violation, "quotaId")).find("perday")
                            != std::string::npos)
                            quotaCannotRefill = true;
            }
        }
    }
    const std::string lower = util::asciiLower(message);
    if (result.category == ErrorCategory::BadRequest
        && lower.find("api key not valid") != std::string::npos)
        result.category = ErrorCategory::Auth;
    if (lower.find("exceeds the maximum number of tokens") != std::string::npos
        || lower.find("input token count") != std::string::npos)
        result.category = ErrorCategory::ContextLength;
    if (quotaCannotRefill && !result.retryAfterSeconds)
        result.shouldRetry = false;

    result.message = errorMessage(message, status, body);
    return result;
}

ProviderError classifyGeminiError(int status, const net::Headers &headers, std::string_view body)
{
    ProviderError result;
    const json parsed = util::parseJsonOrDiscarded(body);
    if (!parsed.is_discarded() && (parsed.is_object() || parsed.is_array())) {
        result = geminiErrorFromJson(parsed, status);
        if (result.status == 0)
            result.status = status;
    } else {
        result = errorFromStatus(status, body);
    }
    // Google sends no retry headers, but a proxy in front of it may.
    const std::optional<double> fromBody = result.retryAfterSeconds;
    readRetryHeaders(headers, result);
    if (fromBody && !result.retryAfterSeconds)
        result.retryAfterSeconds = fromBody;
    return result;
}

} // namespace ps::providers
