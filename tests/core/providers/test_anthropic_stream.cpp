#include "providers/anthropic_adapter.h"
#include "providers/anthropic_stream_parser.h"

#include "stream_test_support.h"

#include <QtTest>

using namespace ps::providers;
using namespace ps::test;

namespace {

const ParserFactory kFactory = [] {
    return std::make_unique<AnthropicStreamParser>();
};

ps::net::Headers headers(std::initializer_list<std::pair<std::string, std::string>> list)
{
    return ps::net::Headers(list);
}

} // namespace

class TestAnthropicStream : public QObject
{
    Q_OBJECT

private slots:
    void recordedStreams_data()
    {
        addRecordedStreamColumns();

        QTest::newRow("text with a ping")
            << "anthropic_basic.sse" << QStringLiteral("Hello there \u2028 caf\u00e9") << "end_turn"
            << "12/6/-/-"
            << ""
            << ""
            << "";
        // Input is the sum of the three input fields; fragments are joined per block.
        QTest::newRow("text then two tool calls, cache read")
            << "anthropic_tool_use.sse"
            << "Checking both cities."
            << "tool_use"
            << "1401/65/1024/-"
            << "toolu_01A get_weather {\"location\": \"Paris\"} | toolu_01B get_time {}"
            << ""
            << "";
        QTest::newRow("thinking left out, unknown events ignored, max_tokens")
            << "anthropic_thinking_max_tokens.sse"
            << "1. Apples\n2. Pe"
            << "max_tokens"
            << "105/16/0/-"
            << ""
            << ""
            << "";
        QTest::newRow("error event under 200") << "anthropic_midstream_error.sse"
                                               << "Once upon"
                                               << ""
                                               << "20/-/-/-"
                                               << ""
                                               << "overloaded"
                                               << "Overloaded";
        QTest::newRow("cut off, CRLF") << "anthropic_cut_off.sse"
                                       << "Half"
                                       << ""
                                       << "3/-/-/-"
                                       << ""
                                       << "network"
                                       << "ended early";
    }

    // Each stream gives the same events whole, split at any byte, or one byte at a time.
    void recordedStreams() { checkRecordedStream(kFactory); }

    void errorEventTypes_data()
    {
        QTest::addColumn<QString>("type");
        QTest::addColumn<QString>("category");
        QTest::newRow("overloaded") << "overloaded_error"
                                    << "overloaded";
        QTest::newRow("rate limit") << "rate_limit_error"
                                    << "rate_limit";
        QTest::newRow("api error") << "api_error"
                                   << "server";
        QTest::newRow("timeout") << "timeout_error"
                                 << "timeout";
        QTest::newRow("invalid request") << "invalid_request_error"
                                         << "bad_request";
        QTest::newRow("unknown type") << "brand_new_error"
                                      << "server";
    }
    void errorEventTypes()
    {
        QFETCH(QString, type);
        QFETCH(QString, category);
        AnthropicStreamParser parser;
        const std::string event = "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\""
            + type.toStdString() + "\",\"message\":\"m\"}}\n\n";
        const ChatResult result = accumulate(parser.feed(event));
        QVERIFY(result.error);
        QCOMPARE(QString::fromLatin1(toString(result.error->category)), category);
        QCOMPARE(result.error->status, 0);
        QVERIFY(parser.feed("event: message_stop\ndata: {}\n\n").empty());
        QVERIFY(parser.finish().empty());
    }

    void bytesAfterMessageStopAreIgnored()
    {
        AnthropicStreamParser parser;
        auto events = parser.feed(
            "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
            "\"delta\":{\"type\":\"text_delta\",\"text\":\"a\"}}\n\n"
            "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":"
            "\"end_turn\"},\"usage\":{\"output_tokens\":1}}\n\nevent: message_stop\ndata: "
            "{\"type\":\"message_stop\"}\n\nevent: content_block_delta\ndata: {\"type\":\"content_"
            "block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"b\"}}\n\n");
        QCOMPARE(accumulate(events).text, std::string("a"));
        QVERIFY(parser.feed("data: junk\n\n").empty());
        QVERIFY(parser.finish().empty());
    }

