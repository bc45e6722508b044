#pragma once

#include <string>
#include <string_view>
#include <vector>

// Splits a newline-delimited JSON stream (Ollama's /api/chat) into whole lines.
namespace ps::net {

class NdjsonDecoder
{
public:
    // Feeds the next bytes, split anywhere; returns the non-blank lines they complete
    // (without the line end; a CR before the LF is dropped too).
    std::vector<std::string> feed(std::string_view bytes);
    // Ends the stream: returns the last line if it had no newline after it (empty if none).
    std::string finish();

private:
    std::string m_line;
};

} // namespace ps::net
