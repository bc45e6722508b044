#include "providers/ollama_adapter.h"
#include "providers/ollama_stream_parser.h"

#include "stream_test_support.h"

#include <QtTest>

using namespace ps::providers;
using namespace ps::test;

namespace {

const ParserFactory kFactory = [] {
    return std::make_unique<OllamaStreamParser>();
};

} // namespace

class TestOllamaStream : public QObject
{
    Q_OBJECT

private slots:
    void recordedStreams_data()
    {
        addRecordedStreamColumns();

        QTest::newRow("text, blank line, final counts") << "ollama_chat.ndjson"
                                                        << "The sky"
                                                        << "stop"
                                                        << "26/282/-/-"
                                                        << ""
                                                        << ""
                                                        << "";
        // Arguments arrive as objects and calls have no id: both are made up for the run.
        QTest::newRow("two tool calls in one line")
            << "ollama_tool_calls.ndjson"
            << ""
            << "stop"
            << "140/31/-/-"
            << "call_0 get_weather {\"city\":\"Tokyo\"} | call_1 get_time {\"zone\":\"JST\"}"
            << ""
            << "";
        QTest::newRow("CRLF, thinking left out, length") << "ollama_thinking_length_crlf.ndjson"
                                                         << "One, two"
                                                         << "length"
                                                         << "9/4/-/-"
                                                         << ""
                                                         << ""
                                                         << "";
        QTest::newRow("error line under 200") << "ollama_midstream_error.ndjson"
                                              << "Once"
                                              << ""
                                              << "-/-/-/-"
                                              << ""
                                              << "server"
                                              << "unexpected EOF";
        QTest::newRow("cut off mid-line") << "ollama_cut_off.ndjson"
                                          << "Half"
                                          << ""
                                          << "-/-/-/-"
                                          << ""
                                          << "network"
                                          << "ended early";
    }

    // Each stream gives the same events whole, split at any byte, or one byte at a time.
    void recordedStreams() { checkRecordedStream(kFactory); }

    // Durations are nanoseconds on the wire.
    void timingsFromTheFinalLine()
    {
        OllamaStreamParser parser;
        QVERIFY(!parser.timings());
        parser.feed(streamFixture(QStringLiteral("ollama_chat.ndjson")));
        QVERIFY(parser.timings());
        QCOMPARE(parser.timings()->totalMs.value_or(-1), 4883.583458);
        QCOMPARE(parser.timings()->loadMs.value_or(-1), 1.334875);
        QCOMPARE(parser.timings()->promptMs.value_or(-1), 342.546);
        QCOMPARE(parser.timings()->generationMs.value_or(-1), 4535.599);
    }

    void linesAfterDoneAreIgnored()
    {
        OllamaStreamParser parser;
        const auto events = parser.feed(
            "{\"message\":{\"content\":\"a\"},\"done\":true}\n{\"message\":{\"content\":\"b\"}}\n");
        QCOMPARE(accumulate(events).text, std::string("a"));
        QCOMPARE(accumulate(events).finishReason, std::string("stop")); // no done_reason: stop
        QVERIFY(parser.feed("not json\n").empty());
        QVERIFY(parser.finish().empty());
    }

