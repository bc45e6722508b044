#include "providers/openai_adapter.h"
#include "providers/openai_stream_parser.h"
#include "providers/provider_error.h"
#include "secrets/secret_store.h"

#include "test_support.h"

#include <QtTest>

using namespace ps::providers;
using nlohmann::json;

namespace {

// "name: value; name: value"
ps::net::Headers parseHeaders(const QString &text)
{
    ps::net::Headers headers;
    for (const QString &pair : text.split(u';', Qt::SkipEmptyParts)) {
        const auto colon = pair.indexOf(u':');
        headers.emplace_back(
            pair.left(colon).trimmed().toStdString(), pair.mid(colon + 1).trimmed().toStdString());
    }
    return headers;
}

const char *kCanary = "sk-CANARY-7f3a9c1e5b2d4f6a8c0e";

} // namespace

class TestProviderErrors : public QObject
{
    Q_OBJECT

private slots:
    void categories_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("headers");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("category");
        QTest::addColumn<QString>("message"); // a part of the message
        QTest::addColumn<QString>("shouldRetry"); // "", "true" or "false"

        // OpenAI
        QTest::newRow("openai 401 bad key")
            << 401 << ""
            << QByteArray("{\"error\":{\"message\":\"Incorrect API key provided: sk-CANAR*****"
                          "**********8c0e. You can find your API key at https://platform.openai."
                          "com/account/api-keys.\",\"type\":\"invalid_request_error\",\"param\":"
                          "null,\"code\":\"invalid_api_key\"}}")
            << "auth"
            << "Incorrect API key"
            << "";
        QTest::newRow("openai 403 region")
            << 403 << ""
            << QByteArray("{\"error\":{\"code\":\"unsupported_country_region_territory\","
                          "\"message\":\"Country, region, or territory not supported\",\"param\":"
                          "null,\"type\":\"request_forbidden\"}}")
            << "auth"
            << "not supported"
            << "";
        QTest::newRow("openai 429 rate limit")
            << 429 << "x-ratelimit-reset-tokens: 2s; retry-after-ms: 2000"
            << QByteArray("{\"error\":{\"message\":\"Rate limit reached for gpt-4o in "
                          "organization org-x on tokens per min (TPM): Limit 30000, Used 29000, "
                          "Requested 2000. Please try again in 2s.\",\"type\":\"tokens\",\"param\":"
                          "null,\"code\":\"rate_limit_exceeded\"}}")
            << "rate_limit"
            << "tokens per min"
            << "";
        QTest::newRow("openai 429 quota, not worth retrying")
            << 429 << ""
            << QByteArray("{\"error\":{\"message\":\"You exceeded your current quota, please check "
                          "your plan and billing details.\",\"type\":\"insufficient_quota\","
                          "\"param\":null,\"code\":\"insufficient_quota\"}}")
            << "rate_limit"
            << "quota"
            << "false";
        QTest::newRow("openai 400 context")
            << 400 << ""
            << QByteArray("{\"error\":{\"message\":\"This model's maximum context length is 128000 "
                          "tokens. However, your messages resulted in 130000 tokens.\",\"type\":"
                          "\"invalid_request_error\",\"param\":\"messages\",\"code\":"
                          "\"context_length_exceeded\"}}")
            << "context_length"
            << "maximum context length"
            << "";
        QTest::newRow("openai 400 bad value")
            << 400 << ""
            << QByteArray("{\"error\":{\"message\":\"Invalid value for 'temperature': must be at "
                          "most 2.\",\"type\":\"invalid_request_error\",\"param\":\"temperature\","
                          "\"code\":\"invalid_value\"}}")
            << "bad_request"
            << "temperature"
            << "";
        QTest::newRow("openai 404 model")
            << 404 << ""
            << QByteArray("{\"error\":{\"message\":\"The model `gpt-9` does not exist or you do "
                          "not have access to it.\",\"type\":\"invalid_request_error\",\"param\":"
                          "null,\"code\":\"model_not_found\"}}")
            << "not_found"
            << "gpt-9"
            << "";
        QTest::newRow("openai 500")
            << 500 << "x-should-retry: true"
            << QByteArray("{\"error\":{\"message\":\"The server had an error while processing your "
                          "request. Sorry about that!\",\"type\":\"server_error\",\"param\":null,"
                          "\"code\":null}}")
            << "server"
            << "Sorry about that"
            << "true";
        QTest::newRow("openai 503 overloaded")
            << 503 << ""
            << QByteArray("{\"error\":{\"message\":\"The engine is currently overloaded, please "
                          "try again later.\",\"type\":\"server_error\",\"param\":null,\"code\":"
                          "null}}")
            << "overloaded"
            << "overloaded"
            << "";
        QTest::newRow("529") << 529 << "" << QByteArray("") << "overloaded"
                             << "HTTP 529"
                             << "";
        QTest::newRow("proxy 502 HTML")
            << 502 << "" << QByteArray("<html><head><title>502 Bad Gateway</title></head></html>")
            << "server"
            << "HTML"
            << "";
        QTest::newRow("azure 400 content filter")
            << 400 << ""
            << QByteArray("{\"error\":{\"message\":\"The response was filtered due to the prompt "
                          "triggering Azure OpenAI's content management policy.\",\"type\":null,"
                          "\"param\":\"prompt\",\"code\":\"content_filter\",\"status\":400,"
                          "\"innererror\":{\"code\":\"ResponsibleAIPolicyViolation\","
                          "\"content_filter_result\":{\"hate\":{\"filtered\":true,\"severity\":"
                          "\"high\"}}}}}")
            << "content_filter"
            << "content management policy"
            << "";
        QTest::newRow("azure 404 deployment")
            << 404 << ""
            << QByteArray("{\"error\":{\"code\":\"DeploymentNotFound\",\"message\":\"The API "
                          "deployment for this resource does not exist.\"}}")
            << "not_found"
            << "deployment"
            << "";
        // llama.cpp
        QTest::newRow("llama.cpp context")
            << 400 << ""
            << QByteArray("{\"error\":{\"code\":400,\"message\":\"the request exceeds the "
                          "available context size, try increasing it\",\"type\":"
                          "\"exceed_context_size_error\",\"n_prompt_tokens\":5000,\"n_ctx\":4096}}")
            << "context_length"
            << "context size"
            << "";
        QTest::newRow("llama.cpp 401")
            << 401 << ""
            << QByteArray("{\"error\":{\"code\":401,\"message\":\"Invalid API Key\",\"type\":"
                          "\"authentication_error\"}}")
            << "auth"
            << "Invalid API Key"
            << "";
        QTest::newRow("llama.cpp 503 loading")
            << 503 << ""
            << QByteArray("{\"error\":{\"code\":503,\"message\":\"Loading model\",\"type\":"
                          "\"unavailable_error\"}}")
            << "overloaded"
            << "Loading model"
            << "";
        QTest::newRow("llama.cpp 501 not supported")
            << 501 << ""
            << QByteArray("{\"error\":{\"code\":501,\"message\":\"This server does not support "
                          "embeddings.\",\"type\":\"not_supported_error\"}}")
            << "bad_request"
            << "does not support"
            << "";
        QTest::newRow("llama.cpp 404, string code")
            << 404 << ""
            << QByteArray("{\"error\":{\"code\":\"404\",\"message\":\"File Not Found\",\"type\":"
                          "\"not_found_error\",\"param\":null}}")
            << "not_found"
            << "File Not Found"
            << "";
        // vLLM
        QTest::newRow("vllm flat 404")
            << 404 << ""
            << QByteArray("{\"object\":\"error\",\"message\":\"The model `gpt-4` does not exist."
                          "\",\"type\":\"NotFoundError\",\"param\":null,\"code\":404}")
            << "not_found"
            << "does not exist"
            << "";
        QTest::newRow("vllm flat context")
            << 400 << ""
            << QByteArray("{\"object\":\"error\",\"message\":\"This model's maximum context "
                          "length is 4096 tokens. However, you requested 5000 tokens (4000 in the "
                          "messages, 1000 in the completion).\",\"type\":\"BadRequestError\","
                          "\"param\":null,\"code\":400}")
            << "context_length"
            << "4096"
            << "";
        QTest::newRow("vllm nested 400")
            << 400 << ""
            << QByteArray("{\"error\":{\"message\":\"temperature must be non-negative\",\"type\":"
                          "\"BadRequestError\",\"param\":null,\"code\":400}}")
            << "bad_request"
            << "non-negative"
            << "";
        QTest::newRow("vllm 401 string")
            << 401 << "" << QByteArray("{\"error\":\"Unauthorized\"}") << "auth"
            << "Unauthorized"
            << "";
        QTest::newRow("vllm 422 validation")
            << 422 << ""
            << QByteArray("{\"detail\":[{\"type\":\"missing\",\"loc\":[\"body\",\"messages\"],"
                          "\"msg\":\"Field required\",\"input\":{}}]}")
            << "bad_request"
            << "Field required"
            << "";
        // OpenRouter
        QTest::newRow("openrouter 402 credits")
            << 402 << ""
            << QByteArray("{\"error\":{\"code\":402,\"message\":\"Insufficient credits. Add more "
                          "using https://openrouter.ai/credits\",\"metadata\":{}}}")
            << "rate_limit"
            << "Insufficient credits"
            << "false";
        QTest::newRow("openrouter 403 moderation")
            << 403 << ""
            << QByteArray(
                   "{\"error\":{\"code\":403,\"message\":\"meta-llama/llama-guard flagged "
                   "your input\",\"metadata\":{\"reasons\":[\"violent\"],\"flagged_input\":"
                   "\"...\",\"provider_name\":\"OpenAI\",\"model_slug\":\"openai/gpt-4o\"}}}")
            << "content_filter"
            << "flagged"
            << "";
        QTest::newRow("openrouter 429 retry-after")
            << 429 << "Retry-After: 12"
            << QByteArray("{\"error\":{\"code\":429,\"message\":\"Rate limit exceeded: "
                          "free-models-per-min.\",\"metadata\":{\"headers\":{\"X-RateLimit-Limit\":"
                          "\"20\"}}}}")
            << "rate_limit"
            << "free-models-per-min"
            << "";
        QTest::newRow("openrouter 502 provider raw")
            << 502 << ""
            << QByteArray("{\"error\":{\"code\":502,\"message\":\"Provider returned error\","
                          "\"metadata\":{\"provider_name\":\"Together\",\"raw\":\"upstream connect "
                          "error\"}}}")
            << "server"
            << "upstream connect error"
            << "";
        QTest::newRow("openrouter 408") << 408 << ""
                                        << QByteArray("{\"error\":{\"code\":408,\"message\":"
                                                      "\"Timed out\"}}")
                                        << "timeout"
                                        << "Timed out"
                                        << "";
        // DeepSeek
        QTest::newRow("deepseek 402 balance")
            << 402 << ""
            << QByteArray("{\"error\":{\"message\":\"Insufficient Balance\",\"type\":"
                          "\"unknown_error\",\"param\":null,\"code\":\"invalid_request_error\"}}")
            << "rate_limit"
            << "Insufficient Balance"
            << "false";
        QTest::newRow("deepseek 401")
            << 401 << ""
            << QByteArray("{\"error\":{\"message\":\"Authentication Fails, Your api key: ****8c0e "
                          "is invalid\",\"type\":\"authentication_error\",\"param\":null,\"code\":"
                          "\"invalid_request_error\"}}")
            << "auth"
            << "Authentication Fails"
            << "";
        QTest::newRow("deepseek 400 context in words")
            << 400 << ""
            << QByteArray("{\"error\":{\"message\":\"This model's maximum context length is 65536 "
                          "tokens. However, you requested 70000 tokens.\",\"type\":"
                          "\"invalid_request_error\",\"param\":null,\"code\":"
                          "\"invalid_request_error\"}}")
            << "context_length"
            << "65536"
            << "";
        QTest::newRow("deepseek 422")
            << 422 << ""
            << QByteArray("{\"error\":{\"message\":\"Invalid request: top_p must be <= 1\","
                          "\"type\":\"invalid_request_error\",\"param\":null,\"code\":"
                          "\"invalid_request_error\"}}")
            << "bad_request"
            << "top_p"
            << "";
        // Ollama
        QTest::newRow("ollama 404 native")
            << 404 << ""
            << QByteArray("{\"error\":\"model \\\"llama9\\\" not found, try pulling it first\"}")
            << "not_found"
            << "try pulling"
            << "";
        QTest::newRow("ollama /v1 500")
            << 500 << ""
            << QByteArray("{\"error\":{\"message\":\"llama runner process has terminated\","
                          "\"type\":\"api_error\",\"param\":null,\"code\":null}}")
            << "server"
            << "terminated"
            << "";
        QTest::newRow("plain text 400") << 400 << "" << QByteArray("Bad Request\n") << "bad_request"
                                        << "Bad Request"
                                        << "";
    }

    void categories()
    {
        QFETCH(int, status);
        QFETCH(QString, headers);
        QFETCH(QByteArray, body);
        QFETCH(QString, category);
        QFETCH(QString, message);
        QFETCH(QString, shouldRetry);
        const OpenAiAdapter adapter;
        const ProviderError error
            = adapter.classifyError(status, parseHeaders(headers), body.toStdString());
        QCOMPARE(QString::fromLatin1(toString(error.category)), category);
        QVERIFY2(QString::fromStdString(error.message).contains(message), error.message.c_str());
        QCOMPARE(error.status, status);
        QCOMPARE(error.shouldRetry ? QString::fromLatin1(*error.shouldRetry ? "true" : "false")
                                   : QString(),
            shouldRetry);
        // The whole reply, as parseResponse sees it, carries the same error.
        const ChatResult result
            = adapter.parseResponse(status, parseHeaders(headers), body.toStdString());
        QVERIFY(result.error);
        QCOMPARE(*result.error, error);
        QVERIFY(result.text.empty());
    }

    void categoryWords()
    {
        const std::vector<std::pair<ErrorCategory, const char *>> words {
            {ErrorCategory::Auth, "auth"}, {ErrorCategory::RateLimit, "rate_limit"},
            {ErrorCategory::Overloaded, "overloaded"},
            {ErrorCategory::ContextLength, "context_length"},
            {ErrorCategory::ContentFilter, "content_filter"},
            {ErrorCategory::BadRequest, "bad_request"}, {ErrorCategory::NotFound, "not_found"},
            {ErrorCategory::Server, "server"}, {ErrorCategory::Network, "network"},
            {ErrorCategory::Timeout, "timeout"}, {ErrorCategory::BadResponse, "bad_response"},
            {ErrorCategory::Cancelled, "cancelled"}};
        for (const auto &[category, word] : words)
            QCOMPARE(toString(category), word);
    }

    void retryHeaders_data()
    {
        QTest::addColumn<QString>("headers");
        QTest::addColumn<double>("expected"); // -1: none
        QTest::newRow("none") << "" << -1.0;
        QTest::newRow("retry-after seconds") << "retry-after: 7" << 7.0;
        QTest::newRow("retry-after float") << "retry-after: 1.5" << 1.5;
        QTest::newRow("mixed-case name") << "Retry-After: 3" << 3.0;
        QTest::newRow("retry-after-ms wins") << "retry-after: 9; retry-after-ms: 250" << 0.25;
        QTest::newRow("HTTP-date") << "retry-after: Sun, 06 Nov 1994 08:49:47 GMT" << 10.0;
        QTest::newRow("date in the past") << "retry-after: Sun, 06 Nov 1994 08:49:00 GMT" << 0.0;
        QTest::newRow("garbage") << "retry-after: soon" << -1.0;
    }
    void retryHeaders()
    {
        QFETCH(QString, headers);
        QFETCH(double, expected);
        using namespace std::chrono;
        const auto now = sys_days(year(1994) / November / 6) + hours(8) + minutes(49) + seconds(37);
        ProviderError error;
        readRetryHeaders(parseHeaders(headers), error, now);
        if (expected < 0) {
            QVERIFY(!error.retryAfterSeconds);
        } else {
            QVERIFY(error.retryAfterSeconds);
            QCOMPARE(*error.retryAfterSeconds, expected);
        }
    }

    void httpDates_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("valid");
        QTest::newRow("IMF-fixdate") << "Sun, 06 Nov 1994 08:49:37 GMT" << true;
        QTest::newRow("RFC 850") << "Sunday, 06-Nov-94 08:49:37 GMT" << true;
        QTest::newRow("asctime") << "Sun Nov  6 08:49:37 1994" << true;
        QTest::newRow("bad month") << "Sun, 06 Foo 1994 08:49:37 GMT" << false;
        QTest::newRow("bad day") << "Sun, 31 Feb 1994 08:49:37 GMT" << false;
        QTest::newRow("empty") << "" << false;
    }
    void httpDates()
    {
        QFETCH(QString, text);
        QFETCH(bool, valid);
        const auto parsed = parseHttpDate(text.toStdString());
        QCOMPARE(bool(parsed), valid);
        if (valid) {
            using namespace std::chrono;
            QCOMPARE(duration_cast<seconds>(parsed->time_since_epoch()).count(), 784111777LL);
        }
    }

    void transportErrors()
    {
        ps::net::HttpResult result;
        result.status = 200;
        QVERIFY(!transportError(result));
        result.error = ps::net::TransportError::Timeout;
        result.timeoutKind = "first byte";
        auto error = transportError(result);
        QVERIFY(error);
        QCOMPARE(error->category, ErrorCategory::Timeout);
        QCOMPARE(error->message, std::string("no answer within the first byte time limit"));
        result.error = ps::net::TransportError::Network;
        result.errorMessage = "Connection refused";
        QCOMPARE(transportError(result)->category, ErrorCategory::Network);
        QCOMPARE(transportError(result)->message, std::string("Connection refused"));
        result.error = ps::net::TransportError::Cancelled;
        QCOMPARE(transportError(result)->category, ErrorCategory::Cancelled);
    }

    void adaptersByKind()
    {
        for (ProviderKind kind : {ProviderKind::OpenAi, ProviderKind::OpenAiCompatible,
                 ProviderKind::AzureOpenAi, ProviderKind::Ollama, ProviderKind::Anthropic,
                 ProviderKind::Gemini})
            QVERIFY(makeAdapter(kind) != nullptr);
        // echo needs no HTTP.
        QVERIFY(makeAdapter(ProviderKind::Echo) == nullptr);
        // Ollama is spoken natively (/api/chat), which keeps its timings and error lines.
        ProviderConfig ollama;
        ollama.kind = ProviderKind::Ollama;
        ollama.baseUrl = "http://localhost:11434";
        ChatRequest request;
        request.model = "llama3.2";
        QCOMPARE(makeAdapter(ProviderKind::Ollama)->buildRequest(request, ollama, "").url,
            std::string("http://localhost:11434/api/chat"));
    }

    void shouldRetryHeader()
    {
        ProviderError error;
        readRetryHeaders(parseHeaders(QStringLiteral("x-should-retry: false")), error);
        QCOMPARE(error.shouldRetry, std::optional<bool>(false));
        // The body's "no use retrying" is not overruled by the header.
        const ProviderError quota = OpenAiAdapter().classifyError(429,
            parseHeaders(QStringLiteral("x-should-retry: true")),
            "{\"error\":{\"message\":\"quota\",\"code\":\"insufficient_quota\"}}");
        QCOMPARE(quota.shouldRetry, std::optional<bool>(false));
    }

    // Provider messages end up in --json output: they must be valid UTF-8, on one line.
    void messagesAreShortValidUtf8()
    {
        const std::string body = "\xff\xfe not json \xc3\xa9\n" + std::string(5000, 'x');
        const ProviderError error = OpenAiAdapter().classifyError(500, {}, body);
        QVERIFY(error.message.size() < 400);
        QVERIFY(error.message.find('\n') == std::string::npos);
        QVERIFY(!json(error.message).dump().empty()); // throws on invalid UTF-8
        QVERIFY(error.message.find("\xc3\xa9") != std::string::npos);
    }

    // A key goes into the Authorization header and nowhere else an adapter writes.
    void canaryKeyStaysInTheAuthHeader()
    {
        const std::string key = kCanary;
        ChatRequest request;
        request.model = "gpt-4o";
        ChatMessage user;
        user.role = "user";
        user.content = "hello";
        request.messages = {user};
        request.params.tools = json::parse("[{\"name\":\"f\"}]");
        ProviderConfig config;
        config.id = "openai";
        config.baseUrl = "https://api.openai.com/v1";
        for (bool stream : {true, false}) {
            request.stream = stream;
            const auto http = OpenAiAdapter().buildRequest(request, config, key);
            QVERIFY(http.body.find(key) == std::string::npos);
            QVERIFY(http.url.find(key) == std::string::npos);
            int holders = 0;
            for (const auto &[name, value] : http.headers)
                if (value.find(key) != std::string::npos) {
                    ++holders;
                    QCOMPARE(name, std::string("authorization"));
                }
            QCOMPARE(holders, 1);
        }
        QVERIFY(config.toJson().dump().find(key) == std::string::npos);

        // Errors and parsed results: the 401 body quotes a masked key, never the whole one.
        const std::string body401 = "{\"error\":{\"message\":\"Incorrect API key provided: "
                                    "sk-CANAR********************8c0e.\",\"type\":"
                                    "\"invalid_request_error\",\"code\":\"invalid_api_key\"}}";
        const ChatResult result = OpenAiAdapter().parseResponse(401, {}, body401);
        QVERIFY(result.error);
        QVERIFY(result.error->message.find(key) == std::string::npos);
        OpenAiStreamParser parser;
        ChatResult streamed;
        for (const auto &event : parser.feed("data: {\"error\":{\"message\":\"bad key\"}}\n\n"))
            streamed.apply(event);
        QVERIFY(streamed.error->message.find(key) == std::string::npos);

        // A server that echoes the key back: the message is scrubbed before anyone shows it.
        const ProviderError echoed = OpenAiAdapter().classifyError(
            401, {}, "{\"error\":{\"message\":\"key " + key + " rejected\"}}");
        const std::string shown = ps::secrets::redact(echoed.message, key);
        QVERIFY(shown.find(key) == std::string::npos);
        QCOMPARE(shown, std::string("key *** rejected"));
    }
};

QTEST_APPLESS_MAIN(TestProviderErrors)
#include "test_provider_errors.moc"