    // Without event names the "type" field says what each event is.
    void eventsWithoutNamesUseTheirType()
    {
        AnthropicStreamParser parser;
        auto events = parser.feed(
            "data: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_"
            "delta\",\"text\":\"x\"}}\n\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_"
            "reason\":\"stop_sequence\"}}\n\n");
        const auto tail = parser.finish();
        events.insert(events.end(), tail.begin(), tail.end());
        const ChatResult result = accumulate(events);
        QCOMPARE(result.text, std::string("x"));
        QCOMPARE(result.finishReason, std::string("stop_sequence"));
        QVERIFY(!result.error); // a stop reason without message_stop is complete enough
    }

    void malformedDataIsABadResponse()
    {
        AnthropicStreamParser parser;
        const ChatResult result
            = accumulate(parser.feed("event: content_block_delta\ndata: {\"ty\n\n"));
        QVERIFY(result.error);
        QCOMPARE(result.error->category, ErrorCategory::BadResponse);
    }

    void bodiesThatAreNotStreams_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("category");
        QTest::addColumn<QString>("text");
        QTest::newRow("empty") << QByteArray() << "network"
                               << "";
        QTest::newRow("html") << QByteArray("<html>502</html>") << "bad_response"
                              << "";
        QTest::newRow("error object under 200") << QByteArray(
            "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\","
            "\"message\":\"Overloaded\"}}") << "overloaded"
                                                << "";
        QTest::newRow("whole message")
            << QByteArray("{\"type\":\"message\",\"content\":[{\"type\":\"text\",\"text\":"
                          "\"Hi\"}],\"stop_reason\":\"end_turn\"}")
            << ""
            << "Hi";
    }
    void bodiesThatAreNotStreams() { checkBodyThatIsNotAStream(kFactory); }

    void nonStreamingResponses_data()
    {
        addNonStreamingColumns();
        QTest::newRow("text and a tool call")
            << 200
            << QByteArray(
                   "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":"
                   "\"claude-sonnet-4-20250514\",\"content\":[{\"type\":\"text\",\"text\":\"Let "
                   "me check.\"},{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"get_"
                   "weather\",\"input\":{\"location\":\"Paris\"}}],\"stop_reason\":\"tool_use\","
                   "\"stop_sequence\":null,\"usage\":{\"input_tokens\":377,\"output_tokens\":65,"
                   "\"cache_creation_input_tokens\":10,\"cache_read_input_tokens\":3},"
                   "\"inference_geo\":\"us\"}")
            << "Let me check."
            << "toolu_1 get_weather {\"location\":\"Paris\"}"
            << "tool_use"
            << "390/65/3/-"
            << "";
        QTest::newRow("refusal") << 200
                                 << QByteArray("{\"type\":\"message\",\"content\":[],\"stop_"
                                               "reason\":\"refusal\",\"usage\":{\"input_tokens\":"
                                               "4,\"output_tokens\":0}}")
                                 << ""
                                 << ""
                                 << "refusal"
                                 << "4/0/-/-"
                                 << "";
        QTest::newRow("streamed although not asked")
            << 200
            << QByteArray("event: content_block_delta\ndata: {\"type\":\"content_block_delta\","
                          "\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"yo\"}}\n\n"
                          "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{"
                          "\"stop_reason\":\"end_turn\"}}\n\n")
            << "yo"
            << ""
            << "end_turn"
            << "-/-/-/-"
            << "";
        QTest::newRow("not JSON") << 200 << QByteArray("{\"content\": [") << ""
                                  << ""
                                  << ""
                                  << "-/-/-/-"
                                  << "bad_response";
        QTest::newRow("no content") << 200 << QByteArray("{\"type\":\"message\"}") << ""
                                    << ""
                                    << ""
                                    << "-/-/-/-"
                                    << "bad_response";
        QTest::newRow("529") << 529
                             << QByteArray("{\"type\":\"error\",\"error\":{\"type\":\"overloaded_"
                                           "error\",\"message\":\"Overloaded\"}}")
                             << ""
                             << ""
                             << ""
                             << "-/-/-/-"
                             << "overloaded";
    }
    void nonStreamingResponses()
    {
        checkNonStreamingResponse(AnthropicAdapter(), ErrorStatus::IsReplyStatus);
    }

    void httpErrors_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("retryAfter"); // header value, or empty
        QTest::addColumn<QString>("category");
        QTest::addColumn<QString>("message");
        QTest::addColumn<double>("retrySeconds"); // -1: none
        QTest::addColumn<int>("shouldRetry"); // -1: unset, 0: false, 1: true
        auto body = [](const char *type, const char *message) {
            return QByteArray("{\"type\":\"error\",\"error\":{\"type\":\"") + type
                + "\",\"message\":\"" + message + "\"},\"request_id\":\"req_1\"}";
        };
        QTest::newRow("401") << 401 << body("authentication_error", "invalid x-api-key") << ""
                             << "auth"
                             << "invalid x-api-key" << -1.0 << -1;
        QTest::newRow("403") << 403 << body("permission_error", "no access") << ""
                             << "auth"
                             << "no access" << -1.0 << -1;
        QTest::newRow("404") << 404 << body("not_found_error", "model: claude-x") << ""
                             << "not_found"
                             << "model: claude-x" << -1.0 << -1;
        QTest::newRow("prompt too long")
            << 400
            << body("invalid_request_error", "prompt is too long: 210000 tokens > 200000 maximum")
            << ""
            << "context_length"
            << "prompt is too long" << -1.0 << -1;
        QTest::newRow("400") << 400 << body("invalid_request_error", "max_tokens: Field required")
                             << ""
                             << "bad_request"
                             << "max_tokens" << -1.0 << -1;
        QTest::newRow("429 with retry-after")
            << 429 << body("rate_limit_error", "Number of request tokens has exceeded") << "7"
            << "rate_limit"
            << "exceeded" << 7.0 << -1;
        QTest::newRow("spend limit 429 is not retried")
            << 429
            << QByteArray("{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\","
                          "\"message\":\"You have reached your specified API usage limits.\","
                          "\"details\":{\"error_code\":\"enforced_spend_limit_reached\"}}}")
            << ""
            << "rate_limit"
            << "usage limits" << -1.0 << 0;
        QTest::newRow("402 billing")
            << 402 << body("billing_error", "credit balance is too low") << ""
            << "rate_limit"
            << "credit" << -1.0 << 0;
        QTest::newRow("500") << 500 << body("api_error", "Internal server error") << ""
                             << "server"
                             << "Internal" << -1.0 << -1;
        QTest::newRow("504") << 504 << body("timeout_error", "Request timed out") << ""
                             << "timeout"
                             << "timed out" << -1.0 << -1;
        QTest::newRow("529") << 529 << body("overloaded_error", "Overloaded") << "3"
                             << "overloaded"
                             << "Overloaded" << 3.0 << -1;
        QTest::newRow("413 plain text") << 413 << QByteArray("request entity too large") << ""
                                        << "bad_request"
                                        << "HTTP 413" << -1.0 << -1;
        QTest::newRow("502 html") << 502 << QByteArray("<html>Bad gateway</html>") << ""
                                  << "server"
                                  << "HTML" << -1.0 << -1;
    }
    void httpErrors()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        QFETCH(QString, retryAfter);
        QFETCH(QString, category);
        QFETCH(QString, message);
        QFETCH(double, retrySeconds);
        QFETCH(int, shouldRetry);
        ps::net::Headers list = headers({{"request-id", "req_1"}});
        if (!retryAfter.isEmpty())
            list.emplace_back("retry-after", retryAfter.toStdString());
        const ProviderError error
            = AnthropicAdapter().classifyError(status, list, body.toStdString());
        QCOMPARE(QString::fromLatin1(toString(error.category)), category);
        QCOMPARE(error.status, status);
        QVERIFY2(QString::fromStdString(error.message).contains(message), error.message.c_str());
        QCOMPARE(error.retryAfterSeconds.value_or(-1.0), retrySeconds);
        QCOMPARE(error.shouldRetry ? int(*error.shouldRetry) : -1, shouldRetry);
    }
};

QTEST_APPLESS_MAIN(TestAnthropicStream)
#include "test_anthropic_stream.moc"
