// The figures an evaluation summary reports and the gates that decide the exit code: Wilson
// intervals, percentiles and pass^k against hand-worked values, and gate parsing and checking.
#include "eval/classification.h"
#include "eval/gate.h"
#include "eval/statistics.h"

#include <QString>
#include <QTest>

#include <cmath>

using namespace ps::eval;

namespace {

#define COMPARE_NEAR(actual, expected, tolerance)                                                  \
    QVERIFY2(std::abs((actual) - (expected)) < (tolerance),                                        \
        qPrintable(QStringLiteral("%1 != %2").arg(actual, 0, 'g', 17).arg(expected, 0, 'g', 17)))

// Enum names, so a failed comparison reads "pass_rate" rather than a number.
template<typename Enum>
QString named(Enum value)
{
    return QString::fromUtf8(toString(value).data(), qsizetype(toString(value).size()));
}

TargetSummary summary()
{
    TargetSummary s;
    s.n = 200;
    s.passed = 171;
    s.passRate = 171.0 / 200;
    s.passRateCi95 = wilsonInterval(171, 200);
    s.meanScore = 0.91;
    s.latencyMsP50 = 640;
    s.latencyMsP95 = 1210;
    s.costUsd = 0.52;
    return s;
}

QString gateError(const char *expression)
{
    try {
        parseGate(expression);
    } catch (const GateError &error) {
        return QString::fromUtf8(error.what());
    }
    return {};
}

} // namespace

class TestEvalStatistics : public QObject
{
    Q_OBJECT

private slots:
    void wilsonIntervalOfATypicalRun()
    {
        // 171/200: p = 0.855, z² = 1.959963984540054² = 3.841458820694, n = 200
        // denominator 1 + z²/n = 1.01920729410347
        // centre (p + z²/2n) / denominator = (0.855 + 0.00960364705174) / 1.0192072941 = 0.84830991
        // half z / denominator × √(p(1−p)/n + z²/4n²) = 1.92302 × √(0.000619875 + 0.0000240091)
        //      = 0.04879658; interval [0.79951332, 0.89710649]
        const Interval ci = wilsonInterval(171, 200);
        COMPARE_NEAR(ci.low, 0.7995133246921847, 1e-12);
        COMPARE_NEAR(ci.high, 0.8971064935799559, 1e-12);
    }

    void wilsonIntervalAtTheEdges()
    {
        // 0/10: p = 0; denominator 1 + 3.841458820694/10 = 1.3841458820694;
        // centre = (z²/20) / 1.38414588 = 0.13876640; half = z²/20 / 1.38414588 = the same,
        // so [0, 0.27753280]: never a zero-width interval at 0/n.
        const Interval none = wilsonInterval(0, 10);
        QCOMPARE(none.low, 0.0);
        COMPARE_NEAR(none.high, 0.2775327998628892, 1e-12);
        // 10/10 mirrors it: [1 − 0.27753280, 1].
        const Interval all = wilsonInterval(10, 10);
        COMPARE_NEAR(all.low, 0.7224672001371107, 1e-12);
        QCOMPARE(all.high, 1.0);
        // 1/2: centre 0.5, half = z/2.92072941 × √(0.125 + 0.24009118) = 0.40546879.
        const Interval half = wilsonInterval(1, 2);
        COMPARE_NEAR(half.low, 0.09453120573423074, 1e-12);
        COMPARE_NEAR(half.high, 0.9054687942657693, 1e-12);
        // Nothing ran: nothing is known.
        QCOMPARE(wilsonInterval(0, 0).low, 0.0);
        QCOMPARE(wilsonInterval(0, 0).high, 1.0);
    }

    void percentilesInterpolateLinearlyLikeNumpy()
    {
        // [1 2 3 4]: p50 → rank 0.5 × 3 = 1.5 → 2 + 0.5 × (3 − 2) = 2.5
        //            p95 → rank 0.95 × 3 = 2.85 → 3 + 0.85 × (4 − 3) = 3.85
        QCOMPARE(percentile({4, 1, 3, 2}, 50).value(), 2.5);
        COMPARE_NEAR(percentile({1, 2, 3, 4}, 95).value(), 3.85, 1e-12);
        // Latencies [100 200 300 400 1000]: p95 → rank 3.8 → 400 + 0.8 × 600 = 880.
        COMPARE_NEAR(percentile({1000, 100, 300, 200, 400}, 95).value(), 880.0, 1e-9);
        QCOMPARE(percentile({5, 1, 3}, 50).value(), 3.0);
        QCOMPARE(percentile({42}, 95).value(), 42.0);
        QCOMPARE(percentile({1, 2}, 0).value(), 1.0);
        QCOMPARE(percentile({1, 2}, 100).value(), 2.0);
        QVERIFY(!percentile({}, 50));
        QVERIFY(!percentile({1}, 101));
    }

