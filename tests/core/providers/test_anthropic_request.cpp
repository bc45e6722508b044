#include "providers/anthropic_adapter.h"

#include "request_test_support.h"

#include <QtTest>

using namespace ps::providers;
using nlohmann::json;
using namespace ps::test;

namespace {

ProviderConfig config(const std::string &baseUrl)
{
    return providerConfig("claude", ProviderKind::Anthropic, baseUrl);
}

} // namespace

class TestAnthropicRequest : public QObject
{
    Q_OBJECT

private slots:
    // Every kind of turn: system prompts lifted out, two parallel tool calls answered by two
    // tool messages that become one user turn, and a user turn after them merged in too.
    void conversationWithTools()
    {
        ChatRequest request;
        request.model = "claude-sonnet-4-20250514";
        ChatMessage call = message("assistant", "Looking both up.");
        call.toolCalls = json::parse(
            "[{\"id\":\"toolu_1\",\"name\":\"lookup\",\"arguments\":\"{\\\"order\\\":\\\"A7\\\"}\"}"
            ","
            "{\"id\":\"toolu_2\",\"name\":\"lookup\",\"arguments\":{\"order\":\"B2\"}}]");
        ChatMessage first = message("tool", "{\"status\":\"shipped\"}");
        first.toolCallId = "toolu_1";
        ChatMessage second = message("tool", "not found");
        second.toolCallId = "toolu_2";
        request.messages = {message("system", "You track orders."), message("user", "Where are A7"),
            message("user", "and B2?"), call, first, second, message("system", "Be brief."),
            message("user", "Thanks.")};
        request.params.temperature = 0.2;
        request.params.topP = 0.9;
        request.params.stop = {"END"};
        request.params.seed = 7; // Anthropic has no seed: left out
        request.params.tools = json::parse("[{\"name\":\"lookup\",\"description\":\"Finds an "
                                           "order\",\"parameters\":{\"type\":\"object\","
                                           "\"properties\":{\"order\":{\"type\":\"string\"}}}}]");

        const json body = AnthropicAdapter::requestBody(request);
        const json expected = json::parse(
            "{"
            "\"model\": \"claude-sonnet-4-20250514\","
            "\"max_tokens\": 4096,"
            "\"system\": \"You track orders.\\n\\nBe brief.\","
            "\"messages\": ["
            "{\"role\": \"user\", \"content\": [{\"type\": \"text\", \"text\": \"Where are A7\"},"
            "{\"type\": \"text\", \"text\": \"and B2?\"}]},"
            "{\"role\": \"assistant\", \"content\": ["
            "{\"type\": \"text\", \"text\": \"Looking both up.\"},"
            "{\"type\": \"tool_use\", \"id\": \"toolu_1\", \"name\": \"lookup\", \"input\": "
            "{\"order\": \"A7\"}},"
            "{\"type\": \"tool_use\", \"id\": \"toolu_2\", \"name\": \"lookup\", \"input\": "
            "{\"order\": \"B2\"}}]},"
            "{\"role\": \"user\", \"content\": ["
            "{\"type\": \"tool_result\", \"tool_use_id\": \"toolu_1\", \"content\": "
            "\"{\\\"status\\\":\\\"shipped\\\"}\"},"
            "{\"type\": \"tool_result\", \"tool_use_id\": \"toolu_2\", \"content\": \"not found\"},"
            "{\"type\": \"text\", \"text\": \"Thanks.\"}]}"
            "],"
            "\"temperature\": 0.2,"
            "\"top_p\": 0.9,"
            "\"stop_sequences\": [\"END\"],"
            "\"tools\": [{\"name\": \"lookup\", \"description\": \"Finds an order\","
            "\"input_schema\": {\"type\": \"object\", \"properties\": {\"order\": {\"type\": "
            "\"string\"}}}}],"
            "\"stream\": true"
            "}");
        QCOMPARE(QString::fromStdString(body.dump(1)), QString::fromStdString(expected.dump(1)));
    }

