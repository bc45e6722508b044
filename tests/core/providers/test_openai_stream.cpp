#include "providers/openai_adapter.h"
#include "providers/openai_stream_parser.h"

#include "stream_test_support.h"

#include <QtTest>

using namespace ps::providers;
using namespace ps::test;

namespace {

const ParserFactory kFactory = [] {
    return std::make_unique<OpenAiStreamParser>();
};

} // namespace

class TestOpenAiStream : public QObject
{
    Q_OBJECT

private slots:
    void recordedStreams_data()
    {
        addRecordedStreamColumns();

        QTest::newRow("plain text, no usage key")
            << "openai_plain_text.sse" << QStringLiteral("The answer is 42. Caf\u00e9 \u2028ok")
            << "stop"
            << "-/-/-/-"
            << ""
            << ""
            << "";
        QTest::newRow("length + usage chunk") << "openai_length_usage.sse"
                                              << "{\""
                                              << "length"
                                              << "79/1/-/0"
                                              << ""
                                              << ""
                                              << "";
        QTest::newRow("usage:null chunks, cached and reasoning tokens") << "openai_usage_null.sse"
                                                                        << "Hello, world"
                                                                        << "stop"
                                                                        << "1200/30/1024/12"
                                                                        << ""
                                                                        << ""
                                                                        << "";
        QTest::newRow("two parallel tool calls")
            << "openai_parallel_tools.sse"
            << ""
            << "tool_calls"
            << "44/58/-/0"
            << "call_h1Xc get_weather {\"city\": \"Edinburgh\", \"country\": \"UK\", \"units\": "
               "\"c\"} | call_Zm3q get_weather {\"city\": \"New York\", \"country\": \"US\", "
               "\"units\": \"c\"}"
            << ""
            << "";
        QTest::newRow("refusal") << "openai_refusal.sse"
                                 << "I'm very sorry, but I can't assist with that request."
                                 << "stop"
                                 << "17/12/-/-"
                                 << ""
                                 << ""
                                 << "";
        QTest::newRow("azure empty first chunk") << "azure_empty_first_chunk.sse"
                                                 << "Bonjour !"
                                                 << "stop"
                                                 << "9/3/-/-"
                                                 << ""
                                                 << ""
                                                 << "";
        QTest::newRow("deepseek keep-alives, reasoning not in the text")
            << "deepseek_reasoning_keepalive.sse"
            << "9.11 < 9.9"
            << "stop"
            << "14/90/0/80"
            << ""
            << ""
            << "";
        QTest::newRow("llama.cpp usage on the finish chunk") << "llamacpp_usage_on_finish.sse"
                                                             << "Hi there"
                                                             << "stop"
                                                             << "11/2/-/-"
                                                             << ""
                                                             << ""
                                                             << "";
        QTest::newRow("CR endings, comments, no space after colon, unfinished tail")
            << "keepalive_mixed_endings.sse"
            << "Ok"
            << "stop"
            << "-/-/-/-"
            << ""
            << ""
            << "";
        QTest::newRow("llama.cpp error event, no [DONE]") << "llamacpp_midstream_error.sse"
                                                          << "Once upon a time"
                                                          << ""
                                                          << "-/-/-/-"
                                                          << ""
                                                          << "server"
                                                          << "KV size";
        QTest::newRow("openrouter error under 200") << "openrouter_midstream_error.sse"
                                                    << "Partial"
                                                    << ""
                                                    << "-/-/-/-"
                                                    << ""
                                                    << "server"
                                                    << "Provider disconnected";
        QTest::newRow("malformed JSON") << "openai_malformed_json.sse"
                                        << "Good"
                                        << ""
                                        << "-/-/-/-"
                                        << ""
                                        << "bad_response"
                                        << "not JSON";
        QTest::newRow("cut off mid-answer") << "openai_cut_off.sse"
                                            << "Half an ans"
                                            << ""
                                            << "-/-/-/-"
                                            << ""
                                            << "network"
                                            << "ended early";
    }

    // Each stream gives the same events whole, split at any byte, or one byte at a time.
    void recordedStreams() { checkRecordedStream(kFactory); }