    void passHatKOnASmallTable()
    {
        // Three cases, 4 repeats each, passing 4, 2 and 0 times.
        // k=1: (4/4 + 2/4 + 0/4) / 3 = 0.5
        // k=2: (C(4,2)/C(4,2) + C(2,2)/C(4,2) + 0) / 3 = (1 + 1/6) / 3 = 7/18
        // k=3: (1 + 0 + 0) / 3 = 1/3 (two passes cannot fill three draws)
        const std::vector<CaseTrials> table {{4, 4}, {4, 2}, {4, 0}};
        COMPARE_NEAR(passHatK(table, 1).value(), 0.5, 1e-12);
        COMPARE_NEAR(passHatK(table, 2).value(), 7.0 / 18, 1e-12);
        COMPARE_NEAR(passHatK(table, 3).value(), 1.0 / 3, 1e-12);
        COMPARE_NEAR(passHatK(table, 4).value(), 1.0 / 3, 1e-12);
        QVERIFY(!passHatK(table, 5)); // no case ran 5 times
        QVERIFY(!passHatK(table, 0));
        // A case with fewer than k repeats is left out: only {5, 3} counts for k = 2;
        // C(3,2)/C(5,2) = 3/10.
        COMPARE_NEAR(passHatK({{1, 1}, {5, 3}}, 2).value(), 0.3, 1e-12);
    }

    void summarizesCells()
    {
        CellOutcome grounded {true, 1.0, false, 100, 50, 10, 20, 0.01, true};
        CellOutcome ungrounded {false, 0.5, false, 300, 70, 10, 30, 0.02, false};
        CellOutcome errored {true, 1.0, true, 5000, std::nullopt, 0, 0, 0.0, std::nullopt};
        CellOutcome plain {true, 1.0, false, 200, 60, 12, 18, 0.01, std::nullopt};
        const TargetSummary s = summarize({grounded, ungrounded, errored, plain});
        QCOMPARE(s.n, 4);
        // An errored cell counts as failed with score 0, whatever it claims.
        QCOMPARE(s.passed, 2);
        QCOMPARE(s.passRate, 0.5);
        QCOMPARE(s.errors, 1);
        COMPARE_NEAR(s.passRateCi95.low, wilsonInterval(2, 4).low, 1e-15);
        // (1 + 0.5 + 0 + 1) / 4 = 0.625
        QCOMPARE(s.meanScore, 0.625);
        // Latencies of the answered cells [100 200 300]: p50 200; p95 rank 1.9 → 290.
        // The errored cell's 5000 ms is left out.
        QCOMPARE(s.latencyMsP50.value(), 200.0);
        COMPARE_NEAR(s.latencyMsP95.value(), 290.0, 1e-9);
        QCOMPARE(s.ttftMsP50.value(), 60.0);
        QCOMPARE(s.inputTokens, 32LL);
        QCOMPARE(s.outputTokens, 68LL);
        COMPARE_NEAR(s.costUsd.value(), 0.04, 1e-12);
        // Two cells were judged for groundedness, one failed.
        QCOMPARE(s.hallucinationRate.value(), 0.5);
        // Its interval is Wilson's over the judged cells (1 of 2), and the gate on the upper
        // bound reads it: a 50% rate from two judgements could be as high as 90.5%.
        QVERIFY(s.hallucinationRateCi95);
        COMPARE_NEAR(s.hallucinationRateCi95->low, wilsonInterval(1, 2).low, 1e-15);
        COMPARE_NEAR(s.hallucinationRateCi95->high, 0.9054687942657693, 1e-12);
        const GateResult high = evaluateGate(parseGate("hallucination_rate_high<=0.5"), s);
        QVERIFY(!high.pass);
        COMPARE_NEAR(high.actual, 0.9054687942657693, 1e-12);
        QCOMPARE(named(evaluateGate(parseGate("hallucination_rate<=0.6"), s).status),
            named(GateStatus::Undecided));
        QVERIFY(!evaluateGate(parseGate("hallucination_rate<=0.02"), s).pass);
    }

