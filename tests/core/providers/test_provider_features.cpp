// Log-probabilities and server timings end to end: the real Dispatcher and adapters against the
// real fake server, in every format that offers them.

#include "fake_target_support.h"

#include <QtTest>

#include <cmath>

using namespace ps::providers;
using namespace ps::test;

class TestProviderFeatures : public QObject
{
    Q_OBJECT

private slots:
    void logprobsPerToken_data()
    {
        QTest::addColumn<QString>("format");
        QTest::addColumn<bool>("stream");
        QTest::addColumn<QString>("model");
        QTest::addColumn<double>("expectedMean"); // the fake's level, within 0.06
        for (const char *format : {"openai", "azure-openai", "gemini", "ollama"})
            for (bool stream : {true, false})
                for (const char *model : {"fake-sure", "fake-unsure"}) {
                    const std::string name
                        = std::string(format) + (stream ? " stream " : " whole ") + model;
                    QTest::newRow(name.c_str())
                        << QString::fromLatin1(format) << stream << QString::fromLatin1(model)
                        << (std::string(model).find("unsure") != std::string::npos ? -3.02 : -0.07);
                }
    }

    // Asked for log-probabilities, every answer token has one with its alternatives, the
    // tokens spell the answer, and the mean tells a sure answer from an unsure one.
    void logprobsPerToken()
    {
        QFETCH(QString, format);
        QFETCH(bool, stream);
        QFETCH(QString, model);
        QFETCH(double, expectedMean);
        FakeTargetBench bench;
        QVERIFY(bench.started);
        ps::dispatch::TargetCall call = bench.call(fakeKind(format), model.toStdString(), stream);
        call.request.params.extra = {{"logprobs", true}, {"top_logprobs", 2}};
        const auto outcome = bench.run(call);
        QVERIFY(outcome);
        const ChatResult &result = outcome->result;
        QVERIFY2(!result.error, result.error ? result.error->message.c_str() : "");
        QVERIFY(!result.text.empty());
        QCOMPARE(
            static_cast<long long>(result.logprobs.size()), result.usage.outputTokens.value_or(-1));
        std::string spelled;
        for (const TokenLogprob &token : result.logprobs) {
            spelled += token.token;
            QCOMPARE(token.top.size(), std::size_t {2});
            QCOMPARE(token.top[0].first, token.token);
            QVERIFY(token.top[1].second < token.top[0].second);
        }
        QCOMPARE(spelled, result.text);
        QVERIFY(result.meanLogprob());
        QVERIFY2(std::abs(*result.meanLogprob() - expectedMean) < 0.06,
            std::to_string(*result.meanLogprob()).c_str());
    }

    // Not asked, none come; Anthropic offers none and is not sent the fields.
    void noLogprobsUnlessAskedAndOffered_data()
    {
        QTest::addColumn<QString>("format");
        QTest::addColumn<bool>("ask");
        for (const char *format : {"openai", "gemini", "ollama"})
            QTest::newRow(format) << QString::fromLatin1(format) << false;
        QTest::newRow("anthropic asked") << QStringLiteral("anthropic") << true;
    }
    void noLogprobsUnlessAskedAndOffered()
    {
        QFETCH(QString, format);
        QFETCH(bool, ask);
        FakeTargetBench bench;
        QVERIFY(bench.started);
        ps::dispatch::TargetCall call = bench.call(fakeKind(format), "fake-sure", true);
        if (ask)
            call.request.params.extra = {{"logprobs", true}, {"top_logprobs", 2}};
        const auto outcome = bench.run(call);
        QVERIFY(outcome);
        QVERIFY2(!outcome->result.error,
            outcome->result.error ? outcome->result.error->message.c_str() : "");
        QVERIFY(outcome->result.logprobs.empty());
        QVERIFY(!outcome->result.meanLogprob());
        const nlohmann::json sent = nlohmann::json::parse(bench.server.lastRequestBody());
        QVERIFY(!sent.contains("logprobs"));
        QVERIFY(!sent.contains("top_logprobs"));
    }

    // Ollama measures itself: its nanosecond durations become milliseconds, and tokens per
    // second of generation follow from eval_count / eval_duration (the fake: 10 ms a token).
    void ollamaServerTimings_data()
    {
        QTest::addColumn<bool>("stream");
        QTest::newRow("stream") << true;
        QTest::newRow("whole") << false;
    }
    void ollamaServerTimings()
    {
        QFETCH(bool, stream);
        FakeTargetBench bench;
        QVERIFY(bench.started);
        const auto outcome = bench.run(bench.call(ProviderKind::Ollama, "llama-fake", stream));
        QVERIFY(outcome);
        const ChatResult &result = outcome->result;
        QVERIFY2(!result.error, result.error ? result.error->message.c_str() : "");
        QVERIFY(result.serverTimings);
        const long long output = result.usage.outputTokens.value_or(0);
        const long long input = result.usage.inputTokens.value_or(0);
        QVERIFY(output > 0 && input > 0);
        QCOMPARE(result.serverTimings->generationMs, std::optional<double>(10.0 * output));
        QCOMPARE(result.serverTimings->promptMs, std::optional<double>(1.0 * input));
        QCOMPARE(result.serverTimings->loadMs, std::optional<double>(1.0));
        QCOMPARE(result.serverTimings->totalMs, std::optional<double>(1.0 + input + 10.0 * output));
        QCOMPARE(result.serverOutputTokensPerSecond(), std::optional<double>(100.0));
    }

    // Servers that do not measure leave the timings empty.
    void othersHaveNoServerTimings()
    {
        FakeTargetBench bench;
        QVERIFY(bench.started);
        const auto outcome = bench.run(bench.call(ProviderKind::OpenAi, "gpt-fake", true));
        QVERIFY(outcome);
        QVERIFY(!outcome->result.error);
        QVERIFY(!outcome->result.serverTimings);
        QVERIFY(!outcome->result.serverOutputTokensPerSecond());
    }
};

QTEST_APPLESS_MAIN(TestProviderFeatures)
#include "test_provider_features.moc"
