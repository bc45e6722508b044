// Classification metrics as scikit-learn computes them: its documentation's classification_report
// and confusion_matrix examples, hand-worked edge cases, and the label normalisation the
// classification assertion shares.
#include "eval/classification.h"

#include <QString>
#include <QTest>

#include <cmath>

using namespace ps::eval;

namespace {

#define COMPARE_NEAR(actual, expected)                                                             \
    QVERIFY2(std::abs((actual) - (expected)) < 1e-9,                                               \
        qPrintable(QStringLiteral("%1 != %2").arg(actual, 0, 'g', 17).arg(expected, 0, 'g', 17)))

std::vector<LabelPair> pairsOf(
    const std::vector<std::string> &expected, const std::vector<std::string> &predicted)
{
    std::vector<LabelPair> pairs;
    for (std::size_t i = 0; i < expected.size(); ++i)
        pairs.push_back({expected[i], predicted[i]});
    return pairs;
}

} // namespace

class TestClassificationMetrics : public QObject
{
    Q_OBJECT

private slots:
    // sklearn.metrics.classification_report's first example: y_true = [0, 1, 2, 2, 2],
    // y_pred = [0, 0, 2, 2, 1] -> class 0: 0.50 1.00 0.67 (1); class 1: 0.00 0.00 0.00 (1);
    // class 2: 1.00 0.67 0.80 (3); accuracy 0.60; macro avg f1 0.49; weighted avg f1 0.61.
    void scikitLearnReportExample()
    {
        const ClassificationMetrics m
            = classificationMetrics(pairsOf({"0", "1", "2", "2", "2"}, {"0", "0", "2", "2", "1"}));
        QCOMPARE(m.labels, (std::vector<std::string> {"0", "1", "2"}));
        QCOMPARE(m.n, 5);
        COMPARE_NEAR(m.accuracy, 0.6);
        COMPARE_NEAR(m.perClass.at("0").precision, 0.5);
        COMPARE_NEAR(m.perClass.at("0").recall, 1.0);
        COMPARE_NEAR(m.perClass.at("0").f1, 2.0 / 3);
        QCOMPARE(m.perClass.at("0").support, 1);
        COMPARE_NEAR(m.perClass.at("1").precision, 0.0);
        COMPARE_NEAR(m.perClass.at("1").recall, 0.0);
        COMPARE_NEAR(m.perClass.at("1").f1, 0.0);
        COMPARE_NEAR(m.perClass.at("2").precision, 1.0);
        COMPARE_NEAR(m.perClass.at("2").recall, 2.0 / 3);
        COMPARE_NEAR(m.perClass.at("2").f1, 0.8);
        QCOMPARE(m.perClass.at("2").support, 3);
        // By hand: (2/3 + 0 + 0.8) / 3 and (2/3·1 + 0·1 + 0.8·3) / 5.
        COMPARE_NEAR(m.macroF1, (2.0 / 3 + 0.8) / 3);
        COMPARE_NEAR(m.weightedF1, (2.0 / 3 + 2.4) / 5);
        QCOMPARE(QString::number(m.macroF1, 'f', 2), QStringLiteral("0.49"));
        QCOMPARE(QString::number(m.weightedF1, 'f', 2), QStringLiteral("0.61"));
        // Wilson interval of 3/5 at z = 1.959963984540054 (statsmodels proportion_confint(3, 5,
        // method="wilson") gives 0.2307 to 0.8824).
        COMPARE_NEAR(m.accuracyCi95.low, 0.2307242812760128);
        COMPARE_NEAR(m.accuracyCi95.high, 0.882379225767352);
    }

    // Its second example: y_true = [1, 1, 1], y_pred = [1, 1, 0], labels=[1, 2, 3]. Classes 2 and
    // 3 are never expected nor predicted (support 0, all zero); the prediction 0 is outside the
    // labels. class 1: 1.00 0.67 0.80 (3); macro avg f1 0.27; weighted avg f1 0.80.
    void scikitLearnLabelsExample()
    {
        const ClassificationMetrics m
            = classificationMetrics(pairsOf({"1", "1", "1"}, {"1", "1", "0"}), {"1", "2", "3"});
        COMPARE_NEAR(m.perClass.at("1").precision, 1.0);
        COMPARE_NEAR(m.perClass.at("1").recall, 2.0 / 3);
        COMPARE_NEAR(m.perClass.at("1").f1, 0.8);
        for (const char *absent : {"2", "3"}) {
            QCOMPARE(m.perClass.at(absent).support, 0);
            COMPARE_NEAR(m.perClass.at(absent).precision, 0.0);
            COMPARE_NEAR(m.perClass.at(absent).recall, 0.0);
            COMPARE_NEAR(m.perClass.at(absent).f1, 0.0);
        }
        COMPARE_NEAR(m.macroF1, 0.8 / 3);
        COMPARE_NEAR(m.weightedF1, 0.8);
        // The prediction outside the labels is a column of its own in the confusion matrix.
        QCOMPARE(m.confusion.at("1").at("0"), 1);
        QCOMPARE(m.confusion.at("1").at("1"), 2);
    }

