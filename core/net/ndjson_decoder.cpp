#include "net/ndjson_decoder.h"

#include <algorithm>

namespace ps::net {

namespace {

bool isBlank(std::string_view line)
{
    return std::all_of(
        line.begin(), line.end(), [](char c) { return c == ' ' || c == '\t' || c == '\r'; });
}

} // namespace

std::vector<std::string> NdjsonDecoder::feed(std::string_view bytes)
{
    std::vector<std::string> lines;
    std::size_t start = 0;
    for (std::size_t newline = bytes.find('\n'); newline != std::string_view::npos;
         newline = bytes.find('\n', start)) {
        m_line.append(bytes.substr(start, newline - start));
        if (!m_line.empty() && m_line.back() == '\r')
            m_line.pop_back();
        if (!isBlank(m_line))
            lines.push_back(std::move(m_line));
        m_line.clear();
        start = newline + 1;
    }
    m_line.append(bytes.substr(start));
    return lines;
}

std::string NdjsonDecoder::finish()
{
    std::string rest = std::move(m_line);
    m_line.clear();
    if (isBlank(rest))
        return {};
    if (!rest.empty() && rest.back() == '\r')
        rest.pop_back();
    return rest;
}

} // namespace ps::net
