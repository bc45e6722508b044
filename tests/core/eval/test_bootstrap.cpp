// Bootstrap intervals: one seed gives one interval to the last digit, and on simulated data the
// 95% interval covers the true mean about 95% of the time.
#include "eval/bootstrap.h"

#include <QString>
#include <QTest>

#include <cmath>
#include <cstring>
#include <random>

using namespace ps::eval;

namespace {

// Uniform on [0, 1) from the top 53 bits: the same numbers on every machine.
double uniform(std::mt19937_64 &random)
{
    return double(random() >> 11) * 0x1.0p-53;
}

} // namespace

class TestBootstrap : public QObject
{
    Q_OBJECT

private slots:
    void oneSeedOneInterval()
    {
        std::mt19937_64 random(3);
        std::vector<double> scores;
        for (int i = 0; i < 200; ++i)
            scores.push_back(uniform(random));
        const auto first = bootstrapMeanInterval(scores, {10000, 1});
        const auto second = bootstrapMeanInterval(scores, {10000, 1});
        QVERIFY(first && second);
        // Bit for bit, not nearly.
        QCOMPARE(std::memcmp(&first->low, &second->low, sizeof(double)), 0);
        QCOMPARE(std::memcmp(&first->high, &second->high, sizeof(double)), 0);
        const auto other = bootstrapMeanInterval(scores, {10000, 2});
        QVERIFY(other->low != first->low || other->high != first->high);
        // The interval holds the sample mean and is narrower than the data's range.
        double mean = 0.0;
        for (const double score : scores)
            mean += score / scores.size();
        QVERIFY(first->low < mean && mean < first->high);
        QVERIFY(first->high - first->low < 0.2);
    }

    // 10,000 simulated evaluations of 40 scores drawn uniformly from [0, 1] (true mean 0.5), each
    // with its own seed: the share of 95% intervals holding 0.5 lies within 93–97%.
    void coversTheTrueMeanAboutNinetyFivePercent()
    {
        constexpr int kTrials = 10000;
        constexpr int kCases = 40;
        std::mt19937_64 random(20261206);
        int covered = 0;
        std::vector<double> scores(kCases);
        for (int trial = 0; trial < kTrials; ++trial) {
            for (double &score : scores)
                score = uniform(random);
            const auto interval
                = bootstrapMeanInterval(scores, {500, static_cast<std::uint64_t>(trial) + 1});
            covered += interval->low <= 0.5 && 0.5 <= interval->high ? 1 : 0;
        }
        const double coverage = double(covered) / kTrials;
        qInfo("coverage of the 95%% interval: %.4f", coverage);
        QVERIFY2(coverage >= 0.93 && coverage <= 0.97, qPrintable(QString::number(coverage)));
    }

    void pairedDifferenceKeepsThePairs()
    {
        std::mt19937_64 random(5);
        std::vector<double> a;
        std::vector<double> b;
        for (int i = 0; i < 100; ++i) {
            a.push_back(uniform(random));
            b.push_back(a.back() + 0.25); // every item better by exactly 0.25
        }
        // Paired, the difference never varies: the interval is that difference alone, where
        // resampling the two columns apart would spread it wide.
        const auto difference = pairedBootstrapDifference(a, b, {2000, 1});
        QVERIFY(difference);
        QVERIFY(std::abs(difference->low - 0.25) < 1e-12);
        QVERIFY(std::abs(difference->high - 0.25) < 1e-12);
        QVERIFY(!pairedBootstrapDifference(a, {1.0}, {2000, 1}));
    }

    // The fast draw gives uniformBelow's numbers exactly, whatever the bound: reports made before
    // it came in are reproduced to the last digit.
    void theFastDrawIsUniformBelow()
    {
        for (const std::uint64_t bound : {std::uint64_t(1), std::uint64_t(2), std::uint64_t(3),
                 std::uint64_t(7), std::uint64_t(1000), std::uint64_t(20000),
                 (std::uint64_t(1) << 32) + 1, (std::uint64_t(1) << 63) + 5, UINT64_MAX - 1,
                 UINT64_MAX}) {
            std::mt19937_64 slow(bound);
            std::mt19937_64 fast(bound);
            const UniformDraw draw(bound);
            for (int i = 0; i < 100000; ++i) {
                const std::size_t expected = uniformBelow(slow, bound);
                const std::size_t got = draw(fast);
                if (got != expected)
                    QFAIL(qPrintable(QStringLiteral("bound %1, draw %2: %3, not %4")
                            .arg(bound).arg(i).arg(got).arg(expected)));
            }
        }
    }

    // Means drawn together (a report's columns) are each, bit for bit, the interval drawn
    // alone; lists of another size draw their own stream; the steps after run() see them all.
    void meansDrawnTogetherAreEachDrawnAlone()
    {
        std::mt19937_64 random(11);
        std::vector<std::vector<double>> lists;
        for (const std::size_t size : {300, 300, 300, 120, 0})
            lists.emplace_back(size);
        for (std::vector<double> &list : lists)
            for (double &value : list)
                value = uniform(random) < 0.7 ? 1.0 : uniform(random);
        const BootstrapOptions options {3000, 9};
        MeanIntervals together(options);
        std::vector<std::optional<Interval>> drawn(lists.size());
        int landed = 0;
        for (std::size_t i = 0; i < lists.size(); ++i)
            together.add(lists[i], [&drawn, &landed, i](std::optional<Interval> interval) {
                drawn[i] = interval;
                ++landed;
            });
        int landedBeforeTheStep = -1;
        together.afterRun([&] { landedBeforeTheStep = landed; });
        together.run();
        QCOMPARE(landedBeforeTheStep, int(lists.size()));
        for (std::size_t i = 0; i < lists.size(); ++i) {
            const std::optional<Interval> alone = bootstrapMeanInterval(lists[i], options);
            QCOMPARE(drawn[i].has_value(), alone.has_value());
            if (!alone)
                continue;
            QCOMPARE(std::memcmp(&drawn[i]->low, &alone->low, sizeof(double)), 0);
            QCOMPARE(std::memcmp(&drawn[i]->high, &alone->high, sizeof(double)), 0);
        }
        QVERIFY(!drawn.back()); // the empty list has none
        QVERIFY(drawn[0]->low != drawn[1]->low || drawn[0]->high != drawn[1]->high);
    }

    void edgeCases()
    {
        QVERIFY(!bootstrapMeanInterval({}, {}));
        const auto single = bootstrapMeanInterval({0.7}, {100, 1});
        QCOMPARE(single->low, 0.7);
        QCOMPARE(single->high, 0.7);
        const auto same = bootstrapMeanInterval(std::vector<double>(50, 1.0), {100, 1});
        QCOMPARE(same->low, 1.0);
        QCOMPARE(same->high, 1.0);
    }
};

QTEST_GUILESS_MAIN(TestBootstrap)
#include "test_bootstrap.moc"
