// `budget`'s figures against the README's formulas worked by hand: a 7B and a 70B model at bf16
// and int4 with an 8k context, the GPUs they need and what they cost a month.
#include "catalog/serving_budget.h"

#include <QTest>

#include <cmath>

using namespace ps::catalog;

namespace {

#define COMPARE_NEAR(actual, expected)                                                             \
    QVERIFY2(std::abs((actual) - (expected)) < 1e-9,                                               \
        qPrintable(QStringLiteral("%1 != %2").arg(actual, 0, 'g', 17).arg(expected, 0, 'g', 17)))

BudgetInput model(double billions, Precision precision, int layers)
{
    BudgetInput input;
    input.paramsBillions = billions;
    input.weights = precision;
    input.context = 8192;
    input.layers = layers; // 8 KV heads of 128 dimensions, as Llama 3 and Mistral have
    input.kvHeads = 8;
    input.headDim = 128;
    input.gpuHourUsd = 2.0;
    return input;
}

} // namespace

class TestServingBudget : public QObject
{
    Q_OBJECT

private slots:
    void sevenBillion()
    {
        // Weights 7 × 2 bytes = 14 GB; KV 2 × 32 × 8 × 128 × 8192 × 2 bytes = 1,073,741,824 bytes;
        // total 14 × 1.2 + 1.073741824 = 17.873741824 GB: one 80 GB GPU, 730 h × $2 = $1,460.
        const Budget bf16 = servingBudget(model(7, Precision::Bf16, 32));
        COMPARE_NEAR(bf16.weightsGb, 14.0);
        COMPARE_NEAR(bf16.kvCacheGb, 1.073741824);
        COMPARE_NEAR(bf16.totalGb, 17.873741824);
        QCOMPARE(bf16.gpus, 1);
        COMPARE_NEAR(bf16.usdPerMonth.value(), 1460.0);
        // int4: 3.5 GB of weights; the KV cache stays fp16: 3.5 × 1.2 + 1.073741824.
        const Budget int4 = servingBudget(model(7, Precision::Int4, 32));
        COMPARE_NEAR(int4.weightsGb, 3.5);
        COMPARE_NEAR(int4.totalGb, 5.273741824);
        QCOMPARE(int4.gpus, 1);
    }

    void seventyBillion()
    {
        // Weights 140 GB; KV 2 × 80 × 8 × 128 × 8192 × 2 = 2,684,354,560 bytes; total 168 +
        // 2.68435456 = 170.68435456 GB: ⌈170.68 / 80⌉ = 3 GPUs, 3 × 730 × $2 = $4,380.
        const Budget bf16 = servingBudget(model(70, Precision::Bf16, 80));
        COMPARE_NEAR(bf16.weightsGb, 140.0);
        COMPARE_NEAR(bf16.kvCacheGb, 2.68435456);
        COMPARE_NEAR(bf16.totalGb, 170.68435456);
        QCOMPARE(bf16.gpus, 3);
        COMPARE_NEAR(bf16.usdPerMonth.value(), 4380.0);
        // int4: 35 × 1.2 + 2.68435456 = 44.68435456 GB on one GPU.
        const Budget int4 = servingBudget(model(70, Precision::Int4, 80));
        COMPARE_NEAR(int4.totalGb, 44.68435456);
        QCOMPARE(int4.gpus, 1);
        // 16 sequences of 8k at once in an fp8 cache: 2.68435456 × 16 / 2 = 21.47483648 GB.
        BudgetInput busy = model(70, Precision::Int4, 80);
        busy.concurrency = 16;
        busy.kvCache = Precision::Fp8;
        COMPARE_NEAR(servingBudget(busy).kvCacheGb, 21.47483648);
    }

    void apiBeside()
    {
        // 40,000 calls a day × 730/24 days × 1,000 tokens at $0.15 in / $0.60 out per 1M blended
        // 3:1 = $0.2625 per 1M: 40,000 × 30.41666… × 1,000 × 0.2625 / 10^6 = $319.375.
        BudgetInput input = model(7, Precision::Bf16, 32);
        input.callsPerDay = 40000;
        input.tokensPerCall = 1000;
        input.apiPrice = ModelPrice {0.15, 0.60, std::nullopt, "H", ""};
        COMPARE_NEAR(servingBudget(input).apiUsdPerMonth.value(), 319.375);
        input.gpuHourUsd.reset();
        QVERIFY(!servingBudget(input).usdPerMonth);
    }

    void knownShapesAndRefusals()
    {
        const auto llama = findModelShape("Llama-3.1-70B");
        QVERIFY(llama);
        QCOMPARE(llama->layers, 80);
        QCOMPARE(llama->kvHeads, 8);
        QCOMPARE(llama->headDim, 128);
        QVERIFY(!findModelShape("gpt-4o"));
        QCOMPARE(parsePrecision("INT4").value_or(Precision::Fp16), Precision::Int4);
        QVERIFY(!parsePrecision("int3"));
        BudgetInput shapeless = model(7, Precision::Bf16, 32);
        shapeless.layers = 0;
        QVERIFY_THROWS_EXCEPTION(BudgetError, servingBudget(shapeless));
        BudgetInput empty = model(0, Precision::Bf16, 32);
        QVERIFY_THROWS_EXCEPTION(BudgetError, servingBudget(empty));
    }
};

QTEST_GUILESS_MAIN(TestServingBudget)
#include "test_serving_budget.moc"
