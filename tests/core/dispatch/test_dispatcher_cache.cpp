// The dispatcher's response cache: an identical request is answered without the network, any
// change of model, message or parameter goes to the server.

#include "dispatch/dispatcher.h"
#include "dispatch/response_cache.h"

#include "dispatcher_bench.h"

#include <QtTest>

#include <map>
#include <mutex>

using namespace dispatch_test;
using ps::dispatch::CallOutcome;
using ps::dispatch::DispatcherOptions;
using ps::dispatch::TargetCall;

namespace {

class MemoryCache : public ps::dispatch::ResponseCache
{
public:
    std::optional<CallOutcome> find(const std::string &key) override
    {
        std::lock_guard lock(m_mutex);
        const auto found = m_entries.find(key);
        return found == m_entries.end() ? std::nullopt : std::optional(found->second);
    }
    void store(const std::string &key, const CallOutcome &outcome) override
    {
        std::lock_guard lock(m_mutex);
        m_entries[key] = outcome;
    }
    std::size_t size()
    {
        std::lock_guard lock(m_mutex);
        return m_entries.size();
    }

private:
    std::mutex m_mutex;
    std::map<std::string, CallOutcome> m_entries;
};

} // namespace

class TestDispatcherCache : public QObject
{
    Q_OBJECT

private slots:
    void identicalRequestIsServedFromTheCache()
    {
        MemoryCache cache;
        DispatcherOptions options = quickRetries();
        options.cache = &cache;
        Bench bench(options);
        QVERIFY(bench.started);
        TargetCall call = bench.call("gpt-cached");
        call.useCache = true;

        auto recorder = bench.run(call);
        QVERIFY(recorder->waitDone());
        const CallOutcome first = *recorder->outcome;
        QVERIFY(!first.result.error);
        QVERIFY(!first.cached);
        QCOMPARE(first.measurements.attempts, 1);
        QCOMPARE(bench.server.requestCount(), 1);
        QCOMPARE(cache.size(), std::size_t(1));

        call.request.stream = false; // not part of the key
        call.targetId = "another-name";
        recorder = bench.run(call);
        QCOMPARE(recorder->doneCalls, 1); // answered before submit returned
        const CallOutcome &hit = *recorder->outcome;
        QVERIFY(hit.cached);
        QCOMPARE(hit.measurements.attempts, 0);
        QCOMPARE(hit.targetId, std::string("another-name"));
        QCOMPARE(hit.result.text, first.result.text);
        QCOMPARE(hit.result.usage.outputTokens, first.result.usage.outputTokens);
        QCOMPARE(recorder->streamedText(), first.result.text);
        QCOMPARE(recorder->pieces.size(), std::size_t(1));
        QCOMPARE(bench.server.requestCount(), 1);

        // Without useCache the same request is sent.
        call.useCache = false;
        recorder = bench.run(call);
        QVERIFY(recorder->waitDone());
        QVERIFY(!recorder->outcome->cached);
        QCOMPARE(bench.server.requestCount(), 2);
    }

    void changesMiss_data()
    {
        QTest::addColumn<QString>("changeName");
        QTest::newRow("model") << "model";
        QTest::newRow("message") << "message";
        QTest::newRow("temperature") << "temperature";
        QTest::newRow("max tokens") << "max_tokens";
        QTest::newRow("base url") << "base_url";
    }
    void changesMiss()
    {
        QFETCH(QString, changeName);
        const std::string change = changeName.toStdString();
        MemoryCache cache;
        DispatcherOptions options = quickRetries();
        options.cache = &cache;
        Bench bench(options);
        QVERIFY(bench.started);
        TargetCall call = bench.call("gpt-cached");
        call.useCache = true;
        auto recorder = bench.run(call);
        QVERIFY(recorder->waitDone());
        QCOMPARE(bench.server.requestCount(), 1);

        if (change == "model")
            call.request.model = "gpt-cached-2";
        else if (change == "message")
            call.request.messages.back().content += "!";
        else if (change == "temperature")
            call.request.params.temperature = 0.5;
        else if (change == "max_tokens")
            call.request.params.maxTokens = 3;
        else
            call.provider.baseUrl = bench.server.hostUrl() + "/v1/"; // resolves the same
        recorder = bench.run(call);
        QVERIFY(recorder->waitDone());
        QVERIFY(!recorder->outcome->result.error);
        if (change == "base_url") { // a trailing slash is the same endpoint
            QVERIFY(recorder->outcome->cached);
            QCOMPARE(bench.server.requestCount(), 1);
        } else {
            QVERIFY(!recorder->outcome->cached);
            QCOMPARE(bench.server.requestCount(), 2);
        }
    }

    // Errors are never kept: the next identical call goes to the server again.
    void errorsAreNotStored()
    {
        MemoryCache cache;
        DispatcherOptions options = quickRetries(0);
        options.cache = &cache;
        Bench bench(options);
        QVERIFY(bench.started);
        TargetCall call = bench.call("fault:500");
        call.useCache = true;
        for (int i = 1; i <= 2; ++i) {
            const auto recorder = bench.run(call);
            QVERIFY(recorder->waitDone());
            QVERIFY(recorder->outcome->result.error);
            QCOMPARE(bench.server.requestCount(), i);
        }
        QCOMPARE(cache.size(), std::size_t(0));
    }
};

QTEST_APPLESS_MAIN(TestDispatcherCache)
#include "test_dispatcher_cache.moc"
