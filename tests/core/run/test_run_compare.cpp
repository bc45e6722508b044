// A/B on the same cases: McNemar's exact test and the paired difference interval against
// worked values, the pairing of cells, and the JSON and text a PM reads.
#include "eval/classification.h"
#include "run/run_compare.h"
#include "store/run_store.h"

#include <QString>
#include <QTest>

#include <cmath>

using namespace ps;
using nlohmann::json;

namespace {

#define COMPARE_NEAR(actual, expected, tolerance)                                                  \
    QVERIFY2(std::abs((actual) - (expected)) < (tolerance),                                        \
        qPrintable(QStringLiteral("%1 != %2").arg(actual, 0, 'g', 17).arg(expected, 0, 'g', 17)))

model::RunRecord evalRun(const std::string &id, std::vector<std::string> targets)
{
    model::RunRecord run;
    run.id = id;
    run.kind = "eval";
    run.version = "triage@" + id;
    run.targets = std::move(targets);
    run.datasetId = 1;
    return run;
}

store::ResponseRecord cell(const std::string &target, int caseIndex, bool pass, int repeat = 0)
{
    store::ResponseRecord response;
    response.targetId = target;
    response.caseIndex = caseIndex;
    response.repeatIndex = repeat;
    response.pass = pass;
    response.score = pass ? 1.0 : 0.0;
    return response;
}

// Cells of one target from a string of verdicts: '1' passed, '0' failed, 'e' errored.
std::vector<store::ResponseRecord> cells(const std::string &target, const std::string &verdicts)
{
    std::vector<store::ResponseRecord> list;
    for (std::size_t i = 0; i < verdicts.size(); ++i) {
        list.push_back(cell(target, int(i), verdicts[i] == '1'));
        if (verdicts[i] == 'e') {
            list.back().pass = true; // an error fails the cell whatever the verdict says
            list.back().error = store::ResponseError {"timeout", "no answer", std::nullopt};
        }
    }
    return list;
}

} // namespace

class TestRunCompare : public QObject
{
    Q_OBJECT

private slots:
    void mcnemarExactMatchesTheBinomialTail()
    {
        // 1 and 7 discordant: 2 × (C(8,0) + C(8,1)) / 2^8 = 2 × 9 / 256.
        QCOMPARE(run::mcnemarExactP(1, 7), 18.0 / 256.0);
        QCOMPARE(run::mcnemarExactP(7, 1), 18.0 / 256.0);
        // 0 and 6: 2 / 64 — the smallest count that is significant at 5%.
        COMPARE_NEAR(run::mcnemarExactP(0, 6), 2.0 / 64.0, 1e-15);
        COMPARE_NEAR(run::mcnemarExactP(0, 5), 2.0 / 32.0, 1e-15);
        // Balanced: the doubled tail exceeds 1 and is capped.
        QCOMPARE(run::mcnemarExactP(3, 3), 1.0);
        QCOMPARE(run::mcnemarExactP(0, 0), 1.0);
        // Large counts do not underflow: 400 vs 600 of 1000 is far beyond chance.
        const double p = run::mcnemarExactP(400, 600);
        QVERIFY(p > 0 && p < 1e-9);
    }

    void pairedIntervalIsNewcombesHybridScore()
    {
        // Both 1, only A 1, only B 7, neither 12 (n = 21): pB = 8/21, pA = 2/21, B − A = 6/21.
        // Wilson: 8/21 → [0.20751, 0.59121], 2/21 → [0.02652, 0.28914];
        // φ = (1·12 − 7·1) / √(8·13·2·19) = 0.079536.
        // low  = 0.28571 − √(0.17344² − 2φ·0.17344·0.19391 + 0.19391²) = 0.03605
        // high = 0.28571 + √(0.21026² − 2φ·0.21026·0.06872 + 0.06872²) = 0.50166
        const run::PairedCounts counts {1, 1, 7, 12};
        const eval::Interval interval = run::pairedDifferenceInterval(counts);
        COMPARE_NEAR(interval.low, 0.036053, 1e-5);
        COMPARE_NEAR(interval.high, 0.501663, 1e-5);
        // Swapping A and B mirrors it.
        const eval::Interval mirrored = run::pairedDifferenceInterval({1, 7, 1, 12});
        COMPARE_NEAR(mirrored.low, -0.501663, 1e-5);
        COMPARE_NEAR(mirrored.high, -0.036053, 1e-5);
    }

