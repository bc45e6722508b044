#include "dispatch/provider_limiter.h"

#include <QtTest>

#include <vector>

using namespace std::chrono_literals;
using ps::dispatch::ProviderLimiter;
using Ids = std::vector<std::uint64_t>;

namespace {

const ProviderLimiter::Clock::time_point t0 {}; // a made-up instant

} // namespace

class TestProviderLimiter : public QObject
{
    Q_OBJECT

private slots:
    // At most `concurrency` run; the rest start in the order they came as places free up.
    void concurrencyInOrder()
    {
        ProviderLimiter limiter(2, 0);
        for (std::uint64_t id = 1; id <= 5; ++id)
            limiter.enqueue(id);
        QCOMPARE(limiter.admit(t0), Ids({1, 2}));
        QCOMPARE(limiter.admit(t0), Ids());
        QCOMPARE(limiter.running(), 2);
        limiter.release();
        QCOMPARE(limiter.admit(t0), Ids({3}));
        limiter.release();
        limiter.release();
        QCOMPARE(limiter.admit(t0), Ids({4, 5}));
        QCOMPARE(limiter.waiting(), std::size_t(0));
        QCOMPARE(limiter.nextOpening(t0), std::nullopt); // held by concurrency, not the window
    }

    // At most rpm start in any 60 s window: the next start waits for the oldest to leave it.
    void rpmSlidingWindow()
    {
        ProviderLimiter limiter(10, 2);
        limiter.enqueue(1);
        QCOMPARE(limiter.admit(t0), Ids({1}));
        for (std::uint64_t id = 2; id <= 4; ++id)
            limiter.enqueue(id);
        QCOMPARE(limiter.admit(t0 + 20s), Ids({2}));
        limiter.release();
        limiter.release(); // finished calls still count in the window
        QCOMPARE(limiter.admit(t0 + 30s), Ids());
        QCOMPARE(limiter.nextOpening(t0 + 30s), std::optional(t0 + 60s));
        QCOMPARE(limiter.admit(t0 + 59999ms), Ids());
        QCOMPARE(limiter.admit(t0 + 60s), Ids({3}));
        QCOMPARE(limiter.nextOpening(t0 + 60s), std::optional(t0 + 80s));
        QCOMPARE(limiter.admit(t0 + 79s), Ids());
        QCOMPARE(limiter.admit(t0 + 80s), Ids({4}));
        QCOMPARE(limiter.nextOpening(t0 + 80s), std::nullopt); // nobody waits
    }

    // Both limits at once: the stricter one holds.
    void concurrencyAndRpmTogether()
    {
        ProviderLimiter limiter(1, 2);
        for (std::uint64_t id = 1; id <= 3; ++id)
            limiter.enqueue(id);
        QCOMPARE(limiter.admit(t0), Ids({1}));
        QCOMPARE(limiter.nextOpening(t0), std::nullopt); // concurrency holds it
        limiter.release();
        QCOMPARE(limiter.admit(t0 + 1s), Ids({2}));
        limiter.release();
        QCOMPARE(limiter.admit(t0 + 2s), Ids());
        QCOMPARE(limiter.nextOpening(t0 + 2s), std::optional(t0 + 60s));
        QCOMPARE(limiter.admit(t0 + 60s), Ids({3}));
    }

    // A cancelled call leaves the queue; the others keep their order.
    void removeWaiting()
    {
        ProviderLimiter limiter(1, 0);
        for (std::uint64_t id = 1; id <= 4; ++id)
            limiter.enqueue(id);
        QCOMPARE(limiter.admit(t0), Ids({1}));
        QVERIFY(limiter.remove(3));
        QVERIFY(!limiter.remove(3));
        QVERIFY(!limiter.remove(1)); // running, not waiting
        limiter.release();
        QCOMPARE(limiter.admit(t0), Ids({2}));
        limiter.release();
        QCOMPARE(limiter.admit(t0), Ids({4}));
    }

    // New limits apply at once; a nonsense concurrency still lets one call through.
    void limitsChange()
    {
        ProviderLimiter limiter(0, 0);
        for (std::uint64_t id = 1; id <= 4; ++id)
            limiter.enqueue(id);
        QCOMPARE(limiter.admit(t0), Ids({1}));
        limiter.setLimits(3, 0);
        QCOMPARE(limiter.admit(t0), Ids({2, 3}));
        limiter.setLimits(3, 1); // three started in this window already
        limiter.release();
        QCOMPARE(limiter.admit(t0 + 1s), Ids());
        QCOMPARE(limiter.nextOpening(t0 + 1s), std::optional(t0 + 60s));
    }

    // The window is a parameter (tests of the dispatcher shorten it).
    void shortWindow()
    {
        ProviderLimiter limiter(5, 1, 100ms);
        limiter.enqueue(1);
        limiter.enqueue(2);
        QCOMPARE(limiter.admit(t0), Ids({1}));
        QCOMPARE(limiter.admit(t0 + 99ms), Ids());
        QCOMPARE(limiter.admit(t0 + 100ms), Ids({2}));
    }
};

QTEST_APPLESS_MAIN(TestProviderLimiter)
#include "test_provider_limiter.moc"
