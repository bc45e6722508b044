// The evaluation runner: every cell of cases × targets × repeats answered, judged and stored once,
// at most `concurrency` at a time, through the cache, cancelled and resumed.
#include "run/eval_report.h"
#include "run/eval_runner.h"

#include "dispatch/response_cache.h"
#include "fake_provider_server.h"
#include "net/http_client.h"
#include "secrets/secret_store.h"
#include "secrets/trust_store.h"
#include "store/dataset_store.h"
#include "store/project.h"
#include "store/provider_catalog.h"
#include "store/run_store.h"
#include "store/store_error.h"

#include "../store/store_test_util.h"

#include <QTemporaryDir>
#include <QTest>

#include <chrono>
#include <map>
#include <mutex>
#include <set>

using namespace ps;
using nlohmann::json;

namespace {

// The dispatcher's cache interface over a map, counting what it answers.
class MemoryCache : public dispatch::ResponseCache
{
public:
    std::optional<dispatch::CallOutcome> find(const std::string &key) override
    {
        std::lock_guard lock(m_mutex);
        const auto found = m_entries.find(key);
        if (found == m_entries.end())
            return std::nullopt;
        return found->second;
    }
    void store(const std::string &key, const dispatch::CallOutcome &outcome) override
    {
        std::lock_guard lock(m_mutex);
        m_entries[key] = outcome;
    }

private:
    std::mutex m_mutex;
    std::map<std::string, dispatch::CallOutcome> m_entries;
};

// A dispatcher with its client and key store, as the CLI builds one.
struct Engine
{
    explicit Engine(dispatch::ResponseCache *cache = nullptr)
        : dispatcher(client, secrets, trust, providers::systemEnvironment(), options(cache))
    { }
    static dispatch::DispatcherOptions options(dispatch::ResponseCache *cache)
    {
        dispatch::DispatcherOptions options;
        options.cache = cache;
        options.retry.maxRetries = 0;
        return options;
    }
    net::HttpClient client;
    secrets::EnvSecretStore secrets;
    const secrets::TrustStore trust {{}, {"127.0.0.1"}}; // the fake server, approved
    dispatch::Dispatcher dispatcher;
};

eval::DatasetCase makeCase(const std::string &ticket, json assertions = json::array(),
    std::optional<std::string> expected = std::nullopt)
{
    eval::DatasetCase item;
    item.vars = {{"ticket", ticket}};
    item.assertions = std::move(assertions);
    item.expected = std::move(expected);
    return item;
}

// "Label this ticket." then the ticket: echo answers with the ticket, the fake server with
// "Echo from <model>: " and the ticket's first 8 words.
model::VersionRecord saveVersion(store::Project &project)
{
    store::SaveRequest request;
    request.promptName = "triage";
    request.author = "test";
    request.content = model::VersionContent::fromJson({{"messages",
        {{{"role", "system"}, {"content", "Label this ticket."}},
            {{"role", "user"}, {"content", "{{ticket}}"}}}}});
    return project.saveVersion(request).version;
}

void addTarget(store::Project &project, const std::string &id, providers::ProviderKind kind,
    const std::string &baseUrl = {}, const std::string &model = "m")
{
    store::ProviderCatalog catalog(project);
    providers::ProviderConfig provider;
    provider.id = id + "-provider";
    provider.kind = kind;
    provider.baseUrl = baseUrl;
    provider.concurrency = 64;
    catalog.addProvider(provider);
    store::TargetRecord target;
    target.id = id;
    target.providerId = provider.id;
    target.model = model;
    catalog.addTarget(target);
}

std::set<store::CellKey> cellsOf(const std::vector<store::ResponseRecord> &responses)
{
    std::set<store::CellKey> cells;
    for (const auto &response : responses)
        cells.insert({response.versionId, response.targetId, response.caseIndex.value_or(-1),
            response.repeatIndex.value_or(-1)});
    return cells;
}

const store::ResponseRecord &cellOf(
    const std::vector<store::ResponseRecord> &responses, const std::string &target, int caseIndex)
{
    for (const auto &response : responses) {
        if (response.targetId == target && response.caseIndex == caseIndex)
            return response;
    }
    throw std::runtime_error("no such cell");
}

} // namespace

