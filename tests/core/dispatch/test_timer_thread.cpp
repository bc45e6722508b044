#include "dispatch/timer_thread.h"

#include <QtTest>

#include <condition_variable>
#include <mutex>
#include <vector>

using namespace std::chrono_literals;
using ps::dispatch::TimerThread;
using Clock = TimerThread::Clock;

namespace {

// The order tasks ran in, and when.
struct Log
{
    std::mutex mutex;
    std::condition_variable changed;
    std::vector<std::pair<int, Clock::time_point>> ran;

    std::function<void()> task(int id)
    {
        return [this, id] {
            std::lock_guard lock(mutex);
            ran.emplace_back(id, Clock::now());
            changed.notify_all();
        };
    }
    bool waitFor(std::size_t count)
    {
        std::unique_lock lock(mutex);
        return changed.wait_for(lock, 10s, [&] { return ran.size() >= count; });
    }
};

} // namespace

class TestTimerThread : public QObject
{
    Q_OBJECT

private slots:
    // Tasks run by time, not by the order they were scheduled, and never early.
    void runsInTimeOrder()
    {
        Log log;
        TimerThread timers;
        const auto start = Clock::now();
        timers.schedule(start + 120ms, log.task(3));
        timers.schedule(start + 60ms, log.task(2));
        timers.schedule(start - 1s, log.task(1)); // past: at once
        QVERIFY(log.waitFor(3));
        QCOMPARE(log.ran[0].first, 1);
        QCOMPARE(log.ran[1].first, 2);
        QCOMPARE(log.ran[2].first, 3);
        QVERIFY(log.ran[1].second >= start + 60ms);
        QVERIFY(log.ran[2].second >= start + 120ms);
    }

    // A cancelled task never runs; cancelling one that ran (or never was) says so.
    void cancel()
    {
        Log log;
        TimerThread timers;
        const auto start = Clock::now();
        const auto dropped = timers.schedule(start + 50ms, log.task(1));
        timers.schedule(start + 100ms, log.task(2));
        QVERIFY(timers.cancel(dropped));
        QVERIFY(!timers.cancel(dropped));
        QVERIFY(!timers.cancel(12345));
        QVERIFY(log.waitFor(1));
        QCOMPARE(log.ran.size(), std::size_t(1));
        QCOMPARE(log.ran[0].first, 2);
    }

    // Destroying it drops what has not run, at once.
    void destructorDropsPendingTasks()
    {
        Log log;
        const auto start = Clock::now();
        {
            TimerThread timers;
            timers.schedule(start + 30s, log.task(1));
        }
        QVERIFY(Clock::now() - start < 5s);
        QVERIFY(log.ran.empty());
    }
};

QTEST_APPLESS_MAIN(TestTimerThread)
#include "test_timer_thread.moc"
