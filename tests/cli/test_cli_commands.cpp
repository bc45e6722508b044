// promptsmith-cli end to end: project, prompt, version and label commands, global options,
// exit codes and JSON shapes of CLI.md, on real project files.

#include "cli_test_helpers.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <pwd.h>
#include <unistd.h>

using ps::test::argList;
using ps::test::cli;
using ps::test::CliResult;
using ps::test::describe;
using ps::test::dumped;
using ps::test::jsonOut;
using ps::test::keysOf;
using ps::test::runCli;
using ps::test::str;
using ps::test::writeFile;

namespace {

const QByteArray kContentV1 = R"({"messages": [
    {"role": "system", "content": "You label support tickets."},
    {"role": "user", "content": "{{ticket}}"}],
  "variables": [{"name": "ticket", "default": "", "description": "the ticket text"}]})";

const QByteArray kContentV2 = R"({"messages": [
    {"role": "system", "content": "You label support tickets: billing, bug or other."},
    {"role": "user", "content": "{{ticket}}"}],
  "params": {"temperature": 0}})";

const QByteArray kContentV3 = R"({"messages": [
    {"role": "system", "content": "Label the ticket with one word."},
    {"role": "user", "content": "Ticket: {{ticket}}"}]})";

const QStringList kVersionKeys
    = argList({"author", "created", "hash", "labels", "message", "number", "parent"});

} // namespace

class TestCliCommands : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void initCreatesAnEmptyProject();
    void initRefusesAnExistingFile();
    void globalOptionsWorkBeforeAndAfterTheSubcommand();
    void projectComesFromTheEnvironment();
    void missingProjectIsRefusedAndNotCreated();
    void nonProjectFileIsRefusedUntouched_data();
    void nonProjectFileIsRefusedUntouched();
    void usageErrorsExitWithTwo_data();
    void usageErrorsExitWithTwo();
    void helpExitsWithZero();
    void promptAddAndList();
    void saveCreatesVersionOne();
    void identicalSaveMakesNoNewVersion();
    void saveRecordsTheParent();
    void badContentIsRefused_data();
    void badContentIsRefused();
    void saveToUnknownPromptIsRefused();
    void labelsAndReferencesResolve();
    void badReferencesExitWithThree_data();
    void badReferencesExitWithThree();
    void failureWithJsonPrintsOneDocument();
    void authorPrecedence();

private:
    QString path(const QString &name) const { return m_dir->filePath(name); }
    // A project with prompt "triage" and `versions` saved versions (v1..v3 contents).
    void makeTriage(int versions);

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_project;
};

void TestCliCommands::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_project = path(QStringLiteral("p.promptsmith"));
}

void TestCliCommands::cleanup()
{
    m_dir.reset();
}

void TestCliCommands::makeTriage(int versions)
{
    const CliResult created = cli({"init", m_project});
    QVERIFY2(created.exitCode == 0, describe(created));
    const CliResult added = cli({"--project", m_project, "prompt", "add", "triage"});
    QVERIFY2(added.exitCode == 0, describe(added));
    const QByteArray contents[] = {kContentV1, kContentV2, kContentV3};
    for (int i = 0; i < versions; ++i) {
        const QString file = path(QStringLiteral("v%1.json").arg(i + 1));
        QVERIFY(writeFile(file, contents[i]));
        const CliResult saved = cli({"--project", m_project, "version", "save", "triage", "--from",
            file, "-m", QStringLiteral("change %1").arg(i + 1)});
        QVERIFY2(saved.exitCode == 0, describe(saved));
    }
}

void TestCliCommands::initCreatesAnEmptyProject()
{
    const CliResult created = cli({"init", m_project});
    QVERIFY2(created.exitCode == 0, describe(created));
    QVERIFY(QFile::exists(m_project));

    const CliResult info = cli({"--project", m_project, "info", "--json"});
    QVERIFY2(info.exitCode == 0, describe(info));
    const nlohmann::json doc = jsonOut(info);
    QCOMPARE(keysOf(doc),
        argList({"drafts", "labels", "path", "prompts", "schema_version", "versions"}));
    QCOMPARE(doc["prompts"].get<int>(), 0);
    QCOMPARE(doc["versions"].get<int>(), 0);
    QVERIFY(doc["schema_version"].get<int>() >= 1);
    QVERIFY(str(doc["path"]).endsWith(QStringLiteral("p.promptsmith")));

    const CliResult human = cli({"--project", m_project, "info"});
    QCOMPARE(human.exitCode, 0);
    QVERIFY(human.out.contains("schema version"));
}

