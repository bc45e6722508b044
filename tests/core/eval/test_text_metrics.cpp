// BLEU, ROUGE and Levenshtein against values worked out by hand from the reference definitions
// (sacreBLEU 2.x sentence_bleu, rouge-score's rouge_scorer, 1 − distance / max length), so a
// score a user compares with a published one agrees with it.
#include "eval/bleu.h"
#include "eval/levenshtein.h"
#include "eval/rouge.h"

#include <QString>
#include <QStringList>
#include <QTest>

#include <cmath>

using namespace ps::eval;

namespace {

QString joined(const std::vector<std::string> &tokens)
{
    QStringList parts;
    for (const std::string &token : tokens)
        parts << QString::fromStdString(token);
    return parts.join(QLatin1Char('|'));
}

#define COMPARE_NEAR(actual, expected)                                                             \
    QVERIFY2(std::abs((actual) - (expected)) < 1e-9,                                               \
        qPrintable(QStringLiteral("%1 != %2").arg(actual, 0, 'g', 17).arg(expected, 0, 'g', 17)))

} // namespace

class TestTextMetrics : public QObject
{
    Q_OBJECT

private slots:
    void tokenize13aSeparatesPunctuationExceptAroundDigits()
    {
        // '!' ';' '$' are in 13a's symbol class; "," after a letter and "." before a space are
        // split off; "3.5" and "1,000" keep theirs (digits on both sides); the apostrophe and the
        // hyphen between letters are not separated.
        QCOMPARE(joined(tokenize13a("Hello, world! It's 3.5 km-long; cost $1,000.")),
            QStringLiteral("Hello|,|world|!|It's|3.5|km-long|;|cost|$|1,000|."));
        // &quot; and &amp; are unescaped first; a hyphen after a digit is split off.
        QCOMPARE(
            joined(tokenize13a("&quot;Hi&quot; &amp; 5-4")), QStringLiteral("\"|Hi|\"|&|5|-|4"));
        // A period between letters is split (preceded by a non-digit); hyphenation across a
        // line break is joined; <skipped> disappears.
        QCOMPARE(joined(tokenize13a("a.b co-\noperate <skipped>end")),
            QStringLiteral("a|.|b|cooperate|end"));
        QCOMPARE(joined(tokenize13a("Café, 東京!")), QStringLiteral("Café|,|東京|!"));
        QVERIFY(tokenize13a("   ").empty());
    }

    void bleuOfIdenticalTextsIsOne()
    {
        const BleuScore bleu = sentenceBleu("The cat sat on the mat.", "The cat sat on the mat.");
        COMPARE_NEAR(bleu.score, 1.0);
        QCOMPARE(bleu.hypothesisLength, 7); // The cat sat on the mat .
    }

    void bleuWithoutOverlapIsZero()
    {
        const BleuScore bleu = sentenceBleu("hello world", "foo bar");
        QCOMPARE(bleu.score, 0.0);
        QCOMPARE(bleu.correct[0], 0);
        // Case matters (sacreBLEU's default is case-sensitive): no unigram matches.
        QCOMPARE(sentenceBleu("THE CAT", "the cat").score, 0.0);
    }

    void bleuOfEmptyOutputIsZero()
    {
        const BleuScore bleu = sentenceBleu("", "the cat");
        QCOMPARE(bleu.score, 0.0);
        QCOMPARE(bleu.brevityPenalty, 0.0);
        QCOMPARE(sentenceBleu("", "").score, 0.0);
    }

    void bleuPenalisesAShortHypothesis()
    {
        // hyp "the cat sat" (3 tokens), ref "the cat sat on the mat" (6 tokens).
        // 1-grams 3/3, 2-grams 2/2, 3-grams 1/1; no 4-gram in the hypothesis, so the effective
        // order is 3 and the geometric mean of the precisions is 1.
        // BP = exp(1 − 6/3) = exp(−1) = 0.36787944117144233.
        const BleuScore bleu = sentenceBleu("the cat sat", "the cat sat on the mat");
        COMPARE_NEAR(bleu.brevityPenalty, std::exp(-1.0));
        COMPARE_NEAR(bleu.score, 0.36787944117144233);
        QCOMPARE(bleu.total[3], 0);
    }

