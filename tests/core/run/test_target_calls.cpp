// Building a target's call: the request the user composed, the provider and the fallback chain.
#include "run/target_calls.h"
#include "store/project.h"
#include "store/provider_catalog.h"
#include "store/store_error.h"

#include "../store/store_test_util.h"

#include <QTemporaryDir>
#include <QTest>

#include <limits>
#include <optional>

using namespace ps;
using nlohmann::json;

namespace {

providers::ProviderConfig provider(const std::string &id, providers::ProviderKind kind)
{
    providers::ProviderConfig config;
    config.id = id;
    config.kind = kind;
    if (kind != providers::ProviderKind::Echo) {
        config.baseUrl = "http://127.0.0.1:9/v1";
        config.apiKeyEnv = "PS_TEST_KEY";
    }
    return config;
}

store::TargetRecord target(const std::string &id, const std::string &providerId,
    const std::string &model, json params = json::object(),
    std::optional<std::string> fallback = std::nullopt)
{
    store::TargetRecord record;
    record.id = id;
    record.providerId = providerId;
    record.model = model;
    record.params = std::move(params);
    record.fallbackTargetId = std::move(fallback);
    return record;
}

std::vector<providers::ChatMessage> messages()
{
    return {{"system", "You label tickets.", {}, json::array(), {}},
        {"user", "charged twice", {}, json::array(), {}}};
}

model::Params versionParams()
{
    model::Params params;
    params.temperature = 0.2;
    params.maxTokens = 100;
    return params;
}

} // namespace

class TestTargetCalls : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::string path(const char *name) const
    {
        return m_dir.filePath(QString::fromUtf8(name)).toStdString();
    }

