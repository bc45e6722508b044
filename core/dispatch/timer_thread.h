#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <thread>
#include <utility>

// One thread that runs tasks at given times: the dispatcher's retries after a backoff and its
// queued calls when a rate-limit window opens, so no caller's thread ever waits.
namespace ps::dispatch {

class TimerThread
{
public:
    using Clock = std::chrono::steady_clock;

    TimerThread();
    // Drops the tasks not yet run and joins the thread; never call it from a task.
    ~TimerThread();

    TimerThread(const TimerThread &) = delete;
    TimerThread &operator=(const TimerThread &) = delete;

    // Runs `task` on the timer thread at `when` (at once when it is past); returns its id.
    std::uint64_t schedule(Clock::time_point when, std::function<void()> task);
    // True when the task was still waiting and will now never run; false when it has run, is
    // running, or never existed.
    bool cancel(std::uint64_t id);

private:
    void run();

    std::mutex m_mutex;
    std::condition_variable m_changed;
    bool m_stopping = false;
    std::uint64_t m_nextId = 1;
    // Ordered by time, then by id (so equal times run in the order they were scheduled).
    std::map<std::pair<Clock::time_point, std::uint64_t>, std::function<void()>> m_tasks;
    std::map<std::uint64_t, Clock::time_point> m_whenById;
    std::thread m_thread;
};

} // namespace ps::dispatch