    // Every metric CLI.md names parses; a class is written in brackets and normalised.
    void gatesNameEveryMetricAndClasses()
    {
        for (const char *name : {"pass_rate", "pass_rate_low", "mean_score", "latency_ms_p50",
                 "latency_ms_p95", "latency_ms_p99", "ttft_ms_p50", "ttft_ms_p95", "cost_usd",
                 "cost_usd_per_call", "hallucination_rate", "hallucination_rate_high",
                 "accuracy", "accuracy_low", "macro_f1", "weighted_f1"}) {
            const Gate gate = parseGate(std::string(name) + ">=0.5");
            QCOMPARE(QString::fromUtf8(toString(gate.metric).data()), QString::fromUtf8(name));
        }
        const Gate recall = parseGate("recall[ Bug ] >= 0.8");
        QCOMPARE(named(recall.metric), named(GateMetric::Recall));
        QCOMPARE(recall.label, std::string("bug"));
        QCOMPARE(gateError("recall>=0.8"), QStringLiteral("gate 'recall>=0.8' needs a class: recall[LABEL]"));
        QVERIFY(gateError("accuracy[bug]>=0.8").contains(QStringLiteral("only precision")));
        QVERIFY(gateError("f1[]>=0.8").contains(QStringLiteral("metric[LABEL]")));

        // Per-class figures come from the classification; without one they were not measured.
        const ClassificationMetrics m = classificationMetrics(
            {{"bug", "bug"}, {"bug", "billing"}, {"billing", "billing"}, {"billing", "billing"}});
        TargetSummary s = summary();
        const GateResult bugRecall = evaluateGate(recall, s, &m);
        QVERIFY(!bugRecall.pass);
        QCOMPARE(bugRecall.actual, 0.5);
        QCOMPARE(named(bugRecall.status), named(GateStatus::Unmet));
        QVERIFY(evaluateGate(parseGate("precision[bug]>=1"), s, &m).pass);
        const GateResult unknownClass = evaluateGate(parseGate("recall[other]>=0.5"), s, &m);
        QVERIFY(!unknownClass.pass && !unknownClass.measured);
        QVERIFY2(unknownClass.reason.find("no class 'other'") != std::string::npos,
            unknownClass.reason.c_str());
        QVERIFY(!evaluateGate(parseGate("accuracy>=0.1"), s).measured);
    }

    // Fleiss' normal approximation, worked by hand for 85% → 90%: p̄ = 0.875,
    // (1.959964·√0.21875 + 0.841621·√0.2175)² / 0.0025 = 1.309192² / 0.0025 = 685.6 → 686.
    void casesNeededForTwoProportions()
    {
        QCOMPARE(twoProportionCasesNeeded(0.85, 0.90).value_or(-1), 686);
        QCOMPARE(twoProportionCasesNeeded(0.90, 0.85).value_or(-1), 686);
        // 50% → 60%: p̄ = 0.55, (1.959964·√0.495 + 0.841621·√0.49)² / 0.01 = 387.3 → 388.
        QCOMPARE(twoProportionCasesNeeded(0.5, 0.6).value_or(-1), 388);
        QVERIFY(!twoProportionCasesNeeded(0.8, 0.8));
        QVERIFY(!twoProportionCasesNeeded(0.95, 1.05));
    }

    // Met, unmet or undecided by the figure's 95% interval: 171/200 has [0.7995, 0.8971].
    void statusFollowsTheInterval()
    {
        const TargetSummary s = summary();
        QCOMPARE(named(evaluateGate(parseGate("pass_rate>=0.75"), s).status), named(GateStatus::Met));
        QCOMPARE(named(evaluateGate(parseGate("pass_rate>=0.95"), s).status), named(GateStatus::Unmet));
        const GateResult close = evaluateGate(parseGate("pass_rate>=0.85"), s);
        QVERIFY(close.pass); // 0.855 passes, but its interval reaches down to 0.7995
        QCOMPARE(named(close.status), named(GateStatus::Undecided));
        QVERIFY2(close.reason.find("95% interval") != std::string::npos, close.reason.c_str());
        QCOMPARE(named(evaluateGate(parseGate("pass_rate>=0.86"), s).status), named(GateStatus::Undecided));
        // A bound itself has no interval: decided by its value.
        QCOMPARE(named(evaluateGate(parseGate("pass_rate_low>=0.79"), s).status), named(GateStatus::Met));
        QCOMPARE(named(evaluateGate(parseGate("latency_ms_p95<=1000"), s).status), named(GateStatus::Unmet));
    }

