// The response cache kept in a project: what `run --cache` and eval re-runs answer from.
#include "store/project.h"
#include "store/response_cache_store.h"
#include "store_test_util.h"

#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <thread>

using namespace ps;
using namespace ps::test;
using nlohmann::json;

namespace {

// An outcome with every field set, so a round trip shows that none is lost.
dispatch::CallOutcome fullOutcome()
{
    dispatch::CallOutcome outcome;
    outcome.targetId = "mini";
    outcome.model = "gpt-4o-mini-2024-07-18";
    outcome.result.text = "billing \xE2\x80\x94 refund";
    outcome.result.toolCalls = {{"call_1", "lookup", R"({"id": 7})", 0}, {"call_2", "x", "{", 3}};
    outcome.result.finishReason = "tool_calls";
    outcome.result.usage = {12, 40, 3, 7};
    outcome.result.logprobs = {
        {"bill", -0.125, {{"bill", -0.125}, {"refund", -2.5}}}, {"ing", -0.000123456789012345, {}}};
    outcome.result.reasoning = "the user was charged twice";
    outcome.result.reasoningSignature = "sig==";
    outcome.measurements.queuedMs = 1.5;
    outcome.measurements.ttftMs = 210.123456789;
    outcome.measurements.totalMs = 812.25;
    outcome.measurements.outputTokensPerSecond = 66.6;
    outcome.measurements.attempts = 2;
    outcome.renderedRequest = {{"model", "gpt-4o-mini"}, {"stream", true},
        {"messages", {{{"role", "user"}, {"content", "charged twice"}}}}};
    outcome.fellBackFrom = "big";
    outcome.notes = {"temperature left out: o3 accepts only the default"};
    return outcome;
}

void compareOutcomes(const dispatch::CallOutcome &actual, const dispatch::CallOutcome &expected)
{
    QCOMPARE(actual.targetId, expected.targetId);
    QCOMPARE(actual.model, expected.model);
    QVERIFY(actual.result.text == expected.result.text);
    QVERIFY(actual.result.toolCalls == expected.result.toolCalls);
    QCOMPARE(actual.result.finishReason, expected.result.finishReason);
    QVERIFY(actual.result.usage == expected.result.usage);
    QVERIFY(actual.result.logprobs == expected.result.logprobs);
    QCOMPARE(actual.result.meanLogprob(), expected.result.meanLogprob());
    QCOMPARE(actual.result.reasoning, expected.result.reasoning);
    QCOMPARE(actual.result.reasoningSignature, expected.result.reasoningSignature);
    QVERIFY(!actual.result.error);
    QCOMPARE(actual.measurements.queuedMs, expected.measurements.queuedMs);
    QCOMPARE(actual.measurements.ttftMs, expected.measurements.ttftMs);
    QCOMPARE(actual.measurements.totalMs, expected.measurements.totalMs);
    QCOMPARE(
        actual.measurements.outputTokensPerSecond, expected.measurements.outputTokensPerSecond);
    QCOMPARE(actual.measurements.attempts, expected.measurements.attempts);
    QVERIFY(actual.renderedRequest == expected.renderedRequest);
    QCOMPARE(actual.cached, expected.cached);
    QCOMPARE(actual.fellBackFrom, expected.fellBackFrom);
    QCOMPARE(actual.notes, expected.notes);
}

} // namespace

namespace {
const std::string kSigningKey = "this machine's key: 32 bytes...";
}

class TestResponseCacheStore : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::string path(const char *name) const
    {
        return m_dir.filePath(QString::fromUtf8(name)).toStdString();
    }

