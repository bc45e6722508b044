// `eval` end to end: the real CLI runs a version over a dataset against the in-process fake
// provider; killed midway, it resumes without asking any answered cell again.
#include "cli_test_helpers.h"

#include "fake_provider_server.h"
#include "store/project.h"
#include "store/run_store.h"

#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>

#include <csignal>
#include <cstdlib>
#include <memory>
#include <set>

using namespace ps;
using namespace ps::test;

namespace {

// The fake provider's documented reply: "Echo from <model>: " and the user message's first
// 8 words.
std::string fakeReply(const std::string &model, const std::string &user)
{
    return "Echo from " + model + ": " + user;
}

} // namespace

class TestCliEval : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_project;
    std::unique_ptr<fakeprovider::FakeProviderServer> m_server;
    int m_projects = 0;

    CliResult inProject(std::initializer_list<Arg> args)
    {
        return runCli(QStringList {QStringLiteral("--project"), m_project} + argList(args));
    }
    bool succeeds(std::initializer_list<Arg> args)
    {
        const CliResult result = inProject(args);
        if (result.exitCode != 0)
            qWarning() << describe(result);
        return result.exitCode == 0;
    }

    // A new project and fake server: targets `a` and `b` (models model-a, model-b), version
    // triage@1 sending "ticket number <i>", and dataset `tickets` of `cases` cases whose
    // assertion passes for the fake's reply (and, in every fifth case, one that fails).
    bool setUp(int cases, std::chrono::milliseconds latency, bool someFail = false)
    {
        fakeprovider::FakeProviderOptions options;
        options.latency = latency;
        m_server = std::make_unique<fakeprovider::FakeProviderServer>(options);
        if (!m_server->start())
            return false;
        m_project = m_dir.filePath(QStringLiteral("p%1.promptsmith").arg(++m_projects));
        if (cli({"init", m_project}).exitCode != 0)
            return false;
        const QString content = m_dir.filePath(QStringLiteral("triage.json"));
        const nlohmann::json version = {{"messages",
            {{{"role", "system"}, {"content", "Label the ticket."}},
                {{"role", "user"}, {"content", "ticket number {{n}}"}}}}};
        QByteArray lines;
        for (int i = 0; i < cases; ++i) {
            nlohmann::json assertions
                = nlohmann::json::array({{{"type", "starts-with"}, {"value", "Echo from model-"}}});
            if (someFail && i % 5 == 0)
                assertions.push_back({{"type", "contains"}, {"value", "never said"}});
            const nlohmann::json item
                = {{"vars", {{"n", std::to_string(i)}}}, {"assert", assertions}};
            lines += QByteArray::fromStdString(item.dump()) + '\n';
        }
        const QString dataset = m_dir.filePath(QStringLiteral("tickets%1.jsonl").arg(m_projects));
        const QString url = QString::fromStdString(m_server->baseUrl());
        return writeFile(content, QByteArray::fromStdString(version.dump()))
            && writeFile(dataset, lines) && succeeds({"prompt", "add", "triage"})
            && succeeds({"version", "save", "triage", "--from", content, "-m", "first"})
            && succeeds({"provider", "add", "fake", "--kind", "openai-compatible", "--base-url",
                url, "--timeout", "10"})
            && succeeds({"target", "add", "a", "--provider", "fake", "--model", "model-a"})
            && succeeds({"target", "add", "b", "--provider", "fake", "--model", "model-b"})
            && succeeds({"target", "add", "broken", "--provider", "fake", "--model",
                "fault:context-length"})
            && succeeds({"dataset", "import", "tickets", dataset});
    }

    // The runs as the store reads them from the file, from outside the CLI's process.
    std::vector<model::RunRecord> storedRuns() const
    {
        const store::Project project = store::Project::open(m_project.toStdString());
        return store::RunStore(project).listRuns();
    }
    std::vector<store::ResponseRecord> storedCells(const std::string &runId) const
    {
        const store::Project project = store::Project::open(m_project.toStdString());
        return store::RunStore(project).responses(runId);
    }
    int storedCount() const
    {
        const auto runs = storedRuns();
        return runs.empty() ? 0 : runs.front().done;
    }
    nlohmann::json listedRun(const std::string &runId)
    {
        const nlohmann::json document = jsonOut(inProject({"runs", "--json"}));
        for (const auto &run : document["runs"])
            if (run["id"] == runId)
                return run;
        return nullptr;
    }

    void startCli(QProcess &process, const QStringList &args)
    {
        process.setProcessEnvironment(cliEnvironment());
        process.start(QStringLiteral(PS_CLI_PATH),
            QStringList {QStringLiteral("--project"), m_project} + args);
        QVERIFY(process.waitForStarted(10000));
        process.closeWriteChannel();
    }

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    // Done-when #3: SIGKILL midway, resume, every cell answered exactly once.
    void killedMidwayResumesWithoutAskingTwice()
    {
        constexpr int kCases = 30;
        constexpr int kTargets = 2;
        constexpr int kCells = kCases * kTargets;
        constexpr int kConcurrency = 4;
        QVERIFY(setUp(kCases, std::chrono::milliseconds(100)));

        QProcess child;
        startCli(child,
            argList({"eval", "triage", "--dataset", "tickets", "--target", "a", "--target", "b",
                "--no-cache", "--concurrency", QString::number(kConcurrency)}));
        // Cells are committed one by one while the run goes on: kill it once some are on disk.
        QTRY_VERIFY_WITH_TIMEOUT(storedCount() >= 6, 20000);
        child.kill(); // SIGKILL: no handler runs, nothing is tidied up
        QVERIFY(child.waitForFinished(10000));
        QCOMPARE(child.exitStatus(), QProcess::CrashExit);

        const auto runs = storedRuns();
        QCOMPARE(runs.size(), std::size_t(1));
        const std::string runId = runs.front().id;
        const nlohmann::json listed = listedRun(runId);
        QCOMPARE(str(listed["status"]), QStringLiteral("incomplete"));
        QCOMPARE(listed["total"].get<int>(), kCells);

        const int storedAtKill = static_cast<int>(storedCells(runId).size());
        const int sentAtKill = m_server->requestCount();
        QVERIFY2(storedAtKill < kCells, "the run ended before it could be killed");
        // Every stored cell was sent once; besides them, at most `concurrency` requests were in
        // flight when the process died — sent, but never stored.
        QVERIFY(sentAtKill >= storedAtKill);
        QVERIFY(sentAtKill <= storedAtKill + kConcurrency);

        QVERIFY(m_server->maxInFlight() <= kConcurrency); // --concurrency held before the kill
        // The killed process's requests are still being answered into closed sockets; let them
        // end, so the in-flight peak below measures the resumed process alone.
        QTRY_COMPARE_WITH_TIMEOUT(m_server->inFlight(), 0, 10000);
        m_server->resetMaxInFlight();

        const CliResult resumed = inProject({"eval", "--resume", QString::fromStdString(runId)});
        QVERIFY2(resumed.exitCode == 0, describe(resumed));
        QVERIFY(resumed.out.contains(QByteArray::fromStdString(runId)));

        // The resume sends exactly the cells not stored: an answered cell is never asked again.
        QCOMPARE(m_server->requestCount() - sentAtKill, kCells - storedAtKill);
        // So the provider answered each cell once, plus only what was in flight at the kill.
        QVERIFY(m_server->requestCount() <= kCells + kConcurrency);

        const auto cells = storedCells(runId);
        QCOMPARE(static_cast<int>(cells.size()), kCells);
        std::set<store::CellKey> distinct;
        for (const auto &cell : cells) {
            QVERIFY(!cell.error);
            QCOMPARE(cell.pass, std::optional<bool>(true));
            const std::string model = cell.targetId == "a" ? "model-a" : "model-b";
            QCOMPARE(
                cell.text, fakeReply(model, "ticket number " + std::to_string(*cell.caseIndex)));
            distinct.insert({cell.versionId, cell.targetId, *cell.caseIndex, *cell.repeatIndex});
        }
        QCOMPARE(static_cast<int>(distinct.size()), kCells); // no cell stored twice
        QVERIFY(m_server->maxInFlight() <= kConcurrency); // and by the resumed process
        QCOMPARE(str(listedRun(runId)["status"]), QStringLiteral("complete"));
        QCOMPARE(listedRun(runId)["done"].get<int>(), kCells);
    }

    // Two resumes of one dead run at once: one finishes it, the other is refused, naming the
    // process that holds it; no cell is paid for twice.
    void concurrentResumesOfOneRunPayOnce()
    {
        constexpr int kCases = 20;
        constexpr int kCells = kCases * 2;
        QVERIFY(setUp(kCases, std::chrono::milliseconds(300)));
        QProcess first;
        startCli(first,
            argList({"eval", "triage", "--dataset", "tickets", "--target", "a", "--target", "b",
                "--no-cache", "--concurrency", "2"}));
        QTRY_VERIFY_WITH_TIMEOUT(storedCount() >= 2, 20000);
        first.kill();
        QVERIFY(first.waitForFinished(10000));
        QTRY_COMPARE_WITH_TIMEOUT(m_server->inFlight(), 0, 10000);
        const std::string runId = storedRuns().front().id;
        const int stored = static_cast<int>(storedCells(runId).size());
        const int sent = m_server->requestCount();

        QProcess one;
        QProcess two;
        const QStringList resume = argList({"eval", "--resume", QString::fromStdString(runId)});
        startCli(one, resume);
        startCli(two, resume);
        QVERIFY(one.waitForFinished(60000));
        QVERIFY(two.waitForFinished(60000));
        const int codes[] = {one.exitCode(), two.exitCode()};
        QVERIFY2((codes[0] == 0 && codes[1] == 3) || (codes[0] == 3 && codes[1] == 0),
            qPrintable(QStringLiteral("%1 %2").arg(codes[0]).arg(codes[1])));
        const QByteArray refusal
            = codes[0] == 3 ? one.readAllStandardError() : two.readAllStandardError();
        QVERIFY2(refusal.contains("running (process"), refusal);
        QCOMPARE(m_server->requestCount() - sent, kCells - stored);
        QCOMPARE(static_cast<int>(storedCells(runId).size()), kCells);
        QCOMPARE(str(listedRun(runId)["status"]), QStringLiteral("complete"));
    }

    // A cell that cannot be stored (here: another program holds the write lock past the
    // store's wait) stops the evaluation: nothing more is sent, the run is incomplete, the
    // unstored cells count as errors and the gate fails; --resume then finishes it.
    void storeFailureStopsTheEvaluation()
    {
        constexpr int kCases = 40;
        QVERIFY(setUp(kCases, std::chrono::milliseconds(150)));
        const QString output = m_dir.filePath(QStringLiteral("stopped.json"));
        QProcess child;
        startCli(child,
            argList({"eval", "triage", "--dataset", "tickets", "--target", "a", "--no-cache",
                "--concurrency", "2", "--gate", "pass_rate>=0.5", "--output", output}));
        QTRY_VERIFY_WITH_TIMEOUT(storedCount() >= 3, 20000);

        sqlite3 *db = nullptr;
        QCOMPARE(sqlite3_open(m_project.toUtf8().constData(), &db), SQLITE_OK);
        QCOMPARE(sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
        const int sentAtLock = m_server->requestCount();
        QVERIFY(child.waitForFinished(60000));
        sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
        sqlite3_close(db);

        const QByteArray err = child.readAllStandardError();
        QVERIFY2(child.exitCode() == 3, err);
        QVERIFY2(err.contains("nothing more was sent"), err);
        // Only the calls already in flight when the store failed were answered after it.
        QVERIFY2(m_server->requestCount() <= sentAtLock + 4,
            qPrintable(QString::number(m_server->requestCount() - sentAtLock)));

        const nlohmann::json written = nlohmann::json::parse(readFile(output).toStdString());
        QCOMPARE(str(written["status"]), QStringLiteral("incomplete"));
        const std::string runId = written["run_id"].get<std::string>();
        const int stored = static_cast<int>(storedCells(runId).size());
        QVERIFY(stored < kCases);
        QCOMPARE(written["summary"]["a"]["n"].get<int>(), kCases);
        QCOMPARE(written["summary"]["a"]["errors"].get<int>(), kCases - stored);
        QCOMPARE(written["gates"][0]["pass"].get<bool>(), false);

        const CliResult resumed = inProject({"eval", "--resume", QString::fromStdString(runId)});
        QVERIFY2(resumed.exitCode == 0, describe(resumed));
        QCOMPARE(static_cast<int>(storedCells(runId).size()), kCases);
        QCOMPARE(str(listedRun(runId)["status"]), QStringLiteral("complete"));
    }

    // Hardening: a copy of the file alone, taken mid-evaluation, held none of its answers (they
    // were all in the -wal beside it). The runner checkpoints every few seconds.
    void aCopyTakenMidEvaluationHoldsItsAnswers()
    {
        QVERIFY(setUp(100, std::chrono::milliseconds(200)));
        QProcess child;
        startCli(child,
            argList({"eval", "triage", "--dataset", "tickets", "--target", "a", "--no-cache",
                "--concurrency", "2"}));
        const QString alone = m_dir.filePath(QStringLiteral("alone.promptsmith"));
        const auto answersInTheFileAlone = [&] {
            QFile::remove(alone);
            QFile::copy(m_project, alone);
            sqlite3 *db = nullptr;
            int count = 0;
            if (sqlite3_open_v2(alone.toUtf8().constData(), &db, SQLITE_OPEN_READONLY, nullptr)
                == SQLITE_OK) {
                sqlite3_exec(
                    db, "SELECT count(*) FROM responses",
                    [](void *out, int, char **values, char **) {
                        *static_cast<int *>(out) = std::atoi(values[0]);
                        return 0;
                    },
                    &count, nullptr);
            }
            sqlite3_close(db);
            return count;
        };
        QTRY_VERIFY_WITH_TIMEOUT(answersInTheFileAlone() > 0, 15000);
        QCOMPARE(child.state(), QProcess::Running); // the evaluation is still going
        child.kill();
        child.waitForFinished(10000);
    }

    void ctrlCCancelsAndSaysHowToResume()
    {
        QVERIFY(setUp(20, std::chrono::milliseconds(150)));
        QProcess child;
        startCli(child,
            argList({"eval", "triage", "--dataset", "tickets", "--target", "a", "--no-cache",
                "--concurrency", "2"}));
        QTRY_VERIFY_WITH_TIMEOUT(storedCount() >= 2, 20000);
        ::kill(static_cast<pid_t>(child.processId()), SIGINT);
        QVERIFY(child.waitForFinished(20000));
        QCOMPARE(child.exitStatus(), QProcess::NormalExit);
        QCOMPARE(child.exitCode(), 130);
        const std::string runId = storedRuns().front().id;
        const QByteArray err = child.readAllStandardError();
        QVERIFY2(err.contains("eval --resume " + QByteArray::fromStdString(runId)), err);
        QCOMPARE(str(listedRun(runId)["status"]), QStringLiteral("cancelled"));
        QVERIFY(listedRun(runId)["done"].get<int>() < 20);

        const CliResult resumed = inProject({"eval", "--resume", QString::fromStdString(runId)});
        QVERIFY2(resumed.exitCode == 0, describe(resumed));
        QCOMPARE(listedRun(runId)["done"].get<int>(), 20);
        QCOMPARE(str(listedRun(runId)["status"]), QStringLiteral("complete"));
    }

    void progressLineOnlyOnATerminal()
    {
        QVERIFY(setUp(6, std::chrono::milliseconds(0)));
        const CliResult piped
            = inProject({"eval", "triage", "--dataset", "tickets", "--target", "a", "--no-cache"});
        QVERIFY2(piped.exitCode == 0, describe(piped));
        QVERIFY(!piped.err.contains("cells"));

        // script(1) gives the CLI a terminal for its stdout and stderr.
        const QString script = QStandardPaths::findExecutable(QStringLiteral("script"));
        if (script.isEmpty())
            QSKIP("script(1) is not installed: no terminal to test the progress line on");
        const QString command = QStringLiteral("'%1' --project '%2' eval triage --dataset tickets "
                                               "--target b --no-cache")
                                    .arg(QStringLiteral(PS_CLI_PATH), m_project);
        QProcess terminal;
        terminal.start(script, {QStringLiteral("-qec"), command, QStringLiteral("/dev/null")});
        QVERIFY(terminal.waitForFinished(60000));
        const QByteArray seen = terminal.readAllStandardOutput();
        QCOMPARE(terminal.exitCode(), 0);
        QVERIFY2(seen.contains("eval 6/6 cells \xc2\xb7 100%"), seen.constData());
        QVERIFY(seen.contains("\r\033[K")); // redrawn in place, then cleared
    }

    void outputGatesAndExitCodes()
    {
        QVERIFY(setUp(10, std::chrono::milliseconds(0), true));
        const QString output = m_dir.filePath(QStringLiteral("out.json"));
        // Cases 0 and 5 fail: without a gate any failed assertion is exit 1; --output is still
        // written, and --json prints the same document.
        const CliResult failed = inProject({"eval", "triage", "--dataset", "tickets", "--target",
            "a", "--output", output, "--json"});
        QCOMPARE(failed.exitCode, 1);
        const nlohmann::json printed = jsonOut(failed);
        const nlohmann::json written = nlohmann::json::parse(readFile(output).toStdString());
        QVERIFY(printed == written);
        QCOMPARE(str(written["version"]), QStringLiteral("triage@1"));
        const nlohmann::json summary = written["summary"]["a"];
        QCOMPARE(summary["n"].get<int>(), 10);
        QCOMPARE(summary["passed"].get<int>(), 8);
        QCOMPARE(summary["errors"].get<int>(), 0);
        QCOMPARE(written["cells"].size(), std::size_t(10));
        QCOMPARE(m_server->requestCount(), 10);

        // A second eval answers from the cache: nothing is sent.
        const CliResult gated = inProject({"eval", "triage", "--dataset", "tickets", "--target",
            "a", "--gate", "pass_rate>=0.8", "--json"});
        QVERIFY2(gated.exitCode == 0, describe(gated));
        QCOMPARE(m_server->requestCount(), 10);
        const nlohmann::json document = jsonOut(gated);
        for (const auto &cell : document["cells"])
            QCOMPARE(cell["cached"].get<bool>(), true);
        QCOMPARE(document["summary"]["a"]["cached"].get<int>(), 10); // and the summary says so
        QCOMPARE(written["summary"]["a"]["cached"].get<int>(), 0);
        QCOMPARE(document["gates"].size(), std::size_t(1));
        QCOMPARE(document["gates"][0]["pass"].get<bool>(), true);

        const CliResult strict = inProject({"eval", "triage", "--dataset", "tickets", "--target",
            "a", "--gate", "pass_rate>=0.85"});
        QCOMPARE(strict.exitCode, 1);
        QVERIFY(strict.out.contains("pass_rate>=0.85"));
    }

    // Issue "numbers", Done-when 4: two versions × two targets are four columns of one run;
    // the report's A/B sentences between them are what `compare RUN:A RUN:B` says.
    void versionsTimesTargetsAgreeWithCompare()
    {
        QVERIFY(setUp(1, std::chrono::milliseconds(0)));
        // v2 says "urgent" before the ticket; the fake echoes it, so v2 passes the cases that
        // ask for it and v1 does not.
        const QString content = m_dir.filePath(QStringLiteral("triage2.json"));
        const nlohmann::json version = {{"messages",
            {{{"role", "system"}, {"content", "Label the ticket."}},
                {{"role", "user"}, {"content", "urgent ticket number {{n}}"}}}}};
        QVERIFY(writeFile(content, QByteArray::fromStdString(version.dump())));
        QVERIFY(succeeds({"version", "save", "triage", "--from", content, "-m", "urgent"}));
        QByteArray lines;
        for (int i = 0; i < 20; ++i) {
            const nlohmann::json assertion = i % 2 == 0
                ? nlohmann::json {{"type", "icontains"}, {"value", "urgent"}}
                : nlohmann::json {{"type", "starts-with"}, {"value", "Echo from model-"}};
            lines += QByteArray::fromStdString(
                nlohmann::json({{"vars", {{"n", std::to_string(i)}}}, {"assert", {assertion}}})
                    .dump()
                + "\n");
        }
        const QString dataset = m_dir.filePath(QStringLiteral("urgent.jsonl"));
        QVERIFY(writeFile(dataset, lines));
        QVERIFY(succeeds({"dataset", "import", "urgent", dataset}));

        const CliResult evaluated = inProject({"eval", "triage@1", "triage@2", "--dataset",
            "urgent", "--target", "a", "--target", "b", "--json"});
        QCOMPARE(evaluated.exitCode, 1); // v1 fails half its cases
        const nlohmann::json document = jsonOut(evaluated);
        QCOMPARE(QString::fromStdString(document["columns"].dump()),
            QStringLiteral(R"(["triage@1|a","triage@1|b","triage@2|a","triage@2|b"])"));
        QCOMPARE(QString::fromStdString(document["versions"].dump()),
            QStringLiteral(R"(["triage@1","triage@2"])"));
        QCOMPARE(document["cells"].size(), std::size_t(80));
        QCOMPARE(m_server->requestCount(), 80);
        for (const auto &[key, expected] : {std::pair {"triage@1|a", 0.5},
                 {"triage@1|b", 0.5}, {"triage@2|a", 1.0}, {"triage@2|b", 1.0}}) {
            const nlohmann::json summary = document["summary"][key];
            QCOMPARE(summary["n"].get<int>(), 20);
            QCOMPARE(summary["pass_rate"].get<double>(), expected);
        }
        // Each cell was rendered from its own version.
        for (const auto &cell : document["cells"]) {
            const bool urgent = cell["text"].get<std::string>().find("urgent") != std::string::npos;
            QCOMPARE(urgent, cell["version"] == "triage@2");
            QCOMPARE(cell["column"].get<std::string>(),
                cell["version"].get<std::string>() + "|" + cell["target"].get<std::string>());
        }

        // The A/Bs: each version against the first on a target, then b against a per version.
        const nlohmann::json comparisons = document["comparisons"];
        QCOMPARE(comparisons.size(), std::size_t(4));
        const std::vector<std::pair<std::string, std::string>> pairs = {
            {"triage@1|a", "triage@2|a"}, {"triage@1|b", "triage@2|b"},
            {"triage@1|a", "triage@1|b"}, {"triage@2|a", "triage@2|b"}};
        const std::string runId = document["run_id"].get<std::string>();
        for (std::size_t i = 0; i < pairs.size(); ++i) {
            QCOMPARE(comparisons[i]["target_a"].get<std::string>(), pairs[i].first);
            QCOMPARE(comparisons[i]["target_b"].get<std::string>(), pairs[i].second);
            const CliResult compared = inProject({"compare",
                QString::fromStdString(runId + ":" + pairs[i].first),
                QString::fromStdString(runId + ":" + pairs[i].second), "--json"});
            QVERIFY2(compared.exitCode == 0, describe(compared));
            const nlohmann::json byCompare = jsonOut(compared);
            QCOMPARE(byCompare["targets"].size(), std::size_t(1));
            QCOMPARE(QString::fromStdString(byCompare["targets"][0].dump()),
                QString::fromStdString(comparisons[i].dump()));
        }
        const std::string versionVerdict = comparisons[0]["verdict"].get<std::string>();
        QVERIFY2(versionVerdict.find("B passes 50.0 points more often") == 0,
            versionVerdict.c_str());
        QVERIFY(versionVerdict.find("significant (McNemar p = 0.002)") != std::string::npos);
        QVERIFY(comparisons[2]["verdict"].get<std::string>().find("pass equally often") != std::string::npos);

        // The report says the same, in JSON and in words.
        const nlohmann::json reported = jsonOut(inProject({"report", QString::fromStdString(runId), "--json"}));
        QCOMPARE(QString::fromStdString(reported["comparisons"].dump()),
            QString::fromStdString(comparisons.dump()));
        const CliResult markdown = inProject({"report", QString::fromStdString(runId)});
        QVERIFY(markdown.out.contains("## A/B"));
        QVERIFY(markdown.out.contains(
            QByteArray::fromStdString("A triage@1\\|a, B triage@2\\|a: " + versionVerdict)));

        // An unknown column names the run's columns.
        const CliResult unknown = inProject({"compare", QString::fromStdString(runId + ":a"),
            QString::fromStdString(runId + ":triage@2|a")});
        QCOMPARE(unknown.exitCode, 3);
        QVERIFY2(unknown.err.contains("has no column 'a'; its columns are triage@1|a, triage@1|b, "
                                      "triage@2|a, triage@2|b"),
            unknown.err.constData());
    }

    // Specs as acceptance criteria: 8 of 10 pass (Wilson 95% interval 0.49–0.94), so
    // pass_rate_low>=0.4 is met, pass_rate>=0.99 is unmet (the whole interval is below), and
    // pass_rate>=0.75 is undecided (0.8 passes, its interval reaches below); exit 1 until only
    // met specs are left.
    void specsAreMetUnmetOrUndecided()
    {
        QVERIFY(setUp(10, std::chrono::milliseconds(0), true));
        // Without specs, --spec is refused before anything is sent.
        const CliResult none = inProject(
            {"eval", "triage", "--dataset", "tickets", "--target", "a", "--spec"});
        QCOMPARE(none.exitCode, 3);
        QVERIFY2(none.err.contains("triage has no specs"), none.err.constData());
        QCOMPARE(m_server->requestCount(), 0);

        QVERIFY(succeeds({"spec", "set", "triage", "floor", "pass_rate_low>=0.4", "--why",
            "never worse than a coin"}));
        QVERIFY(succeeds({"spec", "set", "triage", "perfect", "pass_rate>=0.99"}));
        QVERIFY(succeeds({"spec", "set", "triage", "good", "pass_rate>=0.75"}));
        const CliResult refused = inProject({"spec", "set", "triage", "typo", "pass_rat>=1"});
        QCOMPARE(refused.exitCode, 3);
        QVERIFY2(refused.err.contains("unknown gate metric 'pass_rat'"), refused.err.constData());
        const nlohmann::json listed = jsonOut(inProject({"spec", "list", "triage", "--json"}));
        QCOMPARE(listed["specs"].size(), std::size_t(3));
        QCOMPARE(str(listed["specs"][0]["name"]), QStringLiteral("floor"));
        QCOMPARE(str(listed["specs"][0]["why"]), QStringLiteral("never worse than a coin"));

        const CliResult checked = inProject(
            {"eval", "triage", "--dataset", "tickets", "--target", "a", "--spec", "--json"});
        QVERIFY2(checked.exitCode == 1, describe(checked));
        const nlohmann::json document = jsonOut(checked);
        QVERIFY2(document["specs"].size() == 3, checked.out.constData());
        QMap<QString, QString> status;
        for (const auto &spec : document["specs"]) {
            QCOMPARE(str(spec["column"]), QStringLiteral("a"));
            status[str(spec["name"])] = str(spec["status"]);
        }
        QCOMPARE(status.value(QStringLiteral("floor")), QStringLiteral("met"));
        QCOMPARE(status.value(QStringLiteral("perfect")), QStringLiteral("unmet"));
        QCOMPARE(status.value(QStringLiteral("good")), QStringLiteral("undecided"));
        const std::string runId = document["run_id"].get<std::string>();

        // The report opens with the same table, in words.
        const CliResult report = inProject({"report", QString::fromStdString(runId)});
        QVERIFY2(report.out.contains("## Specs"), report.out.constData());
        QVERIFY2(report.out.contains("| good | a | pass_rate>=0.75 | 0.800 | 0.490 – 0.943 | "
                                     "undecided: more cases needed |"),
            report.out.constData());
        QVERIFY2(report.out.contains("| perfect | a | pass_rate>=0.99 | 0.800 |"),
            report.out.constData());

        // The undecided one fails like an unmet one; with only the met one left, exit 0.
        QVERIFY(succeeds({"spec", "remove", "triage", "perfect"}));
        QCOMPARE(inProject({"eval", "triage", "--dataset", "tickets", "--target", "a", "--spec"})
                     .exitCode,
            1);
        QVERIFY(succeeds({"spec", "remove", "triage", "good"}));
        const CliResult met
            = inProject({"eval", "triage", "--dataset", "tickets", "--target", "a", "--spec"});
        QVERIFY2(met.exitCode == 0, describe(met));
        QVERIFY2(met.out.contains("met        floor"), met.out.constData());
        QCOMPARE(inProject({"spec", "remove", "triage", "good"}).exitCode, 3); // gone already
    }

    void badInputIsRefusedBeforeAnythingIsSent()
    {
        QVERIFY(setUp(3, std::chrono::milliseconds(0)));
        const auto runsBefore = storedRuns().size();
        const CliResult gate = inProject(
            {"eval", "triage", "--dataset", "tickets", "--target", "a", "--gate", "acuracy>=0.9"});
        QCOMPARE(gate.exitCode, 3);
        QVERIFY(gate.err.contains("acuracy"));
        const CliResult dataset
            = inProject({"eval", "triage", "--dataset", "nope", "--target", "a"});
        QCOMPARE(dataset.exitCode, 3);
        QVERIFY(dataset.err.contains("nope"));
        const CliResult target
            = inProject({"eval", "triage", "--dataset", "tickets", "--target", "nobody"});
        QCOMPARE(target.exitCode, 3);
        const CliResult missing = inProject({"eval", "triage", "--target", "a"});
        QCOMPARE(missing.exitCode, 2);
        const CliResult unknownRun = inProject({"eval", "--resume", "0000000000000"});
        QCOMPARE(unknownRun.exitCode, 3);
        // A judge prompt that never shows the judge the answer is refused up front.
        QTemporaryDir promptDir;
        const QString judgePrompt = promptDir.filePath(QStringLiteral("judge.txt"));
        QFile file(judgePrompt);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("Is this good? {{rubric}}");
        file.close();
        const CliResult blindJudge = inProject({"eval", "triage", "--dataset", "tickets",
            "--target", "a", "--judge-prompt", judgePrompt});
        QCOMPARE(blindJudge.exitCode, 3);
        QVERIFY(blindJudge.err.contains("{{output}}"));
        QCOMPARE(m_server->requestCount(), 0);
        QCOMPARE(storedRuns().size(), runsBefore);
    }

    void everyCellErroredIsAProviderFailure()
    {
        QVERIFY(setUp(3, std::chrono::milliseconds(0)));
        const CliResult result
            = inProject({"eval", "triage", "--dataset", "tickets", "--target", "broken", "--json"});
        QCOMPARE(result.exitCode, 4);
        const nlohmann::json document = jsonOut(result);
        QCOMPARE(document["summary"]["broken"]["errors"].get<int>(), 3);
        for (const auto &cell : document["cells"]) {
            QCOMPARE(cell["pass"].get<bool>(), false);
            QCOMPARE(str(cell["error"]["category"]), QStringLiteral("context_length"));
        }
    }
};

QTEST_GUILESS_MAIN(TestCliEval)
#include "test_cli_eval.moc"
