// `report`, `compare` and `runs` end to end on evaluation runs stored in a real project file:
// the formats, the file written with -o, the A/B table, and how an unfinished run reads.
#include "cli_test_helpers.h"

#include "model/version_content.h"
#include "store/dataset_store.h"
#include "store/project.h"
#include "store/run_store.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>

#include <memory>

using namespace ps;
using namespace ps::test;
using nlohmann::json;

namespace {

model::VersionRecord saveVersion(store::Project &project, const std::string &system)
{
    model::VersionContent content;
    content.messages.push_back({"system", system, {}, json::array(), {}});
    content.messages.push_back({"user", "{{ticket}}", {}, json::array(), {}});
    store::SaveRequest request;
    request.promptName = "triage";
    request.content = content;
    request.message = "edit";
    request.author = "tester";
    return project.saveVersion(request).version;
}

std::int64_t importDataset(store::Project &project, int cases)
{
    std::vector<eval::DatasetCase> list(static_cast<std::size_t>(cases));
    for (int i = 0; i < cases; ++i)
        list[static_cast<std::size_t>(i)].vars = {{"ticket", "ticket " + std::to_string(i)}};
    return store::DatasetStore(project).importCases("tickets", "tickets.jsonl", list).id;
}

// An eval run with a cell per verdict ('1' pass, '0' fail) of which the first `answered` are
// stored; finished only when all are.
std::string storeRun(store::Project &project, const model::VersionRecord &version,
    std::int64_t dataset, const std::string &verdicts, std::size_t answered = std::string::npos)
{
    store::RunStore runs(project);
    const model::RunRecord run
        = runs.startRun("eval", version, {"T"}, int(verdicts.size()), dataset, {{"repeat", 1}});
    answered = std::min(answered, verdicts.size());
    for (std::size_t i = 0; i < answered; ++i) {
        const bool pass = verdicts[i] == '1';
        store::ResponseRecord response;
        response.targetId = "T";
        response.model = "m";
        response.text = i == 0 ? "billing, \"urgent\"" : "billing";
        response.caseIndex = int(i);
        response.repeatIndex = 0;
        response.pass = pass;
        response.score = pass ? 1.0 : 0.0;
        response.totalMs = 100.0 + double(i);
        response.assertions
            = json::array({{{"type", "icontains"}, {"pass", pass}, {"score", pass ? 1 : 0}}});
        runs.addResponse(run.id, response);
    }
    if (answered == verdicts.size())
        runs.finishRun(run.id, model::RunStatus::Complete);
    return run.id;
}

} // namespace

class TestCliReport : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_project;
    QString m_runA; // triage@1 on dataset revision 1: 2 of 8 pass
    QString m_runB; // triage@2 on the same cases: all 8 pass
    QString m_otherCases; // revision 2 of the dataset

    CliResult inProject(std::initializer_list<Arg> args)
    {
        return runCli(QStringList {QStringLiteral("--project"), m_project} + argList(args));
    }

