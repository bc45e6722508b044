// export, import and dataset export end to end: a prompt handed from one project to another as a
// bundle file arrives the same (versions, labels, dataset), a second import adds nothing, -o can
// never name the project, a damaged bundle is refused naming the field (exit 3) with nothing
// written, and an exported dataset is read back by `dataset import` as the same cases. Langfuse's
// prompt file goes out and comes back the same, and Langfuse's own client renders it exactly as
// `render` does.

#include "cli_test_helpers.h"
#include "fake_provider_server.h"
#include "npm_package.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace ps;
using ps::test::argList;
using ps::test::cli;
using ps::test::CliResult;
using ps::test::describe;
using ps::test::jsonOut;
using nlohmann::json;

class TestCliExchange : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_source; // the demo project, never changed
    int m_projects = 0;

    QString path(const QString &name) const { return m_dir.filePath(name); }
    QString newProject() { return test::newEmptyProject(m_dir.path(), m_projects); }
    json versionsOf(const QString &project, const char *prompt) const
    {
        return test::ProjectCli(project).inJson(argList({"version", "list", QString::fromUtf8(prompt)}))["versions"];
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_source = path(QStringLiteral("demo.promptsmith"));
        QCOMPARE(cli({"init", m_source, "--demo"}).exitCode, 0);
    }

    void aBundleCarriesAPromptToAnotherProject()
    {
        const test::ProjectCli source(m_source);
        const QString bundle = path(QStringLiteral("triage.json"));
        const CliResult exported = source.in(argList({"export", "ticket-triage", "--dataset", "tickets", "-o", bundle}));
        QVERIFY2(exported.exitCode == 0, describe(exported));
        QCOMPARE(exported.out, QByteArray("Wrote ticket-triage (3 versions) to ") + bundle.toUtf8() + "\n");
        // Without -o the same document goes to stdout.
        const CliResult printed = source.in(argList({"export", "ticket-triage", "--dataset", "tickets"}));
        QCOMPARE(test::dumped(json::parse(printed.out.toStdString())["versions"]), test::dumped(json::parse(test::readFile(bundle).toStdString())["versions"]));

        const test::ProjectCli target(newProject());
        const json imported = target.inJson(argList({"import", bundle}));
        QCOMPARE(test::dumped(imported["created"]), QStringLiteral("true"));
        QCOMPARE(imported["versions"].size(), std::size_t(3));
        QCOMPARE(test::dumped(imported["labels_set"]), test::dumped(json({"production → v3", "staging → v2"})));
        QCOMPARE(test::dumped(imported["datasets"][0]["cases"]), QStringLiteral("12"));
        const json before = versionsOf(m_source, "ticket-triage");
        const json after = versionsOf(target.project(), "ticket-triage");
        QCOMPARE(after.size(), before.size());
        for (std::size_t i = 0; i < before.size(); ++i)
            for (const char *key : {"number", "hash", "author", "created", "message", "labels"})
                QVERIFY2(after[i][key] == before[i][key], key);

        // Again: everything is already there.
        const CliResult again = target.in(argList({"import", bundle}));
        QVERIFY2(again.exitCode == 0, describe(again));
        QCOMPARE(again.out, QByteArray("Imported into ticket-triage: 0 versions added, 3 already here.\n"
                                       "  dataset tickets unchanged\n"));
        QCOMPARE(versionsOf(target.project(), "ticket-triage").size(), std::size_t(3));

        // One version, under another name.
        const QString one = path(QStringLiteral("v2.json"));
        QCOMPARE(source.in(argList({"export", "ticket-triage@staging", "-o", one})).exitCode, 0);
        const CliResult renamed = target.in(argList({"import", one, "--as", "triage-b"}));
        QVERIFY2(renamed.exitCode == 0, describe(renamed));
        QVERIFY2(renamed.out.startsWith("Imported new prompt triage-b: 1 version added.\n  v2 → triage-b@1\n"
                                        "  label staging → v1\n"), renamed.out);
    }

    void outputNeverNamesTheProject()
    {
        const QByteArray before = test::readFile(m_source);
        const CliResult refused = test::ProjectCli(m_source).in(argList({"export", "ticket-triage", "-o", m_source}));
        QCOMPARE(refused.exitCode, 2);
        QVERIFY2(refused.err.contains("would destroy it"), refused.err);
        const CliResult dataset = test::ProjectCli(m_source).in(argList({"dataset", "export", "tickets", "-o", m_source}));
        QCOMPARE(dataset.exitCode, 2);
        QCOMPARE(test::readFile(m_source), before);
    }

    void aDamagedBundleIsRefusedNamingTheField()
    {
        const QString bundle = path(QStringLiteral("damaged.json"));
        QCOMPARE(test::ProjectCli(m_source).in(argList({"export", "ticket-triage", "-o", bundle})).exitCode, 0);
        json document = json::parse(test::readFile(bundle).toStdString());
        document["versions"][1]["content"]["messages"][0]["role"] = "narrator";
        QVERIFY(test::writeFile(bundle, QByteArray::fromStdString(document.dump())));

        const QString project = newProject();
        const CliResult refused = test::ProjectCli(project).in(argList({"import", bundle}));
        QCOMPARE(refused.exitCode, 3);
        QVERIFY2(refused.err.contains("versions[1].content: messages[0].role"), refused.err);
        const CliResult asJson = test::ProjectCli(project).in(argList({"--json", "import", bundle}));
        QCOMPARE(asJson.exitCode, 3);
        QCOMPARE(test::str(jsonOut(asJson)["error"]["kind"]), QStringLiteral("bad_import"));
        QCOMPARE(test::dumped(test::ProjectCli(project).inJson(argList({"info"}))["versions"]), QStringLiteral("0"));

        QVERIFY(test::writeFile(bundle, "{\"format\": \"promptsmith-bundle\", \"format_version\": 1"));
        const CliResult broken = test::ProjectCli(project).in(argList({"import", bundle}));
        QCOMPARE(broken.exitCode, 3);
        QVERIFY2(broken.err.contains("damaged.json': not valid JSON"), broken.err);
    }

    void langfuseFileComesBackTheSame()
    {
        const test::ProjectCli source(m_source);
        const test::ProjectCli target(newProject());
        for (const char *prompt : {"ticket-triage", "product-description", "meeting-summary"}) {
            const QString name = QString::fromUtf8(prompt);
            const QString first = path(name + QStringLiteral(".langfuse.json"));
            const CliResult exported = source.in(argList({"export", name, "--format", "langfuse", "-o", first}));
            QVERIFY2(exported.exitCode == 0, describe(exported));
            QVERIFY2(exported.err.isEmpty(), exported.err);
            const json items = json::parse(test::readFile(first).toStdString());
            QCOMPARE(test::str(items[0]["type"]), QStringLiteral("chat"));
            const CliResult imported = target.in(argList({"import", first}));
            QVERIFY2(imported.exitCode == 0, describe(imported));
            // The versions are the same (their hashes), and so is the file they give.
            const json before = versionsOf(m_source, prompt);
            const json after = versionsOf(target.project(), prompt);
            QCOMPARE(after.size(), before.size());
            for (std::size_t i = 0; i < before.size(); ++i)
                QCOMPARE(test::str(after[i]["hash"]), test::str(before[i]["hash"]));
            const CliResult again = target.in(argList({"export", name, "--format", "langfuse"}));
            QCOMPARE(again.out, test::readFile(first));
        }
        // Edited in Langfuse: the edit is a new version, and what was lost is said.
        json items = json::parse(test::readFile(path(QStringLiteral("ticket-triage.langfuse.json"))).toStdString());
        items = json::array({items[2]});
        items[0]["prompt"][0]["content"] = "Label the ticket.";
        items[0]["version"] = 4;
        QVERIFY(test::writeFile(path(QStringLiteral("edited.json")), QByteArray::fromStdString(items.dump())));
        const CliResult edited = target.in(argList({"import", path(QStringLiteral("edited.json"))}));
        QVERIFY2(edited.exitCode == 0, describe(edited));
        QVERIFY2(edited.out.startsWith("Imported into ticket-triage: 1 version added.\n  v4 → ticket-triage@4\n"), edited.out);
        QVERIFY2(edited.err.contains("edited outside Promptsmith, so its examples and variable defaults are left out"), edited.err);
        QVERIFY2(edited.err.contains("label production stays on v3"), edited.err);
    }

    void markdownPagesComeBackTheSame()
    {
        const test::ProjectCli source(m_source);
        const test::ProjectCli target(newProject());
        QStringList pages;
        for (int number = 1; number <= 3; ++number) {
            const QString page = path(QStringLiteral("triage-v%1.md").arg(number));
            const CliResult exported = source.in(argList({"export", QStringLiteral("ticket-triage@%1").arg(number),
                "--format", "markdown", "-o", page}));
            QVERIFY2(exported.exitCode == 0, describe(exported));
            pages << page;
        }
        const QByteArray third = test::readFile(pages[2]);
        QVERIFY(third.startsWith("# ticket-triage\n"));
        QVERIFY(third.contains("## Messages\n\n### System\n\n```text\n"));
        QVERIFY(third.contains("| `ticket` |"));
        QVERIFY(third.contains("| v2 | ")); // the history up to it
        // Imported in order elsewhere, the pages give the same versions, and the same pages.
        for (const QString &page : pages) {
            const CliResult imported = target.in(argList({"import", page}));
            QVERIFY2(imported.exitCode == 0, describe(imported));
            QVERIFY2(imported.err.isEmpty(), imported.err);
        }
        const json before = versionsOf(m_source, "ticket-triage");
        const json after = versionsOf(target.project(), "ticket-triage");
        QCOMPARE(after.size(), std::size_t(3));
        for (std::size_t i = 0; i < 3; ++i) {
            QCOMPARE(test::str(after[i]["hash"]), test::str(before[i]["hash"]));
            QCOMPARE(test::dumped(after[i]["labels"]), test::dumped(before[i]["labels"]));
        }
        for (int number = 1; number <= 3; ++number)
            QCOMPARE(target.in(argList({"export", QStringLiteral("ticket-triage@%1").arg(number), "--format", "markdown"})).out,
                test::readFile(pages[number - 1]));

        // Edited on the page (in a pull request, say): the page wins, and the import says so.
        QByteArray edited = third;
        edited.replace("Ticket: {{ticket}}\nLabel:", "Ticket: {{ticket}}\nAnswer with one word:");
        QVERIFY(test::writeFile(path(QStringLiteral("edited.md")), edited));
        const CliResult imported = target.in(argList({"import", path(QStringLiteral("edited.md"))}));
        QVERIFY2(imported.exitCode == 0, describe(imported));
        QVERIFY2(imported.out.startsWith("Imported into ticket-triage: 1 version added.\n  v3 → ticket-triage@4\n"), imported.out);
        QVERIFY2(imported.err.contains("the messages were edited on the page"), imported.err);
        const json fourth = target.inJson(argList({"version", "show", "ticket-triage@4"}));
        QCOMPARE(test::str(fourth["content"]["messages"][1]["content"]), QStringLiteral("Ticket: {{ticket}}\nAnswer with one word:"));
        QCOMPARE(fourth["content"]["examples"].size(), std::size_t(5)); // the rest from the page's comment
    }

    void langfuseClientRendersWhatPromptsmithRenders()
    {
        const QString node = test::nodeProgram();
        if (node.isEmpty())
            QSKIP("Node is not installed: Langfuse's client could not render the exported file");
        const test::NpmPackage client = test::npmPackage(QStringLiteral("@langfuse/client@5"), QStringLiteral("langfuse-client"));
        if (client.nodeModules.isEmpty())
            QSKIP(client.whyNot.toUtf8().constData());

        // Values with quotes, line breaks, braces and non-ASCII: both sides insert them as they are.
        const json values {{"ticket", "Charged twice — ¿reembolso? 退款\n\"urgent\" {{not_a_var}} {# #} {% %}"},
            {"product_name", "Ledgerly «Pro»"}, {"facts", "- 30 % off\n- {{braces}}"}, {"tone", "warm"},
            {"meeting_title", "Q3 \"plan\""}, {"transcript", "Ana: ok.\nBen: {{later}}"}};
        const QString valuesFile = path(QStringLiteral("values.json"));
        QVERIFY(test::writeFile(valuesFile, QByteArray::fromStdString(values.dump())));
        const test::ProjectCli source(m_source);
        int compared = 0;
        for (const char *prompt : {"ticket-triage", "product-description", "meeting-summary"}) {
            const QString name = QString::fromUtf8(prompt);
            const QString file = path(name + QStringLiteral(".client.json"));
            QCOMPARE(source.in(argList({"export", name, "--format", "langfuse", "-o", file})).exitCode, 0);
            QProcess render;
            render.start(node, {QStringLiteral(PS_SOURCE_DIR "/tests/exchange/render_langfuse.mjs"),
                                   client.nodeModules, file, valuesFile});
            QVERIFY(render.waitForFinished(60000));
            QVERIFY2(render.exitCode() == 0, render.readAllStandardError().constData());
            const json byClient = json::parse(render.readAllStandardOutput().toStdString());
            const json versions = versionsOf(m_source, prompt);
            QCOMPARE(byClient.size(), versions.size());
            for (std::size_t v = 0; v < versions.size(); ++v) {
                QStringList args {QStringLiteral("render"), name + QStringLiteral("@") + test::dumped(versions[v]["number"])};
                for (const auto &[key, value] : values.items())
                    args << QStringLiteral("--var") << QString::fromStdString(key + "=" + value.get<std::string>());
                const json ours = source.inJson(args)["messages"];
                QCOMPARE(byClient[v].size(), ours.size());
                for (std::size_t m = 0; m < ours.size(); ++m) {
                    QCOMPARE(test::str(byClient[v][m]["role"]), test::str(ours[m]["role"]));
                    QCOMPARE(test::str(byClient[v][m]["content"]), test::str(ours[m]["content"]));
                    ++compared;
                }
            }
        }
        QVERIFY(compared >= 10);
    }

    void requestBodyIsWhatATargetSends()
    {
        fakeprovider::FakeProviderServer server;
        QVERIFY(server.start(0));
        const QString project = path(QStringLiteral("request.promptsmith"));
        QCOMPARE(cli({"init", project, "--demo"}).exitCode, 0);
        const test::ProjectCli cliIn(project);
        QCOMPARE(cliIn.in(argList({"provider", "add", "fake", "--kind", "openai-compatible", "--base-url",
                     QString::fromStdString(server.baseUrl())})).exitCode, 0);
        QCOMPARE(cliIn.in(argList({"target", "add", "mini", "--provider", "fake", "--model", "gpt-test",
                     "--param", "temperature=0.3"})).exitCode, 0);
        const char *ticket = "ticket=Charged twice — \"urgent\"\n退款";

        const CliResult exported = cliIn.in(argList({"export", "ticket-triage@3", "--format", "openai-request",
            "--target", "mini", "--var", ticket}));
        QVERIFY2(exported.exitCode == 0, describe(exported));
        QVERIFY2(exported.err.isEmpty(), exported.err);
        const CliResult sent = cliIn.in(argList({"run", "ticket-triage@3", "--target", "mini", "--var", ticket}));
        QVERIFY2(sent.exitCode == 0, describe(sent));
        // The body the provider received, byte for byte once parsed: model, messages, parameters.
        const json body = json::parse(exported.out.toStdString());
        QCOMPARE(test::dumped(body), test::dumped(json::parse(server.lastRequestBody())));
        QCOMPARE(test::str(body["model"]), QStringLiteral("gpt-test"));
        QCOMPARE(test::dumped(body["temperature"]), QStringLiteral("0.3"));

        // Without a target it says which is needed; it is never imported.
        const CliResult noTarget = cliIn.in(argList({"export", "ticket-triage", "--format", "openai-request"}));
        QCOMPARE(noTarget.exitCode, 2);
        QVERIFY2(noTarget.err.contains("name the target (--target)"), noTarget.err);
        QVERIFY(test::writeFile(path(QStringLiteral("body.json")), exported.out));
        const CliResult imported = cliIn.in(argList({"import", path(QStringLiteral("body.json")), "--format", "openai-request"}));
        QCOMPARE(imported.exitCode, 3);
        QVERIFY2(imported.err.contains("is written, not read"), imported.err);
    }

    void datasetsExportAndReadBack()
    {
        const test::ProjectCli source(m_source);
        const test::ProjectCli target(newProject());
        for (const char *format : {"jsonl", "csv"}) {
            const QString file = path(QStringLiteral("tickets.") + QString::fromUtf8(format));
            const CliResult exported = source.in(argList({"dataset", "export", "tickets", "-o", file}));
            QVERIFY2(exported.exitCode == 0, describe(exported));
            QVERIFY2(exported.err.isEmpty(), exported.err); // the demo's cases fit a table whole
            const QString name = QStringLiteral("back-") + QString::fromUtf8(format);
            QCOMPARE(target.in(argList({"dataset", "import", name, file})).exitCode, 0);
            QCOMPARE(test::dumped(target.inJson(argList({"dataset", "show", name}))["cases"]),
                test::dumped(source.inJson(argList({"dataset", "show", "tickets"}))["cases"]));
        }
        // What a table cannot hold is named on stderr.
        QVERIFY(test::writeFile(path(QStringLiteral("chat.jsonl")),
            "{\"vars\": {\"q\": \"hi\"}, \"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}]}\n"));
        QCOMPARE(target.in(argList({"dataset", "import", "chat", path(QStringLiteral("chat.jsonl"))})).exitCode, 0);
        const CliResult lossy = target.in(argList({"dataset", "export", "chat", "--format", "csv"}));
        QCOMPARE(lossy.exitCode, 0);
        QCOMPARE(lossy.out, QByteArray("q\r\nhi\r\n"));
        QCOMPARE(lossy.err, QByteArray("warning: CSV cannot carry case 1: its prior messages\n"));
    }
};

QTEST_GUILESS_MAIN(TestCliExchange)
#include "test_cli_exchange.moc"
