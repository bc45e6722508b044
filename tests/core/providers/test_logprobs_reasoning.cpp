// Log-probabilities and reasoning read from every adapter's replies (recorded and constructed
// streams, whole bodies), and the request fields that ask for them.

#include "providers/anthropic_adapter.h"
#include "providers/anthropic_stream_parser.h"
#include "providers/gemini_adapter.h"
#include "providers/gemini_stream_parser.h"
#include "providers/ollama_adapter.h"
#include "providers/ollama_stream_parser.h"
#include "providers/openai_adapter.h"
#include "providers/openai_stream_parser.h"

#include "request_test_support.h"
#include "stream_test_support.h"

#include <QtTest>

using namespace ps::providers;
using namespace ps::test;
using nlohmann::json;

namespace {

ParserFactory factoryFor(const QString &format)
{
    if (format == QLatin1String("anthropic"))
        return [] {
            return std::make_unique<AnthropicStreamParser>();
        };
    if (format == QLatin1String("gemini"))
        return [] {
            return std::make_unique<GeminiStreamParser>();
        };
    if (format == QLatin1String("ollama"))
        return [] {
            return std::make_unique<OllamaStreamParser>();
        };
    return [] {
        return std::make_unique<OpenAiStreamParser>();
    };
}

// "token:logprob[/alt:logprob...]" joined by " | ".
QString describeLogprobs(const ChatResult &result)
{
    QStringList tokens;
    for (const TokenLogprob &token : result.logprobs) {
        QString item = QString::fromStdString(token.token) + u':' + QString::number(token.logprob);
        for (const auto &[text, logprob] : token.top)
            item += u'/' + QString::fromStdString(text) + u':' + QString::number(logprob);
        tokens << item;
    }
    return tokens.join(QStringLiteral(" | "));
}

const char *kOpenAiLogprobsStream
    = "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
      "\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"logprobs\":{\"content\":[],"
      "\"refusal\":null},\"finish_reason\":null}]}\n\n"
      "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
      "\"delta\":{\"content\":\"Hi\"},\"logprobs\":{\"content\":[{\"token\":\"Hi\",\"logprob\":"
      "-0.0025,\"bytes\":[72,105],\"top_logprobs\":[{\"token\":\"Hi\",\"logprob\":-0.0025,"
      "\"bytes\":[72,105]},{\"token\":\"Hello\",\"logprob\":-6.1,\"bytes\":[72]}]}],"
      "\"refusal\":null},\"finish_reason\":null}]}\n\n"
      "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
      "\"delta\":{\"content\":\"!\"},\"logprobs\":{\"content\":[{\"token\":\"!\",\"logprob\":"
      "-0.5,\"bytes\":[33],\"top_logprobs\":[]}],\"refusal\":null},\"finish_reason\":null}]}\n\n"
      "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
      "\"delta\":{},\"logprobs\":null,\"finish_reason\":\"stop\"}]}\n\n"
      "data: [DONE]\n\n";

const char *kGeminiThinkingStream
    = "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Weighing it.\",\"thought\":"
      "true}],\"role\":\"model\"},\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":4,"
      "\"thoughtsTokenCount\":12}}\r\n\r\n"
      "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Yes\",\"thoughtSignature\":"
      "\"c2lnLTE=\"}],\"role\":\"model\"},\"index\":0,\"logprobsResult\":{\"topCandidates\":[{"
      "\"candidates\":[{\"token\":\"Yes\",\"logProbability\":-0.25},{\"token\":\"No\","
      "\"logProbability\":-1.5}]}],\"chosenCandidates\":[{\"token\":\"Yes\",\"logProbability\":"
      "-0.25}]}}],\"usageMetadata\":{\"promptTokenCount\":4}}\r\n\r\n"
      "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\".\"}],\"role\":\"model\"},"
      "\"finishReason\":\"STOP\",\"index\":0,\"logprobsResult\":{\"chosenCandidates\":[{"
      "\"token\":\".\"}]}}],\"usageMetadata\":{\"promptTokenCount\":4,\"candidatesTokenCount\":2,"
      "\"thoughtsTokenCount\":12,\"totalTokenCount\":18}}\r\n\r\n";

const char *kOllamaLogprobsStream
    = "{\"model\":\"qwen3\",\"message\":{\"role\":\"assistant\",\"content\":\"\",\"thinking\":"
      "\"Short.\"},\"done\":false}\n"
      "{\"model\":\"qwen3\",\"message\":{\"role\":\"assistant\",\"content\":\"Blue\"},\"done\":"
      "false,\"logprobs\":[{\"token\":\"Blue\",\"logprob\":-0.125,\"top_logprobs\":[{\"token\":"
      "\"Blue\",\"logprob\":-0.125},{\"token\":\"Red\",\"logprob\":-2.5}]}]}\n"
      "{\"model\":\"qwen3\",\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":true,"
      "\"done_reason\":\"stop\",\"total_duration\":30000000,\"load_duration\":1000000,"
      "\"prompt_eval_count\":5,\"prompt_eval_duration\":4000000,\"eval_count\":2,"
      "\"eval_duration\":20000000}\n";

} // namespace

