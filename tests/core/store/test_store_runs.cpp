// Providers, targets, runs and responses: what `run` stores and `runs` lists.
#include "store/database.h"
#include "store/project.h"
#include "store/project_file.h"
#include "store/provider_catalog.h"
#include "store/run_store.h"
#include "store_test_util.h"

#include <QTemporaryDir>
#include <QTest>

#include <set>

using namespace ps;
using namespace ps::test;
using Kind = store::StoreError::Kind;

namespace {

providers::ProviderConfig provider(const std::string &id, providers::ProviderKind kind,
    const std::string &baseUrl = {}, const std::string &keyEnv = {})
{
    providers::ProviderConfig config;
    config.id = id;
    config.kind = kind;
    config.baseUrl = baseUrl;
    config.apiKeyEnv = keyEnv;
    return config;
}

store::TargetRecord target(const std::string &id, const std::string &providerId,
    const std::string &model, nlohmann::json params = nlohmann::json::object())
{
    store::TargetRecord record;
    record.id = id;
    record.providerId = providerId;
    record.model = model;
    record.params = std::move(params);
    return record;
}

// A response with every field set, so a round trip shows that none is lost.
store::ResponseRecord fullResponse()
{
    store::ResponseRecord response;
    response.targetId = "mini";
    response.model = "gpt-4o-mini";
    response.renderedRequest = {{"model", "gpt-4o-mini"}, {"stream", true},
        {"messages", {{{"role", "user"}, {"content", "charged twice"}}}}};
    response.text = "billing \xE2\x80\x94 refund";
    response.toolCalls = {{{"id", "call_1"}, {"name", "lookup"}, {"arguments", "{}"}}};
    response.finishReason = "stop";
    response.inputTokens = 12;
    response.outputTokens = 40;
    response.cachedTokens = 3;
    response.reasoningTokens = 0;
    response.costUsd = 0.00012;
    response.ttftMs = 210.5;
    response.totalMs = 812.25;
    response.attempts = 2;
    response.fellBackFrom = "big";
    return response;
}

} // namespace

class TestStoreRuns : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir *m_dir = nullptr;
    std::string m_path;
    std::optional<store::Project> m_project;

    store::Project &project() { return *m_project; }

    model::VersionRecord savedVersion()
    {
        return project().saveVersion(saveRequest("triage", sampleContent(1))).version;
    }

