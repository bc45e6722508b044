// `budget` end to end: no project needed, the JSON shape CLI.md pins, a known model's shape,
// and usage errors that say what to give.
#include "cli_test_helpers.h"

#include <QTest>

#include <cmath>

using namespace ps::test;

class TestCliBudget : public QObject
{
    Q_OBJECT

private slots:
    void knownModelWithApiBeside()
    {
        const CliResult result = cli({"--json", "budget", "--model", "llama-3.1-70b", "--params",
            "70", "--precision", "bf16", "--context", "8192", "--gpu-hour-usd", "2", "--traffic",
            "40000", "--tokens-per-call", "1000", "--api-model", "gpt-4o-mini"});
        QVERIFY2(result.exitCode == 0, describe(result));
        const nlohmann::json document = jsonOut(result);
        QStringList keys;
        for (const auto &[key, value] : document.items())
            keys << QString::fromStdString(key);
        QCOMPARE(keys.join(QLatin1Char(',')),
            QStringLiteral("api_usd_per_month,gpus,kv_cache_gb,total_gb,usd_per_month,weights_gb"));
        // The 70B worked in test_serving_budget: 170.68435456 GB on 3 GPUs, $4,380 a month.
        QVERIFY(std::abs(document["total_gb"].get<double>() - 170.68435456) < 1e-9);
        QCOMPARE(document["gpus"].get<int>(), 3);
        QVERIFY(std::abs(document["usd_per_month"].get<double>() - 4380.0) < 1e-9);
        QVERIFY(document["api_usd_per_month"].get<double>() > 0);

        const CliResult text = cli({"budget", "--model", "qwen2.5-7b", "--precision", "int4",
            "--context", "32768", "--concurrency", "4"});
        QVERIFY2(text.exitCode == 0, describe(text));
        QVERIFY2(text.out.contains("28 layers x 4 KV heads x 128 x 32768 tokens x 4 at once"),
            text.out.constData());
        QVERIFY2(text.out.contains("give --gpu-hour-usd"), text.out.constData());
    }

    // Before any run: how many cases a 5-point difference from 85% needs (686, Fleiss).
    void casesNeededBeforeAnyRun()
    {
        const CliResult result
            = cli({"--json", "dataset", "cases-needed", "--baseline", "0.85", "--difference", "5"});
        QVERIFY2(result.exitCode == 0, describe(result));
        QCOMPARE(jsonOut(result)["cases_needed"].get<int>(), 686);
        const CliResult text
            = cli({"dataset", "cases-needed", "--baseline", "0.85", "--difference", "5"});
        QVERIFY2(text.out.startsWith("About 686 cases would be needed to detect a 5.0-point "
                                     "difference from 85.0% with 80% power"),
            text.out.constData());
        QCOMPARE(cli({"dataset", "cases-needed", "--baseline", "0.98", "--difference", "5"})
                     .exitCode,
            2);
    }

    void refusalsSayWhatToGive()
    {
        const CliResult shapeless
            = cli({"budget", "--params", "7", "--precision", "bf16", "--context", "8192"});
        QCOMPARE(shapeless.exitCode, 2);
        QVERIFY2(shapeless.err.contains("--layers, --kv-heads and --head-dim"),
            shapeless.err.constData());
        const CliResult unknown
            = cli({"budget", "--model", "gpt-4o", "--precision", "bf16", "--context", "8192"});
        QCOMPARE(unknown.exitCode, 3);
        QVERIFY2(unknown.err.contains("no known shape for 'gpt-4o'"), unknown.err.constData());
        const CliResult precision = cli({"budget", "--model", "mistral-7b", "--precision",
            "int3", "--context", "8192"});
        QCOMPARE(precision.exitCode, 2);
        QVERIFY2(precision.err.contains("fp16, bf16, fp8, int8 or int4"), precision.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestCliBudget)
#include "test_cli_budget.moc"