class TestLogprobsReasoning : public QObject
{
    Q_OBJECT

private slots:
    void streams_data()
    {
        QTest::addColumn<QString>("format");
        QTest::addColumn<QByteArray>("bytes"); // or a fixture file name in tests/data/streams
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("reasoning");
        QTest::addColumn<QString>("signature");
        QTest::addColumn<QString>("logprobs");
        QTest::addColumn<QString>("usage");
        QTest::newRow("openai logprobs")
            << QStringLiteral("openai") << QByteArray(kOpenAiLogprobsStream)
            << QStringLiteral("Hi!") << QStringLiteral("") << QStringLiteral("")
            << QStringLiteral("Hi:-0.0025/Hi:-0.0025/Hello:-6.1 | !:-0.5")
            << QStringLiteral("-/-/-/-");
        QTest::newRow("deepseek reasoning_content")
            << QStringLiteral("openai") << QByteArray("file:deepseek_reasoning_keepalive.sse")
            << QStringLiteral("9.11 < 9.9") << QStringLiteral("Nine is bigger.") << QStringLiteral("")
            << QStringLiteral("") << QStringLiteral("");
        QTest::newRow("anthropic thinking and signature")
            << QStringLiteral("anthropic") << QByteArray("file:anthropic_thinking_max_tokens.sse")
            << QStringLiteral("1. Apples\n2. Pe") << QStringLiteral("The user wants a list.")
            << QStringLiteral("EqQBCgIYAhIM") << QStringLiteral("") << QStringLiteral("");
        QTest::newRow("gemini thought, signature, logprobs")
            << QStringLiteral("gemini") << QByteArray(kGeminiThinkingStream)
            << QStringLiteral("Yes.") << QStringLiteral("Weighing it.")
            << QStringLiteral("c2lnLTE=") << QStringLiteral("Yes:-0.25/Yes:-0.25/No:-1.5 | .:0")
            << QStringLiteral("4/14/-/12");
        QTest::newRow("ollama thinking and logprobs")
            << QStringLiteral("ollama") << QByteArray(kOllamaLogprobsStream)
            << QStringLiteral("Blue") << QStringLiteral("Short.") << QStringLiteral("")
            << QStringLiteral("Blue:-0.125/Blue:-0.125/Red:-2.5") << QStringLiteral("5/2/-/-");
        QTest::newRow("ollama recorded thinking")
            << QStringLiteral("ollama") << QByteArray("file:ollama_thinking_length_crlf.ndjson")
            << QStringLiteral("One, two") << QStringLiteral("Count to three.") << QStringLiteral("")
            << QStringLiteral("") << QStringLiteral("");
    }

    // Reasoning stays apart from the answer, with its signature; log-probabilities come per
    // token with their alternatives; the same events at any split of the bytes.
    void streams()
    {
        QFETCH(QString, format);
        QFETCH(QByteArray, bytes);
        QFETCH(QString, text);
        QFETCH(QString, reasoning);
        QFETCH(QString, signature);
        QFETCH(QString, logprobs);
        QFETCH(QString, usage);
        const std::string body = bytes.startsWith("file:")
            ? streamFixture(QString::fromUtf8(bytes.mid(5)))
            : bytes.toStdString();
        QVERIFY(!body.empty());
        const ParserFactory factory = factoryFor(format);
        const ChatResult result = accumulate(parseInPieces(factory, body, {}));
        QVERIFY2(!result.error, result.error ? result.error->message.c_str() : "");
        QCOMPARE(QString::fromStdString(result.text), text);
        QCOMPARE(QString::fromStdString(result.reasoning), reasoning);
        QCOMPARE(QString::fromStdString(result.reasoningSignature), signature);
        QCOMPARE(describeLogprobs(result), logprobs);
        if (!usage.isEmpty())
            QCOMPARE(describeUsage(result.usage), usage);
        QCOMPARE(firstDifferingSplit(factory, body), -1LL);
    }