    void bleuSmoothsAMissingHigherOrder()
    {
        // hyp "the cat on the mat" (5), ref "the cat sat on the mat" (6).
        // 1-grams: the×2 (ref has 2), cat, on, mat → 5/5
        // 2-grams: the cat ✓, cat on ✗, on the ✓, the mat ✓ → 3/4
        // 3-grams: the cat on ✗, cat on the ✗, on the mat ✓ → 1/3
        // 4-grams: 0/2 → first zero order: precision 1 / (2^1 × 2) = 1/4
        // mean: (1 × 3/4 × 1/3 × 1/4)^(1/4) = (1/16)^(1/4) = 1/2
        // BP = exp(1 − 6/5) = exp(−0.2); score = 0.5 × exp(−0.2) = 0.4093653765389909
        const BleuScore bleu = sentenceBleu("the cat on the mat", "the cat sat on the mat");
        QCOMPARE(bleu.correct, (std::array<int, 4> {5, 3, 1, 0}));
        QCOMPARE(bleu.total, (std::array<int, 4> {5, 4, 3, 2}));
        COMPARE_NEAR(bleu.precisions[3], 0.25);
        COMPARE_NEAR(bleu.score, 0.4093653765389909);
    }

    void bleuSmoothingHalvesAgainForEachFurtherZeroOrder()
    {
        // hyp "alpha beta gamma delta", ref "alpha beta omega delta" (4 tokens each, BP 1).
        // 1-grams 3/4; 2-grams: alpha beta ✓ → 1/3;
        // 3-grams 0/2 → 1 / (2 × 2) = 1/4; 4-grams 0/1 → 1 / (4 × 1) = 1/4
        // (3/4 × 1/3 × 1/4 × 1/4)^(1/4) = (1/64)^(1/4) = 0.3535533905932738
        const BleuScore bleu = sentenceBleu("alpha beta gamma delta", "alpha beta omega delta");
        COMPARE_NEAR(bleu.precisions[2], 0.25);
        COMPARE_NEAR(bleu.precisions[3], 0.25);
        COMPARE_NEAR(bleu.score, 0.3535533905932738);
    }

    void bleuCountsPunctuationAsTokens()
    {
        // hyp "the cat sat ." (4 tokens after 13a), ref "the cat sat" (3): BP = 1.
        // 1-grams 3/4, 2-grams 2/3, 3-grams 1/2, 4-grams 0/1 → 1 / (2 × 1) = 1/2
        // (3/4 × 2/3 × 1/2 × 1/2)^(1/4) = (1/8)^(1/4) = 0.5946035575013605
        COMPARE_NEAR(sentenceBleu("the cat sat.", "the cat sat").score, 0.5946035575013605);
        // Escaped quotes equal real ones after 13a's unescaping.
        COMPARE_NEAR(sentenceBleu("&quot;yes&quot; it is", "\"yes\" it is").score, 1.0);
    }

    void rougeTokenizerKeepsOnlyLowerCaseAsciiLettersAndDigits()
    {
        QCOMPARE(joined(tokenizeRouge("Don't stop-now!")), QStringLiteral("don|t|stop|now"));
        // Non-ASCII letters separate words, as in rouge-score: "Ünïcode" → "n", "code".
        QCOMPARE(joined(tokenizeRouge("Ünïcode 東京 2024")), QStringLiteral("n|code|2024"));
        // Python lower-cases the Kelvin sign to 'k' and İ to 'i' + a combining dot.
        QCOMPARE(
            joined(tokenizeRouge("\u212Aelvin \u0130stanbul")), QStringLiteral("kelvin|i|stanbul"));
        QVERIFY(tokenizeRouge("¡¿…!").empty());
    }

    void rougeOfIdenticalTextsIsOne()
    {
        const char *text = "The quick brown fox jumps over the lazy dog.";
        QCOMPARE(rougeN(text, text, 1).fmeasure, 1.0);
        QCOMPARE(rougeN(text, text, 2).fmeasure, 1.0);
        QCOMPARE(rougeL(text, text).fmeasure, 1.0);
        // Case and punctuation do not count.
        QCOMPARE(rougeL("THE QUICK, BROWN FOX!", "the quick brown fox").fmeasure, 1.0);
    }