void TestCliCommands::initRefusesAnExistingFile()
{
    QVERIFY(writeFile(m_project, "my notes\n"));
    const CliResult result = cli({"init", m_project});
    QCOMPARE(result.exitCode, 3);
    QVERIFY(result.err.contains(m_project.toUtf8()));
    QCOMPARE(ps::test::readFile(m_project), QByteArray("my notes\n"));

    // Also an existing real project: it keeps its prompts.
    const QString other = path(QStringLiteral("q.promptsmith"));
    QCOMPARE(cli({"init", other}).exitCode, 0);
    QCOMPARE(cli({"--project", other, "prompt", "add", "keep-me"}).exitCode, 0);
    QCOMPARE(cli({"init", other, "--demo"}).exitCode, 3);
    const nlohmann::json list = jsonOut(cli({"--project", other, "prompt", "list", "--json"}));
    QCOMPARE(list["prompts"].size(), std::size_t(1));
}

void TestCliCommands::globalOptionsWorkBeforeAndAfterTheSubcommand()
{
    makeTriage(2);
    const CliResult before = cli({"--project", m_project, "--json", "version", "list", "triage"});
    const CliResult after = cli({"version", "list", "triage", "--project", m_project, "--json"});
    const CliResult middle = cli({"version", "--json", "list", "--project", m_project, "triage"});
    QVERIFY2(before.exitCode == 0, describe(before));
    QVERIFY2(after.exitCode == 0, describe(after));
    QVERIFY2(middle.exitCode == 0, describe(middle));
    QCOMPARE(after.out, before.out);
    QCOMPARE(middle.out, before.out);
    QCOMPARE(jsonOut(before)["versions"].size(), std::size_t(2));
}

void TestCliCommands::projectComesFromTheEnvironment()
{
    makeTriage(1);
    const QString env = QStringLiteral("PROMPTSMITH_PROJECT=") + m_project;
    const CliResult info = cli({"info", "--json"}, {env});
    QVERIFY2(info.exitCode == 0, describe(info));
    QCOMPARE(jsonOut(info)["prompts"].get<int>(), 1);

    // --project wins over the variable.
    const QString other = path(QStringLiteral("other.promptsmith"));
    QCOMPARE(cli({"init", other}).exitCode, 0);
    const CliResult overridden = cli({"--project", other, "info", "--json"}, {env});
    QCOMPARE(jsonOut(overridden)["prompts"].get<int>(), 0);
}

void TestCliCommands::missingProjectIsRefusedAndNotCreated()
{
    const QString missing = path(QStringLiteral("typo.promptsmith"));
    QVERIFY(writeFile(path(QStringLiteral("c.json")), kContentV1));
    const QList<QStringList> commands = {
        argList({"info"}),
        argList({"prompt", "add", "triage"}),
        argList({"prompt", "list"}),
        argList({"version", "save", "triage", "--from", path(QStringLiteral("c.json"))}),
        argList({"version", "list", "triage"}),
        argList({"label", "set", "triage", "production", "1"}),
        argList({"render", "triage"}),
    };
    for (const QStringList &command : commands) {
        const CliResult result = runCli(argList({"--project", missing}) + command);
        QVERIFY2(result.exitCode == 3, describe(result));
        QVERIFY2(result.err.contains(missing.toUtf8()), describe(result));
        QVERIFY(!QFile::exists(missing));
    }
    const CliResult viaEnv = cli({"info"}, {QStringLiteral("PROMPTSMITH_PROJECT=") + missing});
    QCOMPARE(viaEnv.exitCode, 3);
    QVERIFY(!QFile::exists(missing));

    // No project at all is wrong usage, not bad input.
    const CliResult none = cli({"info"});
    QCOMPARE(none.exitCode, 2);
    QVERIFY(none.err.contains("--project"));
}

