#include "providers/gemini_adapter.h"

#include "request_test_support.h"

#include <QtTest>

using namespace ps::providers;
using nlohmann::json;
using namespace ps::test;

namespace {

ProviderConfig config(const std::string &baseUrl)
{
    return providerConfig("gemini", ProviderKind::Gemini, baseUrl);
}

} // namespace

class TestGeminiRequest : public QObject
{
    Q_OBJECT

private slots:
    // System prompts become systemInstruction, assistant turns are "model", parallel tool
    // results are answered in one user turn, each by the name of the call it answers.
    void conversationWithTools()
    {
        ChatRequest request;
        request.model = "gemini-2.5-flash";
        ChatMessage call = message("assistant", "");
        call.toolCalls = json::parse("[{\"id\":\"c1\",\"name\":\"lookup\",\"arguments\":"
                                     "\"{\\\"order\\\":\\\"A7\\\"}\"},{\"name\":\"clock\","
                                     "\"arguments\":{}}]");
        ChatMessage first = message("tool", "{\"status\":\"shipped\"}");
        first.toolCallId = "c1";
        ChatMessage second = message("tool", "12:00");
        second.toolCallId = "call_2_1"; // the id the adapter gave the call without one
        request.messages = {message("system", "You track orders."), message("user", "Where is A7?"),
            call, first, second, message("user", "Thanks.")};
        request.params.temperature = 0.5;
        request.params.topP = 0.8;
        request.params.maxTokens = 256;
        request.params.stop = {"END"};
        request.params.seed = 42;
        request.params.tools = json::parse(
            "[{\"name\":\"lookup\",\"description\":\"Finds an order\",\"parameters\":{\"type\":"
            "\"object\",\"properties\":{\"order\":{\"type\":\"string\"}},"
            "\"additionalProperties\":false}},{\"type\":\"function\",\"function\":{\"name\":"
            "\"clock\"}}]");

        const json body = GeminiAdapter::requestBody(request);
        const json expected = json::parse(
            "{\"contents\":["
            "{\"role\":\"user\",\"parts\":[{\"text\":\"Where is A7?\"}]},"
            "{\"role\":\"model\",\"parts\":["
            "{\"functionCall\":{\"name\":\"lookup\",\"args\":{\"order\":\"A7\"},\"id\":\"c1\"},"
            "\"thoughtSignature\":\"skip_thought_signature_validator\"},"
            "{\"functionCall\":{\"name\":\"clock\",\"args\":{},\"id\":\"call_2_1\"}}]},"
            "{\"role\":\"user\",\"parts\":["
            "{\"functionResponse\":{\"name\":\"lookup\",\"response\":{\"status\":\"shipped\"},"
            "\"id\":\"c1\"}},"
            "{\"functionResponse\":{\"name\":\"clock\",\"response\":{\"output\":\"12:00\"},"
            "\"id\":\"call_2_1\"}},"
            "{\"text\":\"Thanks.\"}]}],"
            "\"systemInstruction\":{\"parts\":[{\"text\":\"You track orders.\"}]},"
            "\"tools\":[{\"functionDeclarations\":["
            "{\"name\":\"lookup\",\"description\":\"Finds an order\",\"parametersJsonSchema\":{"
            "\"type\":\"object\",\"properties\":{\"order\":{\"type\":\"string\"}},"
            "\"additionalProperties\":false}},"
            "{\"name\":\"clock\"}]}],"
            "\"generationConfig\":{\"temperature\":0.5,\"topP\":0.8,\"maxOutputTokens\":256,"
            "\"stopSequences\":[\"END\"],\"seed\":42}}");
        QCOMPARE(QString::fromStdString(body.dump(1)), QString::fromStdString(expected.dump(1)));
    }

    // A call replayed from a real answer keeps its signature; a mocked one gets the sentinel
    // on its first call only, as Gemini 3 requires.
    void thoughtSignatures()
    {
        ChatRequest request;
        request.model = "gemini-3-flash";
        ChatMessage real = message("assistant", "");
        real.toolCalls = json::parse("[{\"id\":\"a\",\"name\":\"f\",\"arguments\":{},"
                                     "\"thoughtSignature\":\"c2lnbmF0dXJl\"}]");
        ChatMessage mocked = message("assistant", "");
        mocked.toolCalls = json::parse("[{\"id\":\"b\",\"name\":\"f\",\"arguments\":{}},"
                                       "{\"id\":\"c\",\"name\":\"f\",\"arguments\":{}}]");
        request.messages = {message("user", "go"), real, message("user", "again"), mocked};
        const json contents = GeminiAdapter::requestBody(request)["contents"];
        QCOMPARE(contents[1]["parts"][0]["thoughtSignature"], json("c2lnbmF0dXJl"));
        QCOMPARE(
            contents[3]["parts"][0]["thoughtSignature"], json("skip_thought_signature_validator"));
        QVERIFY(!contents[3]["parts"][1].contains("thoughtSignature"));
    }

