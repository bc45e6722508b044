// promptsmith-cli end to end: prompt rename, copy and remove (CLI.md "Prompts (more)") on the
// demo project, where labels point into ticket-triage and runs hang on its versions.

#include "cli_test_helpers.h"

#include <QTemporaryDir>
#include <QTest>

using ps::test::cli;
using ps::test::CliResult;
using ps::test::describe;
using ps::test::dumped;
using ps::test::jsonOut;
using ps::test::str;

namespace {

// The names `prompt list --json` shows, in its order.
QStringList promptNames(const QString &project)
{
    QStringList names;
    const nlohmann::json list = jsonOut(cli({"--project", project, "--json", "prompt", "list"}));
    for (const nlohmann::json &prompt : list["prompts"])
        names << str(prompt["name"]);
    return names;
}

} // namespace

class TestCliPrompts : public QObject
{
    Q_OBJECT

private slots:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_project = m_dir->filePath(QStringLiteral("demo.promptsmith"));
        const CliResult created = cli({"init", m_project, "--demo"});
        QVERIFY2(created.exitCode == 0, describe(created));
    }

    void cleanup() { m_dir.reset(); }

    void renameKeepsVersionsLabelsAndRuns()
    {
        const CliResult ran = cli({"--project", m_project, "run", "ticket-triage@production",
            "--target", "echo", "--var", "ticket=charged twice"});
        QVERIFY2(ran.exitCode == 0, describe(ran));
        const nlohmann::json before = jsonOut(
            cli({"--project", m_project, "--json", "version", "list", "ticket-triage"}));

        const CliResult renamed
            = cli({"--project", m_project, "--json", "prompt", "rename", "ticket-triage", "triage"});
        QVERIFY2(renamed.exitCode == 0, describe(renamed));
        QCOMPARE(str(jsonOut(renamed)["prompt"]["name"]), QStringLiteral("triage"));

        QVERIFY(promptNames(m_project).contains(QStringLiteral("triage")));
        QVERIFY(!promptNames(m_project).contains(QStringLiteral("ticket-triage")));
        const nlohmann::json after
            = jsonOut(cli({"--project", m_project, "--json", "version", "list", "triage"}));
        QCOMPARE(dumped(after), dumped(before)); // numbers, hashes, labels, messages: all kept
        const CliResult shown
            = cli({"--project", m_project, "--json", "version", "show", "triage@production"});
        QVERIFY2(shown.exitCode == 0, describe(shown));
        const CliResult old
            = cli({"--project", m_project, "version", "show", "ticket-triage@production"});
        QCOMPARE(old.exitCode, 3);

        // The run stays readable, under the name it was made with.
        const CliResult runs = cli({"--project", m_project, "runs"});
        QVERIFY2(runs.exitCode == 0 && runs.out.contains("ticket-triage@"), describe(runs));
    }

    void renameRefusesATakenOrInvalidName()
    {
        const CliResult taken = cli({"--project", m_project, "--json", "prompt", "rename",
            "ticket-triage", "product-description"});
        QCOMPARE(taken.exitCode, 3);
        QCOMPARE(str(jsonOut(taken)["error"]["kind"]), QStringLiteral("already_exists"));
        const CliResult invalid
            = cli({"--project", m_project, "prompt", "rename", "ticket-triage", "a@b"});
        QCOMPARE(invalid.exitCode, 3);
        QVERIFY2(invalid.err.contains("'@'"), invalid.err.constData());
        const CliResult unknown
            = cli({"--project", m_project, "prompt", "rename", "nothing", "something"});
        QCOMPARE(unknown.exitCode, 3);
        QVERIFY2(unknown.err.contains("nothing"), unknown.err.constData());
        QVERIFY(promptNames(m_project).contains(QStringLiteral("ticket-triage")));
    }

    void copyStartsANewHistoryFromTheNewestVersion()
    {
        const nlohmann::json newest = jsonOut(
            cli({"--project", m_project, "--json", "version", "show", "ticket-triage"}));
        const CliResult copied = cli({"--project", m_project, "--json", "prompt", "copy",
            "ticket-triage", "triage-experiment", "--author", "ana"});
        QVERIFY2(copied.exitCode == 0, describe(copied));
        QCOMPARE(jsonOut(copied)["prompt"]["versions"].get<int>(), 1);

        const nlohmann::json copy = jsonOut(
            cli({"--project", m_project, "--json", "version", "show", "triage-experiment@1"}));
        QCOMPARE(dumped(copy["content"]), dumped(newest["content"])); // examples included
        QCOMPARE(str(copy["hash"]), str(newest["hash"]));
        QCOMPARE(str(copy["author"]), QStringLiteral("ana"));
        QCOMPARE(str(copy["message"]),
            QStringLiteral("copy of ticket-triage@%1").arg(newest["number"].get<int>()));
        QVERIFY(copy["labels"].empty()); // labels name a deployment of the original
        QVERIFY(copy["parent"].is_null());

        const CliResult again
            = cli({"--project", m_project, "prompt", "copy", "ticket-triage", "triage-experiment"});
        QCOMPARE(again.exitCode, 3);
    }

    void removeIsRefusedWhileALabelPointsIntoIt()
    {
        const CliResult refused
            = cli({"--project", m_project, "--json", "prompt", "remove", "ticket-triage"});
        QCOMPARE(refused.exitCode, 3);
        const nlohmann::json error = jsonOut(refused)["error"];
        QCOMPARE(str(error["kind"]), QStringLiteral("refused"));
        QVERIFY2(str(error["message"]).contains(QStringLiteral("production")), dumped(error).toUtf8());
        QVERIFY2(str(error["message"]).contains(QStringLiteral("--force")), dumped(error).toUtf8());
        QVERIFY(promptNames(m_project).contains(QStringLiteral("ticket-triage")));
    }

    void removeWithForceFreesTheNameAndKeepsTheRuns()
    {
        const CliResult ran = cli({"--project", m_project, "run", "ticket-triage@production",
            "--target", "echo", "--var", "ticket=charged twice"});
        QVERIFY2(ran.exitCode == 0, describe(ran));
        const int promptsBefore
            = jsonOut(cli({"--project", m_project, "--json", "info"}))["prompts"].get<int>();

        const CliResult removed = cli(
            {"--project", m_project, "--json", "prompt", "remove", "ticket-triage", "--force"});
        QVERIFY2(removed.exitCode == 0, describe(removed));
        const nlohmann::json result = jsonOut(removed);
        QCOMPARE(str(result["removed"]), QStringLiteral("ticket-triage"));
        QVERIFY(result["versions"].get<int>() >= 3);
        QVERIFY2(dumped(result["labels"]).contains(QStringLiteral("production")),
            dumped(result).toUtf8());

        QVERIFY(!promptNames(m_project).contains(QStringLiteral("ticket-triage")));
        QCOMPARE(jsonOut(cli({"--project", m_project, "--json", "info"}))["prompts"].get<int>(),
            promptsBefore - 1);
        QCOMPARE(cli({"--project", m_project, "version", "list", "ticket-triage"}).exitCode, 3);
        QCOMPARE(cli({"--project", m_project, "render", "ticket-triage@production"}).exitCode, 3);
        // Its tombstone cannot be reached by any name either.
        const CliResult tombstone = cli({"--project", m_project, "version", "list", "removed"});
        QCOMPARE(tombstone.exitCode, 3);

        // The run made with it is still there.
        const CliResult runs = cli({"--project", m_project, "runs"});
        QVERIFY2(runs.exitCode == 0 && runs.out.contains("ticket-triage@"), describe(runs));

        // The name is free: a new prompt starts at v1.
        QCOMPARE(cli({"--project", m_project, "prompt", "add", "ticket-triage"}).exitCode, 0);
        const nlohmann::json fresh = jsonOut(
            cli({"--project", m_project, "--json", "version", "list", "ticket-triage"}));
        QVERIFY2(fresh["versions"].empty(), dumped(fresh).toUtf8());
    }

    void removeAPromptWithoutLabels()
    {
        const CliResult removed
            = cli({"--project", m_project, "prompt", "remove", "meeting-summary"});
        QVERIFY2(removed.exitCode == 0, describe(removed));
        QVERIFY2(removed.out.contains("Removed prompt 'meeting-summary'"), describe(removed));
        QVERIFY(!promptNames(m_project).contains(QStringLiteral("meeting-summary")));
        QCOMPARE(cli({"--project", m_project, "prompt", "remove", "meeting-summary"}).exitCode, 3);
    }

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_project;
};

QTEST_GUILESS_MAIN(TestCliPrompts)
#include "test_cli_prompts.moc"
