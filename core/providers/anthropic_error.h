#pragma once

#include "net/http_request.h"
#include "providers/chat_types.h"

#include <nlohmann/json.hpp>

#include <string_view>

// Errors in Anthropic's shape {"type":"error","error":{"type","message"}} (PROTOCOLS.md §3).
namespace ps::providers {

// The error a parsed body or stream event carries; `status` is the HTTP status, or 0 for an
// `event: error` sent under HTTP 200 (then error.type alone decides the category).
ProviderError anthropicErrorFromJson(const nlohmann::json &body, int status);

// A non-2xx reply: the body's error type, "prompt is too long", retry-after and a spend limit
// that waiting does not lift.
ProviderError classifyAnthropicError(
    int status, const net::Headers &headers, std::string_view body);

} // namespace ps::providers
