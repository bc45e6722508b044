#include "providers/gemini_adapter.h"
#include "providers/gemini_stream_parser.h"

#include "stream_test_support.h"

#include <QtTest>

using namespace ps::providers;
using namespace ps::test;

namespace {

const ParserFactory kFactory = [] {
    return std::make_unique<GeminiStreamParser>();
};

QByteArray googleError(int code, const char *status, const char *message, const char *details)
{
    return QByteArray("{\"error\":{\"code\":") + QByteArray::number(code) + ",\"message\":\""
        + message + "\",\"status\":\"" + status + "\",\"details\":[" + details + "]}}";
}

} // namespace

class TestGeminiStream : public QObject
{
    Q_OBJECT

private slots:
    void recordedStreams_data()
    {
        addRecordedStreamColumns();

        QTest::newRow("recorded text, CRLF") << "gemini_crlf.sse"
                                             << "The is **Cheyenne**.\n"
                                             << "STOP"
                                             << "7/10/-/-"
                                             << ""
                                             << ""
                                             << "";
        // Thoughts are counted as output and as reasoning, but are not the answer.
        QTest::newRow("two function calls, thought left out")
            << "gemini_function_call.sse"
            << ""
            << "STOP"
            << "96/91/64/60"
            << "call_0 get_weather {\"city\":\"Paris\",\"units\":\"c\"} | fc_7 get_time {}"
            << ""
            << "";
        QTest::newRow("CR endings, unknown fields, max tokens") << "gemini_max_tokens_cr.sse"
                                                                << "Roses are red, violets"
                                                                << "MAX_TOKENS"
                                                                << "4/25/-/20"
                                                                << ""
                                                                << ""
                                                                << "";
        QTest::newRow("blocked prompt") << "gemini_prompt_blocked.sse"
                                        << ""
                                        << ""
                                        << "8/-/-/-"
                                        << ""
                                        << "content_filter"
                                        << "SAFETY";
        QTest::newRow("safety stop with no text") << "gemini_safety_stop.sse"
                                                  << ""
                                                  << "SAFETY"
                                                  << "12/-/-/-"
                                                  << ""
                                                  << "content_filter"
                                                  << "SAFETY";
        QTest::newRow("error chunk under 200") << "gemini_midstream_error.sse"
                                               << "Partial "
                                               << ""
                                               << "5/-/-/-"
                                               << ""
                                               << "overloaded"
                                               << "overloaded";
        QTest::newRow("cut off") << "gemini_cut_off.sse"
                                 << "Half an"
                                 << ""
                                 << "3/-/-/-"
                                 << ""
                                 << "network"
                                 << "ended early";
    }

    // Each stream gives the same events whole, split at any byte, or one byte at a time.
    void recordedStreams() { checkRecordedStream(kFactory); }

    // A safety stop after some text keeps the text: the answer was cut, not withheld.
    void safetyStopAfterTextIsNotAnError()
    {
        GeminiStreamParser parser;
        auto events = parser.feed(
            "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Some\"}]}}]}\n\n"
            "data: {\"candidates\":[{\"finishReason\":\"SAFETY\"}]}\n\n");
        const auto tail = parser.finish();
        events.insert(events.end(), tail.begin(), tail.end());
        const ChatResult result = accumulate(events);
        QCOMPARE(result.text, std::string("Some"));
        QCOMPARE(result.finishReason, std::string("SAFETY"));
        QVERIFY(!result.error);
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
        QTest::newRow("error object under 200, pretty-printed") << QByteArray(
            "{\n  \"error\": {\n    \"code\": 500,\n    \"message\": \"Internal "
            "error\",\n    \"status\": \"INTERNAL\"\n  }\n}\n") << "server"
                                                                << "";
        QTest::newRow("error array under 200") << QByteArray(
            "[{\"error\":{\"code\":429,\"message\":\"quota\",\"status\":"
            "\"RESOURCE_EXHAUSTED\"}}]") << "rate_limit"
                                               << "";
        QTest::newRow("JSON array stream (no alt=sse)") << QByteArray(
            "[{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"A\"}]}}]},\n"
            "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"B\"}]},"
            "\"finishReason\":\"STOP\"}]}]") << ""
                                                        << "AB";
    }
    void bodiesThatAreNotStreams() { checkBodyThatIsNotAStream(kFactory); }