    void badLines_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("category");
        QTest::newRow("empty") << QByteArray() << "network";
        QTest::newRow("html") << QByteArray("<html>\n502\n</html>\n") << "bad_response";
        QTest::newRow("a JSON array") << QByteArray("[1]\n") << "bad_response";
        QTest::newRow("model not found mid-stream")
            << QByteArray("{\"error\":\"model 'llama9' not found\"}\n") << "not_found";
    }
    void badLines()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, category);
        OllamaStreamParser parser;
        auto events = parser.feed(body.toStdString());
        const auto tail = parser.finish();
        events.insert(events.end(), tail.begin(), tail.end());
        QCOMPARE(describeError(accumulate(events)), category);
    }

    void nonStreamingResponses_data()
    {
        addNonStreamingColumns();
        QTest::newRow("one object, no newline")
            << 200
            << QByteArray("{\"model\":\"llama3.2\",\"created_at\":\"2026-11-29T10:00:00Z\","
                          "\"message\":{\"role\":\"assistant\",\"content\":\"Blue.\"},\"done\":"
                          "true,\"done_reason\":\"stop\",\"total_duration\":5,\"prompt_eval_"
                          "count\":26,\"eval_count\":3}")
            << "Blue."
            << ""
            << "stop"
            << "26/3/-/-"
            << "";
        QTest::newRow("pretty-printed with a tool call")
            << 200
            << QByteArray("{\n  \"message\": {\n    \"role\": \"assistant\",\n    \"content\": "
                          "\"\",\n    \"tool_calls\": [{\"id\": \"call_x\", \"function\": "
                          "{\"name\": \"f\", \"arguments\": {\"a\": [1, 2]}}}]\n  },\n  "
                          "\"done\": true\n}\n")
            << ""
            << "call_x f {\"a\":[1,2]}"
            << "stop"
            << "-/-/-/-"
            << "";
        QTest::newRow("streamed although not asked")
            << 200
            << QByteArray("{\"message\":{\"content\":\"a\"},\"done\":false}\n{\"message\":{"
                          "\"content\":\"b\"},\"done\":true,\"done_reason\":\"length\"}\n")
            << "ab"
            << ""
            << "length"
            << "-/-/-/-"
            << "";
        QTest::newRow("not done") << 200 << QByteArray("{\"message\":{\"content\":\"a\"}}") << "a"
                                  << ""
                                  << ""
                                  << "-/-/-/-"
                                  << "network";
        QTest::newRow("404 model not found")
            << 404 << QByteArray("{\"error\":\"model 'llama9' not found, try pulling it first\"}")
            << ""
            << ""
            << ""
            << "-/-/-/-"
            << "not_found";
    }
    void nonStreamingResponses()
    {
        checkNonStreamingResponse(OllamaAdapter(), ErrorStatus::IsReplyStatus);
    }

    void httpErrors_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("retryAfter");
        QTest::addColumn<QString>("category");
        QTest::addColumn<QString>("message");
        QTest::addColumn<double>("retrySeconds");
        QTest::newRow("400") << 400 << QByteArray("{\"error\":\"invalid options: num_predict\"}")
                             << ""
                             << "bad_request"
                             << "invalid options" << -1.0;
        QTest::newRow("400 model not found")
            << 400 << QByteArray("{\"error\":\"model \\\"x\\\" not found\"}") << ""
            << "not_found"
            << "not found" << -1.0;
        QTest::newRow("401 ollama.com") << 401 << QByteArray("{\"error\":\"unauthorized\"}") << ""
                                        << "auth"
                                        << "unauthorized" << -1.0;
        QTest::newRow("404") << 404
                             << QByteArray("{\"error\":\"model 'llama9' not found, try pulling "
                                           "it first\"}")
                             << ""
                             << "not_found"
                             << "try pulling" << -1.0;
        QTest::newRow("429") << 429 << QByteArray("{\"error\":\"too many requests\"}") << "2"
                             << "rate_limit"
                             << "too many" << 2.0;
        QTest::newRow("500") << 500
                             << QByteArray("{\"error\":\"llama runner process has terminated\"}")
                             << ""
                             << "server"
                             << "runner" << -1.0;
        QTest::newRow("502 plain text") << 502 << QByteArray("Bad Gateway") << ""
                                        << "server"
                                        << "Bad Gateway" << -1.0;
    }
    void httpErrors()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        QFETCH(QString, retryAfter);
        QFETCH(QString, category);
        QFETCH(QString, message);
        QFETCH(double, retrySeconds);
        ps::net::Headers headers;
        if (!retryAfter.isEmpty())
            headers.emplace_back("retry-after", retryAfter.toStdString());
        const ProviderError error
            = OllamaAdapter().classifyError(status, headers, body.toStdString());
        QCOMPARE(QString::fromLatin1(toString(error.category)), category);
        QCOMPARE(error.status, status);
        QVERIFY2(QString::fromStdString(error.message).contains(message), error.message.c_str());
        QCOMPARE(error.retryAfterSeconds.value_or(-1.0), retrySeconds);
    }
};

QTEST_APPLESS_MAIN(TestOllamaStream)
#include "test_ollama_stream.moc"
