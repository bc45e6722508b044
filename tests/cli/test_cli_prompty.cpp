// Prompty's .prompty through export and import: the demo's prompts are written in the current
// schema and their front matter validates against Prompty's own schema files (Ajv, 2020-12,
// installed with npm when missing); a file goes out, in and out again the same; the older
// front matter styles (v1's configuration and parameters, `template: jinja2`, sample values)
// are read; a file without its front matter's end is refused naming it.

#include "cli_test_helpers.h"
#include "npm_package.h"

#include <QFile>
#include <QHash>
#include <QRegularExpression>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace ps;
using ps::test::argList;
using ps::test::cli;
using ps::test::CliResult;
using ps::test::describe;
using nlohmann::json;

namespace {

// A .prompty text as Prompty reads it back: no blank lines between a message and the next marker.
QString withoutTrailingBlankLines(QString text)
{
    static const QRegularExpression gap(QStringLiteral("\\n\\n\\n+(system|user|assistant):\\n"));
    text.replace(gap, QStringLiteral("\n\n\\1:\n"));
    return text;
}

} // namespace

class TestCliPrompty : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_project;

    QString path(const QString &name) const { return m_dir.filePath(name); }

    static void addCompanyTarget(const test::ProjectCli &project)
    {
        QCOMPARE(project.in(argList({"provider", "add", "company", "--kind", "openai-compatible", "--base-url",
                     "http://127.0.0.1:9/v1", "--api-key-env", "COMPANY_KEY"})).exitCode, 0);
        QCOMPARE(project.in(argList({"target", "add", "mini", "--provider", "company", "--model", "gpt-4.1-mini",
                     "--param", "temperature=0.3"})).exitCode, 0);
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_project = path(QStringLiteral("demo.promptsmith"));
        QCOMPARE(cli({"init", m_project, "--demo"}).exitCode, 0);
        addCompanyTarget(test::ProjectCli(m_project));
    }

    void exportsValidateAgainstPromptysSchema()
    {
        const test::ProjectCli project(m_project);
        QStringList files;
        for (const char *prompt : {"ticket-triage", "product-description", "meeting-summary"}) {
            const QString file = path(QString::fromUtf8(prompt) + QStringLiteral(".prompty"));
            const CliResult exported = project.in(argList({"export", prompt, "--format", "prompty", "--target", "mini", "-o", file}));
            QVERIFY2(exported.exitCode == 0, describe(exported));
            files << file;
        }
        const QString triage = QString::fromUtf8(test::readFile(files.front()));
        QVERIFY2(triage.startsWith(QStringLiteral("---\nname: ticket-triage\n")), qPrintable(triage));
        QVERIFY2(triage.contains(QStringLiteral("model:\n  id: gpt-4.1-mini\n  provider: openai\n  apiType: chat\n")), qPrintable(triage));
        QVERIFY2(triage.contains(QStringLiteral("apiKey: \"${env:COMPANY_KEY}\"")), qPrintable(triage)); // a name, never a key
        QVERIFY2(triage.contains(QStringLiteral("template:\n  format:\n    kind: mustache\n  parser:\n    kind: prompty\n---\nsystem:\n")),
            qPrintable(triage));
        QVERIFY2(triage.contains(QStringLiteral("\nuser:\n")), qPrintable(triage));

        const QString node = test::nodeProgram();
        if (node.isEmpty())
            QSKIP("Node is not installed: the schema check could not run");
        const test::NpmPackage ajv = test::npmPackage(QStringLiteral("ajv@8"), QStringLiteral("ajv"));
        if (ajv.nodeModules.isEmpty())
            QSKIP(ajv.whyNot.toUtf8().constData());
        const test::NpmPackage yaml = test::npmPackage(QStringLiteral("js-yaml@4"), QStringLiteral("js-yaml"));
        if (yaml.nodeModules.isEmpty())
            QSKIP(yaml.whyNot.toUtf8().constData());
        QProcess validate;
        validate.start(node, QStringList {QStringLiteral(PS_SOURCE_DIR "/tests/exchange/validate_prompty.mjs"),
                                 ajv.nodeModules, yaml.nodeModules, QStringLiteral(PS_SOURCE_DIR "/tests/data/prompty-schemas")}
                + files);
        QVERIFY(validate.waitForFinished(60000));
        QVERIFY2(validate.exitCode() == 0, validate.readAllStandardError().constData());
        const json results = json::parse(validate.readAllStandardOutput().toStdString());
        QCOMPARE(results.size(), std::size_t(files.size()));
        for (const json &result : results)
            QVERIFY2(result["valid"].get<bool>(), qPrintable(QString::fromStdString(result.dump())));

        // The check can fail: a key the schema does not have is refused.
        QFile::copy(files.front(), path(QStringLiteral("wrong.prompty")));
        QString wrong = QString::fromUtf8(test::readFile(path(QStringLiteral("wrong.prompty"))));
        wrong.replace(QStringLiteral("---\nname:"), QStringLiteral("---\nmodelParameters: {}\nname:"));
        QVERIFY(test::writeFile(path(QStringLiteral("wrong.prompty")), wrong.toUtf8()));
        QProcess again;
        again.start(node, {QStringLiteral(PS_SOURCE_DIR "/tests/exchange/validate_prompty.mjs"), ajv.nodeModules,
                              yaml.nodeModules, QStringLiteral(PS_SOURCE_DIR "/tests/data/prompty-schemas"),
                              path(QStringLiteral("wrong.prompty"))});
        QVERIFY(again.waitForFinished(60000));
        QVERIFY(!json::parse(again.readAllStandardOutput().toStdString())[0]["valid"].get<bool>());
    }

    void aFileComesBackTheSame()
    {
        const test::ProjectCli source(m_project);
        const QString other = path(QStringLiteral("other.promptsmith"));
        QCOMPARE(cli({"init", other}).exitCode, 0);
        const test::ProjectCli target(other);
        addCompanyTarget(target);
        QHash<QString, QString> exportedErr;
        for (const char *prompt : {"ticket-triage", "product-description", "meeting-summary"}) {
            const QString name = QString::fromUtf8(prompt);
            const QString first = path(name + QStringLiteral("-1.prompty"));
            const CliResult out = source.in(argList({"export", prompt, "--format", "prompty", "--target", "mini", "-o", first}));
            QCOMPARE(out.exitCode, 0);
            exportedErr[name] = QString::fromUtf8(out.err);
            const CliResult imported = target.in(argList({"import", first, "--json"}));
            QVERIFY2(imported.exitCode == 0, describe(imported));
            QCOMPARE(test::str(test::jsonOut(imported)["format"]), QStringLiteral("prompty"));
            const QString second = path(name + QStringLiteral("-2.prompty"));
            const CliResult exported = target.in(argList({"export", prompt, "--format", "prompty", "--target", "mini", "-o", second}));
            QVERIFY2(exported.exitCode == 0, describe(exported));
            // The same file, less what the export said Prompty trims: blank lines ending a message.
            const QString before = QString::fromUtf8(test::readFile(first));
            const QString expected = withoutTrailingBlankLines(before);
            if (expected != before)
                QVERIFY2(exportedErr[name].contains(QStringLiteral("blank lines at its start or end")), qPrintable(exportedErr[name]));
            QCOMPARE(QString::fromUtf8(test::readFile(second)), expected);
            // Rendered the same, less those: the messages of both versions, for the same values.
            const json ours = source.inJson(argList({"render", prompt}))["messages"];
            const json theirs = target.inJson(argList({"render", prompt}))["messages"];
            QCOMPARE(theirs.size(), ours.size());
            for (std::size_t m = 0; m < ours.size(); ++m)
                QCOMPARE(test::str(theirs[m]["content"]).trimmed(), test::str(ours[m]["content"]).trimmed());
        }
    }

    void trickyTextSurvives()
    {
        // Nunjucks and Jinja syntax, quotes, tabs and non-ASCII inside a message: written under
        // the mustache format, all of it is literal text and comes back as written.
        const json version = {{"messages", {{{"role", "system"}, {"content", "Literal: {# c #} {% if x %} {single} \"q\" 'a'\n\ttab — 退款 ü\n---\nnot front matter"}},
                                               {{"role", "user"}, {"content", "{{ticket}}\n\nEnd."}}}}};
        const QString project = path(QStringLiteral("greet.promptsmith"));
        QVERIFY(test::createGreetProject(project, version));
        const test::ProjectCli source(project);
        const QString file = path(QStringLiteral("tricky.prompty"));
        const CliResult exported = source.in(argList({"export", "greet", "--format", "prompty", "-o", file}));
        QVERIFY2(exported.exitCode == 0, describe(exported));
        QVERIFY2(!exported.err.contains("literal") && !exported.err.contains("blank lines"), exported.err);
        const QString other = path(QStringLiteral("tricky-target.promptsmith"));
        QCOMPARE(cli({"init", other}).exitCode, 0);
        const test::ProjectCli target(other);
        QCOMPARE(target.in(argList({"import", file})).exitCode, 0);
        const json back = target.inJson(argList({"version", "show", "greet@1"}))["content"]["messages"];
        QCOMPARE(back.size(), std::size_t(2));
        for (std::size_t m = 0; m < 2; ++m)
            QCOMPARE(test::str(back[m]["content"]), test::str(version["messages"][m]["content"]).trimmed());
    }

    void olderFrontMatterIsRead()
    {
        const QString file = path(QStringLiteral("legacy.prompty"));
        QVERIFY(test::writeFile(file,
            "---\n"
            "name: Legacy Triage\n"
            "description: v1 style\n"
            "authors: [Ana]\n"
            "model:\n"
            "  api: chat\n"
            "  configuration:\n"
            "    type: azure_openai\n"
            "    azure_deployment: gpt-35-turbo\n"
            "  parameters:\n"
            "    max_tokens: 128\n"
            "    temperature: 0.2\n"
            "sample:\n"
            "  ticket: App crashes on login\n"
            "inputs:\n"
            "  ticket:\n"
            "    type: string\n"
            "    description: the customer's words\n"
            "template: jinja2\n"
            "---\n"
            "You label tickets.\n"
            "\n"
            "user:\n"
            "{{ ticket }}{# a note #}\n"));
        const test::ProjectCli project(m_project);
        const CliResult imported = project.in(argList({"import", file, "--json"}));
        QVERIFY2(imported.exitCode == 0, describe(imported));
        const json report = test::jsonOut(imported);
        QCOMPARE(test::str(report["prompt"]), QStringLiteral("Legacy Triage"));
        QVERIFY2(report["lost"].dump().find("the model gpt-35-turbo") != std::string::npos, qPrintable(QString::fromStdString(report["lost"].dump())));
        const json version = project.inJson(argList({"version", "show", "Legacy Triage@1"}));
        QCOMPARE(test::str(version["author"]), QStringLiteral("Ana"));
        const json &content = version["content"];
        QCOMPARE(test::str(content["messages"][0]["role"]), QStringLiteral("system")); // text before a marker
        QCOMPARE(test::str(content["messages"][0]["content"]), QStringLiteral("You label tickets."));
        QCOMPARE(test::str(content["messages"][1]["content"]), QStringLiteral("{{ticket}}"));
        QCOMPARE(test::dumped(content["params"]["max_tokens"]), QStringLiteral("128"));
        QCOMPARE(test::str(content["variables"][0]["default"]), QStringLiteral("App crashes on login"));
        QCOMPARE(test::str(content["variables"][0]["description"]), QStringLiteral("the customer's words"));

        // A front matter that never ends is refused, saying so.
        QVERIFY(test::writeFile(path(QStringLiteral("open.prompty")), "---\nname: x\nuser:\nhi\n"));
        const CliResult open = project.in(argList({"import", path(QStringLiteral("open.prompty")), "--format", "prompty"}));
        QCOMPARE(open.exitCode, 3);
        QVERIFY2(open.err.contains("front matter between --- lines"), open.err);
    }
};

QTEST_GUILESS_MAIN(TestCliPrompty)
#include "test_cli_prompty.moc"