    void nonStreamingResponses_data()
    {
        addNonStreamingColumns();
        QTest::newRow("text")
            << 200
            << QByteArray("{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":"
                          "\"Cheyenne.\"}]},\"finishReason\":\"STOP\",\"index\":0,"
                          "\"safetyRatings\":[]}],\"usageMetadata\":{\"promptTokenCount\":7,"
                          "\"candidatesTokenCount\":3,\"totalTokenCount\":10},\"modelVersion\":"
                          "\"gemini-2.5-flash\",\"responseId\":\"x\"}")
            << "Cheyenne."
            << ""
            << "STOP"
            << "7/3/-/-"
            << "";
        QTest::newRow("function call") << 200
                                       << QByteArray("{\"candidates\":[{\"content\":{\"parts\":[{"
                                                     "\"functionCall\":{\"name\":\"f\",\"args\":{"
                                                     "\"x\":1}}}]},\"finishReason\":\"STOP\"}]}")
                                       << ""
                                       << "call_0 f {\"x\":1}"
                                       << "STOP"
                                       << "-/-/-/-"
                                       << "";
        QTest::newRow("blocked prompt")
            << 200 << QByteArray("{\"promptFeedback\":{\"blockReason\":\"PROHIBITED_CONTENT\"}}")
            << ""
            << ""
            << ""
            << "-/-/-/-"
            << "content_filter";
        QTest::newRow("not JSON") << 200 << QByteArray("{\"candidates\": [") << ""
                                  << ""
                                  << ""
                                  << "-/-/-/-"
                                  << "bad_response";
        QTest::newRow("no candidates") << 200 << QByteArray("{\"modelVersion\":\"x\"}") << ""
                                       << ""
                                       << ""
                                       << "-/-/-/-"
                                       << "bad_response";
        QTest::newRow("400 invalid key")
            << 400
            << googleError(400, "INVALID_ARGUMENT",
                   "API key not valid. Please pass a valid API key.",
                   "{\"@type\":\"type.googleapis.com/google.rpc.ErrorInfo\",\"reason\":\"API_KEY_"
                   "INVALID\",\"domain\":\"googleapis.com\"}")
            << ""
            << ""
            << ""
            << "-/-/-/-"
            << "auth";
    }
    void nonStreamingResponses()
    {
        checkNonStreamingResponse(GeminiAdapter(), ErrorStatus::IsReplyStatus);
    }