    void wholeBodies_data()
    {
        QTest::addColumn<QString>("format");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("reasoning");
        QTest::addColumn<QString>("logprobs");
        QTest::addColumn<QString>("usage");
        QTest::newRow("openai")
            << QStringLiteral("openai")
            << QByteArray("{\"id\":\"c\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,"
                          "\"finish_reason\":\"stop\",\"message\":{\"role\":\"assistant\","
                          "\"content\":\"Hi\",\"reasoning_content\":\"Greet.\"},\"logprobs\":{"
                          "\"content\":[{\"token\":\"Hi\",\"logprob\":-0.0025,\"bytes\":[72,105],"
                          "\"top_logprobs\":[]}],\"refusal\":null}}],\"usage\":{\"prompt_tokens\":"
                          "19,\"completion_tokens\":10,\"completion_tokens_details\":{"
                          "\"reasoning_tokens\":9}}}")
            << QStringLiteral("Hi") << QStringLiteral("Greet.") << QStringLiteral("Hi:-0.0025")
            << QStringLiteral("19/10/-/9");
        QTest::newRow("gemini")
            << QStringLiteral("gemini")
            << QByteArray(
                   "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Plan.\",\"thought\""
                   ":true},{\"text\":\"Ok\"}],\"role\":\"model\"},\"finishReason\":\"STOP\","
                   "\"avgLogprobs\":-0.5,\"logprobsResult\":{\"chosenCandidates\":[{\"token\""
                   ":\"Ok\",\"logProbability\":-0.5}],\"topCandidates\":[{\"candidates\":[{"
                   "\"token\":\"Ok\",\"logProbability\":-0.5}]}]}}],\"usageMetadata\":{"
                   "\"promptTokenCount\":3,\"candidatesTokenCount\":1,\"thoughtsTokenCount\""
                   ":7}}")
            << QStringLiteral("Ok") << QStringLiteral("Plan.") << QStringLiteral("Ok:-0.5/Ok:-0.5")
            << QStringLiteral("3/8/-/7");
        QTest::newRow("anthropic")
            << QStringLiteral("anthropic")
            << QByteArray("{\"id\":\"m\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[{"
                          "\"type\":\"thinking\",\"thinking\":\"Add.\",\"signature\":\"sig\"},{"
                          "\"type\":\"text\",\"text\":\"4\"}],\"stop_reason\":\"end_turn\","
                          "\"usage\":{\"input_tokens\":9,\"output_tokens\":20}}")
            << QStringLiteral("4") << QStringLiteral("Add.") << QStringLiteral("")
            << QStringLiteral("9/20/-/-");
        QTest::newRow("ollama")
            << QStringLiteral("ollama")
            << QByteArray("{\"model\":\"m\",\"message\":{\"role\":\"assistant\",\"content\":\"A\","
                          "\"thinking\":\"T.\"},\"done\":true,\"done_reason\":\"stop\","
                          "\"prompt_eval_count\":2,\"eval_count\":1,\"eval_duration\":50000000,"
                          "\"logprobs\":[{\"token\":\"A\",\"logprob\":-1}]}")
            << QStringLiteral("A") << QStringLiteral("T.") << QStringLiteral("A:-1")
            << QStringLiteral("2/1/-/-");
    }

    void wholeBodies()
    {
        QFETCH(QString, format);
        QFETCH(QByteArray, body);
        QFETCH(QString, text);
        QFETCH(QString, reasoning);
        QFETCH(QString, logprobs);
        QFETCH(QString, usage);
        const auto adapter = makeAdapter(*providerKindFromString(format.toStdString()));
        const ChatResult result = adapter->parseResponse(200, {}, body.toStdString());
        QVERIFY2(!result.error, result.error ? result.error->message.c_str() : "");
        QCOMPARE(QString::fromStdString(result.text), text);
        QCOMPARE(QString::fromStdString(result.reasoning), reasoning);
        QCOMPARE(describeLogprobs(result), logprobs);
        QCOMPARE(describeUsage(result.usage), usage);
    }

    void ollamaTimingsInTheResult()
    {
        OllamaStreamParser parser;
        const ChatResult result = accumulate(parseInPieces(
            [] { return std::make_unique<OllamaStreamParser>(); }, kOllamaLogprobsStream, {}));
        QVERIFY(result.serverTimings);
        QCOMPARE(result.serverTimings->totalMs, std::optional<double>(30.0));
        QCOMPARE(result.serverTimings->loadMs, std::optional<double>(1.0));
        QCOMPARE(result.serverTimings->promptMs, std::optional<double>(4.0));
        QCOMPARE(result.serverTimings->generationMs, std::optional<double>(20.0));
        QCOMPARE(result.serverOutputTokensPerSecond(), std::optional<double>(100.0));
    }

