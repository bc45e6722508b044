#include "providers/stream_head.h"

#include "providers/json_fields.h"

namespace ps::providers {

namespace {

constexpr std::size_t kMaxHead = 1 << 20;

} // namespace

void StreamHead::keep(std::string_view bytes)
{
    if (m_sawEvent || m_overflow)
        return;
    if (m_text.size() + bytes.size() <= kMaxHead)
        m_text.append(bytes);
    else
        m_overflow = true;
}

void StreamHead::markEvent()
{
    m_sawEvent = true;
    std::string().swap(m_text);
}

std::string_view StreamHead::text() const
{
    return json_fields::withoutLeadingSpace(m_text);
}

} // namespace ps::providers