class TestEvalRunner : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_files = 0;
    store::Project newProject()
    {
        return store::Project::create(
            m_dir.filePath(QString::number(++m_files) + QStringLiteral(".promptsmith"))
                .toStdString());
    }

private slots:
    void assertionsDecideEachCell()
    {
        auto project = newProject();
        const auto version = saveVersion(project);
        addTarget(project, "echo", providers::ProviderKind::Echo);
        const auto dataset = store::DatasetStore(project).importCases("tickets", "t.jsonl",
            {makeCase("charged twice", {{{"type", "icontains"}, {"value", "CHARGED"}}}),
                makeCase("lost my password", {{{"type", "equals"}, {"value", "billing"}}}),
                makeCase("refund please", {{{"type", "contains"}}}, "refund"),
                makeCase("where is it",
                    {{{"type", "contains"}, {"value", "where"}, {"weight", 3}},
                        {{"type", "contains"}, {"value", "absent"}}})});

        Engine engine;
        run::EvalRunner runner(project, engine.dispatcher, {});
        run::EvalSpec spec;
        spec.datasetId = dataset.id;
        spec.targets = {"echo"};
        const auto run = runner.start(version, spec);
        QCOMPARE(run.total, 4);
        QCOMPARE(run.datasetId, std::optional<std::int64_t>(dataset.id));
        QCOMPARE(run.options.value("repeat", 0), 1);

        const run::EvalResult result = runner.execute();
        QCOMPARE(result.sent, 4);
        QCOMPARE(result.answered, 4);
        QVERIFY(!result.cancelled);
        QVERIFY(result.storeErrors.empty());

        store::RunStore runs(project);
        const auto stored = runs.findRun(run.id);
        QCOMPARE(stored->status, model::RunStatus::Complete);
        QCOMPARE(stored->done, 4);
        const auto responses = runs.responses(run.id);
        QCOMPARE(responses.size(), std::size_t(4));

        const auto &first = cellOf(responses, "echo", 0);
        QCOMPARE(first.text, std::string("charged twice"));
        QCOMPARE(first.pass, std::optional<bool>(true));
        QCOMPARE(first.score, std::optional<double>(1.0));
        QCOMPARE(first.repeatIndex, std::optional<int>(0));
        QCOMPARE(first.assertions.size(), std::size_t(1));
        QCOMPARE(first.assertions[0]["type"].get<std::string>(), std::string("icontains"));
        QCOMPARE(first.assertions[0]["pass"].get<bool>(), true);
        QCOMPARE(first.costUsd, std::optional<double>()); // no price function given

        const auto &second = cellOf(responses, "echo", 1);
        QCOMPARE(second.pass, std::optional<bool>(false));
        QCOMPARE(second.score, std::optional<double>(0.0));
        QVERIFY(!second.assertions[0]["reason"].get<std::string>().empty());

        // No value: the case's expected output is looked for.
        QCOMPARE(cellOf(responses, "echo", 2).pass, std::optional<bool>(true));

        // Weighted: 3 of 4 passes, but without a threshold every assertion must pass.
        const auto &fourth = cellOf(responses, "echo", 3);
        QCOMPARE(fourth.pass, std::optional<bool>(false));
        QCOMPARE(fourth.score, std::optional<double>(0.75));
    }

    void priorMessagesGoBeforeTheLastUserMessage()
    {
        auto project = newProject();
        const auto version = saveVersion(project);
        addTarget(project, "echo", providers::ProviderKind::Echo);
        auto item = makeCase("and now?");
        item.messages = json::array({{{"role", "user"}, {"content", "Hi"}},
            {{"role", "assistant"}, {"content", "Hello!"}}});
        const auto dataset = store::DatasetStore(project).importCases("chat", "c.jsonl", {item});

        Engine engine;
        run::EvalRunner runner(project, engine.dispatcher, {});
        runner.start(version, {dataset.id, {"echo"}});
        const auto result = runner.execute();
        const auto responses = store::RunStore(project).responses(result.runId);
        QCOMPARE(responses.size(), std::size_t(1));
        QCOMPARE(responses[0].text, std::string("and now?"));
        const json messages = responses[0].renderedRequest["messages"];
        QCOMPARE(messages.size(), std::size_t(4));
        QCOMPARE(messages[0]["role"].get<std::string>(), std::string("system"));
        QCOMPARE(messages[1]["content"].get<std::string>(), std::string("Hi"));
        QCOMPARE(messages[2]["content"].get<std::string>(), std::string("Hello!"));
        QCOMPARE(messages[3]["content"].get<std::string>(), std::string("and now?"));
    }

    void runVariablesFillWhatACaseLeavesOut()
    {
        auto project = newProject();
        const auto version = saveVersion(project);
        addTarget(project, "echo", providers::ProviderKind::Echo);
        auto bare = makeCase("unused");
        bare.vars = json::object();
        const auto dataset = store::DatasetStore(project).importCases(
            "mixed", "m.jsonl", {makeCase("its own ticket"), bare});

        Engine engine;
        run::EvalRunner runner(project, engine.dispatcher, {});
        run::EvalSpec spec {dataset.id, {"echo"}};
        spec.vars = {{"ticket", "from --var"}};
        const auto run = runner.start(version, spec);
        QCOMPARE(run.options["vars"]["ticket"].get<std::string>(), std::string("from --var"));
        runner.execute();
        const auto responses = store::RunStore(project).responses(run.id);
        QCOMPARE(cellOf(responses, "echo", 0).text, std::string("its own ticket"));
        QCOMPARE(cellOf(responses, "echo", 1).text, std::string("from --var"));
    }

    void everyTargetAndRepeatIsACell()
    {
        auto project = newProject();
        const auto version = saveVersion(project);
        addTarget(project, "a", providers::ProviderKind::Echo);
        addTarget(project, "b", providers::ProviderKind::Echo);
        const auto dataset = store::DatasetStore(project).importCases(
            "tickets", "t.jsonl", {makeCase("one"), makeCase("two"), makeCase("three")});

        Engine engine;
        run::EvalRunner runner(project, engine.dispatcher, {});
        run::EvalSpec spec {dataset.id, {"a", "b"}};
        spec.repeat = 2;
        spec.concurrency = 3;
        std::vector<run::EvalProgress> seen;
        const auto run = runner.start(version, spec);
        QCOMPARE(run.total, 12);
        const auto result = runner.execute([&](const run::EvalProgress &p) { seen.push_back(p); });
        QCOMPARE(result.sent, 12);
        QVERIFY(!seen.empty());
        QCOMPARE(seen.back().done, 12);
        QCOMPARE(seen.back().total, 12);
        for (std::size_t i = 1; i < seen.size(); ++i)
            QVERIFY(seen[i].done >= seen[i - 1].done);

        const auto responses = store::RunStore(project).responses(run.id);
        QCOMPARE(responses.size(), std::size_t(12));
        const auto cells = cellsOf(responses);
        QCOMPARE(cells.size(), std::size_t(12)); // none twice
        for (const char *target : {"a", "b"}) {
            for (int c = 0; c < 3; ++c) {
                for (int r = 0; r < 2; ++r)
                    QVERIFY(cells.contains({run.versionId, target, c, r}));
            }
        }
    }

    void badInputStopsBeforeARunExists()
    {
        auto project = newProject();
        const auto version = saveVersion(project);
        addTarget(project, "echo", providers::ProviderKind::Echo);
        store::DatasetStore datasets(project);
        auto missing = makeCase("x");
        missing.vars = json::object(); // {{ticket}} would render empty
        const auto noVariable = datasets.importCases("novar", "n.jsonl", {makeCase("ok"), missing});
        const auto fine = datasets.importCases("fine", "f.jsonl", {makeCase("ok")});

        Engine engine;
        run::EvalRunner runner(project, engine.dispatcher, {});
        try {
            runner.start(version, {noVariable.id, {"echo"}});
            QFAIL("a case without its variable was accepted");
        } catch (const run::EvalInputError &error) {
            QCOMPARE(error.caseIndex(), 1);
            QVERIFY(std::string(error.what()).find("ticket") != std::string::npos);
        }
        try {
            runner.start(version, {fine.id, {"echo", "nowhere"}});
            QFAIL("an unknown target was accepted");
        } catch (const store::StoreError &error) {
            QCOMPARE(error.kind(), store::StoreError::Kind::NotFound);
        }
        try {
            runner.start(version, {fine.id + 100, {"echo"}});
            QFAIL("an unknown dataset was accepted");
        } catch (const store::StoreError &error) {
            QCOMPARE(error.kind(), store::StoreError::Kind::NotFound);
        }
        QVERIFY(store::RunStore(project).listRuns().empty());
    }

    void judgeIsTheTargetTheAssertionNames()
    {
        auto project = newProject();
        const auto version = saveVersion(project);
        addTarget(project, "echo", providers::ProviderKind::Echo);
        addTarget(project, "judge", providers::ProviderKind::Echo);
        // Echo answers with the judge prompt itself, which is no verdict: the assertion fails
        // and says which judge answered, and the reason is kept with the cell.
        const auto dataset = store::DatasetStore(project).importCases("judged", "j.jsonl",
            {makeCase("thanks, all fixed",
                {{{"type", "llm-rubric"}, {"value", "is polite"}, {"provider", "judge"}}})});
        const auto unknown = store::DatasetStore(project).importCases("nojudge", "n.jsonl",
            {makeCase("hi", {{{"type", "llm-rubric"}, {"value", "x"}, {"provider", "gone"}}})});

        Engine engine;
        run::EvalRunner runner(project, engine.dispatcher, {});
        try {
            runner.start(version, {unknown.id, {"echo"}});
            QFAIL("an unknown judge target was accepted");
        } catch (const store::StoreError &error) {
            QCOMPARE(error.kind(), store::StoreError::Kind::NotFound);
        }
        runner.start(version, {dataset.id, {"echo"}});
        const auto result = runner.execute();
        const auto responses = store::RunStore(project).responses(result.runId);
        QCOMPARE(responses.size(), std::size_t(1));
        QCOMPARE(responses[0].pass, std::optional<bool>(false));
        const json assertion = responses[0].assertions.at(0);
        QCOMPARE(assertion["type"].get<std::string>(), std::string("llm-rubric"));
        QCOMPARE(assertion["pass"].get<bool>(), false);
        const std::string reason = assertion["judge_reason"].get<std::string>();
        QVERIFY2(reason.find("judge target 'judge'") != std::string::npos, reason.c_str());
    }

    void fakeProviderCellsRespectConcurrency()
    {
        fakeprovider::FakeProviderOptions options;
        options.latency = std::chrono::milliseconds(40);
        fakeprovider::FakeProviderServer server(options);
        QVERIFY(server.start());
        auto project = newProject();
        const auto version = saveVersion(project);
        addTarget(project, "fake", providers::ProviderKind::OpenAiCompatible, server.baseUrl(),
            "fake-model");
        std::vector<eval::DatasetCase> cases;
        for (int i = 0; i < 12; ++i)
            cases.push_back(makeCase("ticket number " + std::to_string(i),
                {{{"type", "starts-with"}, {"value", "Echo from fake-model"}},
                    {{"type", i == 5 ? "equals" : "contains"},
                        {"value", "number " + std::to_string(i)}}}));
        const auto dataset = store::DatasetStore(project).importCases("many", "m.jsonl", cases);

        Engine engine;
        run::EvalRunner runner(project, engine.dispatcher,
            [](const dispatch::TargetCall &, const dispatch::CallOutcome &outcome) {
                return std::optional<double>(
                    0.001 * static_cast<double>(outcome.result.usage.outputTokens.value_or(0)));
            });
        run::EvalSpec spec {dataset.id, {"fake"}};
        spec.concurrency = 3;
        spec.useCache = false;
        runner.start(version, spec);
        const auto started = std::chrono::steady_clock::now();
        const auto result = runner.execute();
        const auto elapsed = std::chrono::steady_clock::now() - started;
        QCOMPARE(result.answered, 12);
        QCOMPARE(server.requestCount(), 12);
        // 12 cells three at a time are at least 4 rounds of the server's latency; the server
        // saw three at once, never more.
        QVERIFY(elapsed >= 4 * options.latency);
        QCOMPARE(server.maxInFlight(), 3);

        const auto responses = store::RunStore(project).responses(result.runId);
        QCOMPARE(cellsOf(responses).size(), std::size_t(12));
        for (const auto &response : responses) {
            const int caseIndex = *response.caseIndex;
            QVERIFY(response.text.find("number " + std::to_string(caseIndex)) != std::string::npos);
            QCOMPARE(response.pass, std::optional<bool>(caseIndex != 5));
            QVERIFY(response.costUsd.has_value());
            QVERIFY(*response.costUsd > 0);
            QCOMPARE(response.cached, false);
        }
    }

    void aFallbackAnswersWithTheCasesMessages()
    {
        fakeprovider::FakeProviderServer server;
        QVERIFY(server.start());
        auto project = newProject();
        const auto version = saveVersion(project);
        addTarget(project, "echo", providers::ProviderKind::Echo);
        addTarget(project, "broken", providers::ProviderKind::OpenAiCompatible, server.baseUrl(),
            "fault:context-length");
        {
            store::ProviderCatalog catalog(project);
            store::TargetRecord target = *catalog.findTarget("broken");
            target.id = "guarded";
            target.fallbackTargetId = "echo";
            catalog.addTarget(target);
        }
        const auto dataset = store::DatasetStore(project).importCases(
            "two", "t.jsonl", {makeCase("first ticket"), makeCase("second ticket")});

        Engine engine;
        run::EvalRunner runner(project, engine.dispatcher, {});
        runner.start(version, {dataset.id, {"guarded"}});
        const auto result = runner.execute();
        QCOMPARE(result.answered, 2);
        const auto responses = store::RunStore(project).responses(result.runId);
        // Each case's own messages reach the fallback: echo answers with that case's ticket.
        QCOMPARE(cellOf(responses, "guarded", 0).text, std::string("first ticket"));
        QCOMPARE(cellOf(responses, "guarded", 1).text, std::string("second ticket"));
        QCOMPARE(
            cellOf(responses, "guarded", 1).fellBackFrom, std::optional<std::string>("guarded"));
    }

    void aSecondEvalAnswersFromTheCache()
    {
        fakeprovider::FakeProviderServer server;
        QVERIFY(server.start());
        auto project = newProject();
        const auto version = saveVersion(project);
        addTarget(project, "fake", providers::ProviderKind::OpenAiCompatible, server.baseUrl());
        const auto dataset = store::DatasetStore(project).importCases(
            "three", "t.jsonl", {makeCase("alpha beta"), makeCase("gamma"), makeCase("delta")});

        MemoryCache cache;
        Engine engine(&cache);
        run::EvalSpec spec {dataset.id, {"fake"}};
        {
            run::EvalRunner runner(project, engine.dispatcher, {});
            runner.start(version, spec);
            QCOMPARE(runner.execute().answered, 3);
        }
        QCOMPARE(server.requestCount(), 3);
        run::EvalRunner again(project, engine.dispatcher, {});
        again.start(version, spec);
        const auto result = again.execute();
        QCOMPARE(result.answered, 3);
        QCOMPARE(server.requestCount(), 3); // nothing sent the second time
        for (const auto &response : store::RunStore(project).responses(result.runId)) {
            QVERIFY(response.cached);
            QCOMPARE(response.costUsd, std::optional<double>(0.0));
        }

        // --no-cache sends every cell again.
        spec.useCache = false;
        run::EvalRunner fresh(project, engine.dispatcher, {});
        fresh.start(version, spec);
        QCOMPARE(fresh.execute().answered, 3);
        QCOMPARE(server.requestCount(), 6);
    }

    // Two versions × one target: each version's cells are its own column — rendered with its
    // own messages, stored under its own version — and a resumed run sends only the cells of
    // either version that are not answered.
    void versionsAreColumnsAndResumeByVersion()
    {
        auto project = newProject();
        const auto first = saveVersion(project);
        store::SaveRequest request;
        request.promptName = "triage";
        request.author = "test";
        request.content = model::VersionContent::fromJson({{"messages",
            {{{"role", "system"}, {"content", "Label this ticket."}},
                {{"role", "user"}, {"content", "urgent {{ticket}}"}}}}});
        const auto second = project.saveVersion(request).version;
        addTarget(project, "echo", providers::ProviderKind::Echo);
        const auto dataset = store::DatasetStore(project).importCases(
            "three", "t.jsonl", {makeCase("a"), makeCase("b"), makeCase("c")});

        Engine engine;
        run::EvalRunner runner(project, engine.dispatcher, {});
        try {
            runner.start({first, first}, run::EvalSpec {dataset.id, {"echo"}});
            QFAIL("a version given twice was accepted");
        } catch (const store::StoreError &error) {
            QCOMPARE(error.kind(), store::StoreError::Kind::BadInput);
            QVERIFY(std::string(error.what()).find("triage@1 is given twice") != std::string::npos);
        }
        const auto run = runner.start({first, second}, run::EvalSpec {dataset.id, {"echo"}});
        QCOMPARE(run.total, 6);
        QCOMPARE(run.options["versions"].dump(), json({"triage@1", "triage@2"}).dump());
        // Stop it after the first cells, as a crash would.
        store::RunStore runs(project);
        runs.addResponse(run.id, [&] {
            store::ResponseRecord answered;
            answered.targetId = "echo";
            answered.versionId = second.id;
            answered.text = "kept as it was";
            answered.caseIndex = 1;
            answered.repeatIndex = 0;
            answered.pass = true;
            answered.score = 1.0;
            return answered;
        }());
        QCOMPARE(test::rawExec(project.path().string(),
                     "UPDATE run_records SET owner_pid = 0 WHERE id = '" + run.id + "'"),
            SQLITE_OK);
        // The same case of the other version is another cell: it is not answered yet.
        QCOMPARE(runs.answeredCells(run.id),
            (std::set<store::CellKey> {{second.id, "echo", 1, 0}}));

        run::EvalRunner resumer(project, engine.dispatcher, {});
        resumer.resume(run.id);
        const auto result = resumer.execute();
        QCOMPARE(result.total, 6);
        QCOMPARE(result.skipped, 1);
        QCOMPARE(result.sent, 5);
        const auto responses = runs.responses(run.id);
        QCOMPARE(cellsOf(responses).size(), std::size_t(6));
        std::map<std::string, std::string> texts; // by "NAME@N case"
        for (const auto &response : responses)
            texts[response.version + " " + std::to_string(*response.caseIndex)] = response.text;
        QCOMPARE(texts["triage@1 1"], std::string("b"));
        QCOMPARE(texts["triage@2 1"], std::string("kept as it was"));
        QCOMPARE(texts["triage@2 2"], std::string("urgent c"));
        QCOMPARE(texts["triage@1 0"], std::string("a"));

        const run::EvalReport report = run::buildEvalReport(project, run.id, {});
        QCOMPARE(report.columns, (std::vector<std::string> {"triage@1|echo", "triage@2|echo"}));
        QCOMPARE(report.versions, (std::vector<std::string> {"triage@1", "triage@2"}));
        QCOMPARE(report.summary.at("triage@2|echo").n, 3);
        QCOMPARE(report.comparisons.size(), std::size_t(1));
        QCOMPARE(report.comparisons[0].targetA, std::string("triage@1|echo"));
        QCOMPARE(report.comparisons[0].counts.pairs(), 3);
    }

    void resumeSendsOnlyWhatIsNotAnswered()
    {
        auto project = newProject();
        const auto version = saveVersion(project);
        addTarget(project, "echo", providers::ProviderKind::Echo);
        const auto dataset = store::DatasetStore(project).importCases(
            "four", "f.jsonl", {makeCase("a"), makeCase("b"), makeCase("c"), makeCase("d")});

        // A run whose process died after storing case 0 answered and case 1 errored.
        store::RunStore runs(project);
        run::EvalSpec spec {dataset.id, {"echo"}};
        const auto run = runs.startRun("eval", version, {"echo"}, 4, dataset.id, spec.toOptions());
        store::ResponseRecord answered;
        answered.targetId = "echo";
        answered.text = "kept as it was";
        answered.caseIndex = 0;
        answered.repeatIndex = 0;
        answered.pass = true;
        answered.score = 1.0;
        runs.addResponse(run.id, answered);
        store::ResponseRecord errored = answered;
        errored.caseIndex = 1;
        errored.text.clear();
        errored.error = store::ResponseError {"timeout", "no answer", std::nullopt};
        errored.pass = false;
        errored.score = 0.0;
        runs.addResponse(run.id, errored);
        // Its process is gone: the owner recorded is no process at all.
        QCOMPARE(test::rawExec(project.path().string(),
                     "UPDATE run_records SET owner_pid = 0 WHERE id = '" + run.id + "'"),
            SQLITE_OK);
        QCOMPARE(runs.findRun(run.id)->status, model::RunStatus::Incomplete);
        QCOMPARE(runs.answeredCells(run.id),
            (std::set<store::CellKey> {{run.versionId, "echo", 0, 0}}));

        Engine engine;
        run::EvalRunner runner(project, engine.dispatcher, {});
        const auto resumed = runner.resume(run.id);
        QCOMPARE(resumed.status, model::RunStatus::Running);
        const auto result = runner.execute();
        QCOMPARE(result.skipped, 1);
        QCOMPARE(result.sent, 3); // the errored cell is tried again
        QCOMPARE(result.answered, 3);

        const auto responses = runs.responses(run.id);
        QCOMPARE(responses.size(), std::size_t(4));
        QCOMPARE(cellsOf(responses).size(), std::size_t(4));
        QCOMPARE(cellOf(responses, "echo", 0).text, std::string("kept as it was"));
        QCOMPARE(cellOf(responses, "echo", 1).text, std::string("b"));
        QVERIFY(!cellOf(responses, "echo", 1).error);
        QCOMPARE(runs.findRun(run.id)->status, model::RunStatus::Complete);

        // An answered cell is never stored twice.
        try {
            runs.addResponse(run.id, answered);
            QFAIL("a second answer to a cell was stored");
        } catch (const store::StoreError &error) {
            QCOMPARE(error.kind(), store::StoreError::Kind::AlreadyExists);
        }
    }

    void cancelLeavesAResumableRun()
    {
        fakeprovider::FakeProviderOptions options;
        options.latency = std::chrono::milliseconds(100);
        fakeprovider::FakeProviderServer server(options);
        QVERIFY(server.start());
        auto project = newProject();
        const auto version = saveVersion(project);
        addTarget(project, "fake", providers::ProviderKind::OpenAiCompatible, server.baseUrl());
        std::vector<eval::DatasetCase> cases;
        for (int i = 0; i < 10; ++i)
            cases.push_back(makeCase("case " + std::to_string(i)));
        const auto dataset = store::DatasetStore(project).importCases("ten", "t.jsonl", cases);

        Engine engine;
        run::EvalSpec spec {dataset.id, {"fake"}};
        spec.concurrency = 2;
        spec.useCache = false;
        std::string runId;
        {
            run::EvalRunner runner(project, engine.dispatcher, {});
            runId = runner.start(version, spec).id;
            const auto result = runner.execute([&](const run::EvalProgress &progress) {
                if (progress.done >= 2)
                    runner.cancel();
            });
            QVERIFY(result.cancelled);
            QVERIFY(result.answered >= 2);
            QVERIFY(result.answered < 10);
        }
        store::RunStore runs(project);
        QCOMPARE(runs.findRun(runId)->status, model::RunStatus::Cancelled);
        const auto before = runs.responses(runId);
        for (const auto &response : before)
            QVERIFY(!response.error); // the calls cancelled are not stored as answers

        run::EvalRunner resumed(project, engine.dispatcher, {});
        resumed.resume(runId);
        const auto result = resumed.execute();
        QCOMPARE(result.skipped, static_cast<int>(before.size()));
        QCOMPARE(result.sent, 10 - static_cast<int>(before.size()));
        QCOMPARE(runs.findRun(runId)->status, model::RunStatus::Complete);
        const auto after = runs.responses(runId);
        QCOMPARE(after.size(), std::size_t(10));
        QCOMPARE(cellsOf(after).size(), std::size_t(10));
    }

    void specSurvivesInTheRun()
    {
        run::EvalSpec spec;
        spec.datasetId = 7;
        spec.targets = {"a", "b"};
        spec.repeat = 3;
        spec.concurrency = 5;
        spec.useCache = false;
        spec.vars = {{"lang", "fr"}};
        spec.extra = {{"gates", {"pass_rate>=0.8"}}};
        model::RunRecord run;
        run.datasetId = 7;
        run.targets = spec.targets;
        run.options = spec.toOptions();
        const run::EvalSpec back = run::EvalSpec::fromRun(run);
        QCOMPARE(back.datasetId, std::int64_t(7));
        QCOMPARE(back.targets, spec.targets);
        QCOMPARE(back.repeat, 3);
        QCOMPARE(back.concurrency, 5);
        QCOMPARE(back.useCache, false);
        QVERIFY(back.vars == spec.vars);
        QVERIFY(back.extra == spec.extra);
    }
};

QTEST_APPLESS_MAIN(TestEvalRunner)
#include "test_eval_runner.moc"
