// Cohen's and Fleiss' kappa and Krippendorff's alpha against the worked examples they are
// published with, so the numbers a report shows are the ones a reviewer can look up.
#include "rating/agreement.h"

#include <QtTest>

#include <cmath>

using ps::rating::agreementSentence;
using ps::rating::AlphaLevel;
using ps::rating::cohenKappa;
using ps::rating::fleissKappa;
using ps::rating::krippendorffAlpha;
using ps::rating::mostDisputedUnits;
using ps::rating::RatingMatrix;

namespace {

constexpr std::nullopt_t _ = std::nullopt;

bool near(const std::optional<double> &value, double expected, double tolerance)
{
    return value.has_value() && std::abs(*value - expected) <= tolerance;
}

// Wikipedia, "Cohen's kappa", worked example: 50 grant proposals, Yes = 1, No = 0.
RatingMatrix proposals()
{
    RatingMatrix ratings;
    const auto add = [&ratings](int times, double a, double b) {
        for (int i = 0; i < times; ++i)
            ratings.push_back({a, b});
    };
    add(20, 1, 1);
    add(5, 1, 0);
    add(10, 0, 1);
    add(15, 0, 0);
    return ratings;
}

// Wikipedia, "Fleiss' kappa", worked example: how many of 14 raters put each of 10 subjects in
// each of 5 categories. Each row becomes 14 ratings, the categories handed out in order.
RatingMatrix fleissExample()
{
    const int counts[10][5] = {
        {0, 0, 0, 0, 14},
        {0, 2, 6, 4, 2},
        {0, 0, 3, 5, 6},
        {0, 3, 9, 2, 0},
        {2, 2, 8, 1, 1},
        {7, 7, 0, 0, 0},
        {3, 2, 6, 3, 0},
        {2, 5, 3, 2, 2},
        {6, 5, 2, 1, 0},
        {0, 2, 2, 3, 7},
    };
    RatingMatrix ratings;
    for (const auto &subject : counts) {
        std::vector<std::optional<double>> row;
        for (int category = 0; category < 5; ++category)
            for (int i = 0; i < subject[category]; ++i)
                row.emplace_back(category + 1);
        ratings.push_back(row);
    }
    return ratings;
}

// Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: observers A-D
// (columns) by units 1-12 (rows), with missing data.
RatingMatrix krippendorffExample()
{
    return {
        {1, 1, _, 1},
        {2, 2, 3, 2},
        {3, 3, 3, 3},
        {3, 3, 3, 3},
        {2, 2, 2, 2},
        {1, 2, 3, 4},
        {4, 4, 4, 4},
        {1, 1, 2, 1},
        {2, 2, 2, 2},
        {_, 5, 5, 5},
        {_, _, 1, 1},
        {_, 3, _, _},
    };
}

} // namespace

class TestAgreement : public QObject
{
    Q_OBJECT

private slots:
    void cohenKappaMatchesTheProposalsExample()
    {
        // p_o = 35/50 = 0.7, p_e = 0.5·0.6 + 0.5·0.4 = 0.5, κ = 0.2/0.5 = 0.4.
        QVERIFY(near(cohenKappa(proposals()), 0.4, 1e-12));
    }

    void cohenKappaLeavesOutUnitsOneRaterSkipped()
    {
        RatingMatrix ratings = proposals();
        ratings.push_back({1, _});
        ratings.push_back({_, 0});
        ratings.push_back({_, _});
        QVERIFY(near(cohenKappa(ratings), 0.4, 1e-12));
    }

    void cohenKappaEdges()
    {
        QVERIFY(near(cohenKappa({{0, 0}, {1, 1}, {2, 2}}), 1.0, 1e-12));
        // One category throughout: expected agreement is 1 and kappa undefined.
        QVERIFY(!cohenKappa({{1, 1}, {1, 1}, {1, 1}}).has_value());
        // Fewer than two units both rated.
        QVERIFY(!cohenKappa({{0, 1}, {1, _}}).has_value());
        QVERIFY(!cohenKappa({{0, 1, 1}, {1, 1, 0}}).has_value());
        QVERIFY(!cohenKappa({{0}, {1}}).has_value());
        QVERIFY(!cohenKappa({}).has_value());
    }

