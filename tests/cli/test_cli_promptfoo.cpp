// `export --format promptfoo` checked by promptfoo itself (0.121.20, the newest that runs on
// Node 20, installed when missing): the config passes `promptfoo validate`, and `promptfoo eval`
// with its echo provider renders, for every test case, exactly the messages `render` gives for
// the same values — text holding `{#`, `{%`, `{{`, quotes, line breaks and non-ASCII included —
// and runs every assertion we translated (each passes on what echo answers).

#include "cli_test_helpers.h"
#include "npm_package.h"
#include "promptfoo_cases.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace ps;
using ps::test::argList;
using ps::test::cli;
using ps::test::CliResult;
using ps::test::describe;
using nlohmann::json;


class TestCliPromptfoo : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_project;
    QString m_promptfoo; // the promptfoo program, or empty (m_whyNot says why)
    QString m_whyNot;
    json m_cases; // the dataset tricky-cases: values and assertions of every kind
    static constexpr std::size_t kFailing = 3; // the case whose checks must fail on echo's answer

    QString path(const QString &name) const { return m_dir.filePath(name); }

    // promptfoo run offline, never writing outside the test's folder.
    CliResult promptfoo(const QStringList &args) const
    {
        QProcess process;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("PROMPTFOO_DISABLE_TELEMETRY"), QStringLiteral("1"));
        env.insert(QStringLiteral("PROMPTFOO_DISABLE_UPDATE"), QStringLiteral("1"));
        env.insert(QStringLiteral("PROMPTFOO_CONFIG_DIR"), path(QStringLiteral("promptfoo-home")));
        env.insert(QStringLiteral("OPENAI_API_KEY"), QStringLiteral("never-sent"));
        process.setProcessEnvironment(env);
        process.setWorkingDirectory(m_dir.path());
        process.start(m_promptfoo, args);
        if (!process.waitForFinished(180000))
            return {-1, {}, QByteArrayLiteral("promptfoo did not finish in 3 minutes")};
        return {process.exitCode(), process.readAllStandardOutput(), process.readAllStandardError()};
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_project = path(QStringLiteral("demo.promptsmith"));
        QCOMPARE(cli({"init", m_project, "--demo"}).exitCode, 0);
        const test::ProjectCli project(m_project);
        // A provider promptfoo is never asked to call: eval runs with -r echo.
        QCOMPARE(project.in(argList({"provider", "add", "company", "--kind", "openai-compatible", "--base-url",
                     "http://127.0.0.1:9/v1", "--api-key-env", "COMPANY_KEY"})).exitCode, 0);
        QCOMPARE(project.in(argList({"target", "add", "mini", "--provider", "company", "--model", "gpt-4.1-mini",
                     "--param", "temperature=0.3"})).exitCode, 0);
        QVERIFY(test::writeFile(path(QStringLiteral("tricky.json")), QByteArray::fromStdString(test::kTrickyVersion.dump())));
        QCOMPARE(project.in(argList({"prompt", "add", "tricky"})).exitCode, 0);
        const CliResult saved = project.in(argList({"version", "save", "tricky", "--from", path(QStringLiteral("tricky.json"))}));
        QVERIFY2(saved.exitCode == 0, describe(saved));

        // Values with quotes, line breaks, Nunjucks syntax and non-ASCII; assertions of every type
        // promptfoo's echo answer (the rendered messages as JSON) passes.
        m_cases = json::array({
            {{"vars", {{"ticket", "Charged twice — \"urgent\"\n退款 {{ not_a_var }} {# c #} {% if %}"}}},
                {"expected", "bug"},
                {"assert", json::array({{{"type", "contains"}, {"value", "{# c #}"}},
                               {{"type", "icontains"}, {"value", "CHARGED TWICE"}},
                               {{"type", "not-equals"}, {"value", "billing"}},
                               {{"type", "regex"}, {"value", "Ticket: Charged"}},
                               {{"type", "contains-any"}, {"value", {"nothing", "退款"}}},
                               {{"type", "contains-all"}, {"value", {"Ticket", "Product"}}},
                               {{"type", "is-json"}},
                               {{"type", "length"}, {"value", {{"min", 20}, {"max", 5000}}}},
                               {{"type", "levenshtein"}, {"value", "{{ x }}"}, {"threshold", 0.0}},
                               {{"type", "not-classification"}, {"value", "billing"}},
                               {{"type", "latency"}, {"value", 60000}}})},
                {"description", "tricky text"}, {"tags", {"hard"}}},
            {{"vars", {{"ticket", "App crashes"}, {"product", "Other <b>&amp;</b>"}}}},
            {{"vars", json::object()}},
            // Checks that must fail on the echoed messages: the translated ones run, not pass blindly.
            {{"vars", {{"ticket", "x"}}},
                {"assert", json::array({{{"type", "length"}, {"value", {{"max", 5}}}},
                               {{"type", "classification"}, {"value", "x"}},
                               {{"type", "levenshtein"}, {"value", "x"}, {"threshold", 0.9}}})}},
        });
        QString lines;
        for (const json &item : m_cases)
            lines += QString::fromStdString(item.dump()) + QLatin1Char('\n');
        QVERIFY(test::writeFile(path(QStringLiteral("tricky.jsonl")), lines.toUtf8()));
        const CliResult imported = project.in(argList({"dataset", "import", "tricky-cases", path(QStringLiteral("tricky.jsonl"))}));
        QVERIFY2(imported.exitCode == 0, describe(imported));


        const test::NpmPackage package = test::npmPackage(QStringLiteral("promptfoo@0.121.20"), QStringLiteral("promptfoo"));
        if (package.nodeModules.isEmpty())
            m_whyNot = package.whyNot;
        else
            m_promptfoo = package.nodeModules + QStringLiteral("/node_modules/.bin/promptfoo");
    }

    void configCarriesTargetsTestsAndDefaults()
    {
        const test::ProjectCli project(m_project);
        const QString folder = path(QStringLiteral("triage-config"));
        const CliResult exported = project.in(argList({"export", "ticket-triage@3", "--format", "promptfoo",
            "--target", "echo", "--target", "mini", "--dataset", "tickets", "-o", folder, "--json"}));
        QVERIFY2(exported.exitCode == 0, describe(exported));
        const json report = test::jsonOut(exported);
        QCOMPARE(report["files"].size(), std::size_t(2));
        QFile config(folder + QStringLiteral("/promptfooconfig.yaml"));
        QVERIFY(config.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(config.readAll());
        QVERIFY2(text.contains(QStringLiteral("- id: file://prompts/ticket-triage.json\n  label: ticket-triage@3\n")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("- id: echo\n  label: echo\n")), qPrintable(text));
        // The company's endpoint and key variable by name; its parameters over the version's.
        QVERIFY2(text.contains(QStringLiteral("- id: openai:chat:gpt-4.1-mini\n  label: mini\n  config:\n    temperature: 0.3\n")),
            qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("    apiBaseUrl: http://127.0.0.1:9/v1\n    apiKeyEnvar: COMPANY_KEY\n")), qPrintable(text));
                QVERIFY(QFile::exists(folder + QStringLiteral("/prompts/ticket-triage.json")));

        // Without -o it says a folder is needed; without a target, that one is.
        const CliResult toStdout = project.in(argList({"export", "ticket-triage", "--format", "promptfoo", "--target", "echo"}));
        QCOMPARE(toStdout.exitCode, 2);
        QVERIFY2(toStdout.err.contains("-o DIR"), toStdout.err);
        const CliResult noTarget = project.in(argList({"export", "ticket-triage", "--format", "promptfoo", "-o", folder}));
        QCOMPARE(noTarget.exitCode, 2);
        QVERIFY2(noTarget.err.contains("--target"), noTarget.err);
        // Never into the project.
        const CliResult overProject = project.in(argList({"export", "ticket-triage", "--format", "promptfoo",
            "--target", "echo", "-o", m_project}));
        QCOMPARE(overProject.exitCode, 2);
    }

    void promptfooRendersWhatPromptsmithRenders()
    {
        if (m_promptfoo.isEmpty())
            QSKIP(m_whyNot.toUtf8().constData());
        const test::ProjectCli project(m_project);
        const QString folder = path(QStringLiteral("tricky-config"));
        const CliResult exported = project.in(argList({"export", "tricky@1", "--format", "promptfoo", "--target", "echo",
            "--target", "mini", "--dataset", "tricky-cases", "-o", folder}));
        QVERIFY2(exported.exitCode == 0, describe(exported));
        const QString config = folder + QStringLiteral("/promptfooconfig.yaml");

        const CliResult validated = promptfoo({QStringLiteral("validate"), QStringLiteral("config"), QStringLiteral("-c"), config});
        QVERIFY2(validated.exitCode == 0, describe(validated));
        const QString out = path(QStringLiteral("promptfoo-out.json"));
        const CliResult evaluated = promptfoo({QStringLiteral("eval"), QStringLiteral("-c"), config, QStringLiteral("-r"),
            QStringLiteral("echo"), QStringLiteral("--no-cache"), QStringLiteral("--no-write"), QStringLiteral("-o"), out});
        QFile outFile(out);
        QVERIFY2(outFile.open(QIODevice::ReadOnly), describe(evaluated));
        const json results = json::parse(outFile.readAll().toStdString())["results"]["results"];
        QCOMPARE(results.size(), m_cases.size());
        for (const json &result : results) {
            const std::size_t index = result["testIdx"].get<std::size_t>();
            if (index == kFailing) {
                const json &components = result["gradingResult"]["componentResults"];
                QCOMPARE(components.size(), std::size_t(3));
                for (const json &component : components)
                    QVERIFY2(!component["pass"].get<bool>(), qPrintable(QString::fromStdString(component.dump())));
            } else {
                QVERIFY2(result["success"].get<bool>(), qPrintable(QString::fromStdString(result.dump(2))));
            }
            QStringList args {QStringLiteral("render"), QStringLiteral("tricky@1")};
            for (const auto &[key, value] : m_cases[index]["vars"].items())
                args << QStringLiteral("--var") << QString::fromStdString(key + "=" + value.get<std::string>());
            const json ours = project.inJson(args)["messages"];
            const json theirs = json::parse(result["response"]["output"].get<std::string>());
            QCOMPARE(theirs.size(), ours.size());
            for (std::size_t m = 0; m < ours.size(); ++m) {
                QCOMPARE(test::str(theirs[m]["role"]), test::str(ours[m]["role"]));
                QCOMPARE(test::str(theirs[m]["content"]), test::str(ours[m]["content"]));
            }
        }
        QVERIFY2(evaluated.exitCode == 100, describe(evaluated)); // promptfoo's "some test failed"
    }

    void aConfigComesBackTheSame()
    {
        // Out, into another project (with the same targets), and out again: the same two files.
        const test::ProjectCli source(m_project);
        const QString first = path(QStringLiteral("round-1"));
        const QStringList options {QStringLiteral("--format"), QStringLiteral("promptfoo"), QStringLiteral("--target"),
            QStringLiteral("echo"), QStringLiteral("--target"), QStringLiteral("mini"), QStringLiteral("--dataset")};
        CliResult exported = source.in(QStringList {QStringLiteral("export"), QStringLiteral("tricky@1")} + options
            + QStringList {QStringLiteral("tricky-cases"), QStringLiteral("-o"), first});
        QVERIFY2(exported.exitCode == 0, describe(exported));

        const QString other = path(QStringLiteral("other.promptsmith"));
        QCOMPARE(cli({"init", other}).exitCode, 0);
        const test::ProjectCli target(other);
        QCOMPARE(target.in(argList({"provider", "add", "company", "--kind", "openai-compatible", "--base-url",
                     "http://127.0.0.1:9/v1", "--api-key-env", "COMPANY_KEY"})).exitCode, 0);
        QCOMPARE(target.in(argList({"target", "add", "mini", "--provider", "company", "--model", "gpt-4.1-mini",
                     "--param", "temperature=0.3"})).exitCode, 0);
        QCOMPARE(target.in(argList({"provider", "add", "echo", "--kind", "echo"})).exitCode, 0);
        QCOMPARE(target.in(argList({"target", "add", "echo", "--provider", "echo", "--model", "echo"})).exitCode, 0);
        const CliResult imported = target.in(argList({"import", first, "--json"})); // the folder stands for its config
        QVERIFY2(imported.exitCode == 0, describe(imported));
        const json report = test::jsonOut(imported);
        QCOMPARE(test::str(report["format"]), QStringLiteral("promptfoo"));
        QCOMPARE(test::str(report["prompt"]), QStringLiteral("tricky"));
        QCOMPARE(test::str(report["datasets"][0]["name"]), QStringLiteral("tricky tests"));
        QCOMPARE(report["datasets"][0]["cases"].get<int>(), int(m_cases.size()));
        QVERIFY2(report["lost"].dump().find("targets are not made from a file") != std::string::npos, qPrintable(QString::fromStdString(report["lost"].dump())));

        const QString second = path(QStringLiteral("round-2"));
        exported = target.in(QStringList {QStringLiteral("export"), QStringLiteral("tricky@1")} + options
            + QStringList {QStringLiteral("tricky tests"), QStringLiteral("-o"), second});
        QVERIFY2(exported.exitCode == 0, describe(exported));
        for (const QString &name : {QStringLiteral("promptfooconfig.yaml"), QStringLiteral("prompts/tricky.json")})
            QCOMPARE(QString::fromUtf8(test::readFile(second + QLatin1Char('/') + name)),
                QString::fromUtf8(test::readFile(first + QLatin1Char('/') + name)));

        // The demo's prompts too, ticket-triage with its dataset's classification checks.
        for (const char *prompt : {"ticket-triage", "product-description", "meeting-summary"}) {
            const QString name = QString::fromUtf8(prompt);
            QStringList args {QStringLiteral("export"), name, QStringLiteral("--format"), QStringLiteral("promptfoo"),
                QStringLiteral("--target"), QStringLiteral("mini")};
            if (name == QStringLiteral("ticket-triage"))
                args << QStringLiteral("--dataset") << QStringLiteral("tickets");
            const QString out1 = path(name + QStringLiteral("-1"));
            QCOMPARE(source.in(args + QStringList {QStringLiteral("-o"), out1}).exitCode, 0);
            const CliResult in = target.in(argList({"import", out1}));
            QVERIFY2(in.exitCode == 0, describe(in));
            if (name == QStringLiteral("ticket-triage"))
                args.replace(args.indexOf(QStringLiteral("tickets")), QStringLiteral("ticket-triage tests"));
            const QString out2 = path(name + QStringLiteral("-2"));
            const CliResult out = target.in(args + QStringList {QStringLiteral("-o"), out2});
            QVERIFY2(out.exitCode == 0, describe(out));
            // Version numbers are each project's own: name@3 there is name@1 here.
            const QRegularExpression number(QRegularExpression::escape(name) + QStringLiteral("@\\d+"));
            for (const QString &file : {QStringLiteral("promptfooconfig.yaml"), QStringLiteral("prompts/") + name + QStringLiteral(".json")})
                QCOMPARE(QString::fromUtf8(test::readFile(out2 + QLatin1Char('/') + file)).replace(number, name + QStringLiteral("@N")),
                    QString::fromUtf8(test::readFile(out1 + QLatin1Char('/') + file)).replace(number, name + QStringLiteral("@N")));
        }
    }

    void aConfigReadsNothingOutsideItsFolder()
    {
        // A shared config must not pull a file from elsewhere on this machine into a prompt.
        QVERIFY(QDir().mkpath(path(QStringLiteral("hostile/prompts"))));
        QVERIFY(test::writeFile(path(QStringLiteral("secret.txt")), "sk-live-secret"));
        QVERIFY(QFile::link(path(QStringLiteral("secret.txt")), path(QStringLiteral("hostile/prompts/link.json"))));
        const test::ProjectCli project(m_project);
        for (const char *id : {"file://../secret.txt", "file:///etc/hostname", "file://prompts/link.json"}) {
            QVERIFY(test::writeFile(path(QStringLiteral("hostile/promptfooconfig.yaml")),
                QByteArray("prompts: [\"") + id + "\"]\nproviders: [echo]\n"));
            const CliResult refused = project.in(argList({"import", path(QStringLiteral("hostile"))}));
            QCOMPARE(refused.exitCode, 3);
            QVERIFY2(refused.err.contains(id), refused.err);
            QVERIFY2(!refused.err.contains("sk-live"), refused.err);
        }
        QVERIFY(project.inJson(argList({"prompt", "list"})).dump().find("link") == std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestCliPromptfoo)
#include "test_cli_promptfoo.moc"
