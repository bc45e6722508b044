// The fake provider's faults that the dispatcher's retries and limits are tested against.

#include "dispatcher_bench.h"
#include "fault.h"

#include <QtTest>

using namespace dispatch_test;
using ps::fakeprovider::Fault;
using ps::fakeprovider::FaultKind;
using ps::fakeprovider::FaultRule;
using ps::fakeprovider::flakyFault;
using ps::fakeprovider::parseFaultRule;
using ps::providers::ErrorCategory;

class TestFakeFaults : public QObject
{
    Q_OBJECT

private slots:
    void parseRules()
    {
        const auto flaky = parseFaultRule("flaky:30");
        QVERIFY(flaky);
        QCOMPARE(flaky->mode, FaultRule::Mode::Flaky);
        QCOMPARE(flaky->percent, 30);
        QCOMPARE(flaky->stallPercent, 0);
        const auto soak = parseFaultRule("flaky:5:1");
        QVERIFY(soak);
        QCOMPARE(soak->percent, 5);
        QCOMPARE(soak->stallPercent, 1);
        QVERIFY(!parseFaultRule("flaky:60:50")); // more than every request
        QVERIFY(!parseFaultRule("flaky:5:x"));
        const auto failTimes = parseFaultRule("fail-times:2:429:100");
        QVERIFY(failTimes);
        QCOMPARE(failTimes->mode, FaultRule::Mode::FailTimes);
        QCOMPARE(failTimes->times, 2);
        QCOMPARE(failTimes->fault.kind, FaultKind::RateLimited);
        QCOMPARE(failTimes->fault.duration, std::chrono::milliseconds(100));
        const auto noRetry = parseFaultRule("no-retry");
        QVERIFY(noRetry);
        QCOMPARE(noRetry->mode, FaultRule::Mode::Always);
        QCOMPARE(noRetry->fault.kind, FaultKind::ServerError);
        QCOMPARE(noRetry->fault.shouldRetry, std::optional<bool>(false));
        QCOMPARE(parseFaultRule("503")->fault.kind, FaultKind::Overloaded);
        for (const char *bad : {"flaky", "flaky:101", "flaky:x", "fail-times:2", "fail-times:x:500",
                 "fail-times:2:nonsense", "fail-times:2:flaky:5", "nonsense"})
            QVERIFY2(!parseFaultRule(bad), bad);
    }

    // flaky: each request number decides alone (so runs repeat), about the asked share fails,
    // half 429 (retry-after-ms 100), half 500.
    void flakyIsDeterministicAndProportional()
    {
        int rateLimited = 0;
        int serverErrors = 0;
        for (int n = 1; n <= 1000; ++n) {
            const Fault fault = flakyFault(30, n);
            QCOMPARE(flakyFault(30, n).kind, fault.kind);
            if (fault.kind == FaultKind::RateLimited) {
                ++rateLimited;
                QCOMPARE(fault.duration, std::chrono::milliseconds(100));
            } else if (fault.kind == FaultKind::ServerError) {
                ++serverErrors;
            } else {
                QCOMPARE(fault.kind, FaultKind::None);
            }
            QCOMPARE(flakyFault(0, n).kind, FaultKind::None);
            QVERIFY(flakyFault(100, n).kind != FaultKind::None);
        }
        QVERIFY2(rateLimited + serverErrors > 250 && rateLimited + serverErrors < 350,
            std::to_string(rateLimited + serverErrors).c_str());
        QVERIFY(rateLimited > 100 && serverErrors > 100);
    }

    // flaky with stalls: the stall share comes on top of the failures, decided the same way.
    void flakyStallsAsAsked()
    {
        int stalls = 0;
        int failures = 0;
        for (int n = 1; n <= 2000; ++n) {
            const Fault fault = flakyFault(5, n, 1);
            if (fault.kind == FaultKind::StallBeforeFirstByte) {
                ++stalls;
                QCOMPARE(fault.duration, std::chrono::milliseconds(3000));
            } else if (fault.kind != FaultKind::None) {
                ++failures;
            }
            // The failures are the very ones flaky:5 alone gives.
            QCOMPARE(fault.kind == FaultKind::RateLimited || fault.kind == FaultKind::ServerError,
                flakyFault(5, n).kind != FaultKind::None);
        }
        QVERIFY2(stalls > 5 && stalls < 40, std::to_string(stalls).c_str());
        QVERIFY2(failures > 60 && failures < 140, std::to_string(failures).c_str());
    }

