#include "dispatch/timer_thread.h"

namespace ps::dispatch {

TimerThread::TimerThread()
    : m_thread([this] { run(); })
{ }

TimerThread::~TimerThread()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_changed.notify_all();
    m_thread.join();
    // Tasks own what they captured: release it here, not under the lock.
    m_tasks.clear();
}

std::uint64_t TimerThread::schedule(Clock::time_point when, std::function<void()> task)
{
    std::uint64_t id = 0;
    {
        std::lock_guard lock(m_mutex);
        id = m_nextId++;
        m_tasks.emplace(std::pair(when, id), std::move(task));
        m_whenById.emplace(id, when);
    }
    m_changed.notify_all();
    return id;
}

bool TimerThread::cancel(std::uint64_t id)
{
    std::function<void()> dropped;
    {
        std::lock_guard lock(m_mutex);
        const auto found = m_whenById.find(id);
        if (found == m_whenById.end())
            return false;
        const auto task = m_tasks.find(std::pair(found->second, id));
        dropped = std::move(task->second);
        m_tasks.erase(task);
        m_whenById.erase(found);
    }
    return true;
}

void TimerThread::run()
{
    std::unique_lock lock(m_mutex);
    while (!m_stopping) {
        if (m_tasks.empty()) {
            m_changed.wait(lock);
            continue;
        }
        const auto next = m_tasks.begin();
        const Clock::time_point when = next->first.first;
        if (Clock::now() < when) {
            m_changed.wait_until(lock, when);
            continue;
        }
        std::function<void()> task = std::move(next->second);
        m_whenById.erase(next->first.second);
        m_tasks.erase(next);
        lock.unlock();
        task();
        task = nullptr; // release its captures before taking the lock again
        lock.lock();
    }
}

} // namespace ps::dispatch
