// Every provider's finish reasons read alike in the window.

#include "providers/finish_reason.h"

#include <QtTest>

using ps::providers::commonFinishReason;

class TestFinishReason : public QObject
{
    Q_OBJECT

private slots:
    void everyProvidersWordReadsAlike_data()
    {
        QTest::addColumn<QString>("raw");
        QTest::addColumn<QString>("common");
        // OpenAI, Anthropic, Gemini and Ollama, as each documents its words.
        const std::pair<const char *, const char *> rows[] = {{"stop", "stop"},
            {"end_turn", "stop"}, {"STOP", "stop"}, {"length", "length"},
            {"max_tokens", "length"}, {"MAX_TOKENS", "length"}, {"tool_calls", "tool call"},
            {"tool_use", "tool call"}, {"function_call", "tool call"},
            {"content_filter", "content filter"}, {"SAFETY", "content filter"},
            {"stop_sequence", "stop sequence"}, {"refusal", "refusal"},
            {"RECITATION", "recitation"}, {"", ""}};
        for (const auto &[raw, common] : rows)
            QTest::newRow(raw[0] ? raw : "empty") << QString::fromLatin1(raw) << QString::fromLatin1(common);
    }

    void everyProvidersWordReadsAlike()
    {
        QFETCH(QString, raw);
        QFETCH(QString, common);
        QCOMPARE(QString::fromStdString(commonFinishReason(raw.toStdString())), common);
    }
};

QTEST_APPLESS_MAIN(TestFinishReason)
#include "test_finish_reason.moc"
