// export, import and dataset export end to end: a prompt handed from one project to another as a
// bundle file arrives the same (versions, labels, dataset), a second import adds nothing, -o can
// never name the project, a damaged bundle is refused naming the field (exit 3) with nothing
// written, and an exported dataset is read back by `dataset import` as the same cases.

#include "cli_test_helpers.h"

#include <QFile>
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
    QString newProject()
    {
        const QString project = path(QStringLiteral("p%1.promptsmith").arg(++m_projects));
        const CliResult made = cli({"init", project});
        if (made.exitCode != 0)
            qWarning("%s", describe(made).constData());
        return project;
    }
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
        QCOMPARE(test::str(jsonOut(asJson)["error"]["kind"]), QStringLiteral("bad_bundle"));
        QCOMPARE(test::dumped(test::ProjectCli(project).inJson(argList({"info"}))["versions"]), QStringLiteral("0"));

        QVERIFY(test::writeFile(bundle, "{\"format\": \"promptsmith-bundle\", \"format_version\": 1"));
        const CliResult broken = test::ProjectCli(project).in(argList({"import", bundle}));
        QCOMPARE(broken.exitCode, 3);
        QVERIFY2(broken.err.contains("is not valid JSON"), broken.err);
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
