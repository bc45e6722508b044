#include "server_context.h"

#include <httplib.h>

#include <utility>

namespace ps::fakeprovider {

namespace {

// What one request's thread knows between its routing hooks (httplib serves a request on one
// thread from arrival to the end of its reply).
thread_local int t_requestNumber = 0;
thread_local bool t_counted = false;
thread_local std::optional<bool> t_shouldRetry;

} // namespace

int ServerContext::record(const httplib::Request &request)
{
    std::lock_guard lock(m_mutex);
    m_lastBody = request.body;
    m_recentBodies.push_back(request.body);
    if (m_recentBodies.size() > kRecentBodies)
        m_recentBodies.pop_front();
    m_lastAuthorization = request.get_header_value("Authorization");
    t_requestNumber = ++m_requestCount;
    return t_requestNumber;
}

std::string ServerContext::lastRequestBody() const
{
    std::lock_guard lock(m_mutex);
    return m_lastBody;
}

std::vector<std::string> ServerContext::recentRequestBodies() const
{
    std::lock_guard lock(m_mutex);
    return {m_recentBodies.begin(), m_recentBodies.end()};
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

void ServerContext::forgetFaultHeader()
{
    t_shouldRetry.reset();
}

void ServerContext::resumePauses()
{
    std::lock_guard lock(m_mutex);
    m_stopping = false;
}

std::optional<Fault> ServerContext::faultFor(std::string_view model)
{
    const std::optional<FaultRule> rule = faultRuleForModel(model, m_options.defaultFault);
    if (!rule)
        return std::nullopt;
    Fault fault = rule->fault;
    if (rule->mode == FaultRule::Mode::Flaky) {
        fault = flakyFault(rule->percent, t_requestNumber, rule->stallPercent);
    } else if (rule->mode == FaultRule::Mode::FailTimes) {
        std::lock_guard lock(m_mutex);
        auto found = m_requestsPerModel.find(model);
        if (found == m_requestsPerModel.end())
            found = m_requestsPerModel.emplace(std::string(model), 0).first;
        if (++found->second > rule->times)
            fault = Fault {};
    }
    t_shouldRetry = fault.shouldRetry;
    if (fault.kind == FaultKind::None)
        ++m_answerCount;
    return fault;
}

void ServerContext::requestArrived()
{
    t_counted = true;
    t_shouldRetry.reset();
    const int now = ++m_inFlight;
    int seen = m_maxInFlight.load();
    while (now > seen && !m_maxInFlight.compare_exchange_weak(seen, now)) { }
}

void ServerContext::replyStarting(httplib::Response &response)
{
    if (t_shouldRetry)
        response.set_header("x-should-retry", *t_shouldRetry ? "true" : "false");
    t_shouldRetry.reset();
    // A request httplib refused before routing never arrived here.
    if (std::exchange(t_counted, false))
        --m_inFlight;
}

} // namespace ps::fakeprovider