private slots:
    void anOutcomeComesBackEqual()
    {
        const std::string file = path("equal.promptsmith");
        {
            const auto project = store::Project::create(file);
            store::ResponseCacheStore cache(project, kSigningKey);
            QVERIFY(!cache.find("k1"));
            cache.store("k1", fullOutcome());
            const auto found = cache.find("k1");
            QVERIFY(found);
            compareOutcomes(*found, fullOutcome());
            QCOMPARE(cache.size(), std::size_t(1));
        }
        // Another process (a later `run --cache`) finds it in the file.
        const auto reopened = store::Project::open(file);
        store::ResponseCacheStore cache(reopened, kSigningKey);
        const auto found = cache.find("k1");
        QVERIFY(found);
        compareOutcomes(*found, fullOutcome());
        QCOMPARE(rawQuery(file, "SELECT model FROM response_cache WHERE key = 'k1'"),
            std::string("gpt-4o-mini-2024-07-18"));
    }

    void aBareOutcomeComesBackEqual()
    {
        const auto project = store::Project::create(path("bare.promptsmith"));
        store::ResponseCacheStore cache(project, kSigningKey);
        dispatch::CallOutcome bare;
        bare.targetId = "echo";
        bare.model = "echo";
        cache.store("bare", bare);
        const auto found = cache.find("bare");
        QVERIFY(found);
        compareOutcomes(*found, bare);
        QVERIFY(!found->measurements.ttftMs);
        QVERIFY(!found->fellBackFrom);
        QVERIFY(!found->result.usage.inputTokens);
    }

    void aFailedCallIsNotKept()
    {
        const auto project = store::Project::create(path("failed.promptsmith"));
        store::ResponseCacheStore cache(project, kSigningKey);
        auto failed = fullOutcome();
        failed.result.error = providers::ProviderError {
            providers::ErrorCategory::Server, "internal error", 500, {}, {}};
        cache.store("k", failed);
        QVERIFY(!cache.find("k"));
        QCOMPARE(cache.size(), std::size_t(0));
    }

    void aNewAnswerReplacesTheOld()
    {
        const auto project = store::Project::create(path("replace.promptsmith"));
        store::ResponseCacheStore cache(project, kSigningKey);
        cache.store("k", fullOutcome());
        auto newer = fullOutcome();
        newer.result.text = "shipping";
        cache.store("k", newer);
        QCOMPARE(cache.find("k")->result.text, std::string("shipping"));
        QCOMPARE(cache.size(), std::size_t(1));
    }

    // Hardening: a shared file's cache was trusted, so planted answers scored as real. Only
    // entries this machine signed are hits.
    void onlyThisMachinesEntriesAreHits()
    {
        const std::string file = path("planted.promptsmith");
        {
            const auto project = store::Project::create(file);
            store::ResponseCacheStore elsewhere(project, "another machine's key, 32 bytes");
            elsewhere.store("k", fullOutcome());
        }
        // An unsigned entry, as a hand-made file (or an older build) holds.
        const std::string planted = store::cachedOutcomeJson(fullOutcome()).dump();
        QCOMPARE(rawExec(file,
                     "INSERT INTO response_cache (key, model, outcome, created) VALUES "
                     "('raw', 'm', '"
                         + planted + "', '2026-01-01T00:00:00Z')"),
            SQLITE_OK);
        const auto project = store::Project::open(file);
        store::ResponseCacheStore cache(project, kSigningKey);
        QVERIFY(!cache.find("k"));
        QVERIFY(!cache.find("raw"));
        // A signature moved to another key does not hold there either.
        cache.store("mine", fullOutcome());
        QVERIFY(cache.find("mine"));
        QCOMPARE(rawExec(file,
                     "UPDATE response_cache SET outcome = (SELECT outcome FROM response_cache "
                     "WHERE key = 'mine') WHERE key = 'k'"),
            SQLITE_OK);
        QVERIFY(!cache.find("k"));
    }

    void aDamagedEntryIsAMiss()
    {
        const std::string file = path("damaged.promptsmith");
        {
            const auto project = store::Project::create(file);
            store::ResponseCacheStore cache(project, kSigningKey);
            cache.store("broken", fullOutcome());
            cache.store("partial", fullOutcome());
        }
        QCOMPARE(rawExec(file,
                     "UPDATE response_cache SET outcome = '{\"text\": ' "
                     "WHERE key = 'broken'"),
            SQLITE_OK);
        QCOMPARE(rawExec(file,
                     "UPDATE response_cache SET outcome = replace(outcome, '\"usage\"', "
                     "'\"usagX\"') WHERE key = 'partial'"),
            SQLITE_OK);
        const auto project = store::Project::open(file);
        store::ResponseCacheStore cache(project, kSigningKey);
        QVERIFY(!cache.find("broken"));
        QVERIFY(!cache.find("partial"));
        // The next answer repairs it.
        cache.store("broken", fullOutcome());
        QVERIFY(cache.find("broken"));
    }

    void invalidUtf8IsKeptReplaced()
    {
        const auto project = store::Project::create(path("utf8.promptsmith"));
        store::ResponseCacheStore cache(project, kSigningKey);
        auto outcome = fullOutcome();
        outcome.result.text = "caf\xE9";
        cache.store("k", outcome);
        const auto found = cache.find("k");
        QVERIFY(found);
        QCOMPARE(found->result.text, std::string("caf\xEF\xBF\xBD"));
    }

    void manyThreadsAtOnce()
    {
        const auto project = store::Project::create(path("threads.promptsmith"));
        store::ResponseCacheStore cache(project, kSigningKey);
        constexpr int kThreads = 8;
        constexpr int kEach = 25;
        std::vector<std::thread> threads;
        std::atomic<int> misses {0};
        for (int t = 0; t < kThreads; ++t) {
            threads.emplace_back([&cache, &misses, t] {
                for (int i = 0; i < kEach; ++i) {
                    const std::string key = std::to_string(t) + "-" + std::to_string(i);
                    auto outcome = fullOutcome();
                    outcome.result.text = key;
                    cache.store(key, outcome);
                    const auto found = cache.find(key);
                    if (!found || found->result.text != key)
                        ++misses;
                }
            });
        }
        for (auto &thread : threads)
            thread.join();
        QCOMPARE(misses.load(), 0);
        QCOMPARE(cache.size(), std::size_t(kThreads * kEach));
    }
};

QTEST_APPLESS_MAIN(TestResponseCacheStore)
#include "test_response_cache_store.moc"
