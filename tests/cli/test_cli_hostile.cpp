// Hostile input through the real CLI: JSON nested 100,000 levels deep in every file a command
// reads and in a version planted in a shared project, and templates that nest or repeat without
// end. Each gets a clear error naming what and where; none crashes or hangs.
#include "cli_test_helpers.h"
#include "store/database.h"
#include "store/project.h"
#include "store/project_file.h"

#include <sqlite3.h>
#include <unistd.h>

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace ps;
using namespace ps::test;

namespace {

QByteArray deepArray(int levels)
{
    return QByteArray(levels, '[') + QByteArray(levels, ']');
}

// A crash (SIGSEGV) shows as -1; every refusal here is exit 3.
QByteArray outcome(const CliResult &result)
{
    return "exit " + QByteArray::number(result.exitCode) + ": " + result.err;
}

} // namespace

class TestCliHostile : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_project;

    QString file(const char *name, const QByteArray &bytes)
    {
        const QString path = m_dir->filePath(QString::fromLatin1(name));
        writeFile(path, bytes);
        return path;
    }
    CliResult inProject(std::initializer_list<Arg> args)
    {
        return runCli(QStringList {QStringLiteral("--project"), m_project} + argList(args));
    }

private slots:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_project = m_dir->filePath(QStringLiteral("p.promptsmith"));
        QCOMPARE(cli({"init", m_project, "--demo"}).exitCode, 0);
    }

    void deeplyNestedFilesAreRefusedNamingTheFile()
    {
        const QByteArray deep = deepArray(100000);
        const QByteArray content
            = R"({"messages": [{"role": "user", "content": "hi"}], "tools": )" + deep + "}";
        const QString version = file("deep-version.json", content);
        const CliResult saved = inProject({"version", "save", "ticket-triage", "--from", version});
        QVERIFY2(saved.exitCode == 3, outcome(saved));
        QVERIFY(saved.err.contains("deep-version.json"));
        QVERIFY(saved.err.contains("256 levels"));

        const QString vars = file("deep-vars.json", R"({"ticket": )" + deep + "}");
        const CliResult run
            = inProject({"run", "ticket-triage", "--target", "echo", "--vars", vars});
        QVERIFY2(run.exitCode == 3, outcome(run));
        QVERIFY(run.err.contains("deep-vars.json"));

        const QString data = file("deep-data.json", R"({"x": )" + deep + "}");
        const QString tmpl = file("t.mustache", "{{x}}");
        const CliResult rendered = cli({"render", "--template", tmpl, "--data", data});
        QVERIFY2(rendered.exitCode == 3, outcome(rendered));
        QVERIFY(rendered.err.contains("deep-data.json"));

        const QString cases = file("deep.jsonl",
            "{\"vars\": {\"ticket\": \"fine\"}}\n{\"vars\": {\"ticket\": " + deep + "}}\n");
        const CliResult imported = inProject({"dataset", "import", "deep", cases});
        QVERIFY2(imported.exitCode == 3, outcome(imported));
        QVERIFY2(imported.err.contains("deep.jsonl:2"), imported.err);
    }

    // version save --from /dev/zero grew to 15.7 GB; input files are read up to a cap.
    void endlessInputFilesAreRefused()
    {
        const CliResult saved
            = inProject({"version", "save", "ticket-triage", "--from", "/dev/zero"});
        QVERIFY2(saved.exitCode == 3, outcome(saved));
        QVERIFY2(saved.err.contains("larger than 64 MB"), saved.err);
    }

    void aPlantedDeepVersionIsReportedAsDamaged()
    {
        // A shared file whose newest version holds content nested 100,000 levels deep.
        sqlite3 *db = nullptr;
        QCOMPARE(sqlite3_open(m_project.toUtf8().constData(), &db), SQLITE_OK);
        const std::string content = R"({"messages": [{"role": "user", "content": "hi"}], "tools": )"
            + deepArray(100000).toStdString() + "}";
        sqlite3_stmt *insert = nullptr;
        QCOMPARE(sqlite3_prepare_v2(db,
                     "INSERT INTO versions(prompt_id, number, hash, parent_id, author, created, "
                     "message, content) SELECT prompt_id, 99, hash, NULL, 'mallory', created, "
                     "'planted', ?1 FROM versions WHERE number = 1 LIMIT 1",
                     -1, &insert, nullptr),
            SQLITE_OK);
        sqlite3_bind_text(insert, 1, content.c_str(), -1, SQLITE_TRANSIENT);
        QCOMPARE(sqlite3_step(insert), SQLITE_DONE);
        sqlite3_finalize(insert);
        sqlite3_close(db);

        for (const auto &args : {argList({"version", "show", "ticket-triage@99"}),
                 argList({"render", "ticket-triage@99", "--var", "ticket=x"}),
                 argList({"run", "ticket-triage@99", "--target", "echo", "--var", "ticket=x"})}) {
            const CliResult result
                = runCli(QStringList {QStringLiteral("--project"), m_project} + args);
            QVERIFY2(result.exitCode == 3, outcome(result));
            QVERIFY2(result.err.contains("damaged"), result.err);
        }
        // The rest of the project is still readable.
        QCOMPARE(inProject({"version", "show", "ticket-triage@1"}).exitCode, 0);
    }

    // What reaches a terminal shows escape sequences instead of obeying them; piped output
    // keeps its exact bytes (checked under script(1), which gives the CLI a terminal).
    void escapeSequencesAreShownNotObeyedOnATerminal()
    {
        if (QStandardPaths::findExecutable(QStringLiteral("script")).isEmpty())
            QSKIP("script(1) is not installed: no terminal to run the CLI on");
        const QString vars = file("osc.json", "{\"ticket\": \"\\u001b]0;pwned\\u0007 hi\"}");
        const QString command
            = QStringLiteral("'%1' --project '%2' run ticket-triage --target echo "
                             "--vars '%3'")
                  .arg(QStringLiteral(PS_CLI_PATH), m_project, vars);
        QProcess terminal;
        terminal.setProcessEnvironment(cliEnvironment());
        terminal.start(QStringLiteral("script"),
            {QStringLiteral("-qec"), command, QStringLiteral("/dev/null")});
        QVERIFY(terminal.waitForFinished(60000));
        const QByteArray shown = terminal.readAllStandardOutput();
        QVERIFY2(shown.contains("\\x1b]0;pwned\\x07 hi"), shown);
        QVERIFY2(!shown.contains("\x1b]0;"), shown);

        const CliResult piped
            = inProject({"run", "ticket-triage", "--target", "echo", "--vars", vars});
        QCOMPARE(piped.exitCode, 0);
        QVERIFY(piped.out.contains("\x1b]0;pwned\x07 hi"));
    }

    // A project from a teammate on an older build stays readable by them: commands that only
    // read leave the file byte-identical; the first command that writes upgrades it, says so
    // and keeps the old file.
    void olderProjectsUpgradeOnTheFirstWriteOnly()
    {
        const QString older = m_dir->filePath(QStringLiteral("older.promptsmith"));
        {
            auto db = store::createProjectFile(older.toStdString(), 1);
            db->exec("INSERT INTO prompts (id, name, description, tags, created) VALUES "
                     "(1, 'triage', '', '[]', '2026-01-02T03:04:05Z')");
            db->exec("INSERT INTO versions (prompt_id, number, hash, parent_id, author, created, "
                     "message, content) VALUES (1, 1, 'h', NULL, 'ada', '2026-01-02T03:04:05Z', "
                     "'v1', '{\"messages\": [{\"role\": \"user\", \"content\": \"hi {{x}}\"}]}')");
        }
        const QByteArray before = readFile(older);
        const auto inOlder = [&](std::initializer_list<Arg> args) {
            return runCli(QStringList {QStringLiteral("--project"), older} + argList(args));
        };
        const CliResult listed = inOlder({"version", "list", "triage"});
        QVERIFY2(listed.exitCode == 0, outcome(listed));
        QVERIFY2(listed.err.isEmpty(), listed.err);
        const CliResult rendered = inOlder({"render", "triage", "--var", "x=there"});
        QVERIFY2(rendered.exitCode == 0, outcome(rendered));
        QVERIFY(rendered.out.contains("hi there"));
        const nlohmann::json info = jsonOut(inOlder({"info", "--json"}));
        QCOMPARE(info.value("schema_version", 0), 1);
        QVERIFY2(inOlder({"runs"}).exitCode == 0, "runs reads the upgraded copy's tables");
        QCOMPARE(readFile(older), before);
        QVERIFY(!QFile::exists(older + QStringLiteral("-wal")));
        QVERIFY(!QFile::exists(older + QStringLiteral(".schema1.bak")));

        const CliResult labelled = inOlder({"label", "set", "triage", "production", "1"});
        QVERIFY2(labelled.exitCode == 0, outcome(labelled));
        QVERIFY2(labelled.err.contains("upgraded"), labelled.err);
        QVERIFY2(labelled.err.contains("older.promptsmith.schema1.bak"), labelled.err);
        QCOMPARE(readFile(older + QStringLiteral(".schema1.bak")).isEmpty(), false);
        QCOMPARE(jsonOut(inOlder({"info", "--json"})).value("schema_version", 0),
            store::Project::currentSchemaVersion());
    }

    // A project in a read-only folder (or a read-only file) opens for reading, says so,
    // refuses writes clearly and leaves no -wal or -shm behind. As root, whom permissions do
    // not stop, the CLI runs as nobody (setpriv).
    void readOnlyProjectsOpenReadOnly()
    {
        const QString folder = m_dir->filePath(QStringLiteral("shared"));
        QVERIFY(QDir().mkpath(folder));
        const QString project = folder + QStringLiteral("/ro.promptsmith");
        QCOMPARE(cli({"init", project, "--demo"}).exitCode, 0);
        QVERIFY(!QFile::exists(project + QStringLiteral("-wal")));
        const QByteArray before = readFile(project);
        const auto readable
            = QFileDevice::ReadOwner | QFileDevice::ReadGroup | QFileDevice::ReadOther;
        const auto listable
            = readable | QFileDevice::ExeOwner | QFileDevice::ExeGroup | QFileDevice::ExeOther;
        QVERIFY(QFile::setPermissions(m_dir->path(), listable | QFileDevice::WriteOwner));
        QVERIFY(QFile::setPermissions(folder, listable));
        QVERIFY(QFile::setPermissions(project, readable));

        QStringList prefix;
        if (::getuid() == 0) {
            if (QStandardPaths::findExecutable(QStringLiteral("setpriv")).isEmpty())
                QSKIP("running as root without setpriv(1): permissions cannot be tested");
            prefix = {QStringLiteral("--reuid=65534"), QStringLiteral("--regid=65534"),
                QStringLiteral("--clear-groups"), QStringLiteral(PS_CLI_PATH)};
        }
        const auto run = [&](const QStringList &args) {
            QProcess process;
            QStringList env = {QStringLiteral("HOME=/nonexistent")};
            process.setProcessEnvironment(cliEnvironment(env));
            if (prefix.isEmpty())
                process.start(QStringLiteral(PS_CLI_PATH), args);
            else
                process.start(QStringLiteral("setpriv"), prefix + args);
            process.waitForFinished(60000);
            CliResult result;
            result.exitCode
                = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
            result.out = process.readAllStandardOutput();
            result.err = process.readAllStandardError();
            return result;
        };
        const CliResult listed = run({QStringLiteral("--project"), project,
            QStringLiteral("version"), QStringLiteral("list"), QStringLiteral("ticket-triage")});
        QVERIFY2(listed.exitCode == 0, outcome(listed));
        QVERIFY2(listed.err.contains("read-only"), listed.err);
        QVERIFY(!listed.out.isEmpty());

        const QString content = m_dir->filePath(QStringLiteral("v.json"));
        writeFile(content, R"({"messages": [{"role": "user", "content": "hi {{ticket}}"}]})");
        QVERIFY(QFile::setPermissions(content, readable));
        const CliResult saved = run({QStringLiteral("--project"), project,
            QStringLiteral("version"), QStringLiteral("save"), QStringLiteral("ticket-triage"),
            QStringLiteral("--from"), content});
        QVERIFY2(saved.exitCode == 3, outcome(saved));
        QVERIFY2(saved.err.contains("read-only"), saved.err);

        QVERIFY(!QFile::exists(project + QStringLiteral("-wal")));
        QVERIFY(!QFile::exists(project + QStringLiteral("-shm")));
        QCOMPARE(readFile(project), before);
        QFile::setPermissions(folder, listable | QFileDevice::WriteOwner);
    }

    void templateBombsStopWithATemplateError()
    {
        QByteArray bomb;
        for (int i = 0; i < 40; ++i)
            bomb += "{{#examples}}{{output}}";
        for (int i = 0; i < 40; ++i)
            bomb += "{{/examples}}";
        const nlohmann::json version
            = {{"messages", {{{"role", "user"}, {"content", bomb.toStdString()}}}},
                {"examples",
                    {{{"input", {{"ticket", "a"}}}, {"output", "billing"}},
                        {{"input", {{"ticket", "b"}}}, {"output", "bug"}}}},
                {"examples_mode", "section"}};
        const QString path = file("bomb.json", QByteArray::fromStdString(version.dump()));
        const CliResult saved = inProject({"version", "save", "ticket-triage", "--from", path});
        QVERIFY2(saved.exitCode == 0, outcome(saved));
        const CliResult run = inProject({"run", "ticket-triage", "--target", "echo"});
        QVERIFY2(run.exitCode == 3, outcome(run));
        QVERIFY2(run.err.contains("repeats"), run.err);

        QByteArray nested;
        for (int i = 0; i < 40000; ++i)
            nested += "{{#a}}";
        const QString tmpl = file("nested.mustache", nested);
        const QString data = file("data.json", "{}");
        const CliResult rendered = cli({"render", "--template", tmpl, "--data", data});
        QVERIFY2(rendered.exitCode == 3, outcome(rendered));
        QVERIFY2(rendered.err.contains("deeper than 100"), rendered.err);
    }
};

QTEST_GUILESS_MAIN(TestCliHostile)
#include "test_cli_hostile.moc"