void TestCliCommands::nonProjectFileIsRefusedUntouched_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::newRow("text") << QByteArray("name,ticket\n1,charged twice\n");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("json") << QByteArray(R"({"messages": []})");
    QTest::newRow("other sqlite-like header") << QByteArray("SQLite format 3\0garbage", 23);
}

void TestCliCommands::nonProjectFileIsRefusedUntouched()
{
    QFETCH(QByteArray, bytes);
    const QString file = path(QStringLiteral("notes.csv"));
    QVERIFY(writeFile(file, bytes));
    for (const QStringList &command : {argList({"prompt", "add", "x"}), argList({"info"})}) {
        const CliResult result = runCli(argList({"--project", file}) + command);
        QVERIFY2(result.exitCode == 3, describe(result));
        QVERIFY2(result.err.contains(file.toUtf8()), describe(result));
        QCOMPARE(ps::test::readFile(file), bytes);
    }
    QVERIFY(!QFile::exists(file + QStringLiteral("-journal")));
    QVERIFY(!QFile::exists(file + QStringLiteral("-wal")));
}

void TestCliCommands::usageErrorsExitWithTwo_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::newRow("no command") << argList({});
    QTest::newRow("unknown command") << argList({"frobnicate"});
    QTest::newRow("unknown subcommand") << argList({"version", "frobnicate"});
    QTest::newRow("group without subcommand") << argList({"prompt"});
    QTest::newRow("unknown flag") << argList({"info", "--frobnicate"});
    QTest::newRow("unknown global flag") << argList({"--frobnicate", "info"});
    QTest::newRow("missing argument") << argList({"version", "show"});
    QTest::newRow("missing option value") << argList({"version", "save", "triage", "--from"});
    QTest::newRow("missing required option") << argList({"version", "save", "triage"});
    QTest::newRow("label number not a number") << argList({"label", "set", "t", "prod", "three"});
    QTest::newRow("init without file") << argList({"init"});
    QTest::newRow("extra argument") << argList({"version", "list", "a", "b"});
}

void TestCliCommands::usageErrorsExitWithTwo()
{
    QFETCH(QStringList, args);
    QCOMPARE(cli({"init", m_project}).exitCode, 0);
    const QByteArray before = ps::test::readFile(m_project);
    const CliResult result = runCli(argList({"--project", m_project}) + args);
    QVERIFY2(result.exitCode == 2, describe(result));
    QVERIFY(!result.err.isEmpty());
    QVERIFY(result.out.isEmpty());

    const CliResult json = runCli(argList({"--project", m_project, "--json"}) + args);
    QCOMPARE(json.exitCode, 2);
    const nlohmann::json doc = jsonOut(json);
    QCOMPARE(str(doc["error"]["kind"]), QStringLiteral("usage"));
    QVERIFY(!doc["error"]["message"].get<std::string>().empty());
    QCOMPARE(ps::test::readFile(m_project), before);
}

void TestCliCommands::helpExitsWithZero()
{
    const CliResult help = cli({"--help"});
    QCOMPARE(help.exitCode, 0);
    QVERIFY(help.out.contains("version"));
    QVERIFY(help.out.contains("render"));
    const CliResult sub = cli({"version", "save", "--help"});
    QCOMPARE(sub.exitCode, 0);
    QVERIFY(sub.out.contains("--from"));
}

void TestCliCommands::promptAddAndList()
{
    QCOMPARE(cli({"init", m_project}).exitCode, 0);
    const CliResult added = cli({"--project", m_project, "--json", "prompt", "add", "triage",
        "--description", "Label support tickets"});
    QVERIFY2(added.exitCode == 0, describe(added));
    QCOMPARE(str(jsonOut(added)["name"]), QStringLiteral("triage"));

    const CliResult again = cli({"--project", m_project, "prompt", "add", "triage"});
    QCOMPARE(again.exitCode, 3);
    QVERIFY(again.err.contains("triage"));

    const nlohmann::json list = jsonOut(cli({"--project", m_project, "prompt", "list", "--json"}));
    QCOMPARE(list["prompts"].size(), std::size_t(1));
    const nlohmann::json prompt = list["prompts"][0];
    QCOMPARE(str(prompt["description"]), QStringLiteral("Label support tickets"));
    QCOMPARE(prompt["versions"].get<int>(), 0);
    QVERIFY(prompt["tags"].is_array());

    const CliResult human = cli({"--project", m_project, "prompt", "list"});
    QVERIFY(human.out.startsWith("triage  0 versions  Label support tickets"));
}

