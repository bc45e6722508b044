#pragma once

#include "net/sse_decoder.h"
#include "providers/provider_adapter.h"
#include "providers/stream_head.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

// Decodes Gemini's streamGenerateContent?alt=sse stream (PROTOCOLS.md §0, §4) into events.
namespace ps::providers {

// Turns GenerateContentResponse objects, one chunk after another, into events. A whole
// (non-streamed) response is a single chunk.
class GeminiChunkReader
{
public:
    // The events of one chunk; sets ended() after a blocked prompt or an error.
    std::vector<ChatEvent> read(const nlohmann::json &chunk);
    bool sawFinish() const { return m_sawFinish; }
    bool ended() const { return m_ended; }

private:
    int m_toolCount = 0;
    bool m_sawAnswer = false; // text or a tool call, so a safety stop is not an empty answer
    bool m_sawFinish = false;
    bool m_ended = false;
};

class GeminiStreamParser final : public StreamParser
{
public:
    std::vector<ChatEvent> feed(std::string_view bytes) override;
    std::vector<ChatEvent> finish() override;

private:
    void handleEvent(const net::SseEvent &event, std::vector<ChatEvent> &out);
    void fail(ProviderError error, std::vector<ChatEvent> &out);

    net::SseDecoder m_decoder;
    GeminiChunkReader m_reader;
    StreamHead m_head;
    bool m_ended = false;
};

// The events of a whole reply body: one response object, an array of them (the stream without
// alt=sse), or a StreamError for an error body, for anything not JSON or without candidates.
std::vector<ChatEvent> geminiBodyEvents(std::string_view body);

} // namespace ps::providers