    // Served: each request of a flaky server gets the fault of its number.
    void flakyServer()
    {
        ps::fakeprovider::FakeProviderOptions options;
        options.defaultFault = *parseFaultRule("flaky:50");
        Bench bench(Env {{"OPENAI_API_KEY", kCanary}}, options, quickRetries(0));
        QVERIFY(bench.started);
        for (int n = 1; n <= 16; ++n) {
            const auto recorder = bench.run(bench.call("gpt-flaky", n % 2 == 0));
            QVERIFY(recorder->waitDone());
            const auto &result = recorder->outcome->result;
            switch (flakyFault(50, n).kind) {
            case FaultKind::None:
                QVERIFY(!result.error);
                break;
            case FaultKind::RateLimited:
                QCOMPARE(result.error->status, 429);
                QCOMPARE(result.error->retryAfterSeconds, std::optional<double>(0.1));
                break;
            default:
                QCOMPARE(result.error->status, 500);
            }
        }
    }

    // fail-times: the first n requests for that exact model string fail, later ones answer.
    void failTimesCountsPerModel()
    {
        Bench bench(quickRetries(0));
        QVERIFY(bench.started);
        const std::string model = "fault:fail-times:2:503";
        for (int i = 0; i < 2; ++i) {
            const auto recorder = bench.run(bench.call(model));
            QVERIFY(recorder->waitDone());
            QCOMPARE(recorder->error().status, 503);
        }
        auto recorder = bench.run(bench.call("fault:fail-times:1:503")); // its own count
        QVERIFY(recorder->waitDone());
        QCOMPARE(recorder->error().status, 503);
        recorder = bench.run(bench.call(model));
        QVERIFY(recorder->waitDone());
        QVERIFY(!recorder->outcome->result.error);
        QCOMPARE(recorder->outcome->result.text, fakeAnswer(model));
    }

    // no-retry: a 500 whose x-should-retry says false, read into the error.
    void noRetrySendsTheHeader()
    {
        Bench bench(quickRetries(0));
        QVERIFY(bench.started);
        const auto recorder = bench.run(bench.call("fault:no-retry"));
        QVERIFY(recorder->waitDone());
        QCOMPARE(recorder->error().status, 500);
        QCOMPARE(recorder->error().shouldRetry, std::optional<bool>(false));
        const auto plain = bench.run(bench.call("fault:500"));
        QVERIFY(plain->waitDone());
        QCOMPARE(plain->error().shouldRetry, std::nullopt);
    }

    // The in-flight gauge sees requests held by a stall at once, and starts over on reset.
    void inFlightGauge()
    {
        Bench bench(quickRetries(0));
        QVERIFY(bench.started);
        QCOMPARE(bench.server.maxInFlight(), 0);
        std::vector<std::shared_ptr<Recorder>> recorders;
        for (int i = 0; i < 3; ++i)
            recorders.push_back(bench.run(bench.call("fault:stall-first:400", i == 0)));
        QTRY_COMPARE_WITH_TIMEOUT(bench.server.inFlight(), 3, 5000);
        for (const auto &recorder : recorders) {
            QVERIFY(recorder->waitDone());
            QVERIFY(!recorder->outcome->result.error);
        }
        QTRY_COMPARE_WITH_TIMEOUT(bench.server.inFlight(), 0, 5000);
        QCOMPARE(bench.server.maxInFlight(), 3);
        bench.server.resetMaxInFlight();
        QCOMPARE(bench.server.maxInFlight(), 0);
        const auto one = bench.run(bench.call("gpt-one"));
        QVERIFY(one->waitDone());
        QCOMPARE(bench.server.maxInFlight(), 1);
    }
};

QTEST_APPLESS_MAIN(TestFakeFaults)
#include "test_fake_faults.moc"