    void simpleTurnsAreStringsAndMaxTokensIsKept()
    {
        ChatRequest request;
        request.model = "m";
        request.stream = false;
        request.messages
            = {message("user", "Hi"), message("assistant", "Hello"), message("user", "Bye")};
        request.params.maxTokens = 50;
        const json body = AnthropicAdapter::requestBody(request);
        QCOMPARE(body["max_tokens"].get<int>(), 50);
        QCOMPARE(body["messages"][0]["content"], json("Hi"));
        QCOMPARE(body["messages"][1]["role"], json("assistant"));
        QCOMPARE(body["messages"].size(), std::size_t(3));
        QVERIFY(!body.contains("system"));
        QVERIFY(!body.contains("stream"));
    }

    void jsonSchemaAndExtra()
    {
        ChatRequest request;
        request.model = "m";
        request.messages = {message("user", "Label it")};
        request.params.responseFormat
            = json::parse("{\"type\":\"json_schema\",\"name\":\"label\",\"schema\":{\"type\":"
                          "\"object\",\"properties\":{\"label\":{\"type\":\"string\"}}}}");
        request.params.extra
            = json::parse("{\"top_k\":5,\"model\":\"other\",\"temperature\":null}");
        request.params.temperature = 1.0;
        const json body = AnthropicAdapter::requestBody(request);
        QCOMPARE(body["output_config"]["format"]["type"], json("json_schema"));
        QCOMPARE(body["output_config"]["format"]["schema"]["properties"]["label"]["type"],
            json("string"));
        QCOMPARE(body["top_k"], json(5));
        QCOMPARE(body["model"], json("m"));
        QVERIFY(!body.contains("temperature"));
    }

    void headersAndUrl_data()
    {
        QTest::addColumn<QString>("base");
        QTest::addColumn<QString>("url");
        QTest::newRow("default") << ""
                                 << "https://api.anthropic.com/v1/messages";
        QTest::newRow("host") << "https://api.anthropic.com"
                              << "https://api.anthropic.com/v1/messages";
        QTest::newRow("slash") << "http://127.0.0.1:8080/"
                               << "http://127.0.0.1:8080/v1/messages";
        QTest::newRow("with /v1") << "http://proxy/v1"
                                  << "http://proxy/v1/messages";
    }
    void headersAndUrl()
    {
        QFETCH(QString, base);
        QFETCH(QString, url);
        ChatRequest request;
        request.model = "m";
        request.messages = {message("user", "hi")};
        ProviderConfig c = config(base.toStdString());
        c.timeoutSeconds = 9;
        const auto http = AnthropicAdapter().buildRequest(request, c, "sk-ant-1");
        QCOMPARE(QString::fromStdString(http.url), url);
        QCOMPARE(http.method, std::string("POST"));
        QCOMPARE(valuesOf(http.headers, "x-api-key"), std::vector<std::string> {"sk-ant-1"});
        QCOMPARE(
            valuesOf(http.headers, "anthropic-version"), std::vector<std::string> {"2023-06-01"});
        QCOMPARE(
            valuesOf(http.headers, "content-type"), std::vector<std::string> {"application/json"});
        QVERIFY(valuesOf(http.headers, "authorization").empty());
        QCOMPARE(http.timeouts.firstByte.count(), 9000);

        const auto keyless = AnthropicAdapter().buildRequest(request, c, "");
        QVERIFY(valuesOf(keyless.headers, "x-api-key").empty());
    }

    // The key goes into x-api-key and nowhere else: not the URL, the body or another header.
    void canaryKeyOnlyInItsHeader()
    {
        const std::string canary = "sk-ant-CANARY-7f3e9a";
        ChatRequest request;
        request.model = "claude";
        request.messages = {message("system", "s"), message("user", "hello")};
        const auto http = AnthropicAdapter().buildRequest(request, config(""), canary);
        QVERIFY(http.url.find(canary) == std::string::npos);
        QVERIFY(http.body.find(canary) == std::string::npos);
        int seen = 0;
        for (const auto &[name, value] : http.headers)
            if (value.find(canary) != std::string::npos) {
                QCOMPARE(name, std::string("x-api-key"));
                ++seen;
            }
        QCOMPARE(seen, 1);
    }
};

QTEST_APPLESS_MAIN(TestAnthropicRequest)
#include "test_anthropic_request.moc"
