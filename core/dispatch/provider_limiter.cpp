#include "dispatch/provider_limiter.h"

#include <algorithm>

namespace ps::dispatch {

ProviderLimiter::ProviderLimiter(int concurrency, int rpm, Clock::duration window)
    : m_window(window)
{
    setLimits(concurrency, rpm);
}

void ProviderLimiter::setLimits(int concurrency, int rpm)
{
    m_concurrency = std::max(concurrency, 1);
    m_rpm = std::max(rpm, 0);
}

void ProviderLimiter::enqueue(std::uint64_t id)
{
    m_queue.push_back(id);
}

bool ProviderLimiter::remove(std::uint64_t id)
{
    const auto found = std::find(m_queue.begin(), m_queue.end(), id);
    if (found == m_queue.end())
        return false;
    m_queue.erase(found);
    return true;
}

void ProviderLimiter::forgetOldStarts(Clock::time_point now)
{
    // A start exactly one window ago no longer counts: the window is (now - window, now].
    while (!m_starts.empty() && m_starts.front() + m_window <= now)
        m_starts.pop_front();
}

std::vector<std::uint64_t> ProviderLimiter::admit(Clock::time_point now)
{
    forgetOldStarts(now);
    std::vector<std::uint64_t> admitted;
    while (!m_queue.empty() && m_running < m_concurrency
        && (m_rpm == 0 || static_cast<int>(m_starts.size()) < m_rpm)) {
        admitted.push_back(m_queue.front());
        m_queue.pop_front();
        ++m_running;
        m_starts.push_back(now); // kept without rpm too: a limit set later counts them
    }
    return admitted;
}

void ProviderLimiter::release()
{
    if (m_running > 0)
        --m_running;
}

std::optional<ProviderLimiter::Clock::time_point> ProviderLimiter::nextOpening(
    Clock::time_point now)
{
    forgetOldStarts(now);
    if (m_queue.empty() || m_running >= m_concurrency || m_rpm == 0
        || static_cast<int>(m_starts.size()) < m_rpm)
        return std::nullopt;
    // The oldest of the last rpm starts leaving the window frees one place.
    return m_starts[m_starts.size() - static_cast<std::size_t>(m_rpm)] + m_window;
}

} // namespace ps::dispatch
