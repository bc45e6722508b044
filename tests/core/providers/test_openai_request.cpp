#include "providers/openai_adapter.h"

#include "request_test_support.h"
#include "test_support.h"

#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validator.hpp>

#include <QtTest>

using namespace ps::providers;
using nlohmann::json;
using namespace ps::test;

namespace {

ProviderConfig config(ProviderKind kind, const std::string &baseUrl)
{
    return providerConfig("p", kind, baseUrl);
}

// A conversation with every kind of turn: system, user, an assistant turn that calls a tool,
// the tool's answer, and the user again.
std::vector<ChatMessage> toolConversation()
{
    ChatMessage call = message("assistant", "");
    call.toolCalls = json::parse(
        "[{\"id\":\"call_1\",\"name\":\"lookup_order\",\"arguments\":{\"order\":\"A7\"}}]");
    ChatMessage answer = message("tool", "{\"status\":\"shipped\"}");
    answer.toolCallId = "call_1";
    return {message("system", "You label tickets."), message("user", "Where is A7?"), call, answer,
        message("user", "Thanks. And the label?")};
}

std::string headerCount(const ps::net::Headers &headers, const std::string &name, int *count)
{
    std::string value;
    *count = 0;
    for (const auto &[key, v] : headers)
        if (key == name) {
            value = v;
            ++*count;
        }
    return value;
}

class SchemaChecker
{
public:
    SchemaChecker()
    {
        const QByteArray text = ps::test::readFile(
            ps::test::dataPath(QStringLiteral("openai-chat-request.schema.json")));
        m_schemaJson = json::parse(text.toStdString());
        widenHugeBounds(m_schemaJson);
        valijson::SchemaParser parser;
        valijson::adapters::NlohmannJsonAdapter adapter(m_schemaJson);
        parser.populateSchema(adapter, m_schema);
    }

    // Empty when valid, else the validator's first complaints.
    std::string errors(const json &body) const
    {
        valijson::Validator validator;
        valijson::ValidationResults results;
        valijson::adapters::NlohmannJsonAdapter target(body);
        if (validator.validate(m_schema, target, &results))
            return {};
        std::string out;
        valijson::ValidationResults::Error error;
        for (int i = 0; i < 5 && results.popError(error); ++i) {
            std::string where;
            for (const auto &part : error.context)
                where += part;
            out += where + ": " + error.description + "\n";
        }
        return out.empty() ? "invalid" : out;
    }

private:
    // The spec bounds seed by +-9223372036854776000 (int64 rounded through a double); valijson
    // reads bounds as int64, where that number wraps to the minimum. As doubles they mean what
    // the spec means.
    static void widenHugeBounds(json &node)
    {
        if (node.is_number_unsigned()
            && node.get<std::uint64_t>() > std::uint64_t(std::numeric_limits<std::int64_t>::max()))
            node = node.get<double>();
        else if (node.is_number_integer()
            && node.get<std::int64_t>() == std::numeric_limits<std::int64_t>::min())
            node = node.get<double>();
        else if (node.is_structured())
            for (json &child : node)
                widenHugeBounds(child);
    }

    json m_schemaJson;
    valijson::Schema m_schema;
};

} // namespace