    void fleissKappaMatchesTheWikipediaExample()
    {
        // By hand: category totals 20, 28, 39, 21, 32 of 140, so P̄e = 4170/19600 = 0.2128
        // (Wikipedia: 0.213); Σ_i (Σ_j n_ij² − 14) = 688, so P̄ = 688/1820 = 0.3780 (Wikipedia:
        // 0.378); κ = (172/455 − 417/1960)/(1 − 417/1960) = 4211/20059 = 0.20993 (Wikipedia:
        // 0.210).
        const std::optional<double> kappa = fleissKappa(fleissExample());
        QVERIFY(near(kappa, 0.210, 1e-3));
        QVERIFY(near(kappa, 4211.0 / 20059.0, 1e-12));
    }

    void fleissKappaLeavesOutUnitsWithAnotherNumberOfRaters()
    {
        RatingMatrix ratings = fleissExample();
        ratings.push_back({1, 2, 3});
        ratings.push_back({5});
        QVERIFY(near(fleissKappa(ratings), 4211.0 / 20059.0, 1e-12));
    }

    void fleissKappaEdges()
    {
        QVERIFY(near(fleissKappa({{1, 1, 1}, {2, 2, 2}}), 1.0, 1e-12));
        QVERIFY(!fleissKappa({{1, 1, 1}, {1, 1, 1}}).has_value());
        QVERIFY(!fleissKappa({{1}, {2}}).has_value());
        QVERIFY(!fleissKappa({}).has_value());
    }

    void krippendorffAlphaMatchesThePublishedExample()
    {
        // Krippendorff (2011), section C: α = 0.743 nominal, 0.815 ordinal, 0.849 interval.
        const RatingMatrix ratings = krippendorffExample();
        QVERIFY(near(krippendorffAlpha(ratings, AlphaLevel::Nominal), 0.743, 5e-4));
        QVERIFY(near(krippendorffAlpha(ratings, AlphaLevel::Ordinal), 0.815, 5e-4));
        QVERIFY(near(krippendorffAlpha(ratings, AlphaLevel::Interval), 0.849, 5e-4));
    }

    // The computational example of Wikipedia's article (3 coders, 15 units, much missing), with
    // the values the Python package `krippendorff` pins in its tests: nominal 0.691358,
    // interval 0.810845.
    void krippendorffAlphaMatchesTheWikipediaExample()
    {
        const std::optional<double> _;
        const std::vector<std::vector<std::optional<double>>> coders = {
            {_, _, _, _, _, 3, 4, 1, 2, 1, 1, 3, 3, _, 3},
            {1, _, 2, 1, 3, 3, 4, 3, _, _, _, _, _, _, _},
            {_, _, 2, 1, 3, 4, 4, _, 2, 1, 1, 3, 3, _, 4},
        };
        RatingMatrix ratings(15, std::vector<std::optional<double>>(3));
        for (std::size_t coder = 0; coder < 3; ++coder)
            for (std::size_t unit = 0; unit < 15; ++unit)
                ratings[unit][coder] = coders[coder][unit];
        QVERIFY(near(krippendorffAlpha(ratings, AlphaLevel::Nominal), 0.691358, 5e-7));
        QVERIFY(near(krippendorffAlpha(ratings, AlphaLevel::Interval), 0.810845, 5e-7));
    }

    void krippendorffAlphaMatchesTheBinaryExample()
    {
        // Krippendorff (2011), section A: two coders, ten units, binary: α = 0.095.
        const RatingMatrix ratings = {
            {0, 1},
            {1, 1},
            {0, 1},
            {0, 0},
            {0, 0},
            {0, 1},
            {0, 0},
            {0, 0},
            {1, 0},
            {0, 0},
        };
        QVERIFY(near(krippendorffAlpha(ratings, AlphaLevel::Nominal), 0.095, 5e-4));
    }