    // Each format asks for log-probabilities in its own words; Anthropic is not sent them.
    void logprobsRequested()
    {
        ChatRequest request;
        request.model = "m";
        request.messages = {message("user", "Hi")};
        request.params.extra = {{"logprobs", true}, {"top_logprobs", 3}};
        const json openai = OpenAiAdapter::requestBody(request, ProviderKind::OpenAi);
        QCOMPARE(openai["logprobs"], json(true));
        QCOMPARE(openai["top_logprobs"], json(3));
        const json ollama = OllamaAdapter::requestBody(request);
        QCOMPARE(ollama["logprobs"], json(true));
        QCOMPARE(ollama["top_logprobs"], json(3));
        const json gemini = GeminiAdapter::requestBody(request);
        QCOMPARE(gemini["generationConfig"]["responseLogprobs"], json(true));
        QCOMPARE(gemini["generationConfig"]["logprobs"], json(3));
        QVERIFY(!gemini.contains("logprobs") && !gemini.contains("top_logprobs"));
        const json anthropic = AnthropicAdapter::requestBody(request);
        QVERIFY(!anthropic.contains("logprobs") && !anthropic.contains("top_logprobs"));
    }

    // A thinking budget: Anthropic's thinking block (sampling left out, max_tokens above the
    // budget), Gemini's thinkingConfig with thoughts shown.
    void thinkingRequested()
    {
        ChatRequest request;
        request.model = "m";
        request.messages = {message("user", "Hi")};
        request.params.temperature = 0.3;
        request.params.maxTokens = 1000;
        request.params.reasoningEffort = "low";
        const json anthropic = AnthropicAdapter::requestBody(request);
        QCOMPARE(anthropic["thinking"], json::parse(R"({"type":"enabled","budget_tokens":1024})"));
        QVERIFY(!anthropic.contains("temperature"));
        QCOMPARE(anthropic["max_tokens"], json(2024));
        const json gemini = GeminiAdapter::requestBody(request);
        QCOMPARE(gemini["generationConfig"]["thinkingConfig"],
            json::parse(R"({"thinkingBudget":1024,"includeThoughts":true})"));
        QCOMPARE(gemini["generationConfig"]["temperature"], json(0.3));

        request.params.reasoningEffort.reset();
        request.params.extra = {{"thinking_budget", 2048}, {"include_thoughts", false}};
        const json explicitBudget = GeminiAdapter::requestBody(request);
        QCOMPARE(explicitBudget["generationConfig"]["thinkingConfig"],
            json::parse(R"({"thinkingBudget":2048,"includeThoughts":false})"));
        QVERIFY(!explicitBudget.contains("thinking_budget"));
        const json anthropicBudget = AnthropicAdapter::requestBody(request);
        QCOMPARE(anthropicBudget["thinking"]["budget_tokens"], json(2048));
        QVERIFY(!anthropicBudget.contains("thinking_budget"));
    }

    // A reasoning model's tool-call turn replayed: Anthropic gets its thinking block first,
    // Gemini the signature on the call; OpenAI is not sent either.
    void replayedReasoningTurn()
    {
        ChatResult reply;
        reply.reasoning = "Need the weather.";
        reply.reasoningSignature = "sig-42";
        reply.apply(ToolCallDelta {0, "call_1", "weather", "{\"city\":\"Oslo\"}"});
        const ChatMessage turn = reply.assistantTurn();
        QCOMPARE(turn.role, std::string("assistant"));
        QCOMPARE(turn.toolCalls[0]["arguments"], json::parse(R"({"city":"Oslo"})"));

        ChatRequest request;
        request.model = "m";
        ChatMessage result = message("tool", "{\"t\":3}");
        result.toolCallId = "call_1";
        request.messages = {message("user", "Weather?"), turn, result};

        const json anthropic = AnthropicAdapter::requestBody(request);
        QCOMPARE(anthropic["messages"][1]["content"][0],
            json::parse(
                R"({"type":"thinking","thinking":"Need the weather.","signature":"sig-42"})"));
        QCOMPARE(anthropic["messages"][1]["content"][1]["type"], json("tool_use"));
        const json gemini = GeminiAdapter::requestBody(request);
        QCOMPARE(gemini["contents"][1]["parts"][0]["thoughtSignature"], json("sig-42"));
        const json openai = OpenAiAdapter::requestBody(request, ProviderKind::OpenAi);
        QVERIFY(openai.dump().find("sig-42") == std::string::npos);
    }
};

QTEST_APPLESS_MAIN(TestLogprobsReasoning)
#include "test_logprobs_reasoning.moc"
