// promptsmith-cli render end to end: a version with variable values (exact bytes), bare templates
// with any JSON data, template errors with their position, and the Mustache spec suite.

#include "cli_test_helpers.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using ps::test::argList;
using ps::test::cli;
using ps::test::CliResult;
using ps::test::describe;
using ps::test::dumped;
using ps::test::jsonOut;
using ps::test::runCli;
using ps::test::str;
using ps::test::writeFile;

class TestCliRender : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void versionRendersExactBytes();
    void varOverridesVarsFile();
    void versionRendersAsJson();
    void missingVariableIsAWarningNotAnError();
    void badVariableArgumentsAreRefused();
    void templateRendersAnyJsonValue_data();
    void templateRendersAnyJsonValue();
    void brokenTemplateReportsLineAndColumn();
    void brokenTemplateWithJsonPrintsOneDocument();
    void brokenVersionTemplateNamesMessageAndPosition();
    void templateInputErrors();
    void renderUsageErrors_data();
    void renderUsageErrors();
    void mustacheSpec_data();
    void mustacheSpec();

private:
    QString path(const QString &name) const { return m_dir->filePath(name); }
    QString file(const QString &name, const QByteArray &bytes) const;
    void makeProject();

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_project;
};

void TestCliRender::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_project = path(QStringLiteral("p.promptsmith"));
}

void TestCliRender::cleanup()
{
    m_dir.reset();
}

QString TestCliRender::file(const QString &name, const QByteArray &bytes) const
{
    const QString filePath = path(name);
    writeFile(filePath, bytes);
    return filePath;
}

// triage@1: a system message with a defaulted variable, a user message with a required one.
void TestCliRender::makeProject()
{
    QCOMPARE(cli({"init", m_project}).exitCode, 0);
    QCOMPARE(cli({"--project", m_project, "prompt", "add", "triage"}).exitCode, 0);
    const QString content = file(QStringLiteral("c.json"), R"({
      "messages": [{"role": "system", "content": "You label tickets for {{company}}.\n"},
                   {"role": "user", "content": "Ticket: {{ticket}}"}],
      "variables": [{"name": "company", "default": "Acme", "description": ""},
                    {"name": "ticket", "default": "", "description": "the ticket"}]})");
    const CliResult saved
        = cli({"--project", m_project, "version", "save", "triage", "--from", content});
    QVERIFY2(saved.exitCode == 0, describe(saved));
}

void TestCliRender::versionRendersExactBytes()
{
    makeProject();
    const CliResult result
        = cli({"--project", m_project, "render", "triage", "--var", "ticket=I was charged twice"});
    QVERIFY2(result.exitCode == 0, describe(result));
    QCOMPARE(result.out,
        QByteArray("system: You label tickets for Acme.\n\n\nuser: Ticket: I was charged twice"));
    QVERIFY(result.err.isEmpty());

    // A value may itself contain '=' and newlines; it is not HTML-escaped.
    const CliResult tricky = cli({"--project", m_project, "render", "triage@1", "--var",
        "ticket=a=b & <c>\nline 2", "--var", "company=R&D"});
    QVERIFY2(tricky.exitCode == 0, describe(tricky));
    QCOMPARE(tricky.out,
        QByteArray("system: You label tickets for R&D.\n\n\nuser: Ticket: a=b & <c>\nline 2"));
}

void TestCliRender::varOverridesVarsFile()
{
    makeProject();
    const QString vars
        = file(QStringLiteral("vars.json"), R"({"ticket": "from file", "company": "Globex"})");
    const CliResult result = cli(
        {"--project", m_project, "render", "triage", "--vars", vars, "--var", "ticket=from flag"});
    QVERIFY2(result.exitCode == 0, describe(result));
    QCOMPARE(result.out,
        QByteArray("system: You label tickets for Globex.\n\n\nuser: Ticket: from flag"));
}

void TestCliRender::versionRendersAsJson()
{
    makeProject();
    const CliResult result
        = cli({"render", "triage", "--var", "ticket=x", "--json", "--project", m_project});
    QVERIFY2(result.exitCode == 0, describe(result));
    const nlohmann::json doc = jsonOut(result);
    const nlohmann::json expected
        = nlohmann::json::array({{{"role", "system"}, {"content", "You label tickets for Acme.\n"}},
            {{"role", "user"}, {"content", "Ticket: x"}}});
    QCOMPARE(dumped(doc["messages"]), dumped(expected));
}

