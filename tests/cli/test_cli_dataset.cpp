// dataset import/list/show end to end: JSONL and CSV files become revisions, and a bad file is
// refused with file, line and reason (exit 3, also as JSON) while the project stays as it was.
#include "cli_test_helpers.h"

#include <QTemporaryDir>
#include <QTest>

using namespace ps::test;
using nlohmann::json;

namespace {

const char *kTicketsJsonl
    = R"({"vars": {"ticket": "Charged twice — ¿me lo devuelven? 退款"}, "expected": "billing", "tags": ["billing"], "messages": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello!"}], "assert": [{"type": "icontains", "value": "billing"}, {"type": "rouge-l", "value": "billing", "threshold": 0.5, "weight": 2}], "metadata": {"source": "zendesk"}}

{"vars": {"ticket": "PDF export broken"}, "expected": "bug", "tags": "bug"}
{"vars": {"ticket": "Dark mode?"}, "expected": "other", "description": "feature request"}
)";

} // namespace

class TestCliDataset : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_project;

    QString file(const char *name, const QByteArray &bytes)
    {
        const QString path = m_dir.filePath(QString::fromUtf8(name));
        if (!writeFile(path, bytes))
            qFatal("cannot write %s", name);
        return path;
    }
    CliResult inProject(std::initializer_list<Arg> args)
    {
        return runCli(QStringList {QStringLiteral("--project"), m_project} + argList(args));
    }
    json datasetsListed()
    {
        const CliResult listed = inProject({"dataset", "list", "--json"});
        if (listed.exitCode != 0)
            qWarning("%s", describe(listed).constData());
        return jsonOut(listed)["datasets"];
    }