    void bytesAfterDoneAreIgnored()
    {
        OpenAiStreamParser parser;
        const auto events = parser.feed(
            "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"},\"finish_reason\":"
            "\"stop\"}]}\n\ndata: [DONE]\n\ndata: {\"choices\":[{\"index\":0,\"delta\":{"
            "\"content\":\"b\"}}]}\n\n");
        QCOMPARE(accumulate(events).text, std::string("a"));
        QVERIFY(parser.feed("data: not json\n\n").empty());
        QVERIFY(parser.finish().empty());
    }

    void otherChoicesAndUnknownFieldsAreIgnored()
    {
        OpenAiStreamParser parser;
        auto events = parser.feed(
            "data: {\"new_field\":{\"x\":[1]},\"choices\":[{\"index\":1,\"delta\":{\"content\":"
            "\"other\"}},{\"index\":0,\"delta\":{\"content\":\"mine\",\"audio\":null},"
            "\"finish_reason\":\"stop\",\"stop_details\":{}}]}\n\ndata: [DONE]\n\n");
        const ChatResult result = accumulate(events);
        QCOMPARE(result.text, std::string("mine"));
        QCOMPARE(result.finishReason, std::string("stop"));
        QVERIFY(!result.error);
    }

    // Some servers leave out "index": a new id starts a new call.
    void toolCallsWithoutIndexAreToldApartById()
    {
        OpenAiStreamParser parser;
        auto events = parser.feed(
            "data: {\"choices\":[{\"delta\":{\"tool_calls\":[{\"id\":\"a\",\"function\":{"
            "\"name\":\"f\",\"arguments\":\"{\\\"x\\\"\"}}]}}]}\n\n"
            "data: {\"choices\":[{\"delta\":{\"tool_calls\":[{\"function\":{\"arguments\":"
            "\":1}\"}}]}}]}\n\n"
            "data: {\"choices\":[{\"delta\":{\"tool_calls\":[{\"id\":\"b\",\"function\":{"
            "\"name\":\"g\",\"arguments\":{\"y\":2}}}]},\"finish_reason\":\"tool_calls\"}]}"
            "\n\ndata: [DONE]\n\n");
        const ChatResult result = accumulate(events);
        QCOMPARE(result.toolCalls.size(), std::size_t(2));
        QCOMPARE(result.toolCalls[0].arguments, std::string("{\"x\":1}"));
        QCOMPARE(result.toolCalls[1].name, std::string("g"));
        QCOMPARE(result.toolCalls[1].arguments, std::string("{\"y\":2}"));
    }

    // A server that ignores "stream": true and answers with one JSON object.
    void wholeJsonBodyInsteadOfAStream()
    {
        OpenAiStreamParser parser;
        auto events = parser.feed(
            "{\"id\":\"x\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,"
            "\"message\":{\"role\":\"assistant\",\"content\":\"Hi\"},\"finish_reason\":"
            "\"stop\"}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":1}}");
        QVERIFY(events.empty());
        const ChatResult result = accumulate(parser.finish());
        QCOMPARE(result.text, std::string("Hi"));
        QCOMPARE(result.usage.inputTokens, std::optional<long long>(3));
        QVERIFY(!result.error);
    }

    void errorObjectUnder200()
    {
        OpenAiStreamParser parser;
        QVERIFY(parser
                    .feed("{\"error\":{\"message\":\"Rate limit reached\",\"type\":"
                          "\"requests\",\"code\":\"rate_limit_exceeded\"}}\n")
                    .empty());
        const ChatResult result = accumulate(parser.finish());
        QVERIFY(result.error);
        QCOMPARE(result.error->category, ErrorCategory::RateLimit);
        QCOMPARE(result.error->message, std::string("Rate limit reached"));
    }

    void emptyOrCommentOnlyBodyIsANetworkError_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("keep-alives only") << QByteArray(": keep-alive\n\n: keep-alive\n\n");
    }
    void emptyOrCommentOnlyBodyIsANetworkError()
    {
        QFETCH(QByteArray, body);
        OpenAiStreamParser parser;
        QVERIFY(parser.feed(body.toStdString()).empty());
        const ChatResult result = accumulate(parser.finish());
        QVERIFY(result.error);
        QCOMPARE(result.error->category, ErrorCategory::Network);
    }

    void htmlInsteadOfAStreamIsABadResponse()
    {
        OpenAiStreamParser parser;
        parser.feed("<html><body>502 Bad Gateway</body></html>");
        const ChatResult result = accumulate(parser.finish());
        QVERIFY(result.error);
        QCOMPARE(result.error->category, ErrorCategory::BadResponse);
    }

    void errorEventName()
    {
        OpenAiStreamParser parser;
        const ChatResult result
            = accumulate(parser.feed("event: error\ndata: {\"message\":\"boom\"}\n\n"));
        QVERIFY(result.error);
        QCOMPARE(result.error->message, std::string("boom"));
    }

    void nonStreamingResponses_data()
    {
        addNonStreamingColumns();
        QTest::newRow("openai with tool call")
            << 200
            << QByteArray(
                   "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1741569952,"
                   "\"model\":\"gpt-4o-2024-08-06\",\"system_fingerprint\":\"fp_1\",\"service_"
                   "tier\":\"default\",\n "
                   "\"choices\":[{\"index\":0,\"finish_reason\":\"tool_calls\",\"message\":{"
                   "\"role\":\"assistant\",\"content\":null,\"refusal\":null,\"annotations\":[],\n "
                   "  "
                   "\"tool_calls\":[{\"id\":\"call_abc\",\"type\":\"function\",\"function\":{"
                   "\"name\":\"f\",\"arguments\":\"{\\\"x\\\":1}\"}}]},\"logprobs\":null}],\n "
                   "\"usage\":{\"prompt_tokens\":19,\"completion_tokens\":10,\"total_tokens\":29,"
                   "\"prompt_tokens_details\":{\"cached_tokens\":0,\"audio_tokens\":0},\n   "
                   "\"completion_tokens_details\":{\"reasoning_tokens\":0,\"accepted_prediction_"
                   "tokens\":0,\"rejected_prediction_tokens\":0}}}")
            << ""
            << "call_abc f {\"x\":1}"
            << "tool_calls"
            << "19/10/0/0"
            << "";
        QTest::newRow("deepseek blank lines before the JSON, reasoning_content")
            << 200
            << QByteArray("\n\n\n"
                          "{\"id\":\"d\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,"
                          "\"message\":{\"role\":\"assistant\",\"content\":\"Paris\",\"reasoning_"
                          "content\":\"The capital...\"},\"finish_reason\":\"stop\"}],\n "
                          "\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":25,\"prompt_cache_"
                          "hit_tokens\":8,\"prompt_cache_miss_tokens\":2,\"completion_tokens_"
                          "details\":{\"reasoning_tokens\":20}}}")
            << "Paris"
            << ""
            << "stop"
            << "10/25/8/20"
            << "";
        QTest::newRow("refusal")
            << 200
            << QByteArray(
                   "{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":"
                   "null,\"refusal\":\"I can't help with that.\"},\"finish_reason\":\"stop\"}]}")
            << "I can't help with that."
            << ""
            << "stop"
            << "-/-/-/-"
            << "";
        QTest::newRow("streamed although not asked")
            << 200
            << QByteArray("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"yo\"},"
                          "\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n")
            << "yo"
            << ""
            << "stop"
            << "-/-/-/-"
            << "";
        QTest::newRow("not JSON") << 200 << QByteArray("{\"choices\": [") << ""
                                  << ""
                                  << ""
                                  << "-/-/-/-"
                                  << "bad_response";
        QTest::newRow("no choices") << 200 << QByteArray("{\"object\":\"list\"}") << ""
                                    << ""
                                    << ""
                                    << "-/-/-/-"
                                    << "bad_response";
        QTest::newRow("HTTP 401") << 401
                                  << QByteArray("{\"error\":{\"message\":\"Incorrect API key "
                                                "provided.\",\"type\":\"invalid_request_error\","
                                                "\"param\":null,\"code\":\"invalid_api_key\"}}")
                                  << ""
                                  << ""
                                  << ""
                                  << "-/-/-/-"
                                  << "auth";
    }
    void nonStreamingResponses()
    {
        checkNonStreamingResponse(OpenAiAdapter(), ErrorStatus::Unchecked);
    }
};

QTEST_APPLESS_MAIN(TestOpenAiStream)
#include "test_openai_stream.moc"
