#pragma once

#include "net/sse_decoder.h"
#include "providers/provider_adapter.h"
#include "providers/stream_head.h"

#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

// Decodes Anthropic's event-named Messages stream (PROTOCOLS.md §0, §3) into events.
namespace ps::providers {

class AnthropicStreamParser final : public StreamParser
{
public:
    std::vector<ChatEvent> feed(std::string_view bytes) override;
    std::vector<ChatEvent> finish() override;

private:
    struct Block
    {
        bool isTool = false;
        int toolIndex = 0;
        bool gotArguments = false;
        nlohmann::json startInput; // a tool_use block's "input" at its start
    };

    void handleEvent(const net::SseEvent &event, std::vector<ChatEvent> &out);
    void handleData(
        const std::string &name, const nlohmann::json &data, std::vector<ChatEvent> &out);
    void blockStart(const nlohmann::json &data, std::vector<ChatEvent> &out);
    void blockDelta(const nlohmann::json &data, std::vector<ChatEvent> &out);
    void blockStop(const nlohmann::json &data, std::vector<ChatEvent> &out);
    void usage(const nlohmann::json &usage, bool withOutput, std::vector<ChatEvent> &out);
    void fail(ProviderError error, std::vector<ChatEvent> &out);

    net::SseDecoder m_decoder;
    StreamHead m_head;
    bool m_sawFinish = false;
    bool m_ended = false; // message_stop or an error: the rest is drained
    std::map<long long, Block> m_blocks; // by content block index
    int m_toolCount = 0;
    // Input is reported in three parts (PROTOCOLS.md §3); their sum is the prompt's size.
    std::optional<long long> m_input, m_cacheRead, m_cacheCreation;
};

// The events of a whole Messages response object (a reply to a request without streaming).
std::vector<ChatEvent> anthropicMessageEvents(const nlohmann::json &message);

// The events of a whole reply body: a message, or a StreamError for an error object, for
// anything that is not JSON (bad_response) or has no content.
std::vector<ChatEvent> anthropicBodyEvents(std::string_view body);

} // namespace ps::providers