private slots:
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_project = m_dir.filePath(QStringLiteral("p.promptsmith"));
        QFile::remove(m_project);
        QCOMPARE(cli({"init", m_project}).exitCode, 0);
    }

    void importsJsonlAndShowsItsCases()
    {
        const QString path = file("tickets.jsonl", kTicketsJsonl);
        const CliResult imported = inProject({"dataset", "import", "tickets", path});
        QVERIFY2(imported.exitCode == 0, describe(imported));
        QCOMPARE(imported.out, QByteArray("Imported 3 cases into dataset tickets (revision 1)\n"));

        const json list = datasetsListed();
        QCOMPARE(list.size(), std::size_t(1));
        QCOMPARE(
            keysOf(list[0]), argList({"cases", "id", "imported", "name", "revision", "source"}));
        QCOMPARE(list[0]["cases"].get<int>(), 3);
        QCOMPARE(str(list[0]["source"]), QStringLiteral("tickets.jsonl"));

        const CliResult shown = inProject({"dataset", "show", "tickets", "--json"});
        QVERIFY2(shown.exitCode == 0, describe(shown));
        const json cases = jsonOut(shown)["cases"];
        QCOMPARE(cases.size(), std::size_t(3));
        QCOMPARE(str(cases[0]["vars"]["ticket"]),
            QStringLiteral("Charged twice — ¿me lo devuelven? 退款"));
        QCOMPARE(cases[0]["messages"].size(), std::size_t(2));
        QCOMPARE(dumped(cases[0]["assert"][1]),
            dumped({{"type", "rouge-l"}, {"value", "billing"}, {"threshold", 0.5}, {"weight", 2}}));
        QCOMPARE(dumped(cases[0]["metadata"]), dumped({{"source", "zendesk"}}));
        QCOMPARE(dumped(cases[1]["tags"]), dumped({"bug"}));
        QCOMPARE(str(cases[2]["description"]), QStringLiteral("feature request"));

        const CliResult text = inProject({"dataset", "show", "tickets"});
        QVERIFY2(text.exitCode == 0, describe(text));
        QVERIFY(text.out.startsWith("tickets revision 1: 3 cases from tickets.jsonl, imported "));
        QVERIFY(text.out.contains("icontains,rouge-l"));
    }

    void importsCsvWithQuotedCommasAndNewlines()
    {
        const QString path = file("faq.csv",
            "\xEF\xBB\xBFquestion,expected,tags,__expected\r\n"
            "\"Can I pay by card, or only by transfer?\r\nAsking for our café\",billing,"
            "billing;payments,\"contains: card\"\r\n"
            "\"Say \"\"hi\"\"\",,other,is-json\r\n");
        const CliResult imported = inProject({"dataset", "import", "faq", path, "--json"});
        QVERIFY2(imported.exitCode == 0, describe(imported));
        const json record = jsonOut(imported)["dataset"];
        QCOMPARE(record["revision"].get<int>(), 1);
        QCOMPARE(record["cases"].get<int>(), 2);

        const json cases = jsonOut(inProject({"dataset", "show", "faq", "--json"}))["cases"];
        QCOMPARE(str(cases[0]["vars"]["question"]),
            QStringLiteral("Can I pay by card, or only by transfer?\r\nAsking for our café"));
        QCOMPARE(dumped(cases[0]["tags"]), dumped({"billing", "payments"}));
        QCOMPARE(dumped(cases[0]["assert"]),
            dumped(json::array({{{"type", "contains"}, {"value", "card"}}})));
        QCOMPARE(str(cases[1]["vars"]["question"]), QStringLiteral("Say \"hi\""));
        QVERIFY(!cases[1].contains("expected"));
        QCOMPARE(dumped(cases[1]["assert"]), dumped(json::array({{{"type", "is-json"}}})));
    }

    void reimportIsANewRevision()
    {
        const QString first = file("a.jsonl", "{\"vars\": {\"q\": \"one\"}}\n");
        const QString second = file("b.csv", "q\ntwo\nthree\n");
        QCOMPARE(inProject({"dataset", "import", "qa", first}).exitCode, 0);
        const CliResult again = inProject({"dataset", "import", "qa", second});
        QVERIFY2(again.exitCode == 0, describe(again));
        QCOMPARE(again.out, QByteArray("Imported 2 cases into dataset qa (revision 2)\n"));
        const json list = datasetsListed();
        QCOMPARE(list.size(), std::size_t(1));
        QCOMPARE(list[0]["revision"].get<int>(), 2);
        QCOMPARE(str(list[0]["source"]), QStringLiteral("b.csv"));
        const json cases = jsonOut(inProject({"dataset", "show", "qa", "--json"}))["cases"];
        QCOMPARE(str(cases[1]["vars"]["q"]), QStringLiteral("three"));
    }

    void badFileIsRefusedWithFileLineAndReason_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<int>("line");
        QTest::addColumn<QString>("reason");
        QTest::newRow("vars not an object")
            << "tickets.jsonl" << QByteArray("{\"vars\": {}}\n{\"vars\": {}}\n\n{\"vars\": []}\n")
            << 4 << "expected \"vars\" to be an object";
        QTest::newRow("unknown assertion")
            << "tickets.jsonl"
            << QByteArray("{\"assert\": [{\"type\": \"similar\", \"value\": \"x\"}]}\n") << 1
            << "\"assert\"[0]: unknown assertion type 'similar'";
        QTest::newRow("csv row too short")
            << "tickets.csv" << QByteArray("ticket,expected\n\"multi\nline\",bug\nalone\n") << 4
            << "the row has 1 field but the header has 2 columns";
        QTest::newRow("other extension")
            << "tickets.txt" << QByteArray("a\n1\n") << 0 << "a dataset is a .jsonl or .csv file";
        QTest::newRow("empty") << "tickets.jsonl" << QByteArray("\n") << 0
                               << "the file has no cases";
    }

    void badFileIsRefusedWithFileLineAndReason()
    {
        QFETCH(QString, name);
        QFETCH(QByteArray, bytes);
        QFETCH(int, line);
        QFETCH(QString, reason);
        // A good revision first: a refused import must leave it exactly as it was.
        QCOMPARE(inProject({"dataset", "import", "tickets", file("good.jsonl", "{\"vars\": {}}\n")})
                     .exitCode,
            0);
        const QString path = file(name.toUtf8().constData(), bytes);
        const QString where = line > 0 ? path + QLatin1Char(':') + QString::number(line) : path;

        const CliResult refused = inProject({"dataset", "import", "tickets", path});
        QCOMPARE(refused.exitCode, 3);
        QVERIFY(refused.out.isEmpty());
        QCOMPARE(QString::fromUtf8(refused.err),
            QStringLiteral("error: ") + where + QStringLiteral(": ") + reason + QLatin1Char('\n'));

        const CliResult asJson = inProject({"dataset", "import", "tickets", path, "--json"});
        QCOMPARE(asJson.exitCode, 3);
        const json error = jsonOut(asJson)["error"];
        QCOMPARE(str(error["file"]), path);
        QCOMPARE(error["line"].get<int>(), line);
        QCOMPARE(str(error["reason"]), reason);
        QCOMPARE(str(error["kind"]), QStringLiteral("dataset"));
        QCOMPARE(str(error["message"]), where + QStringLiteral(": ") + reason);

        const json list = datasetsListed();
        QCOMPARE(list.size(), std::size_t(1));
        QCOMPARE(list[0]["revision"].get<int>(), 1);
        QCOMPARE(str(list[0]["source"]), QStringLiteral("good.jsonl"));
    }

    void nothingIsImportedIntoAnEmptyProject()
    {
        const QString path = file("bad.csv", "a,b\n1,2\n3\n");
        QCOMPARE(inProject({"dataset", "import", "tickets", path}).exitCode, 3);
        QCOMPARE(datasetsListed().size(), std::size_t(0));
        const CliResult text = inProject({"dataset", "list"});
        QCOMPARE(text.out,
            QByteArray("No datasets yet. Import one with `dataset import NAME FILE.jsonl`.\n"));
    }

    void missingFileNameOrDatasetAreErrors()
    {
        const CliResult missing = inProject(
            {"dataset", "import", "tickets", m_dir.filePath(QStringLiteral("no.jsonl"))});
        QCOMPARE(missing.exitCode, 3);
        QVERIFY(missing.err.contains("no such file"));
        QCOMPARE(inProject({"dataset", "import", "tickets"}).exitCode, 2);
        QCOMPARE(inProject({"dataset"}).exitCode, 2);
        const QString path = file("ok.jsonl", "{\"vars\": {}}\n");
        const CliResult badName = inProject({"dataset", "import", "a@b", path});
        QCOMPARE(badName.exitCode, 3);
        const CliResult unknown = inProject({"dataset", "show", "nope", "--json"});
        QCOMPARE(unknown.exitCode, 3);
        QCOMPARE(str(jsonOut(unknown)["error"]["kind"]), QStringLiteral("not_found"));
        QCOMPARE(datasetsListed().size(), std::size_t(0));
    }

    void demoProjectHasTheTicketsDataset()
    {
        const QString demo = m_dir.filePath(QStringLiteral("demo.promptsmith"));
        QFile::remove(demo);
        QCOMPARE(cli({"init", demo, "--demo"}).exitCode, 0);
        const CliResult shown = cli({"--project", demo, "dataset", "show", "tickets", "--json"});
        QVERIFY2(shown.exitCode == 0, describe(shown));
        const json document = jsonOut(shown);
        QCOMPARE(document["dataset"]["cases"].get<int>(), 12);
        QSet<QString> labels;
        for (const json &c : document["cases"]) {
            QVERIFY(c["vars"].contains("ticket"));
            labels.insert(str(c["expected"]));
        }
        // Every label the ticket-triage prompt knows, and no other.
        QCOMPARE(labels,
            (QSet<QString> {
                QStringLiteral("billing"), QStringLiteral("bug"), QStringLiteral("other")}));
    }
};

QTEST_GUILESS_MAIN(TestCliDataset)
#include "test_cli_dataset.moc"
