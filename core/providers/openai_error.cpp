#include "providers/openai_error.h"

#include "providers/json_fields.h"
#include "providers/provider_error.h"
#include "util/ascii_text.h"
#include "util/json_depth.h"

#include <string>

namespace ps::providers {

namespace {

using json_fields::stringAt;
using nlohmann::json;

bool contains(const std::string &haystack, const char *needle)
{
    return haystack.find(needle) != std::string::npos;
}

// What an error's code or type word says, when it says something specific.
std::optional<ErrorCategory> categoryForWord(const std::string &word)
{
    const std::string w = util::asciiLower(word);
    if (w.empty())
        return std::nullopt;
    if (contains(w, "context_length") || contains(w, "exceed_context_size")
        || contains(w, "context_window"))
        return ErrorCategory::ContextLength;
    if (contains(w, "content_filter") || contains(w, "content_policy")
        || contains(w, "responsibleaipolicyviolation") || contains(w, "moderation"))
        return ErrorCategory::ContentFilter;
    if (contains(w, "insufficient_quota") || contains(w, "rate_limit") || contains(w, "ratelimit"))
        return ErrorCategory::RateLimit;
    if (contains(w, "invalid_api_key") || contains(w, "authentication") || contains(w, "permission")
        || contains(w, "unauthorized"))
        return ErrorCategory::Auth;
    if (contains(w, "not_found") || contains(w, "notfound"))
        return ErrorCategory::NotFound;
    if (contains(w, "overloaded") || contains(w, "unavailable") || w == "slow_down")
        return ErrorCategory::Overloaded;
    if (contains(w, "not_supported") || contains(w, "invalid_request") || contains(w, "badrequest"))
        return ErrorCategory::BadRequest;
    if (contains(w, "timeout"))
        return ErrorCategory::Timeout;
    if (contains(w, "server_error") || contains(w, "internal"))
        return ErrorCategory::Server;
    return std::nullopt;
}

// vLLM and DeepSeek say "maximum context length" in words only.
bool messageSaysContextLength(const std::string &message)
{
    const std::string m = util::asciiLower(message);
    return contains(m, "maximum context length") || contains(m, "context length")
        || contains(m, "context window") || contains(m, "context_length")
        || contains(m, "exceeds the available context size");
}

// A FastAPI-style {"detail": ...} (vLLM validation errors) as one line.
std::string detailMessage(const json &detail)
{
    if (detail.is_string())
        return detail.get<std::string>();
    if (detail.is_array() && !detail.empty() && detail[0].is_object())
        return stringAt(detail[0], "msg");
    return {};
}

} // namespace

ProviderError openAiErrorFromJson(const json &rawBody, int status)
{
    // Some gateways wrap the error object in an array; take the first, as the SDKs do.
    const json &body = rawBody.is_array() && !rawBody.empty() ? rawBody[0] : rawBody;

    json error = json::object();
    std::string message;
    if (body.is_object()) {
        const auto it = body.find("error");
        if (it != body.end() && it->is_object())
            error = *it;
        else if (it != body.end() && it->is_string())
            message = it->get<std::string>(); // Ollama: {"error": "msg"}
        else if (body.contains("message") || stringAt(body, "object") == "error")
            error = body; // vLLM's old flat shape
        else if (const auto detail = body.find("detail"); detail != body.end())
            message = detailMessage(*detail);
    }
    if (message.empty())
        message = stringAt(error, "message");

    const std::string type = stringAt(error, "type");
    std::string codeWord;
    int codeNumber = 0;
    if (const auto it = error.find("code"); it != error.end()) {
        if (it->is_string())
            codeWord = it->get<std::string>();
        else if (it->is_number_integer())
            codeNumber = it->get<int>();
    }
    std::string innerCode;
    if (const auto it = error.find("innererror"); it != error.end())
        innerCode = stringAt(*it, "code"); // Azure: ResponsibleAIPolicyViolation

    ProviderError result;
    const bool httpError = isHttpErrorStatus(status);
    result.status = httpError ? status : (isHttpErrorStatus(codeNumber) ? codeNumber : 0);
    const int effectiveStatus = result.status;

    // The status decides, then a specific word refines it: a 400 may be a context overflow or
    // a content filter, a 429 may be an exhausted quota.
    std::optional<ErrorCategory> fromWords = categoryForWord(innerCode);
    if (!fromWords)
        fromWords = categoryForWord(codeWord);
    if (!fromWords)
        fromWords = categoryForWord(type);

    if (effectiveStatus != 0)
        result.category = categoryForStatus(effectiveStatus);
    else
        result.category = fromWords.value_or(ErrorCategory::Server);

    if (fromWords
        && (*fromWords == ErrorCategory::ContextLength
            || *fromWords == ErrorCategory::ContentFilter))
        result.category = *fromWords;
    else if ((effectiveStatus == 400 || effectiveStatus == 413 || effectiveStatus == 0)
        && messageSaysContextLength(message))
        result.category = ErrorCategory::ContextLength;
    else if (fromWords == ErrorCategory::BadRequest && effectiveStatus == 501)
        result.category = ErrorCategory::BadRequest; // llama.cpp: not_supported_error

    // OpenRouter: moderation flags the input with a 403.
    if (const auto it = error.find("metadata"); it != error.end() && it->is_object()) {
        if (it->contains("flagged_input") || it->contains("reasons"))
            result.category = ErrorCategory::ContentFilter;
        const std::string raw = stringAt(*it, "raw");
        if (!raw.empty())
            message += (message.empty() ? "" : " ") + std::string("(") + snippet(raw, 300) + ")";
    }

    // Waiting does not refill an exhausted quota or credit balance.
    if (util::asciiLower(codeWord) == "insufficient_quota"
        || util::asciiLower(type) == "insufficient_quota" || effectiveStatus == 402)
        result.shouldRetry = false;

    result.message = errorMessage(message, status, body);
    return result;
}

ProviderError classifyOpenAiError(int status, const net::Headers &headers, std::string_view body)
{
    ProviderError result;
    const json parsed = util::parseJsonOrDiscarded(json_fields::withoutLeadingSpace(body));
    if (!parsed.is_discarded() && (parsed.is_object() || parsed.is_array())) {
        result = openAiErrorFromJson(parsed, status);
        if (!isHttpErrorStatus(status) && result.status == 0)
            result.status = status;
    } else {
        result = errorFromStatus(status, body);
    }
    const std::optional<bool> bodySaysNoRetry = result.shouldRetry;
    readRetryHeaders(headers, result);
    if (bodySaysNoRetry == false)
        result.shouldRetry = false;
    return result;
}

} // namespace ps::providers