void TestCliCommands::saveCreatesVersionOne()
{
    makeTriage(0);
    QVERIFY(writeFile(path(QStringLiteral("c.json")), kContentV1));
    const CliResult saved = cli({"--project", m_project, "--json", "version", "save", "triage",
        "--from", path(QStringLiteral("c.json")), "-m", "first try"});
    QVERIFY2(saved.exitCode == 0, describe(saved));
    const nlohmann::json doc = jsonOut(saved);
    QCOMPARE(doc["created"].get<bool>(), true);
    QCOMPARE(doc["number"].get<int>(), 1);
    QCOMPARE(str(doc["message"]), QStringLiteral("first try"));
    QCOMPARE(str(doc["author"]), QStringLiteral("tester"));
    QCOMPARE(doc["hash"].get<std::string>().size(), std::size_t(64));

    const nlohmann::json shown
        = jsonOut(cli({"--project", m_project, "version", "show", "triage@1", "--json"}));
    QCOMPARE(dumped(shown["hash"]), dumped(doc["hash"]));
    QCOMPARE(str(shown["content"]["messages"][1]["content"]), QStringLiteral("{{ticket}}"));
    const nlohmann::json list
        = jsonOut(cli({"--project", m_project, "version", "list", "triage", "--json"}));
    QCOMPARE(list["versions"].size(), std::size_t(1));
    QCOMPARE(keysOf(list["versions"][0]), kVersionKeys);
    QVERIFY(list["versions"][0]["parent"].is_null());
    // Normalised: defaults are filled in.
    QVERIFY(shown["content"].contains("params"));
    QVERIFY(shown["content"].contains("examples"));
}

void TestCliCommands::identicalSaveMakesNoNewVersion()
{
    makeTriage(2);
    // Same content as v2, written differently (key order, spacing).
    QVERIFY(writeFile(path(QStringLiteral("same.json")),
        R"({"params": {"temperature": 0}, "messages": [{"content": "You label support tickets: billing, bug or other.", "role": "system"}, {"role": "user", "content": "{{ticket}}"}]})"));
    const CliResult json = cli({"--project", m_project, "--json", "version", "save", "triage",
        "--from", path(QStringLiteral("same.json"))});
    QVERIFY2(json.exitCode == 0, describe(json));
    QCOMPARE(jsonOut(json)["created"].get<bool>(), false);
    QCOMPARE(jsonOut(json)["number"].get<int>(), 2);

    const CliResult human = cli({"--project", m_project, "version", "save", "triage", "--from",
        path(QStringLiteral("same.json"))});
    QCOMPARE(human.exitCode, 0);
    QVERIFY(human.out.contains("identical"));
    QVERIFY(human.out.contains("triage@2"));
    QCOMPARE(
        jsonOut(cli({"--project", m_project, "version", "list", "triage", "--json"}))["versions"]
            .size(),
        std::size_t(2));
}

