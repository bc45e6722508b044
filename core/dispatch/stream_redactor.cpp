#include "dispatch/stream_redactor.h"

#include "secrets/secret_store.h"

#include <algorithm>
#include <utility>

namespace ps::dispatch {

namespace {

constexpr std::string_view kMask = "***"; // as secrets::redact writes it
constexpr std::size_t kMinSecret = secrets::kMinRedactedSecret; // as secrets::redact

} // namespace

StreamRedactor::StreamRedactor(std::string secret)
    : m_secret(secret.size() >= kMinSecret ? std::move(secret) : std::string())
{ }

std::string StreamRedactor::push(std::string_view piece)
{
    if (m_secret.empty())
        return std::string(piece);
    m_pending += piece;
    std::string out;
    std::size_t from = 0;
    for (auto pos = m_pending.find(m_secret); pos != std::string::npos;
         pos = m_pending.find(m_secret, from)) {
        out.append(m_pending, from, pos - from);
        out += kMask;
        from = pos + m_secret.size();
    }
    // Keep the longest tail that is a proper prefix of the secret: it may complete it later.
    const std::size_t rest = m_pending.size() - from;
    std::size_t keep = std::min(rest, m_secret.size() - 1);
    for (; keep > 0; --keep) {
        if (std::string_view(m_pending).substr(m_pending.size() - keep)
            == std::string_view(m_secret).substr(0, keep))
            break;
    }
    out.append(m_pending, from, rest - keep);
    m_pending.erase(0, m_pending.size() - keep);
    return out;
}

std::string StreamRedactor::finish()
{
    return std::exchange(m_pending, std::string());
}

} // namespace ps::dispatch