class TestOpenAiRequest : public QObject
{
    Q_OBJECT

private slots:
    void representativeRequestIsExactly()
    {
        ChatRequest request;
        request.model = "gpt-4o-mini";
        request.messages = toolConversation();
        request.params.temperature = 0.2;
        request.params.topP = 0.9;
        request.params.maxTokens = 256;
        request.params.stop = {"\n\n"};
        request.params.seed = 7;
        request.params.reasoningEffort = "low";
        request.params.responseFormat
            = json::parse("{\"type\":\"json_schema\",\"name\":\"label\",\"schema\":{\"type\":"
                          "\"object\"},\"strict\":true}");
        request.params.tools = json::parse(
            "[{\"name\":\"lookup_order\",\"description\":\"Finds an order\",\"parameters\":{"
            "\"type\":\"object\",\"properties\":{\"order\":{\"type\":\"string\"}}}}]");
        request.params.extra = json::parse("{\"user\":\"u1\",\"stream\":false,\"model\":\"x\"}");
        request.stream = true;

        const auto http = OpenAiAdapter().buildRequest(
            request, config(ProviderKind::OpenAi, "https://api.openai.com/v1"), "sk-test");
        const json expected = json::parse(
            "{\"model\":\"gpt-4o-mini\",\"messages\":["
            "{\"role\":\"system\",\"content\":\"You label tickets.\"},"
            "{\"role\":\"user\",\"content\":\"Where is A7?\"},"
            "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_1\","
            "\"type\":\"function\",\"function\":{\"name\":\"lookup_order\",\"arguments\":"
            "\"{\\\"order\\\":\\\"A7\\\"}\"}}]},"
            "{\"role\":\"tool\",\"content\":\"{\\\"status\\\":\\\"shipped\\\"}\","
            "\"tool_call_id\":\"call_1\"},"
            "{\"role\":\"user\",\"content\":\"Thanks. And the label?\"}],"
            "\"temperature\":0.2,\"top_p\":0.9,\"max_completion_tokens\":256,\"stop\":[\"\\n\\n\"],"
            "\"seed\":7,\"reasoning_effort\":\"low\","
            "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"label\","
            "\"schema\":{\"type\":\"object\"},\"strict\":true}},"
            "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"lookup_order\","
            "\"description\":\"Finds an order\",\"parameters\":{\"type\":\"object\","
            "\"properties\":{\"order\":{\"type\":\"string\"}}}}}],"
            "\"stream\":true,\"stream_options\":{\"include_usage\":true},\"user\":\"u1\"}");
        QCOMPARE(QString::fromStdString(json::parse(http.body).dump(1)),
            QString::fromStdString(expected.dump(1)));
        QCOMPARE(http.method, std::string("POST"));
        QCOMPARE(http.url, std::string("https://api.openai.com/v1/chat/completions"));
    }

    void headers()
    {
        ChatRequest request;
        request.model = "m";
        request.messages = {message("user", "hi")};
        const OpenAiAdapter adapter;
        auto http
            = adapter.buildRequest(request, config(ProviderKind::OpenAi, "https://x/v1"), "sk-abc");
        int count = 0;
        QCOMPARE(headerCount(http.headers, "authorization", &count), std::string("Bearer sk-abc"));
        QCOMPARE(count, 1);
        QCOMPARE(
            headerCount(http.headers, "content-type", &count), std::string("application/json"));
        QCOMPARE(headerCount(http.headers, "accept", &count), std::string("text/event-stream"));
        for (const auto &[name, value] : http.headers) // names are lower-case (HttpRequest)
            QCOMPARE(QString::fromStdString(name), QString::fromStdString(name).toLower());

        // A local server without a key gets no Authorization header at all.
        request.stream = false;
        http = adapter.buildRequest(
            request, config(ProviderKind::OpenAiCompatible, "http://localhost:8080/v1"), "");
        headerCount(http.headers, "authorization", &count);
        QCOMPARE(count, 0);
        QCOMPARE(headerCount(http.headers, "accept", &count), std::string("application/json"));
        const json body = json::parse(http.body);
        QVERIFY(!body.contains("stream"));
        QVERIFY(!body.contains("stream_options"));
    }

    void timeoutsComeFromTheConfig()
    {
        ChatRequest request;
        request.messages = {message("user", "hi")};
        ProviderConfig c = config(ProviderKind::OpenAi, "https://x/v1");
        c.timeoutSeconds = 5;
        const auto http = OpenAiAdapter().buildRequest(request, c, "");
        QCOMPARE(http.timeouts.firstByte.count(), 5000);
        QCOMPARE(http.timeouts.idle.count(), 5000);
    }