    void jsonSchemaAndExtra()
    {
        ChatRequest request;
        request.model = "m";
        request.messages = {message("user", "Label it")};
        request.params.responseFormat = json::parse(
            "{\"type\":\"json_schema\",\"name\":\"label\",\"schema\":{\"type\":\"object\","
            "\"properties\":{\"label\":{\"type\":\"string\"}}}}");
        request.params.extra = json::parse(
            "{\"safetySettings\":[{\"category\":\"HARM_CATEGORY_HARASSMENT\",\"threshold\":"
            "\"BLOCK_NONE\"}],\"generationConfig\":{\"topK\":3}}");
        const json body = GeminiAdapter::requestBody(request);
        QCOMPARE(body["generationConfig"]["responseMimeType"], json("application/json"));
        QCOMPARE(body["generationConfig"]["responseJsonSchema"]["properties"]["label"]["type"],
            json("string"));
        QCOMPARE(body["generationConfig"]["topK"], json(3)); // merged, not replaced
        QCOMPARE(body["safetySettings"][0]["threshold"], json("BLOCK_NONE"));
        QVERIFY(!body.contains("systemInstruction"));

        request.params.responseFormat = json::parse("{\"type\":\"json_object\"}");
        request.params.extra = json::object();
        const json plain = GeminiAdapter::requestBody(request);
        QCOMPARE(plain["generationConfig"]["responseMimeType"], json("application/json"));
        QVERIFY(!plain["generationConfig"].contains("responseJsonSchema"));
    }

    void urls_data()
    {
        QTest::addColumn<QString>("base");
        QTest::addColumn<QString>("model");
        QTest::addColumn<bool>("stream");
        QTest::addColumn<QString>("url");
        QTest::newRow("default, stream")
            << ""
            << "gemini-2.5-flash" << true
            << "https://generativelanguage.googleapis.com/v1beta/models/"
               "gemini-2.5-flash:streamGenerateContent?alt=sse";
        QTest::newRow("whole reply") << "https://generativelanguage.googleapis.com/"
                                     << "gemini-2.5-flash" << false
                                     << "https://generativelanguage.googleapis.com/v1beta/models/"
                                        "gemini-2.5-flash:generateContent";
        QTest::newRow("models/ prefix, local host, /v1beta given")
            << "http://127.0.0.1:9000/v1beta"
            << "models/gemini-2.0-flash" << false
            << "http://127.0.0.1:9000/v1beta/models/gemini-2.0-flash:generateContent";
        QTest::newRow("odd characters escaped")
            << "http://h"
            << "a/b?c" << false << "http://h/v1beta/models/a%2Fb%3Fc:generateContent";
    }
    void urls()
    {
        QFETCH(QString, base);
        QFETCH(QString, model);
        QFETCH(bool, stream);
        QFETCH(QString, url);
        ChatRequest request;
        request.model = model.toStdString();
        request.stream = stream;
        request.messages = {message("user", "hi")};
        const auto http = GeminiAdapter().buildRequest(request, config(base.toStdString()), "k");
        QCOMPARE(QString::fromStdString(http.url), url);
        QCOMPARE(valuesOf(http.headers, "accept"),
            std::vector<std::string> {stream ? "text/event-stream" : "application/json"});
    }

    // The key goes into x-goog-api-key only: never ?key= in the URL, the body or another header.
    void canaryKeyOnlyInItsHeader()
    {
        const std::string canary = "AIzaCANARY-91b2c3";
        ChatRequest request;
        request.model = "gemini-2.5-flash";
        request.messages = {message("system", "s"), message("user", "hello")};
        const auto http = GeminiAdapter().buildRequest(request, config(""), canary);
        QVERIFY(http.url.find(canary) == std::string::npos);
        QVERIFY(http.url.find("key=") == std::string::npos);
        QVERIFY(http.body.find(canary) == std::string::npos);
        int seen = 0;
        for (const auto &[name, value] : http.headers)
            if (value.find(canary) != std::string::npos) {
                QCOMPARE(name, std::string("x-goog-api-key"));
                QCOMPARE(value, canary);
                ++seen;
            }
        QCOMPARE(seen, 1);

        const auto keyless = GeminiAdapter().buildRequest(request, config(""), "");
        QVERIFY(valuesOf(keyless.headers, "x-goog-api-key").empty());
    }
};

QTEST_APPLESS_MAIN(TestGeminiRequest)
#include "test_gemini_request.moc"
