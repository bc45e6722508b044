#include "net/sse_decoder.h"

#include <algorithm>
#include <charconv>

namespace ps::net {

std::vector<SseEvent> SseDecoder::feed(std::string_view bytes)
{
    std::vector<SseEvent> out;
    std::size_t start = 0;
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        const char c = bytes[i];
        if (c != '\r' && c != '\n')
            continue;
        if (c == '\n' && m_previousWasCr && i == start && m_line.empty()) {
            // The LF of a CRLF whose CR ended the previous line (maybe in the previous chunk).
            m_previousWasCr = false;
            start = i + 1;
            continue;
        }
        m_line.append(bytes.substr(start, i - start));
        processLine(m_line, out);
        m_line.clear();
        m_previousWasCr = (c == '\r');
        start = i + 1;
    }
    if (start < bytes.size()) {
        m_line.append(bytes.substr(start));
        m_previousWasCr = false;
    }
    return out;
}

void SseDecoder::finish()
{
    m_line.clear();
    m_event.clear();
    m_data.clear();
    m_retry.reset();
    m_idSet = false;
    m_previousWasCr = false;
}

void SseDecoder::processLine(std::string_view line, std::vector<SseEvent> &out)
{
    if (line.empty()) {
        dispatch(out);
        return;
    }
    if (line.front() == ':')
        return; // a comment, e.g. ": keep-alive"

    std::string_view field = line;
    std::string_view value;
    if (const std::size_t colon = line.find(':'); colon != std::string_view::npos) {
        field = line.substr(0, colon);
        value = line.substr(colon + 1);
        if (!value.empty() && value.front() == ' ')
            value.remove_prefix(1);
    }

    if (field == "event") {
        m_event = std::string(value);
    } else if (field == "data") {
        m_data.emplace_back(value);
    } else if (field == "id") {
        if (value.find('\0') == std::string_view::npos) {
            m_lastEventId = std::string(value);
            m_idSet = true;
        }
    } else if (field == "retry") {
        long long retry = 0;
        const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), retry);
        if (error == std::errc() && end == value.data() + value.size() && !value.empty())
            m_retry = retry;
    }
}

void SseDecoder::dispatch(std::vector<SseEvent> &out)
{
    if (m_event.empty() && m_data.empty() && !m_idSet && !m_retry)
        return;
    SseEvent event;
    event.event = std::move(m_event);
    for (std::size_t i = 0; i < m_data.size(); ++i) {
        if (i > 0)
            event.data.push_back('\n');
        event.data += m_data[i];
    }
    event.id = m_lastEventId;
    event.retry = m_retry;
    out.push_back(std::move(event));
    m_event.clear();
    m_data.clear();
    m_retry.reset();
    m_idSet = false;
}

} // namespace ps::net