    // A cached answer sent nothing: its 0 ms does not pull the percentiles down nor its cost
    // the cost per call; it is counted apart.
    void cachedCellsStayOutOfLatencyAndCostPerCall()
    {
        std::vector<CellOutcome> cells;
        for (int i = 1; i <= 100; ++i) {
            CellOutcome sent {true, 1.0, false, double(i * 10), double(i), 10, 10, 0.002,
                std::nullopt};
            cells.push_back(sent);
        }
        CellOutcome cached {true, 1.0, false, 0.0, 0.0, 10, 10, 0.0, std::nullopt};
        cached.cached = true;
        cells.insert(cells.end(), 100, cached);
        const TargetSummary s = summarize(cells);
        QCOMPARE(s.cached, 100);
        // Over the 100 sent answers 10..1000 ms: numpy's p50 505, p95 950.5, p99 990.1.
        COMPARE_NEAR(s.latencyMsP50.value(), 505.0, 1e-9);
        COMPARE_NEAR(s.latencyMsP95.value(), 950.5, 1e-9);
        COMPARE_NEAR(s.latencyMsP99.value(), 990.1, 1e-9);
        COMPARE_NEAR(s.ttftMsP50.value(), 50.5, 1e-9);
        COMPARE_NEAR(s.ttftMsP95.value(), 95.05, 1e-9);
        COMPARE_NEAR(s.costUsdPerCall.value(), 0.002, 1e-15);
        COMPARE_NEAR(s.costUsd.value(), 0.2, 1e-12);
        // Only cached answers: no latency was measured, and none is made up.
        const TargetSummary onlyCached = summarize({cached, cached});
        QVERIFY(!onlyCached.latencyMsP50 && !onlyCached.ttftMsP50 && !onlyCached.costUsdPerCall);
    }

    void meanScoreIntervalIsSeeded()
    {
        std::vector<CellOutcome> cells;
        for (int i = 0; i < 60; ++i)
            cells.push_back({i % 3 != 0, i % 3 != 0 ? 1.0 : 0.25, false, 10, 5, 1, 1, 0.0,
                std::nullopt});
        QVERIFY(!summarize(cells).meanScoreCi95); // not asked for
        const TargetSummary s = summarize(cells, BootstrapOptions {2000, 9});
        QVERIFY(s.meanScoreCi95);
        QVERIFY(s.meanScoreCi95->low < s.meanScore && s.meanScore < s.meanScoreCi95->high);
        QCOMPARE(summarize(cells, BootstrapOptions {2000, 9}).meanScoreCi95->low,
            s.meanScoreCi95->low);
    }

    // A total never hides what it lacks: an unpriced answer leaves it unknown, and so does a
    // column of errors that reported no usage; an error beside priced answers adds nothing.
    void costTotalIsUnknownRatherThanMadeUp()
    {
        CellOutcome priced {true, 1.0, false, 100, 50, 10, 20, 0.01, std::nullopt};
        CellOutcome unpriced {true, 1.0, false, 100, 50, 10, 20, std::nullopt, std::nullopt};
        CellOutcome errored {false, 0.0, true, 50, std::nullopt, 0, 0, std::nullopt, std::nullopt};
        COMPARE_NEAR(summarize({priced, errored, priced}).costUsd.value(), 0.02, 1e-12);
        QVERIFY(!summarize({priced, unpriced}).costUsd);
        QVERIFY(!summarize({errored, errored}).costUsd);
        QVERIFY(!summarize({}).costUsd);
        // A cost gate over an unknown total fails rather than passing on a made-up $0.
        QVERIFY(!evaluateGate(parseGate("cost_usd<=1.5"), summarize({priced, unpriced})).pass);
        QVERIFY(evaluateGate(parseGate("cost_usd<=1.5"), summarize({priced, errored})).pass);
    }

    void summarizesNothing()
    {
        const TargetSummary s = summarize({});
        QCOMPARE(s.n, 0);
        QCOMPARE(s.passRate, 0.0);
        QCOMPARE(s.passRateCi95.high, 1.0);
        QVERIFY(!s.latencyMsP95);
        QVERIFY(!s.hallucinationRate);
        QVERIFY(!evaluateGate(parseGate("pass_rate>=0.85"), s).pass);
        QVERIFY(!evaluateGate(parseGate("latency_ms_p95<=2000"), s).pass);
    }

