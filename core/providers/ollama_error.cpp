#include "providers/ollama_error.h"

#include "providers/provider_error.h"
#include "util/ascii_text.h"
#include "util/json_depth.h"

#include <string>

namespace ps::providers {

namespace {

using nlohmann::json;

bool contains(const std::string &haystack, const char *needle)
{
    return haystack.find(needle) != std::string::npos;
}

} // namespace

ProviderError ollamaErrorFromJson(const json &body, int status)
{
    std::string message;
    if (body.is_object()) {
        const auto it = body.find("error");
        if (it != body.end() && it->is_string())
            message = it->get<std::string>();
        else if (it != body.end() && it->is_object())
            message = it->value("message", std::string()); // a proxy's OpenAI-style error
    }
    ProviderError result;
    result.status = isHttpErrorStatus(status) ? status : 0;
    result.category = result.status != 0 ? categoryForStatus(result.status) : ErrorCategory::Server;

    // Ollama's messages are its only detail: "model 'x' not found, try pulling it first".
    const std::string lower = util::asciiLower(message);
    if (contains(lower, "not found") && (result.status == 0 || result.status == 400))
        result.category = ErrorCategory::NotFound;
    if (contains(lower, "context length") || contains(lower, "context window")
        || contains(lower, "exceeds the maximum context"))
        result.category = ErrorCategory::ContextLength;
    if (result.status == 0 && (contains(lower, "unauthorized") || contains(lower, "api key")))
        result.category = ErrorCategory::Auth;

    result.message = errorMessage(message, status, body);
    return result;
}

ProviderError classifyOllamaError(int status, const net::Headers &headers, std::string_view body)
{
    ProviderError result;
    const json parsed = util::parseJsonOrDiscarded(body);
    if (!parsed.is_discarded() && parsed.is_object() && parsed.contains("error")) {
        result = ollamaErrorFromJson(parsed, status);
        if (result.status == 0)
            result.status = status;
    } else {
        result = errorFromStatus(status, body);
    }
    readRetryHeaders(headers, result);
    return result;
}

} // namespace ps::providers
