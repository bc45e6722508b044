#include "server_context.h"

#include <httplib.h>

namespace ps::fakeprovider {

int ServerContext::record(const httplib::Request &request)
{
    std::lock_guard lock(m_mutex);
    m_lastBody = request.body;
    m_lastAuthorization = request.get_header_value("Authorization");
    return ++m_requestCount;
}

std::string ServerContext::lastRequestBody() const
{
    std::lock_guard lock(m_mutex);
    return m_lastBody;
}

std::string ServerContext::lastAuthorization() const
{
    std::lock_guard lock(m_mutex);
    return m_lastAuthorization;
}

bool ServerContext::authorised(const httplib::Request &request) const
{
    return m_options.apiKey.empty()
        || request.get_header_value("Authorization") == "Bearer " + m_options.apiKey;
}

bool ServerContext::pause(std::chrono::milliseconds duration)
{
    std::unique_lock lock(m_mutex);
    if (duration.count() > 0)
        m_wake.wait_for(lock, duration, [this] { return m_stopping; });
    return !m_stopping;
}

void ServerContext::interruptPauses()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
}

void ServerContext::resumePauses()
{
    std::lock_guard lock(m_mutex);
    m_stopping = false;
}

std::optional<Fault> ServerContext::faultFor(std::string_view model)
{
    return faultForModel(model, m_options.defaultFault);
}

} // namespace ps::fakeprovider
