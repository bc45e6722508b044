#include "providers/azure_openai_adapter.h"

#include "request_test_support.h"

#include <QtTest>

#include <nlohmann/json.hpp>

#include <algorithm>

using namespace ps::providers;
using namespace ps::test;

namespace {

ProviderConfig azureConfig()
{
    ProviderConfig config
        = providerConfig("azure", ProviderKind::AzureOpenAi, "https://res.openai.azure.com");
    config.apiVersion = "2024-10-21";
    return config;
}

// JSON written with single quotes, which read better in C++ strings.
std::string quoted(std::string text)
{
    std::replace(text.begin(), text.end(), '\'', '"');
    return text;
}

ChatRequest hello(bool stream)
{
    ChatRequest request;
    request.model = "my-gpt4o"; // the deployment name
    request.messages = {message("user", "hello")};
    request.stream = stream;
    return request;
}

} // namespace

class TestAzureOpenAiAdapter : public QObject
{
    Q_OBJECT

private slots:
    void requestGoesToTheDeploymentWithAnApiKeyHeader()
    {
        const auto adapter = makeAdapter(ProviderKind::AzureOpenAi);
        QVERIFY(adapter);
        const ps::net::HttpRequest http = adapter->buildRequest(hello(true), azureConfig(), "k-1");
        QCOMPARE(http.url,
            std::string("https://res.openai.azure.com/openai/deployments/my-gpt4o/chat/"
                        "completions?api-version=2024-10-21"));
        QCOMPARE(valuesOf(http.headers, "api-key"), std::vector<std::string> {"k-1"});
        QVERIFY(valuesOf(http.headers, "authorization").empty()); // never a Bearer token
        const auto body = nlohmann::json::parse(http.body);
        QCOMPARE(body["messages"][0]["content"], nlohmann::json("hello"));
        QCOMPARE(body["stream"], nlohmann::json(true));
        QCOMPARE(body["stream_options"]["include_usage"], nlohmann::json(true));

        // Trailing slashes of the base URL do not double; no key, no header.
        ProviderConfig slashed = azureConfig();
        slashed.baseUrl += "/";
        const ps::net::HttpRequest keyless = adapter->buildRequest(hello(false), slashed, "");
        QCOMPARE(keyless.url, http.url);
        QVERIFY(valuesOf(keyless.headers, "api-key").empty());
    }

    void contentFilterErrorWithInnerError()
    {
        const std::string body = quoted(
            "{'error': {'message': 'The response was filtered due to the prompt triggering Azure "
            "OpenAI content management policy.', 'type': null, 'param': 'prompt', 'code': "
            "'content_filter', 'status': 400, 'innererror': {'code': "
            "'ResponsibleAIPolicyViolation', 'content_filter_result': {'hate': {'filtered': "
            "true, 'severity': 'high'}}}}}");
        const ChatResult result
            = AzureOpenAiAdapter().parseResponse(400, {{"apim-request-id", "x"}}, body);
        QVERIFY(result.error);
        QCOMPARE(result.error->category, ErrorCategory::ContentFilter);
        QCOMPARE(result.error->status, 400);
        QVERIFY(result.error->message.find("content management policy") != std::string::npos);

        // A 429 keeps Azure's retry-after-ms.
        const ProviderError limited = AzureOpenAiAdapter().classifyError(429,
            {{"retry-after-ms", "1500"}},
            quoted("{'error': {'code': '429', 'message': 'Requests to the ChatCompletions_Create "
                   "Operation have exceeded call rate limit.'}}"));
        QCOMPARE(limited.category, ErrorCategory::RateLimit);
        QCOMPARE(limited.retryAfterSeconds, std::optional<double>(1.5));
    }

    void firstChunkWithEmptyChoicesIsSkipped()
    {
        // Azure's first chunk has no choices, only the prompt's filter results.
        const std::string stream
            = quoted("data: {'choices': [], 'created': 0, 'id': '', 'model': '', 'object': '', "
                     "'prompt_filter_results': [{'prompt_index': 0, 'content_filter_results': "
                     "{}}]}\n\n"
                     "data: {'choices': [{'index': 0, 'delta': {'role': 'assistant', 'content': "
                     "'Hi'}, 'finish_reason': null}], 'id': 'c1'}\n\n"
                     "data: {'choices': [{'index': 0, 'delta': {}, 'finish_reason': 'stop'}], "
                     "'id': 'c1'}\n\n"
                     "data: {'choices': [], 'id': 'c1', 'usage': {'prompt_tokens': 3, "
                     "'completion_tokens': 1, 'total_tokens': 4}}\n\ndata: [DONE]\n\n");
        const auto parser = AzureOpenAiAdapter().newStreamParser();
        ChatResult result;
        for (const ChatEvent &event : parser->feed(stream))
            result.apply(event);
        for (const ChatEvent &event : parser->finish())
            result.apply(event);
        QVERIFY(!result.error);
        QCOMPARE(result.text, std::string("Hi"));
        QCOMPARE(result.finishReason, std::string("stop"));
        QCOMPARE(result.usage.inputTokens, std::optional<long long>(3));
        QCOMPARE(result.usage.outputTokens, std::optional<long long>(1));
    }
};

QTEST_APPLESS_MAIN(TestAzureOpenAiAdapter)
#include "test_azure_openai_adapter.moc"
