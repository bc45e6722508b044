#include "providers/ollama_adapter.h"

#include "request_test_support.h"

#include <QtTest>

using namespace ps::providers;
using nlohmann::json;
using namespace ps::test;

namespace {

ProviderConfig config(const std::string &baseUrl)
{
    return providerConfig("local", ProviderKind::Ollama, baseUrl);
}

} // namespace

class TestOllamaRequest : public QObject
{
    Q_OBJECT

private slots:
    // Sampling goes in "options", tool calls carry object arguments, and a tool result names
    // the function it answers.
    void conversationWithTools()
    {
        ChatRequest request;
        request.model = "llama3.2";
        ChatMessage call = message("assistant", "");
        call.toolCalls = json::parse(
            "[{\"id\":\"c1\",\"name\":\"lookup\",\"arguments\":\"{\\\"order\\\":\\\"A7\\\"}\"}]");
        ChatMessage answer = message("tool", "shipped");
        answer.toolCallId = "c1";
        request.messages = {
            message("system", "You track orders."), message("user", "Where is A7?"), call, answer};
        request.params.temperature = 0.3;
        request.params.topP = 0.9;
        request.params.maxTokens = 100;
        request.params.stop = {"END"};
        request.params.seed = 1;
        request.params.tools = json::parse("[{\"name\":\"lookup\",\"description\":\"Finds\","
                                           "\"parameters\":{\"type\":\"object\"}}]");
        request.params.responseFormat = json::parse(
            "{\"type\":\"json_schema\",\"name\":\"r\",\"schema\":{\"type\":\"object\"}}");

        const json body = OllamaAdapter::requestBody(request);
        const json expected = json::parse(
            "{\"model\":\"llama3.2\",\"messages\":["
            "{\"role\":\"system\",\"content\":\"You track orders.\"},"
            "{\"role\":\"user\",\"content\":\"Where is A7?\"},"
            "{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":[{\"function\":{\"name\":"
            "\"lookup\",\"arguments\":{\"order\":\"A7\"}}}]},"
            "{\"role\":\"tool\",\"content\":\"shipped\",\"tool_name\":\"lookup\"}],"
            "\"stream\":true,"
            "\"options\":{\"temperature\":0.3,\"top_p\":0.9,\"num_predict\":100,\"stop\":[\"END\"],"
            "\"seed\":1},"
            "\"format\":{\"type\":\"object\"},"
            "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"lookup\",\"description\":"
            "\"Finds\",\"parameters\":{\"type\":\"object\"}}}]}");
        QCOMPARE(QString::fromStdString(body.dump(1)), QString::fromStdString(expected.dump(1)));
    }

    // Ollama streams unless told not to, so stream:false must be said.
    void streamIsAlwaysExplicit()
    {
        ChatRequest request;
        request.model = "m";
        request.stream = false;
        request.messages = {message("user", "hi")};
        request.params.responseFormat = json::parse("{\"type\":\"json_object\"}");
        request.params.extra = json::parse("{\"keep_alive\":\"5m\",\"stream\":true}");
        const json body = OllamaAdapter::requestBody(request);
        QCOMPARE(body["stream"], json(false));
        QCOMPARE(body["format"], json("json"));
        QCOMPARE(body["keep_alive"], json("5m"));
        QVERIFY(!body.contains("options"));
    }

    void reasoningEffortBecomesThink_data()
    {
        QTest::addColumn<QString>("effort");
        QTest::addColumn<QString>("think"); // as JSON
        QTest::newRow("none") << "none"
                              << "false";
        QTest::newRow("low") << "low"
                             << "\"low\"";
        QTest::newRow("high") << "high"
                              << "\"high\"";
        QTest::newRow("minimal") << "minimal"
                                 << "true";
    }
    void reasoningEffortBecomesThink()
    {
        QFETCH(QString, effort);
        QFETCH(QString, think);
        ChatRequest request;
        request.model = "qwen3";
        request.messages = {message("user", "hi")};
        QVERIFY(!OllamaAdapter::requestBody(request).contains("think"));
        request.params.reasoningEffort = effort.toStdString();
        QCOMPARE(
            QString::fromStdString(OllamaAdapter::requestBody(request)["think"].dump()), think);
    }

    void urls_data()
    {
        QTest::addColumn<QString>("base");
        QTest::addColumn<QString>("url");
        QTest::newRow("default") << ""
                                 << "http://localhost:11434/api/chat";
        QTest::newRow("host") << "http://gpu:11434"
                              << "http://gpu:11434/api/chat";
        QTest::newRow("slash") << "http://gpu:11434/"
                               << "http://gpu:11434/api/chat";
        QTest::newRow("an OpenAI-style /v1") << "http://gpu:11434/v1"
                                             << "http://gpu:11434/api/chat";
        QTest::newRow("/api") << "https://ollama.com/api"
                              << "https://ollama.com/api/chat";
    }
    void urls()
    {
        QFETCH(QString, base);
        QFETCH(QString, url);
        ChatRequest request;
        request.messages = {message("user", "hi")};
        const auto http = OllamaAdapter().buildRequest(request, config(base.toStdString()), "");
        QCOMPARE(QString::fromStdString(http.url), url);
        for (const auto &[name, value] : http.headers)
            QVERIFY(name != "authorization"); // a local server gets no key
    }

    // A key (ollama.com) goes into the Authorization header only.
    void canaryKeyOnlyInItsHeader()
    {
        const std::string canary = "ollama-CANARY-5d1e";
        ChatRequest request;
        request.model = "gpt-oss:120b";
        request.messages = {message("user", "hello")};
        const auto http
            = OllamaAdapter().buildRequest(request, config("https://ollama.com"), canary);
        QVERIFY(http.url.find(canary) == std::string::npos);
        QVERIFY(http.body.find(canary) == std::string::npos);
        int seen = 0;
        for (const auto &[name, value] : http.headers)
            if (value.find(canary) != std::string::npos) {
                QCOMPARE(name, std::string("authorization"));
                QCOMPARE(value, "Bearer " + canary);
                ++seen;
            }
        QCOMPARE(seen, 1);
    }
};

QTEST_APPLESS_MAIN(TestOllamaRequest)
#include "test_ollama_request.moc"