    void identicalRunsDifferByNothing()
    {
        const eval::Interval interval = run::pairedDifferenceInterval({8, 0, 0, 2});
        QVERIFY(interval.low < 0 && interval.high > 0);
        COMPARE_NEAR(interval.low, -interval.high, 1e-12);
        const eval::Interval none = run::pairedDifferenceInterval({});
        QCOMPARE(none.low, -1.0);
        QCOMPARE(none.high, 1.0);
    }

    void cellsArePairedByCaseAndTarget()
    {
        const model::RunRecord a = evalRun("a", {"T", "U"});
        const model::RunRecord b = evalRun("b", {"T"});
        // T: cases 0..3 in A pass 1,1,0,0 (case 1 errored in B); B passes 1,e,1,0 and answered
        // a case A never did.
        std::vector<store::ResponseRecord> responsesA = cells("T", "1100");
        const std::vector<store::ResponseRecord> us = cells("U", "1111");
        responsesA.insert(responsesA.end(), us.begin(), us.end());
        std::vector<store::ResponseRecord> responsesB = cells("T", "1e10");
        responsesB.push_back(cell("T", 9, true));

        const run::RunComparison comparison = run::compareRuns(a, responsesA, b, responsesB);
        QCOMPARE(comparison.targets.size(), std::size_t(1)); // U is only in A
        const run::TargetComparison &t = comparison.targets[0];
        QCOMPARE(QString::fromStdString(t.targetA), QStringLiteral("T"));
        QCOMPARE(t.counts.pairs(), 4);
        QCOMPARE(t.counts.bothPass, 1);
        QCOMPARE(t.counts.onlyA, 1);
        QCOMPARE(t.counts.onlyB, 1);
        QCOMPARE(t.counts.neither, 1);
        QCOMPARE(t.passRateA, 0.5);
        QCOMPARE(t.passRateB, 0.5);
        QCOMPARE(t.difference, 0.0);
        QCOMPARE(t.pValue, 1.0);
        QVERIFY(!t.significant);
    }

    // Connor's sample size from the observed discordance, worked by hand for 5 and 10 cases
    // of 100 won by one side only: ψ = 0.15, δ = 0.05,
    // (1.959964·√0.15 + 0.841621·√0.1475)² / 0.0025 = 1.0823214² / 0.0025 = 468.57 → 469.
    void casesNeededFromTheObservedDiscordance()
    {
        QCOMPARE(run::mcnemarCasesNeeded(5, 10, 100).value_or(-1), 469);
        QCOMPARE(run::mcnemarCasesNeeded(10, 5, 100).value_or(-1), 469); // either direction
        // 2 and 8 of 50: ψ = 0.2, δ = 0.12 → 106.62 → 107.
        QCOMPARE(run::mcnemarCasesNeeded(2, 8, 50).value_or(-1), 107);
        QVERIFY(!run::mcnemarCasesNeeded(4, 4, 100)); // no lean either way: no size to give
        QVERIFY(!run::mcnemarCasesNeeded(0, 0, 0));
    }

