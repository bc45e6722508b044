#pragma once

#include "net/http_request.h"
#include "providers/chat_types.h"

#include <nlohmann/json.hpp>

#include <string_view>

// Errors in Google's shape {"error":{"code","message","status","details"}} (PROTOCOLS.md §4).
namespace ps::providers {

// The error a parsed body carries (an object, or an array whose first element is one);
// `status` is the HTTP status, or 0 inside a stream (then error.code stands in for it).
ProviderError geminiErrorFromJson(const nlohmann::json &body, int status);

// A non-2xx reply: the status word refined by the details (an invalid key is a 400 with reason
// API_KEY_INVALID), and a quota's RetryInfo.retryDelay ("37s", "12.5s") as the retry hint.
ProviderError classifyGeminiError(int status, const net::Headers &headers, std::string_view body);

} // namespace ps::providers