    void rougeOnePartialOverlap()
    {
        // pred: the cat sat on the mat; target: the cat is on the mat (6 tokens each).
        // Overlap: the×2, cat, on, mat = 5 → P = R = F = 5/6.
        const RougeScore score = rougeN("The cat sat on the mat.", "the cat is on the mat", 1);
        COMPARE_NEAR(score.precision, 5.0 / 6);
        COMPARE_NEAR(score.fmeasure, 5.0 / 6);
        // pred "the cat" against 6 target tokens: P = 2/2, R = 2/6, F = 2·1·(1/3)/(4/3) = 0.5.
        const RougeScore shortPrediction = rougeN("the cat", "the cat sat on the mat", 1);
        COMPARE_NEAR(shortPrediction.precision, 1.0);
        COMPARE_NEAR(shortPrediction.recall, 1.0 / 3);
        COMPARE_NEAR(shortPrediction.fmeasure, 0.5);
    }

    void rougeTwoCountsBigrams()
    {
        // pred bigrams: the cat, cat sat, sat on, on the, the mat
        // target bigrams: the cat, cat is, is on, on the, the mat → overlap 3 of 5 → F = 0.6.
        COMPARE_NEAR(rougeN("The cat sat on the mat.", "the cat is on the mat", 2).fmeasure, 0.6);
    }

    void rougeLFollowsWordOrder()
    {
        // LCS(the cat sat on the mat, the cat is on the mat) = the cat on the mat = 5 → 5/6.
        COMPARE_NEAR(rougeL("The cat sat on the mat.", "the cat is on the mat").fmeasure, 5.0 / 6);
        // The same words shuffled: ROUGE-1 is 1, but the longest common subsequence of
        // "mat the on sat cat the" and "the cat sat on the mat" is 3 ("the on the") → 3/6.
        QCOMPARE(rougeN("mat the on sat cat the", "the cat sat on the mat", 1).fmeasure, 1.0);
        COMPARE_NEAR(rougeL("mat the on sat cat the", "the cat sat on the mat").fmeasure, 0.5);
    }

    void rougeWithoutOverlapOrOutputIsZero()
    {
        QCOMPARE(rougeN("apples", "oranges", 1).fmeasure, 0.0);
        QCOMPARE(rougeL("apples", "oranges").fmeasure, 0.0);
        QCOMPARE(rougeN("", "the cat", 1).fmeasure, 0.0);
        QCOMPARE(rougeN("", "the cat", 2).fmeasure, 0.0);
        QCOMPARE(rougeL("", "the cat").fmeasure, 0.0);
        // A one-word prediction has no bigram: ROUGE-2 is 0 even though the word matches.
        QCOMPARE(rougeN("cat", "cat", 2).fmeasure, 0.0);
        // rouge-score scores two texts without tokens as 0, not 1.
        QCOMPARE(rougeL("東京", "東京").fmeasure, 0.0);
    }

    void levenshteinCountsEdits()
    {
        // kitten → sitting: k→s, e→i, +g = 3 edits; 1 − 3/7 = 4/7.
        QCOMPARE(levenshteinDistance("kitten", "sitting"), std::size_t(3));
        COMPARE_NEAR(levenshteinSimilarity("kitten", "sitting"), 4.0 / 7);
        QCOMPARE(levenshteinSimilarity("same text", "same text"), 1.0);
        QCOMPARE(levenshteinSimilarity("abc", "xyz"), 0.0);
    }

    void levenshteinOfEmptyTexts()
    {
        QCOMPARE(levenshteinSimilarity("", ""), 1.0);
        QCOMPARE(levenshteinSimilarity("", "abc"), 0.0);
        QCOMPARE(levenshteinSimilarity("abc", ""), 0.0);
    }

    void levenshteinWorksOnCodePointsNotBytes()
    {
        // "café" vs "cafe": one substitution over 4 characters (bytes would say 2 over 5).
        QCOMPARE(levenshteinDistance("café", "cafe"), std::size_t(1));
        COMPARE_NEAR(levenshteinSimilarity("café", "cafe"), 0.75);
        // 東京タワー → 東京: 3 deletions over 5 characters → 0.4.
        COMPARE_NEAR(levenshteinSimilarity("東京タワー", "東京"), 0.4);
        // 東京 → 京都: delete 東, add 都 = 2 over 2 → 0.
        QCOMPARE(levenshteinDistance("東京", "京都"), std::size_t(2));
        // Emoji outside the BMP are one character each: "ok 👍" → "ok" is 2 deletions of 4.
        QCOMPARE(levenshteinDistance("👍", "👎"), std::size_t(1));
        COMPARE_NEAR(levenshteinSimilarity("ok 👍", "ok"), 0.5);
    }
};

QTEST_APPLESS_MAIN(TestTextMetrics)
#include "test_text_metrics.moc"
