// `eval --batch`: the cells go to the fake provider's batch APIs (OpenAI Files + Batches,
// Anthropic Message Batches) and come back as the same cells a live run fills, at half the
// catalogue's price; a run killed while its batch runs is collected by --resume without sending
// anything again; cells a batch failed are reported or asked again live; Ctrl+C cancels the
// batch at the provider.
#include "cli_test_helpers.h"
#include "fake_provider_server.h"

#include "store/project.h"
#include "store/run_store.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <map>

using namespace ps;
using ps::test::argList;
using ps::test::cli;
using ps::test::CliResult;
using ps::test::describe;
using ps::test::writeFile;
using nlohmann::json;

namespace {

constexpr int kCases = 1000;
constexpr const char *kKey = "sk-batch-test-key";

fakeprovider::FakeProviderOptions keyedOptions()
{
    fakeprovider::FakeProviderOptions options;
    options.apiKey = kKey;
    return options;
}

} // namespace

class TestCliEvalBatch : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_project;
    // Every route checks the key (Bearer for OpenAI's files and batches, x-api-key for
    // Anthropic's), so a batch request sent without it fails the test.
    fakeprovider::FakeProviderServer m_server {keyedOptions()};

    QStringList keys() const
    {
        return {QStringLiteral("OPENAI_API_KEY=") + QString::fromLatin1(kKey),
            QStringLiteral("ANTHROPIC_API_KEY=") + QString::fromLatin1(kKey)};
    }
    CliResult inProject(std::initializer_list<test::Arg> args) const
    {
        return test::runCli(QStringList {QStringLiteral("--project"), m_project} + argList(args), {}, keys());
    }
    bool succeeds(std::initializer_list<test::Arg> args) const
    {
        const CliResult result = inProject(args);
        if (result.exitCode != 0)
            qWarning("%s", describe(result).constData());
        return result.exitCode == 0;
    }
    // The results document of an eval run with these arguments (exit 0, or 1: some cases fail).
    json evalDocument(const QString &name, std::initializer_list<test::Arg> args) const
    {
        const QString output = m_dir.filePath(name);
        const CliResult result = test::runCli(QStringList {QStringLiteral("--project"), m_project, QStringLiteral("eval")}
                + argList(args) + QStringList {QStringLiteral("--output"), output},
            {}, keys());
        if (result.exitCode != 0 && result.exitCode != 1) {
            qWarning("%s", describe(result).constData());
            return nullptr;
        }
        QFile file(output);
        if (!file.open(QIODevice::ReadOnly))
            return nullptr;
        return json::parse(file.readAll().toStdString());
    }
    // Each cell's text, verdict and tokens by case: what a batch must give as a live run does.
    static std::map<int, std::string> cellsOf(const json &document)
    {
        std::map<int, std::string> cells;
        for (const json &cell : document["cells"])
            cells[cell["case"].get<int>()] = cell["text"].get<std::string>() + "|"
                + (cell["pass"].get<bool>() ? "pass" : "fail") + "|" + test::dumped(cell["score"]).toStdString();
        return cells;
    }
    std::vector<model::RunRecord> storedRuns() const
    {
        const store::Project project = store::Project::open(m_project.toStdString());
        return store::RunStore(project).listRuns();
    }
    // promptsmith-cli started, for a test that kills or interrupts it.
    std::unique_ptr<QProcess> startEval(std::initializer_list<test::Arg> args) const
    {
        auto process = std::make_unique<QProcess>();
        process->setProcessEnvironment(test::cliEnvironment(keys()));
        process->start(QStringLiteral(PS_CLI_PATH),
            QStringList {QStringLiteral("--project"), m_project, QStringLiteral("eval")} + argList(args));
        return process;
    }
    // Until the client has looked at a batch's status once more: its batch is stored by then.
    bool waitForAStatusLook(int before) const
    {
        return QTest::qWaitFor([&] { return m_server.batches().statusRequests() > before; }, 60'000);
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY(m_server.start());
        m_project = m_dir.filePath(QStringLiteral("batch.promptsmith"));
        QCOMPARE(cli({"init", m_project}).exitCode, 0);
        const QString content = m_dir.filePath(QStringLiteral("triage.json"));
        const json version = {{"messages",
            {{{"role", "system"}, {"content", "Label the ticket."}},
                {{"role", "user"}, {"content", "ticket number {{n}} about {{topic}}"}}}}, {"params", {{"max_tokens", 64}}}};
        QByteArray lines;
        for (int i = 0; i < kCases; ++i) {
            json assertions = json::array({{{"type", "starts-with"}, {"value", "Echo from "}}});
            if (i % 5 == 0) // every fifth case fails, so pass rates have something to compare
                assertions.push_back({{"type", "contains"}, {"value", "never said"}});
            const json item = {{"vars", {{"n", std::to_string(i)}, {"topic", i % 3 == 0 ? "billing and refunds" : "login"}}},
                {"assert", assertions}};
            lines += QByteArray::fromStdString(item.dump()) + '\n';
        }
        const QString small = m_dir.filePath(QStringLiteral("small.jsonl"));
        QByteArray tenLines;
        for (const QByteArray &line : lines.split('\n').mid(0, 10))
            tenLines += line + '\n';
        QVERIFY(writeFile(small, tenLines));
        const QString dataset = m_dir.filePath(QStringLiteral("tickets.jsonl"));
        QVERIFY(writeFile(content, QByteArray::fromStdString(version.dump())));
        QVERIFY(writeFile(dataset, lines));
        const QString url = QString::fromStdString(m_server.baseUrl());
        const QString host = QString::fromStdString(m_server.hostUrl());
        QVERIFY(succeeds({"prompt", "add", "triage"}));
        QVERIFY(succeeds({"version", "save", "triage", "--from", content, "-m", "first"}));
        QVERIFY(succeeds({"provider", "add", "oa", "--kind", "openai", "--base-url", url}));
        QVERIFY(succeeds({"provider", "add", "an", "--kind", "anthropic", "--base-url", host}));
        QVERIFY(succeeds({"provider", "add", "ge", "--kind", "gemini", "--base-url", host}));
        QVERIFY(succeeds({"target", "add", "mini", "--provider", "oa", "--model", "gpt-4o-mini"}));
        QVERIFY(succeeds({"target", "add", "sonnet", "--provider", "an", "--model", "claude-sonnet-4-5"}));
        QVERIFY(succeeds({"target", "add", "flash", "--provider", "ge", "--model", "gemini-2.5-flash"}));
        QVERIFY(succeeds({"target", "add", "shaky", "--provider", "oa", "--model", "fault:fail-times:3:500"}));
        QVERIFY(succeeds({"target", "add", "shaky-retry", "--provider", "oa", "--model", "fault:fail-times:2:500"}));
        QVERIFY(succeeds({"dataset", "import", "tickets", dataset}));
        QVERIFY(succeeds({"dataset", "import", "ten", small}));
    }

    void aBatchGivesTheLiveCellsAtHalfTheCatalogueCost()
    {
        const json live = evalDocument(QStringLiteral("live.json"), {"triage", "--dataset", "tickets", "--target", "mini", "--no-cache"});
        QVERIFY(live.is_object());
        const int createdBefore = m_server.batches().batchesCreated();
        const int submittedBefore = m_server.batches().requestsSubmitted();
        const json batch = evalDocument(QStringLiteral("batch.json"),
            {"triage", "--dataset", "tickets", "--target", "mini", "--no-cache", "--batch", "--poll", "0.05"});
        QVERIFY(batch.is_object());
        QCOMPARE(m_server.batches().batchesCreated(), createdBefore + 1); // one batch, 1,000 requests
        QCOMPARE(m_server.batches().requestsSubmitted(), submittedBefore + kCases);

        QCOMPARE(batch["cells"].size(), std::size_t(kCases));
        QCOMPARE(cellsOf(batch), cellsOf(live));
        const json &liveSummary = live["summary"]["mini"];
        const json &batchSummary = batch["summary"]["mini"];
        QCOMPARE(batchSummary["n"].get<int>(), kCases);
        for (const char *field : {"pass_rate", "mean_score", "errors", "input_tokens", "output_tokens"}) {
            if (liveSummary.contains(field))
                QVERIFY2(batchSummary[field] == liveSummary[field], field);
        }
        QCOMPARE(batchSummary["pass_rate"].get<double>(), 0.8);
        const double liveCost = liveSummary["cost_usd"].get<double>();
        QVERIFY(liveCost > 0);
        QVERIFY2(qAbs(batchSummary["cost_usd"].get<double>() - liveCost / 2) < 1e-9,
            test::dumped(batchSummary).toUtf8().constData());
        // A batch answer waited in a queue: no latency is made up for it.
        QVERIFY(batchSummary["latency_ms_p50"].is_null());
        QVERIFY(batch["cells"][0]["total_ms"].is_null());
        QVERIFY(batch["cells"][0]["batch_id"].get<std::string>().starts_with("batch_fake_"));
    }

    void anthropicBatchesToo()
    {
        const json live = evalDocument(QStringLiteral("an-live.json"), {"triage", "--dataset", "ten", "--target", "sonnet", "--no-cache"});
        const json batch = evalDocument(QStringLiteral("an-batch.json"),
            {"triage", "--dataset", "ten", "--target", "sonnet", "--no-cache", "--batch", "--poll", "0.05"});
        QVERIFY(live.is_object() && batch.is_object());
        QCOMPARE(cellsOf(batch), cellsOf(live));
        QVERIFY(batch["cells"][0]["batch_id"].get<std::string>().starts_with("msgbatch_fake_"));
        QVERIFY(qAbs(batch["summary"]["sonnet"]["cost_usd"].get<double>() - live["summary"]["sonnet"]["cost_usd"].get<double>() / 2) < 1e-9);
        // The key went in a header only, never into a request's body.
        for (const std::string &body : m_server.recentRequestBodies())
            QVERIFY(body.find(kKey) == std::string::npos);
    }

    void aKilledRunResumesWithoutSendingAgain()
    {
        m_server.batches().hold(true);
        const int created = m_server.batches().batchesCreated();
        const int submitted = m_server.batches().requestsSubmitted();
        const int answered = m_server.batches().requestsAnswered();
        const int looks = m_server.batches().statusRequests();
        auto process = startEval({"triage", "--dataset", "tickets", "--target", "mini", "--no-cache", "--batch", "--poll", "0.05"});
        QVERIFY(process->waitForStarted());
        QVERIFY(waitForAStatusLook(looks));
        process->kill(); // SIGKILL: no chance to tidy up
        QVERIFY(process->waitForFinished());
        QCOMPARE(m_server.batches().batchesCreated(), created + 1);
        const model::RunRecord killed = storedRuns().front();
        QCOMPARE(killed.status, model::RunStatus::Incomplete); // its process is gone

        m_server.batches().hold(false);
        const CliResult resumed = inProject({"--json", "eval", "--resume", QString::fromStdString(killed.id)});
        QVERIFY2(resumed.exitCode == 0 || resumed.exitCode == 1, describe(resumed));
        // Collected, not sent again: no new batch, no request twice, each answered once.
        QCOMPARE(m_server.batches().batchesCreated(), created + 1);
        QCOMPARE(m_server.batches().requestsSubmitted(), submitted + kCases);
        QCOMPARE(m_server.batches().requestsAnswered(), answered + kCases);
        const json document = test::jsonOut(resumed);
        QCOMPARE(document["status"].get<std::string>(), std::string("complete"));
        QCOMPARE(document["cells"].size(), std::size_t(kCases));
        QCOMPARE(document["summary"]["mini"]["errors"].get<int>(), 0);
    }

    void failedCellsAreReportedOrAskedAgainLive()
    {
        const json reported = evalDocument(QStringLiteral("reported.json"),
            {"triage", "--dataset", "ten", "--target", "shaky", "--no-cache", "--batch", "--poll", "0.05"});
        QVERIFY(reported.is_object());
        QCOMPARE(reported["summary"]["shaky"]["errors"].get<int>(), 3);
        int errored = 0;
        for (const json &cell : reported["cells"]) {
            if (!cell["error"].is_null()) {
                ++errored;
                QCOMPARE(cell["error"]["category"].get<std::string>(), std::string("server"));
            }
        }
        QCOMPARE(errored, 3);

        const CliResult retried = inProject({"--json", "eval", "triage", "--dataset", "ten", "--target", "shaky-retry", "--no-cache",
            "--batch", "--poll", "0.05", "--batch-failed", "retry"});
        QVERIFY2(retried.exitCode == 0 || retried.exitCode == 1, describe(retried));
        QVERIFY2(retried.err.contains("2 cells the batch failed were asked again live"), retried.err.constData());
        const json document = test::jsonOut(retried);
        QCOMPARE(document["summary"]["shaky-retry"]["errors"].get<int>(), 0);
        int live = 0;
        for (const json &cell : document["cells"])
            live += cell.contains("batch_id") ? 0 : 1;
        QCOMPARE(live, 2);
    }

    void ctrlCCancelsTheBatchAtTheProvider()
    {
        m_server.batches().hold(true);
        const int cancelled = m_server.batches().batchesCancelled();
        const int looks = m_server.batches().statusRequests();
        auto process = startEval({"triage", "--dataset", "ten", "--target", "sonnet", "--no-cache", "--batch", "--poll", "0.05"});
        QVERIFY(process->waitForStarted());
        QVERIFY(waitForAStatusLook(looks));
        ::kill(static_cast<pid_t>(process->processId()), SIGINT);
        QVERIFY(process->waitForFinished(60'000));
        m_server.batches().hold(false);
        QCOMPARE(process->exitCode(), 130);
        QCOMPARE(m_server.batches().batchesCancelled(), cancelled + 1);
        QVERIFY(process->readAllStandardError().contains("batches were cancelled at the provider"));
        QCOMPARE(storedRuns().front().status, model::RunStatus::Cancelled);
    }

    void detachReturnsAndResumeCollects()
    {
        const int created = m_server.batches().batchesCreated();
        m_server.batches().hold(true); // still running when the client looks
        const CliResult detached = inProject({"eval", "triage", "--dataset", "ten", "--target", "mini", "--no-cache", "--batch",
            "--poll", "0.05", "--detach"});
        QCOMPARE(detached.exitCode, 0);
        QVERIFY2(detached.out.contains("eval --resume"), detached.out.constData());
        QCOMPARE(m_server.batches().batchesCreated(), created + 1);
        m_server.batches().hold(false);
        const std::string runId = storedRuns().front().id;
        const CliResult collected = inProject({"--json", "eval", "--resume", QString::fromStdString(runId)});
        QVERIFY2(collected.exitCode == 0 || collected.exitCode == 1, describe(collected));
        QCOMPARE(test::jsonOut(collected)["cells"].size(), std::size_t(10));
        QCOMPARE(m_server.batches().batchesCreated(), created + 1);
    }

    void onlyTargetsWithABatchApiBatch()
    {
        const CliResult refused = inProject({"eval", "triage", "--dataset", "ten", "--target", "flash", "--batch"});
        QCOMPARE(refused.exitCode, 3);
        QVERIFY2(refused.err.contains("batch evaluations take openai and anthropic targets"), refused.err.constData());
        QCOMPARE(inProject({"eval", "triage", "--dataset", "ten", "--target", "mini", "--detach"}).exitCode, 2);
    }
};

QTEST_GUILESS_MAIN(TestCliEvalBatch)
#include "test_cli_eval_batch.moc"