    void parsesEveryGateMetric()
    {
        const Gate passRate = parseGate("pass_rate>=0.85");
        QCOMPARE(named(passRate.metric), named(GateMetric::PassRate));
        QCOMPARE(named(passRate.op), named(GateOperator::AtLeast));
        QCOMPARE(passRate.bound, 0.85);
        QCOMPARE(named(parseGate("pass_rate_low>=0.8").metric), named(GateMetric::PassRateLow));
        QCOMPARE(named(parseGate("mean_score>=0.9").metric), named(GateMetric::MeanScore));
        const Gate latency = parseGate(" latency_ms_p95 <= 2000 ");
        QCOMPARE(named(latency.metric), named(GateMetric::LatencyMsP95));
        QCOMPARE(named(latency.op), named(GateOperator::AtMost));
        QCOMPARE(latency.bound, 2000.0);
        QCOMPARE(latency.expression, std::string("latency_ms_p95 <= 2000"));
        QCOMPARE(named(parseGate("cost_usd<=1.5").metric), named(GateMetric::CostUsd));
        QCOMPARE(named(parseGate("hallucination_rate<=0.02").metric),
            named(GateMetric::HallucinationRate));
        QCOMPARE(named(parseGate("pass_rate>0.5").op), named(GateOperator::Above));
        QCOMPARE(named(parseGate("cost_usd<1").op), named(GateOperator::Below));
        QCOMPARE(named(parseGate("pass_rate==1").op), named(GateOperator::Equal));
    }

    void refusesBadGatesNamingTheProblem()
    {
        QVERIFY(
            gateError("acuracy>=0.85").contains(QStringLiteral("unknown gate metric 'acuracy'")));
        QVERIFY(gateError("pass_rate").contains(QStringLiteral("'pass_rate'")));
        QVERIFY(gateError("pass_rate=0.8").contains(QStringLiteral("no operator")));
        QVERIFY(gateError("pass_rate=>0.8").contains(QStringLiteral("no operator")));
        QVERIFY(gateError("pass_rate>=").contains(QStringLiteral("must end in a number")));
        QVERIFY(gateError("pass_rate>=0.8x").contains(QStringLiteral("must end in a number")));
        QVERIFY(gateError("pass_rate>=>0.8").contains(QStringLiteral("must end in a number")));
        QVERIFY(gateError(">=0.8").contains(QStringLiteral("unknown gate metric ''")));
    }

    void evaluatesGatesAgainstASummary()
    {
        const TargetSummary s = summary();
        // 171/200 = 0.855 reaches 0.85 and exactly equals 0.855.
        QVERIFY(evaluateGate(parseGate("pass_rate>=0.85"), s).pass);
        QVERIFY(evaluateGate(parseGate("pass_rate>=0.855"), s).pass);
        QVERIFY(!evaluateGate(parseGate("pass_rate>0.855"), s).pass);
        // The Wilson lower bound is 0.7995: below 0.8 although the rate is above it.
        const GateResult low = evaluateGate(parseGate("pass_rate_low>=0.8"), s);
        QVERIFY(!low.pass);
        COMPARE_NEAR(low.actual, 0.7995133246921847, 1e-12);
        QVERIFY(QString::fromStdString(low.reason)
                    .startsWith(QStringLiteral("pass_rate_low is 0.799513")));
        QVERIFY(evaluateGate(parseGate("mean_score>=0.9"), s).pass);
        QVERIFY(evaluateGate(parseGate("latency_ms_p95<=2000"), s).pass);
        QVERIFY(!evaluateGate(parseGate("latency_ms_p95<1210"), s).pass);
        QVERIFY(evaluateGate(parseGate("cost_usd<=1.5"), s).pass);
    }

    void aGateOnAnUnmeasuredFigureFails()
    {
        TargetSummary s = summary();
        const GateResult hallucination = evaluateGate(parseGate("hallucination_rate<=0.02"), s);
        QVERIFY(!hallucination.pass);
        QVERIFY(
            QString::fromStdString(hallucination.reason).contains(QStringLiteral("not measured")));
        s.hallucinationRate = 0.01;
        QVERIFY(evaluateGate(parseGate("hallucination_rate<=0.02"), s).pass);
        s.latencyMsP95.reset();
        QVERIFY(!evaluateGate(parseGate("latency_ms_p95<=2000"), s).pass);
    }
};

QTEST_APPLESS_MAIN(TestEvalStatistics)
#include "test_eval_statistics.moc"