void TestCliCommands::saveRecordsTheParent()
{
    makeTriage(2);
    QVERIFY(writeFile(path(QStringLiteral("c3.json")), kContentV3));
    const CliResult saved = cli({"--project", m_project, "--json", "version", "save", "triage",
        "--from", path(QStringLiteral("c3.json")), "--parent", "triage@1"});
    QVERIFY2(saved.exitCode == 0, describe(saved));
    QCOMPARE(jsonOut(saved)["number"].get<int>(), 3);
    QCOMPARE(jsonOut(saved)["parent"].get<int>(), 1);

    const nlohmann::json list
        = jsonOut(cli({"--project", m_project, "version", "list", "triage", "--json"}));
    QCOMPARE(list["versions"][1]["parent"].get<int>(), 1); // default parent: the newest
    QCOMPARE(list["versions"][2]["parent"].get<int>(), 1);

    // A parent from another prompt, or one that does not exist, is refused and nothing is saved.
    QCOMPARE(cli({"--project", m_project, "prompt", "add", "other"}).exitCode, 0);
    QVERIFY(writeFile(
        path(QStringLiteral("c4.json")), R"({"messages": [{"role": "user", "content": "v4"}]})"));
    for (const QString &parent : {QStringLiteral("other"), QStringLiteral("triage@9")}) {
        const CliResult refused = cli({"--project", m_project, "version", "save", "triage",
            "--from", path(QStringLiteral("c4.json")), "--parent", parent});
        QVERIFY2(refused.exitCode == 3, describe(refused));
    }
    QCOMPARE(
        jsonOut(cli({"--project", m_project, "version", "list", "triage", "--json"}))["versions"]
            .size(),
        std::size_t(3));
}

void TestCliCommands::badContentIsRefused_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QByteArray>("mentions");
    QTest::newRow("not json") << QByteArray("{\"messages\": [") << QByteArray("JSON");
    QTest::newRow("no messages") << QByteArray(R"({"params": {}})") << QByteArray("messages");
    QTest::newRow("bad role") << QByteArray(R"({"messages": [{"role": "robot", "content": "x"}]})")
                              << QByteArray("messages[0]");
}

void TestCliCommands::badContentIsRefused()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QByteArray, mentions);
    makeTriage(1);
    const QString file = path(QStringLiteral("bad.json"));
    QVERIFY(writeFile(file, bytes));
    const CliResult result
        = cli({"--project", m_project, "version", "save", "triage", "--from", file});
    QVERIFY2(result.exitCode == 3, describe(result));
    QVERIFY2(result.err.contains(file.toUtf8()), describe(result));
    QVERIFY2(result.err.contains(mentions), describe(result));
    QCOMPARE(result.err.count('\n'), 1); // one sentence

    const CliResult missing = cli({"--project", m_project, "version", "save", "triage", "--from",
        path(QStringLiteral("nope.json"))});
    QCOMPARE(missing.exitCode, 3);
    QVERIFY(missing.err.contains("nope.json"));
}

void TestCliCommands::saveToUnknownPromptIsRefused()
{
    makeTriage(0);
    QVERIFY(writeFile(path(QStringLiteral("c.json")), kContentV1));
    const CliResult result = cli({"--project", m_project, "version", "save", "triag", "--from",
        path(QStringLiteral("c.json"))});
    QCOMPARE(result.exitCode, 3);
    QVERIFY(result.err.contains("triag"));
    QCOMPARE(cli({"--project", m_project, "version", "list", "triag"}).exitCode, 3);
}

void TestCliCommands::labelsAndReferencesResolve()
{
    makeTriage(3);
    const CliResult set
        = cli({"--project", m_project, "--json", "label", "set", "triage", "production", "2"});
    QVERIFY2(set.exitCode == 0, describe(set));
    QCOMPARE(jsonOut(set)["number"].get<int>(), 2);

    auto numberOf = [this](const QString &ref) {
        const CliResult shown = cli({"--project", m_project, "version", "show", ref, "--json"});
        return shown.exitCode == 0 ? jsonOut(shown)["number"].get<int>() : -shown.exitCode;
    };
    QCOMPARE(numberOf(QStringLiteral("triage")), 3);
    QCOMPARE(numberOf(QStringLiteral("triage@1")), 1);
    QCOMPARE(numberOf(QStringLiteral("triage@production")), 2);

    const nlohmann::json list
        = jsonOut(cli({"--project", m_project, "version", "list", "triage", "--json"}));
    const QString hash1 = str(list["versions"][0]["hash"]);
    QCOMPARE(numberOf(QStringLiteral("triage@") + hash1.left(7)), 1);
    QCOMPARE(numberOf(QStringLiteral("triage@") + hash1), 1);
    QCOMPARE(dumped(list["versions"][1]["labels"]), dumped(nlohmann::json::array({"production"})));

    // Moving the label.
    const CliResult moved
        = cli({"--project", m_project, "label", "set", "triage", "production", "3"});
    QVERIFY2(moved.exitCode == 0, describe(moved));
    QVERIFY(moved.out.contains("from v2"));
    QCOMPARE(numberOf(QStringLiteral("triage@production")), 3);

    // Labels may not be all digits; versions must exist.
    QCOMPARE(cli({"--project", m_project, "label", "set", "triage", "123", "1"}).exitCode, 3);
    QCOMPARE(cli({"--project", m_project, "label", "set", "triage", "staging", "9"}).exitCode, 3);
    QCOMPARE(cli({"--project", m_project, "label", "set", "nosuch", "staging", "1"}).exitCode, 3);
}