    // Each verdict is one sentence a PM can paste: significant, not significant with the cases
    // that would settle it, and no difference at all; the paired score interval beside it.
    void verdictsAreOnePlainSentence()
    {
        const model::RunRecord a = evalRun("a", {"T"});
        const model::RunRecord b = evalRun("b", {"T"});
        // 40 cases: A passes 20, B passes the same 20 and 12 more: significant.
        const std::string base(20, '1');
        const run::RunComparison better = run::compareRuns(a, cells("T", base + std::string(20, '0')),
            b, cells("T", base + std::string(12, '1') + std::string(8, '0')), {2000, 1});
        const run::TargetComparison &t = better.targets[0];
        QVERIFY(t.significant);
        QVERIFY2(t.verdict.starts_with("B passes 30.0 points more often (95% CI "), t.verdict.c_str());
        QVERIFY2(t.verdict.ends_with("; the difference is significant (McNemar p < 0.001)."),
            t.verdict.c_str());
        QVERIFY(!t.casesNeeded);
        // Scores are 1 and 0 here: the paired score difference is the pass difference, 0.3,
        // and its bootstrap interval holds it.
        COMPARE_NEAR(t.meanScoreB - t.meanScoreA, 0.3, 1e-12);
        QVERIFY(t.scoreDifferenceCi95);
        QVERIFY(t.scoreDifferenceCi95->low < 0.3 && 0.3 < t.scoreDifferenceCi95->high);
        QVERIFY(t.scoreDifferenceCi95->low > 0.0);

        // A wins 3 and B 1 of 40: not significant, and the sentence says how many would do.
        const run::RunComparison close = run::compareRuns(a,
            cells("T", "111" + std::string(37, '0')), b,
            cells("T", "000" + std::string("1") + std::string(36, '0')), {2000, 1});
        const run::TargetComparison &c = close.targets[0];
        QVERIFY(!c.significant);
        QCOMPARE(c.casesNeeded.value_or(-1), run::mcnemarCasesNeeded(3, 1, 40).value_or(-2));
        QVERIFY2(c.verdict.starts_with("A passes 5.0 points more often (95% CI "), c.verdict.c_str());
        QVERIFY2(c.verdict.find("but that is not significant (McNemar p = 0.625): about "
                                + std::to_string(*c.casesNeeded)
                                + " paired cases would be needed to detect a difference of 5.0 "
                                  "points with 80% power at α = 0.05")
                != std::string::npos,
            c.verdict.c_str());

        const run::RunComparison same
            = run::compareRuns(a, cells("T", "1100"), b, cells("T", "1100"), {2000, 1});
        QVERIFY2(same.targets[0].verdict.starts_with("A and B pass equally often (50.0% of 4"),
            same.targets[0].verdict.c_str());

        // The JSON carries the same, and the text ends each target with its sentence.
        const json document = run::toJson(close);
        QCOMPARE(document["targets"][0]["verdict"].get<std::string>(), c.verdict);
        QCOMPARE(document["targets"][0]["cases_needed"].get<int>(), *c.casesNeeded);
        QCOMPARE(document["targets"][0]["score_difference_ci95"].size(), std::size_t(2));
        QCOMPARE(document["bootstrap"]["resamples"].get<int>(), 2000);
        QVERIFY(run::toText(close).find("T: " + c.verdict + "\n") != std::string::npos);
    }

    // With labelled cases the comparison adds accuracy and macro F1 of both sides with paired
    // bootstrap intervals of their differences, and says so in the sentence.
    void labelledCasesCompareAccuracyAndMacroF1()
    {
        const model::RunRecord a = evalRun("a", {"T"});
        const model::RunRecord b = evalRun("b", {"T"});
        std::map<int, std::string> labels;
        std::vector<store::ResponseRecord> responsesA;
        std::vector<store::ResponseRecord> responsesB;
        const char *expected[] = {"bug", "billing", "other", "bug", "billing", "bug", "other",
            "billing", "bug", "billing"};
        for (int i = 0; i < 10; ++i) {
            labels[i] = expected[i];
            // A is right on the first 5, B on the first 8; wrong answers say "other" or "bug".
            const std::string wrong = std::string(expected[i]) == "other" ? "bug" : "other";
            store::ResponseRecord ra = cell("T", i, i < 5);
            ra.text = i < 5 ? std::string(expected[i]) + "." : wrong;
            store::ResponseRecord rb = cell("T", i, i < 8);
            rb.text = i < 8 ? " " + std::string(expected[i]) : wrong;
            responsesA.push_back(ra);
            responsesB.push_back(rb);
        }
        const run::RunComparison comparison
            = run::compareRuns(a, responsesA, b, responsesB, {2000, 1}, labels);
        const run::TargetComparison &t = comparison.targets[0];
        QVERIFY(t.classification);
        const run::ClassificationComparison &c = *t.classification;
        QCOMPARE(c.pairs, 10);
        COMPARE_NEAR(c.accuracyA, 0.5, 1e-12);
        COMPARE_NEAR(c.accuracyB, 0.8, 1e-12);
        // The same figures eval::classificationMetrics gives each side alone.
        std::vector<eval::LabelPair> pairsA;
        for (int i = 0; i < 10; ++i)
            pairsA.push_back({expected[i], eval::normalizeLabel(responsesA[std::size_t(i)].text)});
        COMPARE_NEAR(c.macroF1A, eval::classificationMetrics(pairsA).macroF1, 1e-12);
        QVERIFY(c.macroF1B > c.macroF1A);
        QVERIFY(c.accuracyDifferenceCi95 && c.macroF1DifferenceCi95);
        QVERIFY(c.accuracyDifferenceCi95->low <= 0.3 && 0.3 <= c.accuracyDifferenceCi95->high);
        // B is never worse on a case: the paired difference never goes below 0.
        QVERIFY(c.accuracyDifferenceCi95->low >= 0.0);
        QVERIFY2(t.verdict.find(" Accuracy 50.0% → 80.0% (+30.0 points (95% CI ") != std::string::npos,
            t.verdict.c_str());
        QVERIFY2(t.verdict.find("; macro F1 ") != std::string::npos, t.verdict.c_str());
        const json document = run::toJson(comparison);
        QCOMPARE(document["targets"][0]["classification"]["accuracy_b"].get<double>(), c.accuracyB);
        // Without labels there is no classification comparison.
        QVERIFY(!run::compareRuns(a, responsesA, b, responsesB).targets[0].classification);
    }

