#pragma once

#include "net/sse_decoder.h"
#include "providers/provider_adapter.h"
#include "providers/stream_head.h"

#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <vector>

// Decodes an OpenAI-style chat.completion.chunk stream (PROTOCOLS.md §0, §1, §6) into events.
namespace ps::providers {

class OpenAiStreamParser final : public StreamParser
{
public:
    std::vector<ChatEvent> feed(std::string_view bytes) override;
    std::vector<ChatEvent> finish() override;

private:
    void handleEvent(const net::SseEvent &event, std::vector<ChatEvent> &out);
    void handleChunk(const nlohmann::json &chunk, std::vector<ChatEvent> &out);
    int toolIndex(const nlohmann::json &call, int position);
    void fail(ProviderError error, std::vector<ChatEvent> &out);

    net::SseDecoder m_decoder;
    StreamHead m_head;
    bool m_sawFinish = false;
    bool m_ended = false; // [DONE] or an error: the rest is drained
    std::map<std::string, int> m_toolIndexById; // for servers that leave out "index"
    int m_lastToolIndex = 0;
};

// The events of a whole chat.completion object (a reply to a request without streaming).
std::vector<ChatEvent> openAiCompletionEvents(const nlohmann::json &completion);

// The events of a whole reply body: a completion, or a StreamError for an error object, for
// anything that is not JSON (bad_response) or has no choices.
std::vector<ChatEvent> openAiBodyEvents(std::string_view body);

// Token counts from a "usage" object (OpenAI, DeepSeek and the servers that copy them).
std::optional<Usage> openAiUsage(const nlohmann::json &usage);

} // namespace ps::providers
