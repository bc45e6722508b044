#pragma once

#include <string>
#include <string_view>

// The first bytes of an SSE reply, kept until an event shows that it really is a stream.
namespace ps::providers {

// Servers may ignore "stream" and send one JSON body, or an error object under a 2xx status;
// a parser keeps the head so that finish() can still read such a body whole.
class StreamHead
{
public:
    // Keeps `bytes` while no event has been seen, up to 1 MiB in all; past that, nothing more.
    void keep(std::string_view bytes);

    // An event arrived: the reply is a stream and the kept bytes are no longer needed.
    void markEvent();
    bool sawEvent() const { return m_sawEvent; }

    // The kept bytes from the first non-whitespace one.
    std::string_view text() const;

private:
    std::string m_text;
    bool m_overflow = false;
    bool m_sawEvent = false;
};

} // namespace ps::providers