    void httpErrors_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("category");
        QTest::addColumn<QString>("message");
        QTest::addColumn<double>("retrySeconds"); // -1: none
        QTest::addColumn<int>("shouldRetry"); // -1: unset, 0: false
        const char *retryInfo37 = "{\"@type\":\"type.googleapis.com/google.rpc.QuotaFailure\","
                                  "\"violations\":[{\"quotaMetric\":\"generativelanguage."
                                  "googleapis.com/generate_content_free_tier_requests\","
                                  "\"quotaId\":\"GenerateRequestsPerMinutePerProjectPerModel-"
                                  "FreeTier\"}]},{\"@type\":\"type.googleapis.com/"
                                  "google.rpc.RetryInfo\",\"retryDelay\":\"37s\"}";
        QTest::newRow("400 API_KEY_INVALID")
            << 400
            << googleError(400, "INVALID_ARGUMENT",
                   "API key not valid. Please pass a valid API key.",
                   "{\"@type\":\"type.googleapis.com/google.rpc.ErrorInfo\",\"reason\":\"API_KEY_"
                   "INVALID\",\"domain\":\"googleapis.com\",\"metadata\":{\"service\":"
                   "\"generativelanguage.googleapis.com\"}}")
            << "auth"
            << "API key not valid" << -1.0 << -1;
        QTest::newRow("400 invalid argument")
            << 400
            << googleError(400, "INVALID_ARGUMENT", "Invalid value at 'contents[0].role'", "")
            << "bad_request"
            << "contents" << -1.0 << -1;
        QTest::newRow("400 too many tokens")
            << 400
            << googleError(400, "INVALID_ARGUMENT",
                   "The input token count (1200000) exceeds the maximum number of tokens allowed "
                   "(1048576).",
                   "")
            << "context_length"
            << "input token count" << -1.0 << -1;
        QTest::newRow("403") << 403
                             << googleError(403, "PERMISSION_DENIED", "Permission denied", "")
                             << "auth"
                             << "Permission" << -1.0 << -1;
        QTest::newRow("404") << 404
                             << googleError(404, "NOT_FOUND",
                                    "models/gemini-9 is not found for API version v1beta", "")
                             << "not_found"
                             << "gemini-9" << -1.0 << -1;
        QTest::newRow("429 retryDelay 37s") << 429
                                            << googleError(429, "RESOURCE_EXHAUSTED",
                                                   "You exceeded your current quota.", retryInfo37)
                                            << "rate_limit"
                                            << "quota" << 37.0 << -1;
        QTest::newRow("429 retryDelay 12.5s, array body")
            << 429
            << (QByteArray("[")
                   + googleError(429, "RESOURCE_EXHAUSTED", "Quota exceeded",
                       "{\"@type\":\"type.googleapis.com/google.rpc.RetryInfo\","
                       "\"retryDelay\":\"12.5s\"}")
                   + "]")
            << "rate_limit"
            << "Quota" << 12.5 << -1;
        QTest::newRow("429 daily quota is not retried")
            << 429
            << googleError(429, "RESOURCE_EXHAUSTED", "Quota exceeded",
                   "{\"@type\":\"type.googleapis.com/google.rpc.QuotaFailure\",\"violations\":[{"
                   "\"quotaId\":\"GenerateRequestsPerDayPerProjectPerModel-FreeTier\"}]}")
            << "rate_limit"
            << "Quota" << -1.0 << 0;
        QTest::newRow("500") << 500
                             << googleError(500, "INTERNAL", "An internal error has occurred.", "")
                             << "server"
                             << "internal" << -1.0 << -1;
        QTest::newRow("503") << 503
                             << googleError(503, "UNAVAILABLE", "The model is overloaded.", "")
                             << "overloaded"
                             << "overloaded" << -1.0 << -1;
        QTest::newRow("504") << 504
                             << googleError(504, "DEADLINE_EXCEEDED", "Deadline expired.", "")
                             << "timeout"
                             << "Deadline" << -1.0 << -1;
        QTest::newRow("502 html") << 502 << QByteArray("<html>Bad gateway</html>") << "server"
                                  << "HTML" << -1.0 << -1;
    }
    void httpErrors()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        QFETCH(QString, category);
        QFETCH(QString, message);
        QFETCH(double, retrySeconds);
        QFETCH(int, shouldRetry);
        const ProviderError error = GeminiAdapter().classifyError(status, {}, body.toStdString());
        QCOMPARE(QString::fromLatin1(toString(error.category)), category);
        QCOMPARE(error.status, status);
        QVERIFY2(QString::fromStdString(error.message).contains(message), error.message.c_str());
        QCOMPARE(error.retryAfterSeconds.value_or(-1.0), retrySeconds);
        QCOMPARE(error.shouldRetry ? int(*error.shouldRetry) : -1, shouldRetry);
    }
};

QTEST_APPLESS_MAIN(TestGeminiStream)
#include "test_gemini_stream.moc"
