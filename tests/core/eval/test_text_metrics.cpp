// BLEU, ROUGE and Levenshtein against values worked out by hand from the reference definitions
// (sacreBLEU 2.x sentence_bleu, rouge-score's rouge_scorer, 1 − distance / max length), so a
// score a user compares with a published one agrees with it.
#include "eval/bleu.h"
#include "eval/chrf.h"
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

    // sacreBLEU's own test vectors (test/test_bleu.py): corpus_bleu of three hypotheses
    // against two reference streams scores 48.530827 with the defaults; empty hypotheses 0.
    void corpusBleuMatchesSacreBleu()
    {
        const std::vector<std::string> hyps {
            "The dog bit the man.", "It wasn't surprising.", "The man had just bitten him."};
        const std::vector<std::vector<std::string>> refs {
            {"The dog bit the man.", "The dog had bit the man."},
            {"It was not unexpected.", "No one was surprised."},
            {"The man bit him first.", "The man had bitten the dog."}};
        QVERIFY2(std::abs(ps::eval::corpusBleu(hyps, refs).score * 100 - 48.530827) < 1e-4,
            qPrintable(QString::number(ps::eval::corpusBleu(hyps, refs).score * 100, 'g', 10)));
        QCOMPARE(ps::eval::corpusBleu({"", "", ""}, refs).score, 0.0);
        // Its statistics case: "am I am a character sequence" against "I am a symbol string
        // sequence a a": matches [4, 2, 1, 0] of [6, 5, 4, 3].
        const ps::eval::BleuScore stats = ps::eval::corpusBleu(
            {"am I am a character sequence"}, {{"I am a symbol string sequence a a"}});
        QCOMPARE(stats.correct, (std::array<int, 4> {4, 2, 1, 0}));
        QCOMPARE(stats.total, (std::array<int, 4> {6, 5, 4, 3}));
    }

    // sacreBLEU's chrF vectors (test/test_chrf.py): its corpus cases are computed with β = 3
    // (effective order, and eps_smoothing), its sentence case with the default β = 2.
    void chrfMatchesSacreBleu()
    {
        using ps::eval::corpusChrf;
        const auto chrf = [](std::vector<std::string> hyps, std::vector<std::string> refs,
                              bool eps, double beta) {
            std::vector<std::vector<std::string>> streams;
            for (const std::string &ref : refs)
                streams.push_back({ref});
            ps::eval::ChrfOptions options;
            options.epsSmoothing = eps;
            options.beta = beta;
            return corpusChrf(hyps, streams, options);
        };
        const struct
        {
            std::vector<std::string> hyps;
            std::vector<std::string> refs;
            bool eps;
            double expected;
            double beta = 3.0;
        } cases[] = {
            {{"a"}, {"a"}, false, 100.0},
            {{""}, {"reference"}, false, 0.0},
            {{"a b c"}, {"a b c"}, false, 100.0},
            {{"a b c"}, {"abc"}, false, 100.0},
            {{""}, {"c"}, false, 0.0},
            {{"a", "b"}, {"a", "c"}, false, 50.0},
            {{"aa"}, {"ab"}, false, 25.0},
            {{"abcdefg"}, {"hijklmnop"}, true, 0.0},
            {{"aa"}, {"ab"}, true, 8.3333},
            {{"a", "b"}, {"a", "c"}, true, 8.3333},
            {{"a"}, {"a"}, true, 16.6667},
            {{"a b c"}, {"a b c"}, true, 50.0},
            {{" risk assessment must be made of those who are qualified and expertise in the "
              "sector - these are the scientists ."},
                {"risk assessment has to be undertaken by those who are qualified and expert in "
                 "that area - that is the scientists ."},
                true, 63.361730},
            {{" Die    Beziehung zwischen  Obama und Netanjahu ist nicht gerade  freundlich. "},
                {"Das Verhältnis zwischen Obama und Netanyahu ist nicht gerade freundschaftlich."},
                true, 64.1302698},
            {{"Co nás nejvíc trápí, protože lékaři si vybírají, kdo bude žít a kdo zemře."},
                {"Nejvíce smutní jsme z toho, že musíme rozhodovat o tom, kdo bude žít a kdo "
                 "zemře."},
                true, 39.14078509, 2.0},
            {{"Niemand hat die Absicht, eine Mauer zu errichten"},
                {"Niemand hat die Absicht, eine Mauer zu errichten"}, true, 100.0},
        };
        for (const auto &c : cases) {
            const double score = chrf(c.hyps, c.refs, c.eps, c.beta);
            QVERIFY2(std::abs(score - c.expected) < 1e-4,
                qPrintable(QStringLiteral("%1 (eps %2): %3, expected %4")
                               .arg(QString::fromStdString(c.hyps.front()))
                               .arg(c.eps)
                               .arg(score, 0, 'g', 10)
                               .arg(c.expected)));
        }
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
