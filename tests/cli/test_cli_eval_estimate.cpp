// `eval --estimate`: before anything is sent, each column's cells, input tokens and their cost.
// The exact count equals what the provider receives, counted on the wire bodies by `tokens`; the
// cost is the catalogue's input price; nothing reaches the provider; a model without a public
// encoding is estimated and says so.
#include "cli_test_helpers.h"
#include "fake_provider_server.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace ps;
using ps::test::argList;
using ps::test::cli;
using ps::test::CliResult;
using ps::test::describe;
using nlohmann::json;

class TestCliEvalEstimate : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_project;
    fakeprovider::FakeProviderServer m_server;

    CliResult inProject(std::initializer_list<test::Arg> args) const
    {
        return test::runCli(QStringList {QStringLiteral("--project"), m_project} + argList(args));
    }

    json estimateOf(std::initializer_list<test::Arg> args) const
    {
        const CliResult result = test::runCli(
            QStringList {QStringLiteral("--project"), m_project, QStringLiteral("--json"), QStringLiteral("eval")}
            + argList(args) + QStringList {QStringLiteral("--estimate")});
        if (result.exitCode != 0) {
            qWarning("%s", describe(result).constData());
            return nullptr;
        }
        return json::parse(result.out.toStdString());
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY(m_server.start());
        m_project = m_dir.filePath(QStringLiteral("demo.promptsmith"));
        QCOMPARE(cli({"init", m_project, "--demo"}).exitCode, 0);
        const QString url = QString::fromStdString(m_server.baseUrl());
        for (const auto &args : {argList({"provider", "add", "fake", "--kind", "openai-compatible", "--base-url", url}),
                 argList({"target", "add", "omni", "--provider", "fake", "--model", "gpt-4o", "--param", "max_tokens=16"}),
                 argList({"target", "add", "legacy", "--provider", "fake", "--model", "gpt-4-turbo"}),
                 argList({"target", "add", "claude", "--provider", "fake", "--model", "claude-sonnet-4-5"}),
                 argList({"provider", "add", "oa", "--kind", "openai", "--base-url", url}),
                 argList({"target", "add", "omni-oa", "--provider", "oa", "--model", "gpt-4o", "--param", "max_tokens=16"})}) {
            const CliResult result = test::runCli(QStringList {QStringLiteral("--project"), m_project} + args);
            QVERIFY2(result.exitCode == 0, describe(result));
        }
    }

    void theEstimateIsWhatTheProviderReceives()
    {
        const json estimate = estimateOf({"ticket-triage", "--dataset", "tickets", "--target", "omni"});
        QVERIFY(estimate.is_object());
        QCOMPARE(m_server.requestCount(), 0); // an estimate sends nothing
        const json &column = estimate["columns"][0];
        QCOMPARE(column["cells"].get<int>(), 12);
        QCOMPARE(column["encoding"].get<std::string>(), std::string("o200k_base"));
        QVERIFY(column["exact"].get<bool>());
        const long long estimated = column["input_tokens"].get<long long>();
        // gpt-4o's catalogue price: $2.50 per 1M input tokens, $10 output; 16 tokens an answer at most.
        QVERIFY(qAbs(column["input_usd"].get<double>() - double(estimated) * 2.5 / 1e6) < 1e-12);
        QVERIFY(qAbs(column["output_usd_at_most"].get<double>() - 12 * 16 * 10.0 / 1e6) < 1e-12);

        // The same cells sent: each body as the provider got it, counted by `tokens`.
        const CliResult run = inProject({"eval", "ticket-triage", "--dataset", "tickets", "--target", "omni", "--no-cache"});
        QVERIFY2(run.exitCode == 0 || run.exitCode == 1, describe(run)); // 1: an assertion failed
        const std::vector<std::string> bodies = m_server.recentRequestBodies();
        QCOMPARE(bodies.size(), std::size_t(12));
        long long received = 0;
        for (std::size_t i = 0; i < bodies.size(); ++i) {
            const QString file = m_dir.filePath(QStringLiteral("body%1.json").arg(i));
            QFile out(file);
            QVERIFY(out.open(QIODevice::WriteOnly));
            out.write(QByteArray::fromStdString(bodies[i]));
            out.close();
            const CliResult counted = cli({"--json", "tokens", "--messages", file});
            QVERIFY2(counted.exitCode == 0, describe(counted));
            const json count = json::parse(counted.out.toStdString());
            QCOMPARE(count["encoding"].get<std::string>(), std::string("o200k_base")); // the body's model
            received += count["tokens"].get<long long>();
        }
        QCOMPARE(received, estimated);
    }

    void columnsAreVersionsByTargetsAndRepeatsMultiply()
    {
        const json once = estimateOf({"ticket-triage", "--dataset", "tickets", "--target", "omni", "--target", "legacy"});
        const json twice = estimateOf(
            {"ticket-triage@1", "ticket-triage", "--dataset", "tickets", "--target", "omni", "--target", "legacy", "--repeat", "2"});
        QCOMPARE(once["columns"].size(), std::size_t(2));
        QCOMPARE(once["columns"][1]["encoding"].get<std::string>(), std::string("cl100k_base"));
        QCOMPARE(twice["columns"].size(), std::size_t(4));
        QCOMPARE(twice["cells"].get<int>(), 2 * 2 * 2 * 12);
        // The newest version's columns, asked twice as often, count twice the tokens.
        QCOMPARE(twice["columns"][2]["input_tokens"].get<long long>(), 2 * once["columns"][0]["input_tokens"].get<long long>());
        QCOMPARE(twice["columns"][3]["input_tokens"].get<long long>(), 2 * once["columns"][1]["input_tokens"].get<long long>());
        // gpt-4-turbo has no max_tokens here: the answers' cost has no bound, and the total says so.
        QVERIFY(twice["output_usd_at_most"].is_null());
    }

    void otherModelsAreEstimatedAndSaySo()
    {
        const json estimate = estimateOf({"ticket-triage", "--dataset", "tickets", "--target", "claude"});
        QVERIFY(estimate["columns"][0]["encoding"].is_null());
        QVERIFY(!estimate["exact"].get<bool>());
        const CliResult text = inProject({"eval", "ticket-triage", "--dataset", "tickets", "--target", "claude", "--estimate"});
        QCOMPARE(text.exitCode, 0);
        QVERIFY2(text.out.contains("about ") && text.out.contains("estimated: no public encoding"), text.out.constData());
        QVERIFY2(text.out.contains("Before sending: 12 cells"), text.out.constData());
    }

    // A batch run's estimate is its price: the catalogue's batch share (half, for openai), said so;
    // a target whose provider has no batch API is refused as the run would refuse it.
    void aBatchIsEstimatedAtTheBatchPrice()
    {
        const int requestsBefore = m_server.requestCount();
        const json live = estimateOf({"ticket-triage", "--dataset", "tickets", "--target", "omni-oa"});
        const json batch = estimateOf({"ticket-triage", "--dataset", "tickets", "--target", "omni-oa", "--batch"});
        QVERIFY(live.is_object() && batch.is_object());
        QVERIFY(!live["batch_price"].get<bool>());
        QVERIFY(batch["batch_price"].get<bool>() && batch["columns"][0]["batch_price"].get<bool>());
        QCOMPARE(batch["input_tokens"].get<long long>(), live["input_tokens"].get<long long>());
        QVERIFY(qAbs(batch["input_usd"].get<double>() - live["input_usd"].get<double>() / 2) < 1e-12);
        QVERIFY(qAbs(batch["output_usd_at_most"].get<double>() - 12 * 16 * 10.0 / 1e6 / 2) < 1e-12);
        const CliResult text
            = inProject({"eval", "ticket-triage", "--dataset", "tickets", "--target", "omni-oa", "--batch", "--estimate"});
        QCOMPARE(text.exitCode, 0);
        QVERIFY2(text.out.contains("at the batch price"), text.out.constData());
        QVERIFY2(!text.out.contains("cache"), text.out.constData()); // a batch does not use it

        const CliResult refused
            = inProject({"eval", "ticket-triage", "--dataset", "tickets", "--target", "omni", "--batch", "--estimate"});
        QCOMPARE(refused.exitCode, 3);
        QVERIFY2(refused.err.contains("batch evaluations take openai and anthropic targets"), describe(refused).constData());
        QCOMPARE(m_server.requestCount(), requestsBefore); // estimates send nothing
    }

    void badRequestsAreRefusedBeforeAnything()
    {
        QCOMPARE(inProject({"eval", "--resume", "r1", "--estimate"}).exitCode, 2);
        const CliResult unknown = inProject({"eval", "ticket-triage", "--dataset", "tickets", "--target", "nobody", "--estimate"});
        QCOMPARE(unknown.exitCode, 3);
    }
};

QTEST_GUILESS_MAIN(TestCliEvalEstimate)
#include "test_cli_eval_estimate.moc"