private slots:
    void chatMessagesKeepEveryField()
    {
        tmpl::RenderedPrompt prompt;
        prompt.messages.push_back({"user", "look it up", {}, json::array(), {}});
        const json calls = json::array({{{"id", "c1"}, {"name", "lookup"}, {"arguments", "{}"}}});
        prompt.messages.push_back({"assistant", "", {}, calls, {}});
        prompt.messages.push_back({"tool", "found", "c1", json::array(), {}});
        const auto chat = run::chatMessages(prompt);
        QCOMPARE(chat.size(), std::size_t(3));
        QCOMPARE(chat[0].role, std::string("user"));
        QCOMPARE(chat[0].content, std::string("look it up"));
        QVERIFY(chat[1].toolCalls == calls);
        QCOMPARE(chat[2].role, std::string("tool"));
        QCOMPARE(chat[2].toolCallId, std::string("c1"));
        QCOMPARE(chat[2].content, std::string("found"));
    }

    void targetOverridesLieOverTheVersionParams()
    {
        auto project = store::Project::create(path("merge.promptsmith"));
        store::ProviderCatalog catalog(project);
        catalog.addProvider(provider("oa", providers::ProviderKind::OpenAi));
        catalog.addTarget(target("mini", "oa", "gpt-4o-mini", {{"temperature", 0.7}}));

        const auto call = run::buildTargetCall(project, "mini", messages(), versionParams(), true);
        QCOMPARE(call.targetId, std::string("mini"));
        QCOMPARE(call.provider.id, std::string("oa"));
        QCOMPARE(call.provider.kind, providers::ProviderKind::OpenAi);
        QCOMPARE(call.request.model, std::string("gpt-4o-mini"));
        QVERIFY(call.request.stream);
        QCOMPARE(call.request.messages.size(), std::size_t(2));
        QCOMPARE(call.request.messages[1].content, std::string("charged twice"));
        QCOMPARE(call.request.params.temperature, std::optional<double>(0.7));
        QCOMPARE(call.request.params.maxTokens, std::optional<long long>(100));
        QVERIFY(!call.fallback);
        QVERIFY(!call.minMeanLogprob);
        QVERIFY(!call.request.params.extra.contains("logprobs"));

        const auto plain = run::buildTargetCall(project, "mini", messages(), {}, false);
        QVERIFY(!plain.request.stream);
        QVERIFY(!plain.request.params.maxTokens);
    }

    void fallbackChainFollowsEachTarget()
    {
        auto project = store::Project::create(path("chain.promptsmith"));
        store::ProviderCatalog catalog(project);
        catalog.addProvider(provider("oa", providers::ProviderKind::OpenAi));
        catalog.addProvider(provider("local", providers::ProviderKind::Echo));
        catalog.addTarget(target("last", "local", "echo", {{"max_tokens", 10}}));
        catalog.addTarget(target("second", "oa", "gpt-4o", {{"temperature", 0.0}}, "last"));
        catalog.addTarget(target("first", "oa", "gpt-4o-mini", json::object(), "second"));

        const auto call = run::buildTargetCall(project, "first", messages(), versionParams(), true);
        QCOMPARE(call.targetId, std::string("first"));
        QVERIFY(call.fallback);
        const auto &second = *call.fallback;
        QCOMPARE(second.targetId, std::string("second"));
        QCOMPARE(second.request.model, std::string("gpt-4o"));
        QCOMPARE(second.request.params.temperature, std::optional<double>(0.0));
        QCOMPARE(second.request.params.maxTokens, std::optional<long long>(100));
        QCOMPARE(second.request.messages.size(), std::size_t(2));
        QVERIFY(second.request.stream);
        QVERIFY(second.fallback);
        const auto &last = *second.fallback;
        QCOMPARE(last.targetId, std::string("last"));
        QCOMPARE(last.provider.kind, providers::ProviderKind::Echo);
        // Each link lays its own overrides over the version's params, not over the previous link.
        QCOMPARE(last.request.params.temperature, std::optional<double>(0.2));
        QCOMPARE(last.request.params.maxTokens, std::optional<long long>(10));
        QVERIFY(!last.fallback);
    }

    void withCacheReachesEveryLink()
    {
        auto project = store::Project::create(path("cache.promptsmith"));
        store::ProviderCatalog catalog(project);
        catalog.addProvider(provider("oa", providers::ProviderKind::OpenAi));
        catalog.addTarget(target("b", "oa", "gpt-4o"));
        catalog.addTarget(target("a", "oa", "gpt-4o-mini", json::object(), "b"));
        const auto built = run::buildTargetCall(project, "a", messages(), versionParams(), true);
        QVERIFY(!built.useCache);
        QVERIFY(!built.fallback->useCache);

        const auto cached = run::withCache(built, true);
        QVERIFY(cached.useCache);
        QVERIFY(cached.fallback->useCache);
        QCOMPARE(cached.fallback->targetId, std::string("b"));
        QVERIFY(cached.fallback->request == built.fallback->request);
        // The original chain is shared, so it is left as it was.
        QVERIFY(!built.fallback->useCache);
        QVERIFY(!run::withCache(cached, false).fallback->useCache);
    }

    void lowConfidenceFallbackAsksForLogprobs()
    {
        auto project = store::Project::create(path("confidence.promptsmith"));
        store::ProviderCatalog catalog(project);
        catalog.addProvider(provider("oa", providers::ProviderKind::OpenAi));
        catalog.addTarget(target("big", "oa", "gpt-4o"));
        auto small = target("small", "oa", "gpt-4o-mini", json::object(), "big");
        small.fallbackMinLogprob = -0.5;
        catalog.addTarget(small);
        QCOMPARE(catalog.target("small").fallbackMinLogprob, std::optional<double>(-0.5));
        QVERIFY(!catalog.target("big").fallbackMinLogprob);
        QCOMPARE(catalog.targets().back().fallbackMinLogprob, std::optional<double>(-0.5));

        const auto call = run::buildTargetCall(project, "small", messages(), versionParams(), true);
        QCOMPARE(call.minMeanLogprob, std::optional<double>(-0.5));
        QVERIFY(call.request.params.extra.value("logprobs", json()) == json(true));
        QVERIFY(call.fallback);
        QVERIFY(!call.fallback->minMeanLogprob);
        QVERIFY(!call.fallback->request.params.extra.contains("logprobs"));

        // Reopened: the threshold is in the file, not only in memory.
        const auto reopened = store::Project::open(path("confidence.promptsmith"));
        QCOMPARE(store::ProviderCatalog(reopened).target("small").fallbackMinLogprob,
            std::optional<double>(-0.5));
    }

    void aThresholdAboveZeroIsRefused()
    {
        auto project = store::Project::create(path("threshold.promptsmith"));
        store::ProviderCatalog catalog(project);
        catalog.addProvider(provider("oa", providers::ProviderKind::OpenAi));
        for (const double bad : {0.0, 0.3, std::numeric_limits<double>::quiet_NaN(),
                 -std::numeric_limits<double>::infinity()}) {
            auto record = target("t", "oa", "gpt-4o");
            record.fallbackMinLogprob = bad;
            try {
                catalog.addTarget(record);
                QFAIL("a threshold that is not negative was stored");
            } catch (const store::StoreError &error) {
                QCOMPARE(error.kind(), store::StoreError::Kind::BadInput);
                QVERIFY(std::string(error.what()).find("negative") != std::string::npos);
            }
        }
        QVERIFY(catalog.targets().empty());
    }

    void invalidParamsNameTheTargetAndField()
    {
        auto project = store::Project::create(path("invalid.promptsmith"));
        store::ProviderCatalog catalog(project);
        catalog.addProvider(provider("oa", providers::ProviderKind::OpenAi));
        catalog.addTarget(target("broken", "oa", "gpt-4o", {{"temperature", "hot"}}));
        catalog.addTarget(target("head", "oa", "gpt-4o-mini", json::object(), "broken"));
        for (const std::string id : {"broken", "head"}) {
            try {
                run::buildTargetCall(project, id, messages(), versionParams(), true);
                QFAIL("invalid params were accepted");
            } catch (const run::TargetCallError &error) {
                // Through the chain too: the target at fault is named, not the head.
                QCOMPARE(error.targetId(), std::string("broken"));
                QCOMPARE(error.field(), std::string("params.temperature"));
                const std::string what = error.what();
                QVERIFY2(what.find("'broken'") != std::string::npos, what.c_str());
                QVERIFY2(what.find("params.temperature") != std::string::npos, what.c_str());
            }
        }
    }

    void aLoopingChainIsRefused()
    {
        const std::string file = path("loop.promptsmith");
        {
            auto project = store::Project::create(file);
            store::ProviderCatalog catalog(project);
            catalog.addProvider(provider("oa", providers::ProviderKind::OpenAi));
            catalog.addTarget(target("c", "oa", "gpt-4o"));
            catalog.addTarget(target("b", "oa", "gpt-4o", json::object(), "c"));
            catalog.addTarget(target("a", "oa", "gpt-4o", json::object(), "b"));
        }
        // The CLI cannot make a loop (a fallback must exist first); a hand-edited file can.
        QCOMPARE(test::rawExec(file, "UPDATE targets SET fallback_target_id = 'a' WHERE id = 'c'"),
            SQLITE_OK);
        const auto project = store::Project::open(file);
        try {
            run::buildTargetCall(project, "a", messages(), versionParams(), true);
            QFAIL("a looping chain was accepted");
        } catch (const run::TargetCallError &error) {
            QCOMPARE(error.targetId(), std::string("a"));
            QCOMPARE(error.field(), std::string("fallback"));
            const std::string what = error.what();
            QVERIFY2(what.find("a -> b -> c -> a") != std::string::npos, what.c_str());
        }
    }

    void unknownTargetIsNotFound()
    {
        auto project = store::Project::create(path("unknown.promptsmith"));
        store::ProviderCatalog catalog(project);
        catalog.addProvider(provider("oa", providers::ProviderKind::OpenAi));
        catalog.addTarget(target("mini", "oa", "gpt-4o-mini"));
        try {
            run::buildTargetCall(project, "mnii", messages(), versionParams(), true);
            QFAIL("an unknown target was accepted");
        } catch (const store::StoreError &error) {
            QCOMPARE(error.kind(), store::StoreError::Kind::NotFound);
            QVERIFY(std::string(error.what()).find("mini") != std::string::npos);
        }
    }

    // The window builds its calls from providers and targets read with the project, off the
    // GUI thread: the same calls, the same refusals, and a damaged row spoils only itself.
    void aSnapshotOfTheCatalogBuildsTheSameCalls()
    {
        const std::string file = path("snapshot.promptsmith");
        {
            auto project = store::Project::create(file);
            store::ProviderCatalog catalog(project);
            catalog.addProvider(provider("oa", providers::ProviderKind::OpenAi));
            catalog.addProvider(provider("other", providers::ProviderKind::OpenAi));
            catalog.addTarget(target("big", "oa", "gpt-4o", {{"max_tokens", 10}}));
            catalog.addTarget(target("mini", "oa", "gpt-4o-mini", json::object(), "big"));
            catalog.addTarget(target("spoilt", "other", "gpt-4o"));
        }
        QCOMPARE(test::rawExec(file, "UPDATE providers SET config = '{' WHERE id = 'other'"), 0);
        const auto project = store::Project::open(file);
        const auto snapshot = store::CatalogSnapshot::read(project);
        QCOMPARE(snapshot.providers().size(), std::size_t(1));
        QCOMPARE(snapshot.targets().size(), std::size_t(3));

        const auto fromProject
            = run::buildTargetCall(project, "mini", messages(), versionParams(), true);
        const auto fromSnapshot
            = run::buildTargetCall(snapshot, "mini", messages(), versionParams(), true);
        QCOMPARE(fromSnapshot.targetId, fromProject.targetId);
        QVERIFY(fromSnapshot.request == fromProject.request);
        QCOMPARE(fromSnapshot.provider.baseUrl, fromProject.provider.baseUrl);
        QVERIFY(fromSnapshot.fallback);
        QVERIFY(fromSnapshot.fallback->request == fromProject.fallback->request);

        using Refusal = std::optional<std::pair<store::StoreError::Kind, std::string>>;
        const auto refusal = [&](const std::string &id) -> Refusal {
            try {
                run::buildTargetCall(snapshot, id, messages(), versionParams(), true);
            } catch (const store::StoreError &error) {
                return std::make_pair(error.kind(), std::string(error.what()));
            }
            return std::nullopt;
        };
        const Refusal unknown = refusal("mnii");
        QVERIFY(unknown);
        QCOMPARE(unknown->first, store::StoreError::Kind::NotFound);
        QCOMPARE(
            unknown->second, std::string("there is no target 'mnii' (known: big, mini, spoilt)"));
        const Refusal damaged = refusal("spoilt");
        QVERIFY(damaged);
        QCOMPARE(damaged->first, store::StoreError::Kind::Damaged);
        QVERIFY(damaged->second.find("provider 'other'") != std::string::npos);
    }
};

QTEST_APPLESS_MAIN(TestTargetCalls)
#include "test_target_calls.moc"