private slots:
    void initTestCase()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_project = m_dir->filePath(QStringLiteral("p.promptsmith"));
        const CliResult created = cli({"init", m_project});
        QVERIFY2(created.exitCode == 0, describe(created));
        store::Project project = store::Project::open(m_project.toStdString());
        project.addPrompt("triage");
        const std::int64_t dataset = importDataset(project, 8);
        m_runA = QString::fromStdString(
            storeRun(project, saveVersion(project, "v1"), dataset, "11000000"));
        m_runB = QString::fromStdString(
            storeRun(project, saveVersion(project, "v2"), dataset, "11111111"));
        m_otherCases = QString::fromStdString(
            storeRun(project, project.resolve("triage@2"), importDataset(project, 8), "11111111"));
    }

    void jsonReportHasTheEvalOutputShape()
    {
        const CliResult result = inProject({"report", m_runA, "--format", "json"});
        QVERIFY2(result.exitCode == 0, describe(result));
        const json document = jsonOut(result);
        QCOMPARE(keysOf(document),
            QStringList({QStringLiteral("bootstrap"), QStringLiteral("cells"),
                QStringLiteral("columns"), QStringLiteral("comparisons"), QStringLiteral("gates"),
                QStringLiteral("human_ratings"),
                QStringLiteral("run_id"), QStringLiteral("specs"), QStringLiteral("status"),
                QStringLiteral("summary"), QStringLiteral("version"),
                QStringLiteral("versions")}));
        QCOMPARE(str(document["run_id"]), m_runA);
        QCOMPARE(str(document["version"]), QStringLiteral("triage@1"));
        QCOMPARE(document["summary"]["T"]["n"].get<int>(), 8);
        QCOMPARE(document["summary"]["T"]["passed"].get<int>(), 2);
        QCOMPARE(document["summary"]["T"]["pass_rate"].get<double>(), 0.25);
        QCOMPARE(document["cells"].size(), std::size_t(8));

        // --json alone means the same document.
        QCOMPARE(dumped(jsonOut(inProject({"report", m_runA, "--json"}))), dumped(document));
    }

    void markdownIsTheDefault()
    {
        const CliResult result = inProject({"report", m_runA});
        QVERIFY2(result.exitCode == 0, describe(result));
        const QString text = QString::fromUtf8(result.out);
        QVERIFY2(text.startsWith(QStringLiteral("# Evaluation ") + m_runA
                     + QStringLiteral(" of triage@1 (complete)")),
            result.out.constData());
        QVERIFY(text.contains(QStringLiteral("| T | 8 | 2 | 25.0% |")));
        QVERIFY(text.contains(QStringLiteral("## Failed cells (6)")));
    }

    void csvAndHtmlAreWrittenToTheFileNamed()
    {
        const QString csvPath = m_dir->filePath(QStringLiteral("cells.csv"));
        const CliResult csv = inProject({"report", m_runA, "--format", "csv", "-o", csvPath});
        QVERIFY2(csv.exitCode == 0, describe(csv));
        QVERIFY(QString::fromUtf8(csv.out).contains(csvPath));
        const QByteArray rows = readFile(csvPath);
        QVERIFY(rows.startsWith("case,target,column,repeat,pass,score,text,"));
        QVERIFY2(rows.contains("\r\n0,T,T,0,true,1.0,\"billing, \"\"urgent\"\"\",icontains: pass,"),
            rows.constData());
        QCOMPARE(rows.count("\r\n"), 9);

        const QString htmlPath = m_dir->filePath(QStringLiteral("report.html"));
        const CliResult html
            = inProject({"report", m_runA, "--format", "html", "--output", htmlPath, "--json"});
        QVERIFY2(html.exitCode == 0, describe(html));
        QCOMPARE(str(jsonOut(html)["output"]), htmlPath);
        const QByteArray page = readFile(htmlPath);
        QVERIFY(page.startsWith("<!DOCTYPE html>"));
        QVERIFY(page.contains("billing, &quot;urgent&quot;"));
    }

    void badRunOrFormatIsRefused()
    {
        const CliResult unknown = inProject({"report", "nosuchrun", "--json"});
        QCOMPARE(unknown.exitCode, 3);
        QCOMPARE(str(jsonOut(unknown)["error"]["kind"]), QStringLiteral("not_found"));
        QVERIFY(str(jsonOut(unknown)["error"]["message"]).contains(QStringLiteral("nosuchrun")));

        std::string plainRun;
        {
            store::Project project = store::Project::open(m_project.toStdString());
            plainRun = store::RunStore(project)
                           .startRun("run", project.resolve("triage@1"), {"T"}, 1)
                           .id;
        }
        const CliResult plain = inProject({"report", QString::fromStdString(plainRun)});
        QCOMPARE(plain.exitCode, 3);
        QVERIFY2(plain.err.contains("not `eval`"), plain.err.constData());

        const CliResult format = inProject({"report", m_runA, "--format", "pdf"});
        QCOMPARE(format.exitCode, 2);
        QVERIFY(format.out.isEmpty());

        const CliResult unwritable = inProject(
            {"report", m_runA, "-o", m_dir->filePath(QStringLiteral("no/such/dir/r.md"))});
        QCOMPARE(unwritable.exitCode, 3);
        QVERIFY(unwritable.err.contains("no/such/dir/r.md"));
    }

    void compareShowsTheDifferenceAndItsSignificance()
    {
        const CliResult result = inProject({"compare", m_runA, m_runB, "--json"});
        QVERIFY2(result.exitCode == 0, describe(result));
        const json document = jsonOut(result);
        QCOMPARE(str(document["run_a"]["version"]), QStringLiteral("triage@1"));
        const json &t = document["targets"][0];
        QCOMPARE(str(t["target_a"]), QStringLiteral("T"));
        QCOMPARE(t["pairs"].get<int>(), 8);
        QCOMPARE(t["only_b"].get<int>(), 6);
        QCOMPARE(t["difference"].get<double>(), 0.75);
        QCOMPARE(t["p_value"].get<double>(), 2.0 / 64.0);
        QCOMPARE(t["significant"].get<bool>(), true);

        const CliResult text = inProject({"compare", m_runA, m_runB});
        QVERIFY2(text.exitCode == 0, describe(text));
        QVERIFY(text.out.contains("+75.0 pts"));
        QVERIFY(text.out.contains(" significant\n"));
    }

    void compareRefusesDifferentCases()
    {
        const CliResult result = inProject({"compare", m_runA, m_otherCases});
        QCOMPARE(result.exitCode, 3);
        QVERIFY2(result.err.contains(m_runA.toUtf8()) && result.err.contains(m_otherCases.toUtf8()),
            result.err.constData());
        QVERIFY(result.err.contains("tickets revision 1"));
        QVERIFY(result.err.contains("tickets revision 2"));
        QVERIFY(result.out.isEmpty());
    }

    void runsShowsAnUnfinishedEvalAsIncomplete()
    {
        std::string runId;
        {
            store::Project project = store::Project::open(m_project.toStdString());
            runId = storeRun(project, project.resolve("triage@1"),
                store::DatasetStore(project).latest("tickets").id, "1100", 2);
        }
        // The process that ran it is gone: a pid no process has.
        sqlite3 *db = nullptr;
        QCOMPARE(sqlite3_open(m_project.toUtf8().constData(), &db), SQLITE_OK);
        const std::string sql
            = "UPDATE run_records SET owner_pid = 2147483646 WHERE id = '" + runId + "'";
        QCOMPARE(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
        sqlite3_close(db);

        const json document = jsonOut(inProject({"runs", "--json"}));
        json listed;
        for (const json &run : document["runs"])
            if (run["id"] == runId)
                listed = run;
        QCOMPARE(str(listed["kind"]), QStringLiteral("eval"));
        QCOMPARE(str(listed["status"]), QStringLiteral("incomplete"));
        QCOMPARE(listed["done"].get<int>(), 2);
        QCOMPARE(listed["total"].get<int>(), 4);

        const CliResult table = inProject({"runs"});
        QVERIFY2(table.exitCode == 0, describe(table));
        QVERIFY(table.out.contains("incomplete"));
        QVERIFY(table.out.contains("2/4"));

        // Its report says so, shows the cells answered so far, and judges it on all it was to
        // answer: the two never stored count as errors, so it cannot pass for complete.
        const json report = jsonOut(inProject({"report", QString::fromStdString(runId), "--json"}));
        QCOMPARE(str(report["status"]), QStringLiteral("incomplete"));
        QCOMPARE(report["cells"].size(), std::size_t(2));
        QCOMPARE(report["summary"]["T"]["n"].get<int>(), 4);
        QCOMPARE(report["summary"]["T"]["errors"].get<int>(), 2);
    }
};

QTEST_GUILESS_MAIN(TestCliReport)
#include "test_cli_report.moc"