void TestCliCommands::badReferencesExitWithThree_data()
{
    QTest::addColumn<QString>("ref");
    QTest::newRow("unknown prompt") << QStringLiteral("nosuch");
    QTest::newRow("unknown number") << QStringLiteral("triage@99");
    QTest::newRow("unknown label") << QStringLiteral("triage@canary");
    QTest::newRow("unknown hash") << QStringLiteral("triage@0000000000");
    QTest::newRow("short hex is a label") << QStringLiteral("triage@abcdef");
    QTest::newRow("empty after @") << QStringLiteral("triage@");
}

void TestCliCommands::badReferencesExitWithThree()
{
    QFETCH(QString, ref);
    makeTriage(2);
    const CliResult shown = cli({"--project", m_project, "version", "show", ref});
    QVERIFY2(shown.exitCode == 3, describe(shown));
    QVERIFY2(shown.err.startsWith("error: "), describe(shown));
    QVERIFY(shown.out.isEmpty());
    QCOMPARE(cli({"--project", m_project, "render", ref}).exitCode, 3);
    QCOMPARE(cli({"--project", m_project, "version", "diff", "triage@1", ref}).exitCode, 3);
}

void TestCliCommands::failureWithJsonPrintsOneDocument()
{
    makeTriage(1);
    const QList<QStringList> failing = {
        argList({"--project", m_project, "version", "show", "triage@7", "--json"}),
        argList({"--project", path(QStringLiteral("missing.promptsmith")), "info", "--json"}),
        argList({"--json", "init", m_project}),
        argList({"--project", m_project, "--json", "version", "save", "triage", "--from",
            path(QStringLiteral("none.json"))}),
    };
    for (const QStringList &args : failing) {
        const CliResult result = runCli(args);
        QVERIFY2(result.exitCode == 3, describe(result));
        const nlohmann::json doc = jsonOut(result);
        QVERIFY2(doc.is_object() && doc.size() == 1, describe(result));
        QVERIFY(doc["error"]["message"].is_string());
        QVERIFY(doc["error"]["kind"].is_string());
    }
}

void TestCliCommands::authorPrecedence()
{
    makeTriage(0);
    const QByteArray contents[] = {kContentV1, kContentV2, kContentV3};
    using Args = std::initializer_list<ps::test::Arg>;
    auto save = [&](int index, Args extra, Args env) {
        const QString file = path(QStringLiteral("a%1.json").arg(index));
        writeFile(file, contents[index]);
        const CliResult result = runCli(
            argList({"--project", m_project, "--json", "version", "save", "triage", "--from", file})
                + argList(extra),
            {}, argList(env));
        return str(jsonOut(result)["author"]);
    };
    QCOMPARE(save(0, {"--author", "Ana"}, {"PROMPTSMITH_AUTHOR=Ben"}), QStringLiteral("Ana"));
    QCOMPARE(save(1, {}, {"PROMPTSMITH_AUTHOR=Ben"}), QStringLiteral("Ben"));
    const passwd *user = ::getpwuid(::geteuid());
    QVERIFY(user);
    QCOMPARE(save(2, {}, {"PROMPTSMITH_AUTHOR="}), QString::fromLocal8Bit(user->pw_name));
}

QTEST_GUILESS_MAIN(TestCliCommands)
#include "test_cli_commands.moc"
