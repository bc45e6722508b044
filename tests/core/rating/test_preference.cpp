// Pairwise preferences: win rates with a tie as half a win, and Bradley-Terry ratings on
// Arena's scale — the closed form for two columns, the score equations for more.
#include "rating/preference.h"

#include <QtTest>

#include <cmath>

using namespace ps;
using rating::Battle;

namespace {

std::vector<Battle> battlesOf(std::size_t a, std::size_t b, int wins, int ties, int losses)
{
    std::vector<Battle> battles;
    for (int i = 0; i < wins; ++i)
        battles.push_back({a, b, 1.0});
    for (int i = 0; i < ties; ++i)
        battles.push_back({b, a, 0.5}); // either side may be written first
    for (int i = 0; i < losses; ++i)
        battles.push_back({b, a, 1.0});
    return battles;
}

} // namespace

class TestPreference : public QObject
{
    Q_OBJECT

private slots:
    void pairsCountATieAsHalfAWin()
    {
        const auto pairs = rating::pairRecords(battlesOf(0, 1, 20, 10, 10), 3);
        QCOMPARE(pairs.size(), std::size_t(1)); // column 2 never met anyone
        QCOMPARE(pairs[0].wins, 20);
        QCOMPARE(pairs[0].ties, 10);
        QCOMPARE(pairs[0].losses, 10);
        QCOMPARE(pairs[0].winRate, 0.625); // (20 + 5) / 40
        // Wilson on 25 of 40 (z = 1.959964): 0.470324 .. 0.757770.
        QVERIFY(std::abs(pairs[0].winRateCi95.low - 0.470324391) < 1e-8);
        QVERIFY(std::abs(pairs[0].winRateCi95.high - 0.757770208) < 1e-8);
    }

    // Two columns: the MLE is the closed form, the rating gap 400 log10(wins / losses).
    void twoColumnsGiveTheClosedForm()
    {
        auto strengths = rating::bradleyTerryStrengths(battlesOf(0, 1, 30, 0, 10), 2);
        QVERIFY(strengths);
        QVERIFY(std::abs(rating::arenaRating((*strengths)[0]) - rating::arenaRating((*strengths)[1])
                    - 190.848501888) < 1e-6); // 400 log10(3)
        QVERIFY(std::abs((*strengths)[0] + (*strengths)[1]) < 1e-12); // centred on 1000
        strengths = rating::bradleyTerryStrengths(battlesOf(0, 1, 20, 10, 10), 2);
        QVERIFY(strengths);
        QVERIFY(std::abs(400 * ((*strengths)[0] - (*strengths)[1]) - 88.739499847) < 1e-6); // 25:15
    }

    // More columns: the fitted strengths satisfy the likelihood's score equations, each
    // column's expected wins equal to its actual wins.
    void moreColumnsSatisfyTheScoreEquations()
    {
        std::vector<Battle> battles;
        for (const auto &more : {battlesOf(0, 1, 12, 3, 5), battlesOf(1, 2, 9, 1, 10),
                 battlesOf(0, 2, 14, 0, 6), battlesOf(2, 3, 7, 2, 4), battlesOf(0, 3, 3, 0, 1)})
            battles.insert(battles.end(), more.begin(), more.end());
        const auto strengths = rating::bradleyTerryStrengths(battles, 4);
        QVERIFY(strengths);
        for (std::size_t i = 0; i < 4; ++i) {
            double actual = 0.0;
            double expected = 0.0;
            for (const Battle &battle : battles) {
                if (battle.a != i && battle.b != i)
                    continue;
                const std::size_t other = battle.a == i ? battle.b : battle.a;
                actual += battle.a == i ? battle.scoreA : 1.0 - battle.scoreA;
                expected += 1.0 / (1.0 + std::pow(10.0, (*strengths)[other] - (*strengths)[i]));
            }
            QVERIFY2(std::abs(actual - expected) < 1e-9,
                qPrintable(QStringLiteral("column %1: %2 vs %3").arg(i).arg(actual).arg(expected)));
        }
    }

    void noMleWhenAColumnNeverScores()
    {
        QVERIFY(!rating::bradleyTerryStrengths(battlesOf(0, 1, 5, 0, 0), 2));
        // Two groups that never met: the gap between them is not determined.
        auto apart = battlesOf(0, 1, 3, 0, 2);
        const auto other = battlesOf(2, 3, 1, 1, 1);
        apart.insert(apart.end(), other.begin(), other.end());
        QVERIFY(!rating::bradleyTerryStrengths(apart, 4));
        QVERIFY(!rating::bradleyTerryRatings(apart, 4, {}));
        QVERIFY(!rating::bradleyTerryStrengths({}, 1));
    }

    void intervalsAreSeededAndHoldTheEstimate()
    {
        std::vector<Battle> battles = battlesOf(0, 1, 18, 4, 8);
        const auto more = battlesOf(1, 2, 10, 2, 9);
        battles.insert(battles.end(), more.begin(), more.end());
        eval::BootstrapOptions options;
        options.resamples = 1000;
        options.seed = 7;
        const auto ratings = rating::bradleyTerryRatings(battles, 3, options);
        const auto again = rating::bradleyTerryRatings(battles, 3, options);
        QVERIFY(ratings && again);
        for (std::size_t i = 0; i < 3; ++i) {
            const rating::ColumnRating &column = (*ratings)[i];
            QVERIFY(column.ci95);
            QCOMPARE(column.ci95->low, (*again)[i].ci95->low); // bit for bit
            QCOMPARE(column.ci95->high, (*again)[i].ci95->high);
            QVERIFY(column.ci95->low < column.rating && column.rating < column.ci95->high);
        }
        QVERIFY((*ratings)[0].rating > (*ratings)[1].rating); // 0 beat 1 more often than not
    }
};

QTEST_APPLESS_MAIN(TestPreference)
#include "test_preference.moc"
