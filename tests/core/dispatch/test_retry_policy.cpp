#include "dispatch/retry_policy.h"

#include <QtTest>

using namespace std::chrono_literals;
using ps::dispatch::isRetriable;
using ps::dispatch::Jitter;
using ps::dispatch::retryDelay;
using ps::dispatch::RetryPolicy;
using ps::providers::ErrorCategory;
using ps::providers::ProviderError;

Q_DECLARE_METATYPE(ErrorCategory)

namespace {

ProviderError error(ErrorCategory category, int status = 0)
{
    ProviderError made;
    made.category = category;
    made.status = status;
    made.message = "x";
    return made;
}

long long ms(std::optional<std::chrono::milliseconds> delay)
{
    return delay ? delay->count() : -1;
}

} // namespace

class TestRetryPolicy : public QObject
{
    Q_OBJECT

private slots:
    // What a production SDK retries (PROTOCOLS.md "SDK retries"), and what it never does.
    void retriable_data()
    {
        QTest::addColumn<ErrorCategory>("category");
        QTest::addColumn<int>("status");
        QTest::addColumn<bool>("retried");
        QTest::newRow("408") << ErrorCategory::Timeout << 408 << true;
        QTest::newRow("409") << ErrorCategory::Server << 409 << true;
        QTest::newRow("429") << ErrorCategory::RateLimit << 429 << true;
        QTest::newRow("500") << ErrorCategory::Server << 500 << true;
        QTest::newRow("502") << ErrorCategory::Server << 502 << true;
        QTest::newRow("503") << ErrorCategory::Overloaded << 503 << true;
        QTest::newRow("529") << ErrorCategory::Overloaded << 529 << true;
        QTest::newRow("network") << ErrorCategory::Network << 0 << true;
        QTest::newRow("timeout") << ErrorCategory::Timeout << 0 << true;
        QTest::newRow("stream error") << ErrorCategory::Server << 0 << true;
        QTest::newRow("400") << ErrorCategory::BadRequest << 400 << false;
        QTest::newRow("401") << ErrorCategory::Auth << 401 << false;
        QTest::newRow("403") << ErrorCategory::Auth << 403 << false;
        QTest::newRow("404") << ErrorCategory::NotFound << 404 << false;
        QTest::newRow("context length") << ErrorCategory::ContextLength << 400 << false;
        QTest::newRow("context length as 500") << ErrorCategory::ContextLength << 500 << false;
        QTest::newRow("content filter") << ErrorCategory::ContentFilter << 400 << false;
        QTest::newRow("bad response") << ErrorCategory::BadResponse << 0 << false;
        QTest::newRow("cancelled") << ErrorCategory::Cancelled << 0 << false;
    }
    void retriable()
    {
        QFETCH(ErrorCategory, category);
        QFETCH(int, status);
        QFETCH(bool, retried);
        QCOMPARE(isRetriable(error(category, status)), retried);
    }

    // x-should-retry overrides the status either way, but never revives a cancelled call.
    void shouldRetryHeaderDecides()
    {
        ProviderError server = error(ErrorCategory::Server, 500);
        server.shouldRetry = false;
        QVERIFY(!isRetriable(server));
        ProviderError badRequest = error(ErrorCategory::BadRequest, 400);
        badRequest.shouldRetry = true;
        QVERIFY(isRetriable(badRequest));
        ProviderError cancelled = error(ErrorCategory::Cancelled);
        cancelled.shouldRetry = true;
        QVERIFY(!isRetriable(cancelled));
    }

    // initialDelay doubles per retry up to maxDelay; the draw picks within the jitter's range.
    void backoffDoublesUpToTheCap()
    {
        RetryPolicy policy; // 500 ms, cap 8 s, equal jitter
        const ProviderError failed = error(ErrorCategory::Server, 500);
        QCOMPARE(ms(retryDelay(policy, 1, failed, 0.999999)), 500LL);
        QCOMPARE(ms(retryDelay(policy, 2, failed, 0.999999)), 1000LL);
        QCOMPARE(ms(retryDelay(policy, 3, failed, 0.999999)), 2000LL);
        QCOMPARE(ms(retryDelay(policy, 5, failed, 0.999999)), 8000LL);
        QCOMPARE(ms(retryDelay(policy, 40, failed, 0.999999)), 8000LL);
        // Equal jitter never goes below half the step.
        QCOMPARE(ms(retryDelay(policy, 1, failed, 0.0)), 250LL);
        QCOMPARE(ms(retryDelay(policy, 2, failed, 0.5)), 750LL);
        QCOMPARE(ms(retryDelay(policy, 9, failed, 0.0)), 4000LL);

        policy.jitter = Jitter::Full;
        QCOMPARE(ms(retryDelay(policy, 1, failed, 0.0)), 0LL);
        QCOMPARE(ms(retryDelay(policy, 2, failed, 0.5)), 500LL);
        QCOMPARE(ms(retryDelay(policy, 9, failed, 0.25)), 2000LL);
    }

    // A server's delay is waited exactly, up to maxRetryAfter; above it, no retry at all.
    void retryAfterIsHonouredUpToTheLimit()
    {
        RetryPolicy policy;
        ProviderError limited = error(ErrorCategory::RateLimit, 429);
        limited.retryAfterSeconds = 1.0;
        QCOMPARE(ms(retryDelay(policy, 1, limited, 0.0)), 1000LL);
        QCOMPARE(ms(retryDelay(policy, 2, limited, 0.9)), 1000LL); // no jitter, no doubling
        limited.retryAfterSeconds = 0.1005;
        QCOMPARE(ms(retryDelay(policy, 1, limited, 0.5)), 101LL); // never earlier than asked
        limited.retryAfterSeconds = 120.0;
        QCOMPARE(ms(retryDelay(policy, 1, limited, 0.5)), 120000LL);
        limited.retryAfterSeconds = 121.0;
        QCOMPARE(retryDelay(policy, 1, limited, 0.5), std::nullopt);
        policy.maxRetryAfter = 500ms;
        limited.retryAfterSeconds = 1.0;
        QCOMPARE(retryDelay(policy, 1, limited, 0.5), std::nullopt);
        // Zero means "no advice": the usual backoff.
        limited.retryAfterSeconds = 0.0;
        QCOMPARE(ms(retryDelay(policy, 1, limited, 0.0)), 250LL);
    }
};

QTEST_APPLESS_MAIN(TestRetryPolicy)
#include "test_retry_policy.moc"