    // sklearn.metrics.confusion_matrix's example with labels=["ant", "bird", "cat"]:
    // [[2, 0, 0], [0, 0, 1], [1, 0, 2]] (rows expected, columns predicted).
    void scikitLearnConfusionExample()
    {
        const ClassificationMetrics m
            = classificationMetrics(pairsOf({"cat", "ant", "cat", "cat", "ant", "bird"},
                {"ant", "ant", "cat", "cat", "ant", "cat"}));
        QCOMPARE(m.labels, (std::vector<std::string> {"ant", "bird", "cat"}));
        const auto cell = [&m](const char *expected, const char *predicted) {
            const auto row = m.confusion.find(expected);
            if (row == m.confusion.end())
                return 0;
            const auto found = row->second.find(predicted);
            return found == row->second.end() ? 0 : found->second;
        };
        const int matrix[3][3] = {{2, 0, 0}, {0, 0, 1}, {1, 0, 2}};
        const char *labels[3] = {"ant", "bird", "cat"};
        for (int r = 0; r < 3; ++r)
            for (int c = 0; c < 3; ++c)
                QCOMPARE(cell(labels[r], labels[c]), matrix[r][c]);
        // "bird" is expected once and never predicted: precision 0 by zero_division=0.
        COMPARE_NEAR(m.perClass.at("bird").precision, 0.0);
        COMPARE_NEAR(m.perClass.at("bird").recall, 0.0);
    }

    void oneCaseAndAllIdentical()
    {
        const BootstrapOptions seeded {1000, 7};
        const ClassificationMetrics one
            = classificationMetrics(pairsOf({"bug"}, {"bug"}), {}, seeded);
        COMPARE_NEAR(one.accuracy, 1.0);
        COMPARE_NEAR(one.macroF1, 1.0);
        QVERIFY(one.macroF1Ci95);
        COMPARE_NEAR(one.macroF1Ci95->low, 1.0);
        COMPARE_NEAR(one.macroF1Ci95->high, 1.0);

        // Every answer the same wrong label: accuracy 0, and the class never expected is not
        // averaged over (labels are the expected ones).
        const ClassificationMetrics wrong
            = classificationMetrics(pairsOf({"bug", "bug", "bug"}, {"other", "other", "other"}));
        QCOMPARE(wrong.labels, std::vector<std::string> {"bug"});
        COMPARE_NEAR(wrong.accuracy, 0.0);
        COMPARE_NEAR(wrong.macroF1, 0.0);
        QCOMPARE(wrong.confusion.at("bug").at("other"), 3);
        COMPARE_NEAR(wrong.accuracyCi95.low, 0.0);

        const ClassificationMetrics none = classificationMetrics({});
        QCOMPARE(none.n, 0);
        COMPARE_NEAR(none.accuracy, 0.0);
        QVERIFY(none.labels.empty());
    }

    void bootstrapIntervalsHoldTheEstimateAndRepeat()
    {
        std::vector<LabelPair> pairs;
        const char *labels[] = {"billing", "bug", "other"};
        for (int i = 0; i < 90; ++i) // right two times in three, wrong in a fixed pattern
            pairs.push_back({labels[i % 3], i % 3 == 0 ? labels[(i / 3) % 3] : labels[i % 3]});
        const BootstrapOptions options {2000, 42};
        const ClassificationMetrics m = classificationMetrics(pairs, {}, options);
        QVERIFY(m.macroF1Ci95 && m.weightedF1Ci95);
        QVERIFY(m.macroF1Ci95->low < m.macroF1 && m.macroF1 < m.macroF1Ci95->high);
        QVERIFY(m.weightedF1Ci95->low < m.weightedF1 && m.weightedF1 < m.weightedF1Ci95->high);
        const ClassificationMetrics again = classificationMetrics(pairs, {}, options);
        QCOMPARE(again.macroF1Ci95->low, m.macroF1Ci95->low);
        QCOMPARE(again.macroF1Ci95->high, m.macroF1Ci95->high);
    }

    void labelsAreNormalisedOneWay()
    {
        QCOMPARE(normalizeLabel("  Billing.\n"), std::string("billing"));
        QCOMPARE(normalizeLabel("\"BUG\"!"), std::string("bug"));
        QCOMPARE(normalizeLabel("other"), std::string("other"));
        QCOMPARE(normalizeLabel("feature-request"), std::string("feature-request"));
        QCOMPARE(normalizeLabel("..."), std::string());
        // Letters outside ASCII are lowercased too; their bytes are never trimmed.
        QCOMPARE(normalizeLabel(" Ärger. "), std::string("ärger"));
        QCOMPARE(normalizeLabel("NÉGATIF"), std::string("négatif"));
    }
};

QTEST_GUILESS_MAIN(TestClassificationMetrics)
#include "test_classification_metrics.moc"