    void krippendorffAlphaEdges()
    {
        QVERIFY(!krippendorffAlpha({}, AlphaLevel::Nominal).has_value());
        // One rater: nothing is pairable.
        QVERIFY(!krippendorffAlpha({{1}, {2}, {3}}, AlphaLevel::Interval).has_value());
        QVERIFY(!krippendorffAlpha({{1, _}, {_, 2}}, AlphaLevel::Nominal).has_value());
        // A single value throughout: no expected disagreement.
        QVERIFY(!krippendorffAlpha({{2, 2}, {2, 2}}, AlphaLevel::Ordinal).has_value());
        QVERIFY(
            near(krippendorffAlpha({{1, 1}, {2, 2}, {3, 3}}, AlphaLevel::Interval), 1.0, 1e-12));
    }

    void mostDisputedUnitsRanksByTheShareOfDifferingPairs()
    {
        const RatingMatrix ratings = {
            {1, 1, 1}, // agreed: not disputed
            {1, 2, _}, // 1 of 1 pair differs
            {1, 1, 2}, // 2 of 3
            {1, 2, 3}, // 3 of 3
            {2, _, _}, // one rating: not pairable
            {2, 1, 1}, // 2 of 3
        };
        QCOMPARE(mostDisputedUnits(ratings, 10), (std::vector<std::size_t> {1, 3, 2, 5}));
        QCOMPARE(mostDisputedUnits(ratings, 3), (std::vector<std::size_t> {1, 3, 2}));
        QVERIFY(mostDisputedUnits(ratings, 0).empty());
        QVERIFY(mostDisputedUnits({}, 5).empty());
        QVERIFY(mostDisputedUnits({{1}, {2}}, 5).empty());
    }

    void agreementSentenceNamesTheBand()
    {
        QCOMPARE(agreementSentence(0.4, false),
            std::string("A kappa of 0.40 means fair agreement beyond chance (Landis and Koch)."));
        QCOMPARE(agreementSentence(0.20993, false),
            std::string("A kappa of 0.21 means fair agreement beyond chance (Landis and Koch)."));
        QCOMPARE(agreementSentence(0.2, false),
            std::string("A kappa of 0.20 means slight agreement beyond chance (Landis and Koch)."));
        QCOMPARE(agreementSentence(0.55, false),
            std::string(
                "A kappa of 0.55 means moderate agreement beyond chance (Landis and Koch)."));
        QCOMPARE(agreementSentence(0.7, false),
            std::string(
                "A kappa of 0.70 means substantial agreement beyond chance (Landis and Koch)."));
        QCOMPARE(agreementSentence(1.0, false),
            std::string(
                "A kappa of 1.00 means almost perfect agreement beyond chance (Landis and Koch)."));
        QCOMPARE(agreementSentence(-0.1, false),
            std::string("A kappa of -0.10 means agreement worse than chance."));
        QCOMPARE(agreementSentence(0.815, true),
            std::string("An alpha of 0.815 means the ratings are reliable (Krippendorff asks for "
                        "at least 0.800)."));
        QCOMPARE(agreementSentence(0.743, true),
            std::string("An alpha of 0.743 allows tentative conclusions only (Krippendorff asks "
                        "for 0.800, and 0.667 at the very least)."));
        QCOMPARE(agreementSentence(0.095, true),
            std::string("An alpha of 0.095 means the ratings are not reliable (below "
                        "Krippendorff's lowest acceptable 0.667)."));
        QCOMPARE(
            agreementSentence(std::nan(""), true), std::string("No agreement could be computed."));
    }
};

QTEST_APPLESS_MAIN(TestAgreement)
#include "test_agreement.moc"
