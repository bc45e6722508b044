#pragma once

#include "net/http_request.h"
#include "providers/chat_types.h"

#include <nlohmann/json.hpp>

#include <string_view>

// Errors in the shapes the OpenAI family sends: OpenAI, Azure, llama.cpp, vLLM (flat and
// nested), OpenRouter, DeepSeek and Ollama (PROTOCOLS.md §1, §5, §6).
namespace ps::providers {

// A non-2xx reply (or a 2xx reply whose body is an error object).
ProviderError classifyOpenAiError(int status, const net::Headers &headers, std::string_view body);

// The error a parsed body carries; `status` is the HTTP status, or 0 for an error event in a
// stream (then an integer "code" that is an HTTP status stands in for it).
ProviderError openAiErrorFromJson(const nlohmann::json &body, int status);

} // namespace ps::providers
