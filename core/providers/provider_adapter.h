#pragma once

#include "net/http_request.h"
#include "providers/chat_types.h"
#include "providers/provider_config.h"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

// The interface between a provider's wire format and the engine: pure translation, no I/O.
namespace ps::providers {

// Decodes one streamed reply body (HTTP 2xx) into events, fed in pieces split anywhere.
class StreamParser
{
public:
    virtual ~StreamParser() = default;
    // The events completed by these bytes. After a StreamError or the stream's end marker,
    // further bytes are ignored.
    virtual std::vector<ChatEvent> feed(std::string_view bytes) = 0;
    // The body ended: may add a StreamError (a stream cut off before its end is `network`).
    virtual std::vector<ChatEvent> finish() = 0;
};

class ProviderAdapter
{
public:
    virtual ~ProviderAdapter() = default;

    // The HTTP request for `request`. `config` must be resolved (resolveConfig); `apiKey` goes
    // into an auth header only and is left out when empty (a local server without a key).
    virtual net::HttpRequest buildRequest(const ChatRequest &request, const ProviderConfig &config,
        const std::string &apiKey) const = 0;

    // A fresh parser for one streamed reply with a 2xx status.
    virtual std::unique_ptr<StreamParser> newStreamParser() const = 0;

    // A whole reply, any status: a non-2xx status (classifyError) or an error body fills
    // ChatResult::error. The status rule lives here once; adapters read 2xx bodies.
    ChatResult parseResponse(int status, const net::Headers &headers, std::string_view body) const;

    // The error a non-2xx reply stands for, with the provider's message and retry hints.
    virtual ProviderError classifyError(
        int status, const net::Headers &headers, std::string_view body) const = 0;

protected:
    // A whole reply body under a 2xx status: an answer, or an error object inside it.
    virtual ChatResult parseSuccess(int status, std::string_view body) const = 0;
};

// The adapter for a kind: openai and openai-compatible, azure-openai, anthropic, gemini, and
// ollama through its native /api/chat. nullptr only for echo (no network: see EchoProvider).
std::unique_ptr<ProviderAdapter> makeAdapter(ProviderKind kind);

} // namespace ps::providers
