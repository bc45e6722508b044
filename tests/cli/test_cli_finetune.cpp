// `finetune export` and `finetune check`: corrected bad answers, answers marked good, the
// prompt's examples and decided pairwise ratings become OpenAI's supervised or preference
// JSONL that OpenAI's schemas and data-preparation checks accept, in a folder with the
// taxonomy, the guideline and where each example came from — end to end on the demo project.

#include "cli_test_helpers.h"


#include <QDir>
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

class TestCliFinetune : public QObject
{
    Q_OBJECT

    test::EvaluatedDemo m_demo;
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_project;
    QString m_run;
    json m_report;

    test::ProjectCli m_cli;

    CliResult in(const QStringList &args) const { return m_cli.in(args); }
    json inJson(const QStringList &args) const { return m_cli.inJson(args); }

    QString refOf(const json &cell) const { return test::ProjectCli::cellRef(m_run, cell); }

    std::vector<json> linesOf(const QString &path) const
    {
        std::vector<json> lines;
        for (const QByteArray &line : test::readFile(path).split('\n'))
            if (!line.isEmpty())
                lines.push_back(json::parse(line.toStdString()));
        return lines;
    }

    // Marks two cells bad with corrections and a third good (the echo target fails every
    // assertion, but a PM may still like an answer's wording).
    void markSome()
    {
        const json &cells = m_report["cells"];
        QVERIFY(cells.size() >= 3);
        for (int i = 0; i < 2; ++i)
            QVERIFY(in(argList({"badcase", "add", refOf(cells[std::size_t(i)]), "--tag", "wrong label",
                           "--corrected", i == 0 ? "billing" : "shipping"}))
                        .exitCode
                == 0);
        QVERIFY(in(argList({"badcase", "add", refOf(cells[2]), "--good"})).exitCode == 0);
    }

private slots:
    void initTestCase()
    {
        // The echo target repeats the prompt: the label assertions fail, as a weak model's would.
        QVERIFY(m_demo.prepare(argList({"ticket-triage@2", "ticket-triage@3"})));
        m_run = m_demo.run();
        m_report = test::ProjectCli(m_demo.project()).inJson(argList({"report", m_run}));
        QVERIFY(!m_report["cells"].empty());
    }

    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_project = m_demo.copyInto(m_dir->path());
        m_cli.setProject(m_project);
    }

    void cleanup() { m_dir.reset(); }

    void supervisedExportIsValidAndSaysWhereEachExampleCameFrom()
    {
        markSome();
        const QString out = m_dir->filePath(QStringLiteral("sft"));
        const CliResult exported = in(argList({"--json", "finetune", "export", "--format", "openai-sft",
            "--prompt", "ticket-triage", "-o", out}));
        QVERIFY2(exported.exitCode == 0, describe(exported));
        const json summary = jsonOut(exported);
        QVERIFY2(summary["errors"] == json::object(), summary.dump(1).c_str());
        for (const char *key : {"examples", "warnings", "tokens_per_example", "billing_tokens", "epochs",
                 "charged_tokens"})
            QVERIFY2(summary.contains(key), key);
        for (const char *key : {"min", "max", "mean", "median"})
            QVERIFY(summary["tokens_per_example"].contains(key));

        const std::vector<json> lines = linesOf(out + QStringLiteral("/train.jsonl"));
        const json sources = summary["sources"];
        QCOMPARE(lines.size(), sources.size());
        QCOMPARE(summary["examples"].get<std::size_t>(), lines.size());
        int corrected = 0, good = 0, examples = 0;
        for (std::size_t i = 0; i < lines.size(); ++i) {
            const json &messages = lines[i]["messages"];
            const std::string source = sources[i].get<std::string>();
            QCOMPARE(messages.back()["role"].get<std::string>(), std::string("assistant"));
            // The request as sent: the prompt's system message and the ticket.
            QCOMPARE(messages.front()["role"].get<std::string>(), std::string("system"));
            if (source.find(", corrected") != std::string::npos) {
                ++corrected;
                const std::string answer = messages.back()["content"].get<std::string>();
                QVERIFY2(answer == "billing" || answer == "shipping", answer.c_str());
            } else if (source.find("marked good") != std::string::npos) {
                ++good;
            } else if (source.find("ticket-triage@") == 0 && source.find(" example ") != std::string::npos) {
                ++examples;
            }
            for (const json &message : messages)
                QVERIFY(message["role"] != "developer");
        }
        QCOMPARE(corrected, 2);
        QCOMPARE(good, 1);
        QVERIFY2(examples > 0, "the demo prompt's few-shot examples are approved examples");

        // `finetune check` on the written file: the schema and the guide's checks pass.
        const CliResult checked = test::runCli(argList({"--json", "finetune", "check", out + QStringLiteral("/train.jsonl")}));
        QVERIFY2(checked.exitCode == 0, describe(checked));
        QVERIFY(jsonOut(checked)["format"] == "openai-sft");

        // The folder a data-operations team needs: where each line came from, the taxonomy.
        const QString readme = QString::fromUtf8(test::readFile(out + QStringLiteral("/README.md")));
        QVERIFY2(readme.contains(QStringLiteral("| 1 | ") + QString::fromStdString(sources[0].get<std::string>()).replace(QLatin1Char('|'), QStringLiteral("\\|"))),
            qPrintable(readme));
        QVERIFY(readme.contains(QStringLiteral("OpenAI's data-preparation checks")));
        const QString taxonomy = QString::fromUtf8(test::readFile(out + QStringLiteral("/taxonomy.md")));
        QVERIFY(taxonomy.contains(QStringLiteral("| wrong label | ")));
        QVERIFY(taxonomy.contains(QStringLiteral("| hallucination | ")));
    }

    void preferenceExportPairsCorrectionsAndRatings()
    {
        markSome();
        // A pairwise session over the run's two versions: one rater prefers side 1 everywhere.
        const json made = inJson(argList({"rate", "create", m_run}));
        const QString session = QString::fromStdString(made["session"].get<std::string>());
        const json items = inJson(argList({"rate", "items", session}))["items"];
        QVERIFY(!items.empty());
        for (const json &item : items)
            QVERIFY(in(argList({"rate", "add", session, QString::fromStdString(item["item"].get<std::string>()),
                           "--rater", "ana", "--choice", "1"}))
                        .exitCode
                == 0);

        const QString out = m_dir->filePath(QStringLiteral("dpo"));
        const CliResult exported = in(argList({"--json", "finetune", "export", "--format", "openai-dpo", "-o", out}));
        QVERIFY2(exported.exitCode == 0, describe(exported));
        const json summary = jsonOut(exported);
        QVERIFY2(summary["errors"] == json::object(), summary.dump(1).c_str());
        const std::vector<json> lines = linesOf(out + QStringLiteral("/train.jsonl"));
        QCOMPARE(lines.size(), 2 + items.size());
        int fromCorrections = 0;
        for (std::size_t i = 0; i < lines.size(); ++i) {
            const json &line = lines[i];
            QCOMPARE(line["preferred_output"].size(), std::size_t(1));
            QCOMPARE(line["non_preferred_output"].size(), std::size_t(1));
            QVERIFY(!line["input"]["messages"].empty());
            QVERIFY(line["input"]["messages"].back()["role"] == "user");
            if (summary["sources"][i].get<std::string>().find("corrected over the bad answer") != std::string::npos) {
                ++fromCorrections;
                QVERIFY(line["preferred_output"][0]["content"] != line["non_preferred_output"][0]["content"]);
            }
        }
        QCOMPARE(fromCorrections, 2);
        QVERIFY(QFile::exists(out + QStringLiteral("/taxonomy.md")));
    }

    void refusesWhatCannotBeExported()
    {
        // Nothing marked, no ratings: a sentence, not an empty file.
        const QString out = m_dir->filePath(QStringLiteral("none"));
        const CliResult empty = in(argList({"finetune", "export", "--format", "openai-dpo", "-o", out}));
        QCOMPARE(empty.exitCode, 3);
        QVERIFY2(empty.err.contains("nothing to export"), describe(empty));
        QVERIFY(!QFile::exists(out + QStringLiteral("/train.jsonl")));
        const CliResult source = in(argList({"finetune", "export", "--format", "openai-dpo", "--from", "good",
            "-o", out}));
        QCOMPARE(source.exitCode, 3);
        QVERIFY2(source.err.contains("openai-dpo data comes from corrected and pairs"), describe(source));
        // -o never names the project.
        const CliResult over = in(argList({"finetune", "export", "--format", "openai-sft", "-o", m_project}));
        QVERIFY(over.exitCode != 0);
        QVERIFY(cli({"--project", m_project, "info"}).exitCode == 0);
    }

    void checkReportsEveryFailingLineInOneDocument()
    {
        const QString path = m_dir->filePath(QStringLiteral("bad.jsonl"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(R"({"messages": [{"role": "developer", "content": "Be brief."}, {"role": "user", "content": "hi"}]})"
                   "\n[1]\n");
        file.close();
        const CliResult checked = test::runCli(argList({"--json", "finetune", "check", path}));
        QCOMPARE(checked.exitCode, 3);
        const json document = jsonOut(checked); // exactly one document, also on failure
        QVERIFY(document["errors"]["unrecognized_role"] == 1);
        QVERIFY(document["errors"]["example_missing_assistant_message"] == 1);
        QVERIFY(document["errors"]["data_type"] == 1);
        QVERIFY(document["errors"]["schema"] == 1);
        QVERIFY(document["problems"][0]["line"] == 1);
        QVERIFY(document["exact"] == true); // counted in cl100k_base, as the guide counts
        const CliResult text = test::runCli(argList({"finetune", "check", path}));
        QVERIFY2(text.out.contains("line 2: not a JSON object"), describe(text));
    }
};

QTEST_GUILESS_MAIN(TestCliFinetune)
#include "test_cli_finetune.moc"