void TestCliRender::missingVariableIsAWarningNotAnError()
{
    makeProject();
    const CliResult result = cli({"--project", m_project, "render", "triage"});
    QVERIFY2(result.exitCode == 0, describe(result));
    QCOMPARE(result.out, QByteArray("system: You label tickets for Acme.\n\n\nuser: Ticket: "));
    QVERIFY(result.err.contains("ticket"));
    QVERIFY(!result.err.contains("company"));
}

void TestCliRender::badVariableArgumentsAreRefused()
{
    makeProject();
    QCOMPARE(cli({"--project", m_project, "render", "triage", "--var", "novalue"}).exitCode, 2);
    const QString notObject = file(QStringLiteral("list.json"), "[1, 2]");
    const CliResult listVars
        = cli({"--project", m_project, "render", "triage", "--vars", notObject});
    QCOMPARE(listVars.exitCode, 3);
    QVERIFY(listVars.err.contains("list.json"));
    QCOMPARE(cli({"--project", m_project, "render", "triage", "--vars",
                     path(QStringLiteral("none.json"))})
                 .exitCode,
        3);
}

void TestCliRender::templateRendersAnyJsonValue_data()
{
    QTest::addColumn<QByteArray>("templateText");
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("object") << QByteArray("Hello {{name}}!") << QByteArray(R"({"name": "Ana"})")
                            << QByteArray("Hello Ana!");
    QTest::newRow("string") << QByteArray("[{{.}}]") << QByteArray(R"("plain")")
                            << QByteArray("[plain]");
    QTest::newRow("array") << QByteArray("{{#.}}{{.}},{{/.}}") << QByteArray("[1, 2, 3]")
                           << QByteArray("1,2,3,");
    QTest::newRow("number") << QByteArray("{{.}}") << QByteArray("1.5") << QByteArray("1.5");
    QTest::newRow("no trailing newline added")
        << QByteArray("line\n") << QByteArray("{}") << QByteArray("line\n");
}

void TestCliRender::templateRendersAnyJsonValue()
{
    QFETCH(QByteArray, templateText);
    QFETCH(QByteArray, data);
    QFETCH(QByteArray, expected);
    const CliResult result
        = cli({"render", "--template", file(QStringLiteral("t.mustache"), templateText), "--data",
            file(QStringLiteral("d.json"), data)});
    QVERIFY2(result.exitCode == 0, describe(result));
    QCOMPARE(result.out, expected);
}

void TestCliRender::brokenTemplateReportsLineAndColumn()
{
    const QString tmpl
        = file(QStringLiteral("broken.mustache"), "Dear {{name}},\nthanks\n    {{/items}} end\n");
    const CliResult result
        = cli({"render", "--template", tmpl, "--data", file(QStringLiteral("d.json"), "{}")});
    QVERIFY2(result.exitCode == 3, describe(result));
    QVERIFY(result.out.isEmpty());
    QVERIFY2(result.err.contains("broken.mustache"), describe(result));
    QVERIFY2(result.err.contains("line 3, column 5"), describe(result));
    QCOMPARE(result.err.count('\n'), 1);
}

void TestCliRender::brokenTemplateWithJsonPrintsOneDocument()
{
    const QString tmpl = file(QStringLiteral("broken.mustache"), "{{#open}}\nnever closed\n");
    const CliResult result = cli(
        {"--json", "render", "--template", tmpl, "--data", file(QStringLiteral("d.json"), "{}")});
    QVERIFY2(result.exitCode == 3, describe(result));
    const nlohmann::json doc = jsonOut(result);
    QCOMPARE(str(doc["error"]["kind"]), QStringLiteral("template"));
    QVERIFY(doc["error"]["line"].get<int>() >= 1);
    QVERIFY(doc["error"]["column"].get<int>() >= 1);
    QVERIFY(str(doc["error"]["message"]).contains(QStringLiteral("broken.mustache")));
}

void TestCliRender::brokenVersionTemplateNamesMessageAndPosition()
{
    makeProject();
    const QString content = file(QStringLiteral("broken.json"),
        R"({"messages": [{"role": "system", "content": "fine"},
                         {"role": "user", "content": "Hi\n  {{#open}} never closed"}]})");
    QCOMPARE(
        cli({"--project", m_project, "version", "save", "triage", "--from", content}).exitCode, 0);
    const CliResult result = cli({"--project", m_project, "render", "triage@2"});
    QVERIFY2(result.exitCode == 3, describe(result));
    QVERIFY(result.out.isEmpty());
    QVERIFY2(result.err.contains("triage@2 message 2, line 2, column 3"), describe(result));

    const nlohmann::json doc
        = jsonOut(cli({"--project", m_project, "render", "triage@2", "--json"}));
    QCOMPARE(doc["error"]["line"].get<int>(), 2);
    QCOMPARE(doc["error"]["column"].get<int>(), 3);
    QCOMPARE(doc["error"]["message_index"].get<int>(), 1);
}

