#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

// Decodes a text/event-stream byte by byte as the official SDKs do (PROTOCOLS.md §0).
namespace ps::net {

struct SseEvent
{
    std::string event; // empty when the stream sent no "event:" line
    std::string data; // "data:" lines joined with "\n"
    std::string id; // the last event id seen so far (kept across events)
    std::optional<long long> retry;

    bool operator==(const SseEvent &) const = default;
};

class SseDecoder
{
public:
    // Feeds the next bytes, split anywhere; returns the events they complete.
    std::vector<SseEvent> feed(std::string_view bytes);
    // Ends the stream: a half-received line or an event with no blank line after it is dropped.
    void finish();
    const std::string &lastEventId() const { return m_lastEventId; }

private:
    void processLine(std::string_view line, std::vector<SseEvent> &out);
    void dispatch(std::vector<SseEvent> &out);

    std::string m_line; // bytes of the current, unfinished line
    bool m_previousWasCr = false; // a CR ended the last line: a following LF belongs to it
    std::string m_event;
    std::vector<std::string> m_data;
    std::optional<long long> m_retry;
    std::string m_lastEventId;
    bool m_idSet = false;
};

} // namespace ps::net
