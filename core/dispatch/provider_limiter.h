#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <optional>
#include <vector>

// One provider's limits: how many calls may be on the network at once, how many may start in
// any 60 s window, and the FIFO queue of calls waiting for either. No threads, no clock of its
// own: the dispatcher passes the time, so the rules are tested with made-up instants.
namespace ps::dispatch {

class ProviderLimiter
{
public:
    using Clock = std::chrono::steady_clock;
    // concurrency below 1 counts as 1; rpm 0 (or less) is no rate limit; at most rpm calls
    // start in any `window` (a minute, but for tests).
    ProviderLimiter(int concurrency, int rpm, Clock::duration window = std::chrono::seconds(60));

    // The latest config of a provider wins (a project may have just changed it).
    void setLimits(int concurrency, int rpm);

    // Puts a call at the back of the queue.
    void enqueue(std::uint64_t id);
    // Takes a waiting call out of the queue (cancelled); false when it is not waiting.
    bool remove(std::uint64_t id);

    // The waiting calls that may start at `now`, in order; each counts as running and started.
    std::vector<std::uint64_t> admit(Clock::time_point now);
    // A running call has left the network.
    void release();

    // When the rpm window lets the head of the queue start, if that alone holds it back.
    std::optional<Clock::time_point> nextOpening(Clock::time_point now);

    int running() const { return m_running; }
    std::size_t waiting() const { return m_queue.size(); }

private:
    void forgetOldStarts(Clock::time_point now);

    int m_concurrency = 1;
    int m_rpm = 0;
    Clock::duration m_window;
    int m_running = 0;
    std::deque<std::uint64_t> m_queue;
    std::deque<Clock::time_point> m_starts; // within the last window, oldest first
};

} // namespace ps::dispatch