    void repeatsPairWithTheSameRepeat()
    {
        const model::RunRecord a = evalRun("a", {"T"});
        const model::RunRecord b = evalRun("b", {"T"});
        const std::vector<store::ResponseRecord> responsesA
            = {cell("T", 0, false, 0), cell("T", 0, false, 1)};
        const std::vector<store::ResponseRecord> responsesB
            = {cell("T", 0, true, 0), cell("T", 0, true, 1), cell("T", 0, true, 2)};
        const run::TargetComparison t = run::compareRuns(a, responsesA, b, responsesB).targets[0];
        QCOMPARE(t.counts.pairs(), 2);
        QCOMPARE(t.counts.onlyB, 2);
    }

    void twoOneTargetRunsCompareModelAgainstModel()
    {
        const model::RunRecord a = evalRun("a", {"gpt"});
        const model::RunRecord b = evalRun("b", {"claude"});
        // 8 pairs: B wins 6 discordant pairs, A none → p = 2/64, significant.
        const run::RunComparison comparison
            = run::compareRuns(a, cells("gpt", "11000000"), b, cells("claude", "11111111"));
        QCOMPARE(comparison.targets.size(), std::size_t(1));
        const run::TargetComparison &t = comparison.targets[0];
        QCOMPARE(QString::fromStdString(t.targetA + "/" + t.targetB), QStringLiteral("gpt/claude"));
        QCOMPARE(t.counts.onlyB, 6);
        COMPARE_NEAR(t.pValue, 2.0 / 64.0, 1e-15);
        QVERIFY(t.significant);
        QCOMPARE(t.difference, 0.75);
        QVERIFY(t.differenceCi95.low > 0);

        const json document = run::toJson(comparison);
        QCOMPARE(QString::fromStdString(document["run_a"]["id"]), QStringLiteral("a"));
        QCOMPARE(QString::fromStdString(document["run_b"]["version"]), QStringLiteral("triage@b"));
        const json &row = document["targets"][0];
        QCOMPARE(row["pairs"].get<int>(), 8);
        QCOMPARE(row["only_b"].get<int>(), 6);
        QCOMPARE(row["pass_rate_a"].get<double>(), 0.25);
        QCOMPARE(row["pass_rate_b"].get<double>(), 1.0);
        QCOMPARE(row["difference_ci95"].size(), std::size_t(2));
        QCOMPARE(row["significant"].get<bool>(), true);

        const QString text = QString::fromStdString(run::toText(comparison));
        QVERIFY2(text.contains(QStringLiteral("gpt vs claude  8      25.0%   100.0%  +75.0 pts")),
            qPrintable(text));
        QVERIFY(text.contains(QStringLiteral("  0.031  ")));
        QVERIFY(text.contains(QStringLiteral(" significant\n")));
        QVERIFY(!text.contains(QStringLiteral("not significant")));
    }
};

QTEST_APPLESS_MAIN(TestRunCompare)
#include "test_run_compare.moc"