void TestCliRender::templateInputErrors()
{
    const QString tmpl = file(QStringLiteral("t.mustache"), "{{>header}} {{x}}");
    const CliResult badData
        = cli({"render", "--template", tmpl, "--data", file(QStringLiteral("bad.json"), "{x: 1}")});
    QCOMPARE(badData.exitCode, 3);
    QVERIFY(badData.err.contains("bad.json"));

    const CliResult missingTemplate
        = cli({"render", "--template", path(QStringLiteral("none.mustache"))});
    QCOMPARE(missingTemplate.exitCode, 3);
    QVERIFY(missingTemplate.err.contains("none.mustache"));

    const CliResult badPartials = cli({"render", "--template", tmpl, "--partials",
        file(QStringLiteral("p.json"), R"({"header": 5})")});
    QCOMPARE(badPartials.exitCode, 3);
    QVERIFY(badPartials.err.contains("p.json"));

    const CliResult ok = cli({"render", "--template", tmpl, "--data",
        file(QStringLiteral("d.json"), R"({"x": "<b>"})"), "--partials",
        file(QStringLiteral("p2.json"), R"({"header": "# {{x}}"})"), "--escape", "html"});
    QVERIFY2(ok.exitCode == 0, describe(ok));
    QCOMPARE(ok.out, QByteArray("# &lt;b&gt; &lt;b&gt;"));
}

void TestCliRender::renderUsageErrors_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::newRow("nothing to render") << argList({"render"});
    QTest::newRow("both ref and template")
        << argList({"render", "triage", "--template", "t.mustache"});
    QTest::newRow("bad escape") << argList(
        {"render", "--template", "t.mustache", "--escape", "xml"});
    QTest::newRow("data without template") << argList({"render", "triage", "--data", "d.json"});
    QTest::newRow("var with template")
        << argList({"render", "--template", "t.mustache", "--var", "a=b"});
}

void TestCliRender::renderUsageErrors()
{
    QFETCH(QStringList, args);
    const QString tmpl = file(QStringLiteral("t.mustache"), "x");
    for (QString &arg : args) {
        if (arg == QLatin1String("t.mustache"))
            arg = tmpl;
    }
    const CliResult result = runCli(args);
    QVERIFY2(result.exitCode == 2, describe(result));
    QVERIFY(result.out.isEmpty());
}

// Every test of every spec file in tests/data/mustache-spec, through the real command line.
void TestCliRender::mustacheSpec_data()
{
    QTest::addColumn<QByteArray>("templateText");
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<QByteArray>("partials");
    QTest::addColumn<QByteArray>("expected");
    const QDir specDir(ps::test::dataPath(QStringLiteral("mustache-spec")));
    const QStringList files
        = specDir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
    QVERIFY(files.size() >= 6);
    for (const QString &name : files) {
        const nlohmann::json spec
            = nlohmann::json::parse(ps::test::readFile(specDir.filePath(name)).toStdString());
        for (const auto &test : spec["tests"]) {
            const QByteArray rowName = name.chopped(5).toUtf8() + ": "
                + QByteArray::fromStdString(test["name"].get<std::string>());
            QTest::newRow(rowName.constData())
                << QByteArray::fromStdString(test["template"].get<std::string>())
                << QByteArray::fromStdString(test["data"].dump())
                << QByteArray::fromStdString(
                       test.value("partials", nlohmann::json::object()).dump())
                << QByteArray::fromStdString(test["expected"].get<std::string>());
        }
    }
}

void TestCliRender::mustacheSpec()
{
    QFETCH(QByteArray, templateText);
    QFETCH(QByteArray, data);
    QFETCH(QByteArray, partials);
    QFETCH(QByteArray, expected);
    const CliResult result
        = cli({"render", "--template", file(QStringLiteral("spec.mustache"), templateText),
            "--data", file(QStringLiteral("spec.json"), data), "--partials",
            file(QStringLiteral("partials.json"), partials), "--escape", "html"});
    QVERIFY2(result.exitCode == 0, describe(result));
    QCOMPARE(result.out, expected);
}

QTEST_GUILESS_MAIN(TestCliRender)
#include "test_cli_render.moc"