    void urls_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("base");
        QTest::addColumn<QString>("url");
        QTest::newRow("openai") << int(ProviderKind::OpenAi) << "https://api.openai.com/v1"
                                << "https://api.openai.com/v1/chat/completions";
        QTest::newRow("trailing slash") << int(ProviderKind::OpenAi) << "https://api.openai.com/v1/"
                                        << "https://api.openai.com/v1/chat/completions";
        QTest::newRow("openai default") << int(ProviderKind::OpenAi) << ""
                                        << "https://api.openai.com/v1/chat/completions";
        QTest::newRow("llama.cpp")
            << int(ProviderKind::OpenAiCompatible) << "http://localhost:8080/v1"
            << "http://localhost:8080/v1/chat/completions";
        QTest::newRow("openrouter")
            << int(ProviderKind::OpenAiCompatible) << "https://openrouter.ai/api/v1//"
            << "https://openrouter.ai/api/v1/chat/completions";
        QTest::newRow("ollama host") << int(ProviderKind::Ollama) << "http://localhost:11434"
                                     << "http://localhost:11434/v1/chat/completions";
        QTest::newRow("ollama host slash") << int(ProviderKind::Ollama) << "http://gpu:11434/"
                                           << "http://gpu:11434/v1/chat/completions";
        QTest::newRow("ollama with /v1") << int(ProviderKind::Ollama) << "http://gpu:11434/v1"
                                         << "http://gpu:11434/v1/chat/completions";
    }
    void urls()
    {
        QFETCH(int, kind);
        QFETCH(QString, base);
        QFETCH(QString, url);
        ChatRequest request;
        request.messages = {message("user", "hi")};
        const auto http = OpenAiAdapter().buildRequest(
            request, config(ProviderKind(kind), base.toStdString()), "");
        QCOMPARE(QString::fromStdString(http.url), url);
    }

    // OpenAI rejects max_tokens for reasoning models; most other servers only know max_tokens.
    void maxTokensNamePerKind()
    {
        ChatRequest request;
        request.messages = {message("user", "hi")};
        request.params.maxTokens = 12;
        const json openai = OpenAiAdapter::requestBody(request, ProviderKind::OpenAi);
        QCOMPARE(openai.value("max_completion_tokens", 0), 12);
        QVERIFY(!openai.contains("max_tokens"));
        for (ProviderKind kind : {ProviderKind::OpenAiCompatible, ProviderKind::Ollama}) {
            const json other = OpenAiAdapter::requestBody(request, kind);
            QCOMPARE(other.value("max_tokens", 0), 12);
            QVERIFY(!other.contains("max_completion_tokens"));
        }
    }

    void extraParamsPassThrough()
    {
        ChatRequest request;
        request.model = "llama";
        request.messages = {message("user", "hi")};
        request.params.temperature = 0.5;
        request.params.maxTokens = 10;
        request.params.extra = json::parse(
            "{\"top_k\":40,\"temperature\":0.7,\"max_tokens\":null,\"stream_options\":"
            "{\"continuous_usage_stats\":true},\"messages\":[],\"model\":\"evil\"}");
        const json body = OpenAiAdapter::requestBody(request, ProviderKind::OpenAiCompatible);
        QCOMPARE(body.value("top_k", 0), 40);
        QCOMPARE(body.value("temperature", 0.0), 0.7); // the user's explicit choice wins
        QVERIFY(!body.contains("max_tokens")); // null removes
        QCOMPARE(body["stream_options"],
            json::parse("{\"include_usage\":true,\"continuous_usage_stats\":true}"));
        QCOMPARE(body["model"], json("llama"));
        QCOMPARE(body["messages"].size(), std::size_t(1));
    }

    void toolCallsGetIdsAndStringArguments()
    {
        ChatRequest request;
        ChatMessage call = message("assistant", "Let me look.");
        call.toolCalls = json::parse("[{\"name\":\"a\"},{\"name\":\"b\",\"arguments\":\"{}\"}]");
        request.messages = {message("user", "hi"), call};
        const json body = OpenAiAdapter::requestBody(request, ProviderKind::OpenAi);
        const json &calls = body["messages"][1]["tool_calls"];
        QCOMPARE(body["messages"][1]["content"], json("Let me look."));
        QCOMPARE(calls[0]["id"], json("call_1_0"));
        QCOMPARE(calls[1]["id"], json("call_1_1"));
        QCOMPARE(calls[0]["function"]["arguments"], json("{}"));
        QCOMPARE(calls[1]["type"], json("function"));
    }

    // Every body the adapter builds is a valid CreateChatCompletionRequest.
    void bodiesMatchOpenAisSchema()
    {
        const SchemaChecker checker;
        const json responseFormat = json::parse(
            "{\"type\":\"json_schema\",\"name\":\"label\",\"schema\":{\"type\":\"object\","
            "\"properties\":{\"label\":{\"type\":\"string\"}}}}");
        const json tools = json::parse(
            "[{\"name\":\"lookup_order\",\"description\":\"d\",\"parameters\":{\"type\":"
            "\"object\"}},{\"name\":\"bare\"}]");
        int checked = 0;
        for (ProviderKind kind : {ProviderKind::OpenAi, ProviderKind::OpenAiCompatible})
            for (int conversation = 0; conversation < 2; ++conversation)
                for (int stream = 0; stream < 2; ++stream)
                    for (unsigned mask = 0; mask < 256; ++mask) {
                        ChatRequest request;
                        request.model = "gpt-4o";
                        request.stream = stream;
                        request.messages = conversation
                            ? toolConversation()
                            : std::vector<ChatMessage> {message("user", "hi")};
                        ps::model::Params &p = request.params;
                        if (mask & 1)
                            p.temperature = 1.5;
                        if (mask & 2)
                            p.topP = 0.5;
                        if (mask & 4)
                            p.maxTokens = 100;
                        if (mask & 8)
                            p.stop = {"END", "\n\n"};
                        if (mask & 16)
                            p.seed = 42;
                        if (mask & 32)
                            p.reasoningEffort = "minimal";
                        if (mask & 64)
                            p.responseFormat = responseFormat;
                        if (mask & 128)
                            p.tools = tools;
                        const json body = json::parse(
                            OpenAiAdapter()
                                .buildRequest(request, config(kind, "https://x/v1"), "k")
                                .body);
                        const std::string errors = checker.errors(body);
                        if (!errors.empty())
                            QFAIL(qPrintable(QString::fromStdString(body.dump() + "\n" + errors)));
                        ++checked;
                    }
        QCOMPARE(checked, 2 * 2 * 2 * 256);
    }

    // A user message with a stored image (a data URL) and a linked one (with its detail) is a
    // body OpenAI's schema accepts; an image part in the wrong shape is not.
    void imagePartsMatchOpenAisSchema()
    {
        const SchemaChecker checker;
        ps::model::ImageRef png;
        png.sha256 = std::string(64, 'b');
        png.mediaType = "image/png";
        png.width = 2;
        png.height = 2;
        ps::model::ImageRef url;
        url.url = "https://example.com/a.jpg";
        url.detail = "low";
        ChatRequest request;
        request.model = "gpt-4o";
        ChatMessage user = message("user", "Describe both.");
        user.images = {{png, "iVBORw0KGgo="}, {url, {}}};
        request.messages = {message("system", "s"), user};
        for (ProviderKind kind : {ProviderKind::OpenAi, ProviderKind::OpenAiCompatible}) {
            const json body = json::parse(OpenAiAdapter().buildRequest(request, config(kind, "https://x/v1"), "k").body);
            const std::string errors = checker.errors(body);
            QVERIFY2(errors.empty(), (body.dump() + "\n" + errors).c_str());
            QCOMPARE(body["messages"][1]["content"].size(), std::size_t(3));
        }
        const json broken = {{"model", "m"},
            {"messages", json::array({{{"role", "user"},
                {"content", json::array({{{"type", "image_url"}, {"image_url", "https://x/a.png"}}})}}})}};
        QVERIFY(!checker.errors(broken).empty());
    }

    // The schema check would catch a broken body: these are rejected.
    void schemaRejectsInvalidBodies_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("no messages") << QByteArray("{\"model\":\"m\",\"messages\":[]}");
        QTest::newRow("unknown role") << QByteArray(
            "{\"model\":\"m\",\"messages\":[{\"role\":\"robot\",\"content\":\"x\"}]}");
        QTest::newRow("tool turn without tool_call_id")
            << QByteArray("{\"model\":\"m\",\"messages\":[{\"role\":\"tool\",\"content\":\"x\"}]}");
        QTest::newRow("temperature out of range")
            << QByteArray("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                          "\"temperature\":3}");
        QTest::newRow("our own response_format shape, unconverted")
            << QByteArray("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                          "\"response_format\":{\"type\":\"json_schema\",\"name\":\"n\"}}");
        QTest::newRow("our own tool shape, unconverted")
            << QByteArray("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                          "\"tools\":[{\"name\":\"f\"}]}");
        QTest::newRow("tool call without type")
            << QByteArray("{\"model\":\"m\",\"messages\":[{\"role\":\"assistant\",\"tool_calls\":"
                          "[{\"id\":\"c\",\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]}]}");
    }
    void schemaRejectsInvalidBodies()
    {
        QFETCH(QByteArray, body);
        static const SchemaChecker checker;
        QVERIFY(!checker.errors(json::parse(body.toStdString())).empty());
    }
};

QTEST_APPLESS_MAIN(TestOpenAiRequest)
#include "test_openai_request.moc"