private slots:
    void init()
    {
        m_dir = new QTemporaryDir;
        QVERIFY(m_dir->isValid());
        m_path = m_dir->filePath(QStringLiteral("p.promptsmith")).toStdString();
        m_project.emplace(store::Project::create(m_path));
    }
    void cleanup()
    {
        m_project.reset();
        delete m_dir;
        m_dir = nullptr;
    }

    void providersRoundTripWithoutKeys()
    {
        store::ProviderCatalog catalog(project());
        auto openai = provider("openai", providers::ProviderKind::OpenAi, {}, "MY_OPENAI_KEY");
        openai.timeoutSeconds = 5;
        openai.concurrency = 2;
        openai.rpm = 60;
        catalog.addProvider(openai);
        catalog.addProvider(provider(
            "local", providers::ProviderKind::OpenAiCompatible, "http://127.0.0.1:8080/v1"));
        catalog.addProvider(provider("echo", providers::ProviderKind::Echo));

        const auto list = catalog.providers();
        QCOMPARE(list.size(), std::size_t(3));
        QCOMPARE(list[0].id, std::string("echo")); // sorted by id
        QCOMPARE(list[1].id, std::string("local"));
        QVERIFY(list[2] == openai);
        QVERIFY(catalog.findProvider("local")->baseUrl == "http://127.0.0.1:8080/v1");
        QVERIFY(!catalog.findProvider("nope"));
        // Only the variable's name is stored, and it survives reopening.
        QCOMPARE(rawQuery(m_path,
                     "SELECT json_extract(config, '$.api_key_env') FROM providers "
                     "WHERE id = 'openai'"),
            std::string("MY_OPENAI_KEY"));
        m_project.reset();
        const store::Project reopened = store::Project::open(m_path);
        QVERIFY(store::ProviderCatalog(reopened).provider("openai") == openai);
    }

    void providerRefusals_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("needle");
        QTest::newRow("duplicate") << int(Kind::AlreadyExists) << QStringLiteral("already exists");
        QTest::newRow("no base url") << int(Kind::BadInput) << QStringLiteral("--base-url");
        QTest::newRow("azure without version")
            << int(Kind::BadInput) << QStringLiteral("--api-version");
        QTest::newRow("bad id") << int(Kind::BadInput) << QStringLiteral("may only hold");
        QTest::newRow("zero timeout") << int(Kind::BadInput) << QStringLiteral("timeout");
    }
    void providerRefusals()
    {
        QFETCH(int, kind);
        QFETCH(QString, needle);
        store::ProviderCatalog catalog(project());
        catalog.addProvider(provider("first", providers::ProviderKind::OpenAi));
        const QByteArray tag = QTest::currentDataTag();
        providers::ProviderConfig config = provider("second", providers::ProviderKind::OpenAi);
        if (tag == "duplicate")
            config.id = "first";
        else if (tag == "no base url")
            config.kind = providers::ProviderKind::OpenAiCompatible;
        else if (tag == "azure without version")
            config = provider(
                "az", providers::ProviderKind::AzureOpenAi, "https://x.openai.azure.com");
        else if (tag == "bad id")
            config.id = "has space";
        else if (tag == "zero timeout")
            config.timeoutSeconds = 0;
        const auto error = storeErrorOf([&] { catalog.addProvider(config); });
        QVERIFY(error);
        QCOMPARE(int(error->kind()), kind);
        QVERIFY2(qs(error->what()).contains(needle), error->what());
        QCOMPARE(catalog.providers().size(), std::size_t(1));
    }

    void targetsRoundTrip()
    {
        store::ProviderCatalog catalog(project());
        catalog.addProvider(provider("openai", providers::ProviderKind::OpenAi));
        catalog.addTarget(target("big", "openai", "gpt-4o"));
        auto mini = target("mini", "openai", "gpt-4o-mini",
            {{"temperature", 0.2}, {"stop", {"\n"}},
                {"response_format", {{"type", "json_object"}}}});
        mini.fallbackTargetId = "big";
        catalog.addTarget(mini);

        const auto list = catalog.targets();
        QCOMPARE(list.size(), std::size_t(2));
        QCOMPARE(list[0].id, std::string("big"));
        QVERIFY(!list[0].fallbackTargetId);
        QCOMPARE(list[1].model, std::string("gpt-4o-mini"));
        QCOMPARE(dumpOf(list[1].params), dumpOf(mini.params));
        QCOMPARE(list[1].fallbackTargetId.value_or(""), std::string("big"));
        QVERIFY(!list[1].created.empty());
        QCOMPARE(catalog.target("mini").providerId, std::string("openai"));
    }

    void targetRefusals()
    {
        store::ProviderCatalog catalog(project());
        catalog.addProvider(provider("openai", providers::ProviderKind::OpenAi));
        catalog.addTarget(target("a", "openai", "m"));

        auto error = storeErrorOf([&] { catalog.addTarget(target("b", "ghost", "m")); });
        QVERIFY(error && error->kind() == Kind::NotFound);
        QVERIFY2(qs(error->what()).contains(QStringLiteral("ghost"))
                && qs(error->what()).contains(QStringLiteral("openai")), // names what exists
            error->what());

        auto withFallback = target("b", "openai", "m");
        withFallback.fallbackTargetId = "nowhere";
        error = storeErrorOf([&] { catalog.addTarget(withFallback); });
        QVERIFY(error && error->kind() == Kind::NotFound);

        withFallback.fallbackTargetId = "b";
        error = storeErrorOf([&] { catalog.addTarget(withFallback); });
        QVERIFY(error && error->kind() == Kind::BadInput);

        error = storeErrorOf([&] { catalog.addTarget(target("a", "openai", "m")); });
        QVERIFY(error && error->kind() == Kind::AlreadyExists);

        error = storeErrorOf([&] { catalog.addTarget(target("c", "openai", "")); });
        QVERIFY(error && error->kind() == Kind::BadInput);

        error = storeErrorOf(
            [&] { catalog.addTarget(target("d", "openai", "m", nlohmann::json::array())); });
        QVERIFY(error && error->kind() == Kind::BadInput);

        error = storeErrorOf([&] { (void)catalog.target("zzz"); });
        QVERIFY(error && error->kind() == Kind::NotFound);
        QCOMPARE(catalog.targets().size(), std::size_t(1));
    }

    // The window edits and removes what the CLI adds; nothing in use is removed from under it.
    void providersAndTargetsAreEditedAndRemoved()
    {
        store::ProviderCatalog catalog(project());
        catalog.addProvider(provider("openai", providers::ProviderKind::OpenAi));
        catalog.addTarget(target("big", "openai", "gpt-4o"));
        auto mini = target("mini", "openai", "gpt-4o-mini");
        mini.fallbackTargetId = "big";
        catalog.addTarget(mini);

        auto changed = provider("openai", providers::ProviderKind::OpenAiCompatible);
        changed.baseUrl = "http://localhost:8080/v1";
        changed.timeoutSeconds = 5;
        catalog.updateProvider(changed);
        QCOMPARE(catalog.provider("openai"), changed);
        auto bad = changed;
        bad.baseUrl = "ftp://example.com";
        auto error = storeErrorOf([&] { catalog.updateProvider(bad); });
        QVERIFY(error && error->kind() == Kind::BadInput);
        QCOMPARE(catalog.provider("openai"), changed); // unchanged by the refusal
        error = storeErrorOf(
            [&] { catalog.updateProvider(provider("ghost", providers::ProviderKind::OpenAi)); });
        QVERIFY(error && error->kind() == Kind::NotFound);

        // A target's model, params and fallback change; a chain that loops is refused.
        auto bigger = target("big", "openai", "gpt-4.1", {{"temperature", 0.5}});
        bigger.fallbackTargetId = "mini";
        auto error2 = storeErrorOf([&] { catalog.updateTarget(bigger); });
        QVERIFY(error2 && error2->kind() == Kind::BadInput); // big → mini → big
        QVERIFY2(qs(error2->what()).contains(QStringLiteral("itself")), error2->what());
        bigger.fallbackTargetId.reset();
        bigger.fallbackMinLogprob.reset();
        catalog.updateTarget(bigger);
        QCOMPARE(catalog.target("big").model, std::string("gpt-4.1"));
        QCOMPARE(dumpOf(catalog.target("big").params), dumpOf(bigger.params));
        QVERIFY(!catalog.target("big").created.empty()); // kept from when it was added
        auto lowConfidence = catalog.target("mini");
        lowConfidence.fallbackMinLogprob = -0.7;
        catalog.updateTarget(lowConfidence);
        QCOMPARE(catalog.target("mini").fallbackMinLogprob.value_or(0), -0.7);

        // In use: refused, naming who uses it.
        error = storeErrorOf([&] { catalog.removeProvider("openai"); });
        QVERIFY(error && error->kind() == Kind::Refused);
        QVERIFY2(qs(error->what()).contains(QStringLiteral("big, mini")), error->what());
        error = storeErrorOf([&] { catalog.removeTarget("big"); });
        QVERIFY(error && error->kind() == Kind::Refused);
        QVERIFY2(qs(error->what()).contains(QStringLiteral("mini")), error->what());

        catalog.removeTarget("mini");
        catalog.removeTarget("big");
        QVERIFY(catalog.targets().empty());
        catalog.removeProvider("openai");
        QVERIFY(catalog.providers().empty());
        error = storeErrorOf([&] { catalog.removeTarget("big"); });
        QVERIFY(error && error->kind() == Kind::NotFound);
    }

    void runLifecycle()
    {
        const model::VersionRecord version = savedVersion();
        store::RunStore runs(project());
        const model::RunRecord run = runs.startRun("run", version, {"mini", "echo"}, 2);
        QCOMPARE(run.version, std::string("triage@1"));

        auto listed = runs.listRuns();
        QCOMPARE(listed.size(), std::size_t(1));
        QCOMPARE(listed[0].id, run.id);
        QCOMPARE(listed[0].status, model::RunStatus::Running); // our own process owns it
        QCOMPARE(listed[0].done, 0);
        QCOMPARE(listed[0].total, 2);
        QCOMPARE(listed[0].targets, (std::vector<std::string> {"mini", "echo"}));
        QVERIFY(!listed[0].finished);

        const store::ResponseRecord sent = fullResponse();
        const std::int64_t id = runs.addResponse(run.id, sent);
        store::ResponseRecord failed;
        failed.targetId = "echo";
        failed.model = "echo";
        failed.totalMs = 3;
        failed.error = store::ResponseError {"timeout", "no first byte within 1 s", std::nullopt};
        runs.addResponse(run.id, failed);
        QCOMPARE(runs.findRun(run.id)->done, 2);

        runs.finishRun(run.id, model::RunStatus::Complete);
        const auto finished = runs.findRun(run.id);
        QCOMPARE(finished->status, model::RunStatus::Complete);
        QVERIFY(finished->finished.has_value());

        const auto stored = runs.responses(run.id);
        QCOMPARE(stored.size(), std::size_t(2));
        const store::ResponseRecord &first = stored[0];
        QCOMPARE(first.id, id);
        QCOMPARE(first.runId, run.id);
        QCOMPARE(first.targetId, sent.targetId);
        QCOMPARE(first.model, sent.model);
        QCOMPARE(dumpOf(first.renderedRequest), dumpOf(sent.renderedRequest));
        QCOMPARE(first.text, sent.text);
        QCOMPARE(dumpOf(first.toolCalls), dumpOf(sent.toolCalls));
        QCOMPARE(first.finishReason, sent.finishReason);
        QCOMPARE(first.inputTokens, sent.inputTokens);
        QCOMPARE(first.outputTokens, sent.outputTokens);
        QCOMPARE(first.cachedTokens, sent.cachedTokens);
        QCOMPARE(first.reasoningTokens, sent.reasoningTokens);
        QCOMPARE(first.costUsd.value_or(-1), *sent.costUsd);
        QCOMPARE(first.ttftMs.value_or(-1), *sent.ttftMs);
        QCOMPARE(first.totalMs, sent.totalMs);
        QCOMPARE(first.attempts, 2);
        QCOMPARE(first.fellBackFrom.value_or(""), std::string("big"));
        QVERIFY(!first.error);
        QVERIFY(!first.created.empty());
        // Numbers are SQL numbers, so reports can aggregate them in SQL.
        QCOMPARE(rawQuery(m_path,
                     "SELECT typeof(ttft_ms) || typeof(cost_usd) || typeof(total_ms) "
                     "FROM responses WHERE id = "
                         + std::to_string(id)),
            std::string("realrealreal"));

        const store::ResponseRecord &second = stored[1];
        QVERIFY(!second.ttftMs && !second.inputTokens && !second.costUsd);
        QVERIFY(second.error.has_value());
        QCOMPARE(second.error->category, std::string("timeout"));
        QVERIFY(!second.error->status);
    }

    // One run can hold answers of several versions (the panes comparing versions): each names
    // its own, one without names the run's, and the run lists them in the order they answered.
    void responsesNameTheirVersions()
    {
        const model::VersionRecord v1 = savedVersion();
        const model::VersionRecord v2
            = project().saveVersion(saveRequest("triage", sampleContent(2))).version;
        store::RunStore runs(project());
        const model::RunRecord run = runs.startRun("run", v2, {"echo"}, 3);
        QCOMPARE(runs.findRun(run.id)->versions, (std::vector<std::string> {"triage@2"}));

        store::ResponseRecord ofTwo;
        ofTwo.targetId = ofTwo.model = "echo";
        ofTwo.text = "from v2";
        runs.addResponse(run.id, ofTwo); // no version of its own: the run's
        store::ResponseRecord ofOne = ofTwo;
        ofOne.versionId = v1.id;
        ofOne.text = "from v1";
        runs.addResponse(run.id, ofOne);
        store::ResponseRecord edited = ofTwo;
        edited.versionId = v2.id;
        edited.draft = true;
        edited.text = "from edits on v2";
        runs.addResponse(run.id, edited);

        const auto stored = runs.responses(run.id);
        QCOMPARE(stored.size(), std::size_t(3));
        QCOMPARE(stored[0].version, std::string("triage@2"));
        QCOMPARE(stored[0].versionId, v2.id);
        QVERIFY(!stored[0].draft);
        QCOMPARE(stored[1].version, std::string("triage@1"));
        QCOMPARE(stored[1].versionId, v1.id);
        QCOMPARE(stored[2].version, std::string("triage@2"));
        QVERIFY(stored[2].draft);
        const std::vector<std::string> expected {"triage@2", "triage@1", "triage@2 draft"};
        QCOMPARE(runs.findRun(run.id)->versions, expected);
        QCOMPARE(runs.listRuns().front().versions, expected);

        // A version that is not in the project is refused in words, and nothing is stored.
        store::ResponseRecord unknown = ofTwo;
        unknown.versionId = 999;
        try {
            runs.addResponse(run.id, unknown);
            QFAIL("an unknown version was stored");
        } catch (const store::StoreError &error) {
            QCOMPARE(error.kind(), store::StoreError::Kind::NotFound);
            QVERIFY2(std::string(error.what()).find("999") != std::string::npos, error.what());
        }
        QCOMPARE(runs.responses(run.id).size(), std::size_t(3));
    }

    // An evaluation's row in the window says how it did: cells judged and passed, counted by
    // the store; a plain run's answers have no verdict and count in neither.
    void evalRunsCountJudgedAndPassedCells()
    {
        const model::VersionRecord version = savedVersion();
        store::RunStore runs(project());
        const auto plain = runs.startRun("run", version, {"mini"}, 1);
        runs.addResponse(plain.id, fullResponse());
        const auto eval = runs.startRun("eval", version, {"mini"}, 4, std::nullopt);
        const std::optional<bool> verdicts[] = {true, false, true, std::nullopt};
        for (int i = 0; i < 4; ++i) {
            store::ResponseRecord cell = fullResponse();
            cell.caseIndex = i;
            cell.repeatIndex = 0;
            cell.pass = verdicts[i];
            runs.addResponse(eval.id, cell);
        }
        const auto evalRow = runs.findRun(eval.id);
        QCOMPARE(evalRow->done, 4);
        QCOMPARE(evalRow->judged, 3);
        QCOMPARE(evalRow->passed, 2);
        const auto plainRow = runs.findRun(plain.id);
        QCOMPARE(plainRow->judged, 0);
        QCOMPARE(plainRow->passed, 0);
    }

    // An evaluation cell is its version, target, case and repeat, whether its version is named
    // or left to the run's: a retry replaces a failed attempt, an answer is final, and the same
    // case of another version is another cell. Several cells stored together are all stored or
    // none.
    void aCellIsStoredOnceWhicheverWayItsVersionIsNamed()
    {
        const model::VersionRecord v1 = savedVersion();
        const model::VersionRecord v2
            = project().saveVersion(saveRequest("triage", sampleContent(2))).version;
        store::RunStore runs(project());
        const model::RunRecord run = runs.startRun("eval", v2, {"mini"}, 4);
        const auto cell = [](int caseIndex, std::int64_t versionId, bool failed) {
            store::ResponseRecord record = fullResponse();
            record.caseIndex = caseIndex;
            record.repeatIndex = 0;
            record.versionId = versionId;
            if (failed)
                record.error = store::ResponseError {"timeout", "timed out", std::nullopt};
            return record;
        };
        const auto count = [&] {
            return rawQuery(m_path, "SELECT count(*) FROM responses WHERE run_id = '" + run.id + "'");
        };
        runs.addResponse(run.id, cell(0, 0, true)); // failed, the run's version by default
        runs.addResponse(run.id, cell(0, v2.id, false)); // its retry, naming the version
        QCOMPARE(count(), std::string("1"));
        QVERIFY(!runs.responses(run.id).front().error);
        const auto refusedAsAnswered = [&](const std::vector<store::ResponseRecord> &records) {
            try {
                runs.addResponses(run.id, records);
            } catch (const store::StoreError &error) {
                return error.kind() == store::StoreError::Kind::AlreadyExists
                    && std::string(error.what()).find("already answered") != std::string::npos;
            }
            return false;
        };
        QVERIFY(refusedAsAnswered({cell(0, 0, false)}));
        runs.addResponse(run.id, cell(0, v1.id, false)); // another version's cell
        QCOMPARE(count(), std::string("2"));

        // Case 1 arrives with a second copy of case 0: neither is stored.
        QVERIFY(refusedAsAnswered({cell(1, 0, false), cell(0, v2.id, false)}));
        QCOMPARE(count(), std::string("2"));
        const std::vector<std::int64_t> ids
            = runs.addResponses(run.id, {cell(1, 0, false), cell(2, v2.id, true)});
        QCOMPARE(ids.size(), std::size_t(2));
        QVERIFY(ids[0] < ids[1]);
        QCOMPARE(count(), std::string("4"));
        QCOMPARE(runs.answeredCells(run.id).size(), std::size_t(3));
    }

    void eachResponseIsCommittedAtOnce()
    {
        const model::VersionRecord version = savedVersion();
        store::RunStore runs(project());
        const auto run = runs.startRun("run", version, {"mini"}, 1);
        runs.addResponse(run.id, fullResponse());
        // Another connection (another process, or a crash afterwards) sees it before the run ends.
        QCOMPARE(rawQuery(m_path, "SELECT count(*) FROM responses WHERE run_id = '" + run.id + "'"),
            std::string("1"));
        QCOMPARE(rawQuery(m_path, "SELECT status FROM runs"), std::string("running"));
    }

    void runOfADeadProcessIsIncomplete()
    {
        const model::VersionRecord version = savedVersion();
        store::RunStore runs(project());
        const auto run = runs.startRun("eval", version, {"mini"}, 10);
        const auto cancelled = runs.startRun("run", version, {"mini"}, 1);
        runs.finishRun(cancelled.id, model::RunStatus::Cancelled);
        // No process has this id (pid_max is at most 2^22), as after a crash.
        QCOMPARE(rawExec(m_path, "UPDATE run_records SET owner_pid = 2147483646"), SQLITE_OK);
        QCOMPARE(runs.findRun(run.id)->status, model::RunStatus::Incomplete);
        QCOMPARE(
            std::string(model::toString(runs.findRun(run.id)->status)), std::string("incomplete"));
        QCOMPARE(runs.findRun(cancelled.id)->status, model::RunStatus::Cancelled);
    }

    void runIdsAreUniqueAndSortByStart()
    {
        std::set<std::string> ids;
        std::string previous;
        for (int i = 0; i < 200; ++i) {
            const std::string id = store::newRunId();
            QCOMPARE(id.size(), std::size_t(13));
            QVERIFY(ids.insert(id).second);
            // The time part never goes backwards (same millisecond: equal prefix).
            QVERIFY(
                id.substr(0, 9) >= previous.substr(0, std::min<std::size_t>(9, previous.size())));
            previous = id;
        }
        const model::VersionRecord version = savedVersion();
        store::RunStore runs(project());
        const auto older = runs.startRun("run", version, {"a"}, 1);
        QTRY_VERIFY(store::newRunId().substr(0, 9) > older.id.substr(0, 9)); // next millisecond
        const auto newer = runs.startRun("run", version, {"a"}, 1);
        const auto listed = runs.listRuns();
        QCOMPARE(listed.size(), std::size_t(2));
        QCOMPARE(listed[0].id, newer.id); // newest first
    }

    void refusals()
    {
        const model::VersionRecord version = savedVersion();
        store::RunStore runs(project());
        auto error = storeErrorOf([&] { runs.addResponse("nope", fullResponse()); });
        QVERIFY(error && error->kind() == Kind::NotFound);
        error = storeErrorOf([&] { runs.finishRun("nope", model::RunStatus::Complete); });
        QVERIFY(error && error->kind() == Kind::NotFound);
        error = storeErrorOf([&] { runs.startRun("batch", version, {}, 0); });
        QVERIFY(error && error->kind() == Kind::BadInput);
        QVERIFY(runs.listRuns().empty());
    }

    void olderFilesGainTheTables()
    {
        m_project.reset();
        const std::string path = m_dir->filePath(QStringLiteral("old.promptsmith")).toStdString();
        store::createProjectFile(path, 2);
        QCOMPARE(rawQuery(path, "PRAGMA user_version"), std::string("2"));
        store::Project opened = store::Project::open(path);
        QCOMPARE(opened.info().schemaVersion, store::latestSchemaVersion());
        store::ProviderCatalog(opened).addProvider(provider("echo", providers::ProviderKind::Echo));
        QCOMPARE(store::ProviderCatalog(opened).providers().size(), std::size_t(1));
        QVERIFY(store::RunStore(opened).listRuns().empty());
    }

private:
    static std::string dumpOf(const nlohmann::json &value) { return value.dump(); }
};

QTEST_APPLESS_MAIN(TestStoreRuns)
#include "test_store_runs.moc"
