// The confidence summary: the mean is the geometric mean of the tokens' probabilities, the least
// sure stretch is the window with the lowest mean log-probability, and a missing set says why.

#include "run/token_confidence.h"

#include <QtTest>

#include <cmath>

using namespace ps;

class TestConfidenceSummary : public QObject
{
    Q_OBJECT

private slots:
    void meanAndLeastSureStretch()
    {
        std::vector<providers::TokenLogprob> tokens;
        for (const auto &[text, logprob] :
            {std::pair {"The", -0.01}, std::pair {" ticket", -0.02}, std::pair {" is", -0.05},
                std::pair {" about", -1.5}, std::pair {" billing", -2.0},
                std::pair {" or", -1.0}, std::pair {" bugs", -0.1}})
            tokens.push_back({text, logprob, {}});
        const auto summary = run::summarizeConfidence(tokens);
        QVERIFY(summary);
        const double mean = (-0.01 - 0.02 - 0.05 - 1.5 - 2.0 - 1.0 - 0.1) / 7;
        QCOMPARE(summary->meanLogprob, mean);
        QCOMPARE(summary->meanProbability, std::exp(mean));
        QCOMPARE(summary->lowestFirst, std::size_t(3));
        QCOMPARE(summary->lowestEnd, std::size_t(6));
        QCOMPARE(summary->lowestText, std::string(" about billing or"));
        QCOMPARE(summary->lowestProbability, std::exp(-4.5 / 3));

        // Fewer tokens than the stretch: all of them.
        const auto two = run::summarizeConfidence({tokens[0], tokens[1]});
        QCOMPARE(two->lowestText, std::string("The ticket"));
        QVERIFY(!run::summarizeConfidence({}));
    }

    void whyNoneCame()
    {
        QCOMPARE(run::whyNoConfidence(providers::ProviderKind::Anthropic, {}),
            std::string("Anthropic does not offer token log-probabilities"));
        // The adaptation's own reason wins: it names the model.
        const std::string note = "log-probabilities left out: o3 does not return them";
        QCOMPARE(run::whyNoConfidence(providers::ProviderKind::OpenAi, {"other", note}), note);
        QVERIFY(run::whyNoConfidence(providers::ProviderKind::OpenAiCompatible, {})
                    .find("server sent none")
            != std::string::npos);
    }
};

QTEST_MAIN(TestConfidenceSummary)
#include "test_confidence_summary.moc"
