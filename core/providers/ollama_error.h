#pragma once

#include "net/http_request.h"
#include "providers/chat_types.h"

#include <nlohmann/json.hpp>

#include <string_view>

// Errors from Ollama's native API: {"error":"msg"} (PROTOCOLS.md §5).
namespace ps::providers {

// The error a parsed body or NDJSON line carries; `status` is the HTTP status, or 0 for an
// error line sent under HTTP 200 (then the message alone decides the category).
ProviderError ollamaErrorFromJson(const nlohmann::json &body, int status);

// A non-2xx reply, with retry hints from the headers.
ProviderError classifyOllamaError(int status, const net::Headers &headers, std::string_view body);

} // namespace ps::providers
