// GitHub Models' .prompt.yml through import and export: each of gh-models' own example files
// comes back the same (name, description, model, parameters, response format and schema,
// messages, testData, evaluators), less only what the import said it could not keep; the demo's
// prompts go out with `{{var}}` as gh-models replaces it and their assertions as evaluators where
// they mean the same; a file that is no prompt is refused naming what is missing.

#include "cli_test_helpers.h"
#include "util/yaml_text.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace ps;
using ps::test::argList;
using ps::test::cli;
using ps::test::CliResult;
using ps::test::describe;
using nlohmann::json;

namespace {

const QString kExamples = QStringLiteral(PS_SOURCE_DIR "/tests/data/gh-models-examples");

json readYaml(const QString &file)
{
    QFile in(file);
    if (!in.open(QIODevice::ReadOnly))
        return nullptr;
    return json(util::parseYaml(in.readAll().toStdString()));
}

// The file as a comparison reads it: jsonSchema as the JSON it holds, evaluators in order.
json comparable(json document)
{
    if (document.contains("jsonSchema"))
        document["jsonSchema"] = json::parse(document["jsonSchema"].get<std::string>());
    return document;
}

} // namespace

class TestCliPromptYml : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    int m_projects = 0;

    QString path(const QString &name) const { return m_dir.filePath(name); }
    QString newProject() { return test::newEmptyProject(m_dir.path(), m_projects); }

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void examplesComeBackTheSame_data()
    {
        QTest::addColumn<QString>("file");
        const QStringList files = QDir(kExamples).entryList({QStringLiteral("*.yml")}, QDir::Files, QDir::Name);
        QVERIFY(files.size() >= 9);
        for (const QString &file : files)
            if (file != QStringLiteral("evals_action.yml")) // a workflow, not a prompt
                QTest::newRow(qPrintable(file)) << file;
    }

    void examplesComeBackTheSame()
    {
        QFETCH(QString, file);
        const json original = readYaml(kExamples + QLatin1Char('/') + file);
        QVERIFY(original.is_object());
        const test::ProjectCli project(newProject());
        const CliResult imported = project.in(argList({"import", kExamples + QLatin1Char('/') + file, "--json"}));
        QVERIFY2(imported.exitCode == 0, describe(imported));
        const json report = test::jsonOut(imported);
        QCOMPARE(test::str(report["format"]), QStringLiteral("prompt-yml"));
        const std::string name = original["name"].get<std::string>();
        QCOMPARE(test::str(report["prompt"]), QString::fromStdString(name));

        // The model comes back from a target whose model it is.
        const std::string model = original["model"].get<std::string>();
        QCOMPARE(project.in(argList({"provider", "add", "gh", "--kind", "openai-compatible", "--base-url",
                     "http://127.0.0.1:9/v1"})).exitCode, 0);
        QCOMPARE(project.in(argList({"target", "add", "t", "--provider", "gh", "--model", QString::fromStdString(model)})).exitCode, 0);
        QStringList args {QStringLiteral("export"), QString::fromStdString(name), QStringLiteral("--format"),
            QStringLiteral("prompt-yml"), QStringLiteral("--target"), QStringLiteral("t"), QStringLiteral("-o"),
            path(QStringLiteral("out-") + file)};
        if (original.contains("testData"))
            args << QStringLiteral("--dataset") << QString::fromStdString(name + " tests");
        const CliResult exported = project.in(args);
        QVERIFY2(exported.exitCode == 0, describe(exported));

        // What the import listed as lost is all that differs: here, evaluators gh-models runs
        // with its own built-in judges.
        json expected = comparable(original);
        if (expected.contains("evaluators")) {
            json kept = json::array();
            for (const json &evaluator : expected["evaluators"]) {
                if (!evaluator.contains("uses")) {
                    kept.push_back(evaluator);
                    continue;
                }
                const std::string said = "evaluator " + evaluator["name"].get<std::string>() + " (uses";
                bool listed = false;
                for (const json &item : report["lost"])
                    listed = listed || item.get<std::string>().starts_with(said);
                QVERIFY2(listed, qPrintable(QString::fromStdString(said + " not in " + report["lost"].dump())));
            }
            expected["evaluators"] = kept;
            if (kept.empty())
                expected.erase("evaluators");
        }
        const json back = comparable(readYaml(path(QStringLiteral("out-") + file)));
        QCOMPARE(test::dumped(back), test::dumped(expected));

        // A second import of the exported file adds nothing.
        const CliResult again = project.in(argList({"import", path(QStringLiteral("out-") + file), "--json"}));
        QVERIFY2(again.exitCode == 0, describe(again));
        QCOMPARE(test::jsonOut(again)["versions"][0]["added"].get<bool>(), false);
    }

    void demoPromptsGoOutAsGithubReadsThem()
    {
        const QString project = path(QStringLiteral("demo.promptsmith"));
        QCOMPARE(cli({"init", project, "--demo"}).exitCode, 0);
        const test::ProjectCli demo(project);
        const QString out = path(QStringLiteral("triage.prompt.yml"));
        const CliResult exported = demo.in(argList({"export", "ticket-triage@3", "--format", "prompt-yml",
            "--dataset", "tickets", "-o", out}));
        QVERIFY2(exported.exitCode == 0, describe(exported));
        // No target: no model, and it says so.
        QVERIFY2(exported.err.contains("the model: name a target"), exported.err);
        const json file = readYaml(out);
        QCOMPARE(test::str(file["name"]), QStringLiteral("ticket-triage"));
        QVERIFY(!file.contains("model"));
        // The variable as gh-models replaces it: no spaces inside the braces.
        const std::string user = file["messages"].back()["content"].get<std::string>();
        QVERIFY2(user.find("{{ticket}}") != std::string::npos, user.c_str());
        QVERIFY(file["testData"].size() >= 10);
        QVERIFY(file["testData"][0].contains("ticket"));
        QVERIFY(file["testData"][0].contains("expected"));

        // What is not a prompt file is refused, naming what is missing.
        const CliResult workflow = demo.in(argList({"import", kExamples + QStringLiteral("/evals_action.yml")}));
        QCOMPARE(workflow.exitCode, 3);
        QVERIFY2(workflow.err.contains("none of the formats"), workflow.err);
        QVERIFY(test::writeFile(path(QStringLiteral("broken.prompt.yml")), "name: x\nmessages:\n  - role: robot\n    content: hi\n"));
        const CliResult broken = demo.in(argList({"import", path(QStringLiteral("broken.prompt.yml"))}));
        QCOMPARE(broken.exitCode, 3);
        QVERIFY2(broken.err.contains("messages[0].role: must be system, user or assistant"), broken.err);
        QVERIFY(test::writeFile(path(QStringLiteral("bad.prompt.yml")), "name: x\nmessages: [\n"));
        const CliResult bad = demo.in(argList({"import", path(QStringLiteral("bad.prompt.yml")), "--format", "prompt-yml"}));
        QCOMPARE(bad.exitCode, 3);
        QVERIFY2(bad.err.contains("not valid YAML: line "), bad.err);
    }

    void demoPromptsComeBackTheSame()
    {
        const QString demoPath = path(QStringLiteral("demo-rt.promptsmith"));
        QCOMPARE(cli({"init", demoPath, "--demo"}).exitCode, 0);
        const test::ProjectCli demo(demoPath);
        const test::ProjectCli other(newProject());
        for (const char *prompt : {"ticket-triage", "product-description", "meeting-summary"}) {
            const QString name = QString::fromUtf8(prompt);
            QStringList args {QStringLiteral("export"), name, QStringLiteral("--format"), QStringLiteral("prompt-yml")};
            if (name == QStringLiteral("ticket-triage"))
                args << QStringLiteral("--dataset") << QStringLiteral("tickets");
            const QString first = path(name + QStringLiteral("-1.prompt.yml"));
            QCOMPARE(demo.in(args + QStringList {QStringLiteral("-o"), first}).exitCode, 0);
            const CliResult imported = other.in(argList({"import", first}));
            QVERIFY2(imported.exitCode == 0, describe(imported));
            if (name == QStringLiteral("ticket-triage"))
                args.replace(args.indexOf(QStringLiteral("tickets")), QStringLiteral("ticket-triage tests"));
            const QString second = path(name + QStringLiteral("-2.prompt.yml"));
            const CliResult exported = other.in(args + QStringList {QStringLiteral("-o"), second});
            QVERIFY2(exported.exitCode == 0, describe(exported));
            QCOMPARE(QString::fromUtf8(test::readFile(second)), QString::fromUtf8(test::readFile(first)));
        }
    }

    void trickyTextSurvives()
    {
        // Nunjucks and Jinja syntax, quotes, line breaks, tabs and non-ASCII: gh-models replaces
        // only {{var}}, so all of it is literal text there and comes back as written.
        const json version = {{"messages", {{{"role", "system"}, {"content", "Literal: {# c #} {% if x %} {single} \"q\" 'a'\n\ttab — 退款 ü\n"}},
                                               {{"role", "user"}, {"content", "{{ticket}}\n\nEnd."}}}}};
        const QString project = path(QStringLiteral("greet.promptsmith"));
        QVERIFY(test::createGreetProject(project, version));
        const test::ProjectCli source(project);
        const QString file = path(QStringLiteral("tricky.prompt.yml"));
        const CliResult exported = source.in(argList({"export", "greet", "--format", "prompt-yml", "-o", file}));
        QVERIFY2(exported.exitCode == 0, describe(exported));
        QVERIFY2(!exported.err.contains("literal"), exported.err); // nothing of it is lost
        const test::ProjectCli target(newProject());
        QCOMPARE(target.in(argList({"import", file})).exitCode, 0);
        const json back = target.inJson(argList({"version", "show", "greet@1"}))["content"]["messages"];
        QCOMPARE(back.size(), std::size_t(2));
        for (std::size_t m = 0; m < 2; ++m) {
            QCOMPARE(test::str(back[m]["role"]), test::str(version["messages"][m]["role"]));
            QCOMPARE(test::str(back[m]["content"]), test::str(version["messages"][m]["content"]));
        }
    }
};

QTEST_GUILESS_MAIN(TestCliPromptYml)
#include "test_cli_prompt_yml.moc"
