#include "providers/model_quirks.h"

#include "request_test_support.h"

#include <QtTest>

using namespace ps::providers;
using nlohmann::json;
using namespace ps::test;

namespace {

ChatRequest requestFor(const std::string &model)
{
    ChatRequest request;
    request.model = model;
    request.messages = {message("user", "Hi")};
    return request;
}

bool anyNoteContains(const std::vector<std::string> &notes, const std::string &word)
{
    for (const std::string &note : notes)
        if (note.find(word) != std::string::npos)
            return true;
    return false;
}

} // namespace

class TestModelQuirks : public QObject
{
    Q_OBJECT

private slots:
    void reasoningModelsAreRecognised_data()
    {
        QTest::addColumn<QString>("model");
        QTest::addColumn<bool>("reasoning");
        QTest::newRow("o1") << "o1" << true;
        QTest::newRow("o3-mini") << "o3-mini" << true;
        QTest::newRow("o4-mini dated") << "o4-mini-2025-04-16" << true;
        QTest::newRow("gpt-5") << "gpt-5" << true;
        QTest::newRow("gpt-5-mini") << "gpt-5-mini" << true;
        QTest::newRow("router prefix") << "openai/o3" << true;
        QTest::newRow("gpt-5-chat") << "gpt-5-chat-latest" << false;
        QTest::newRow("gpt-4o") << "gpt-4o" << false;
        QTest::newRow("gpt-4.1") << "gpt-4.1-mini" << false;
        QTest::newRow("ollama model") << "llama3.1" << false;
    }
    void reasoningModelsAreRecognised()
    {
        QFETCH(QString, model);
        QFETCH(bool, reasoning);
        QCOMPARE(isOpenAiReasoningModel(model.toStdString()), reasoning);
    }

    // o3 refuses temperature and top_p other than 1 and logprobs: each is left out with a note
    // naming it, and reasoning_effort stays.
    void openAiReasoningModelLeavesOutSampling()
    {
        ChatRequest request = requestFor("o3");
        request.params.temperature = 0.2;
        request.params.topP = 1.0; // the default is accepted
        request.params.maxTokens = 500;
        request.params.reasoningEffort = "high";
        request.params.extra = {{"logprobs", true}, {"top_logprobs", 3}, {"store", false}};

        const std::vector<std::string> notes = adaptRequestForModel(request, ProviderKind::OpenAi);
        QCOMPARE(notes.size(), std::size_t {2});
        QVERIFY(anyNoteContains(notes, "temperature 0.2 left out"));
        QVERIFY(anyNoteContains(notes, "log-probabilities"));
        QVERIFY(!request.params.temperature);
        QCOMPARE(request.params.topP, std::optional<double>(1.0));
        // Kind openai sends max_completion_tokens itself.
        QCOMPARE(request.params.maxTokens, std::optional<long long>(500));
        QCOMPARE(request.params.reasoningEffort, std::optional<std::string>("high"));
        QCOMPARE(request.params.extra, json({{"store", false}}));

        // Applied twice: nothing more to change.
        const ChatRequest once = request;
        QVERIFY(adaptRequestForModel(request, ProviderKind::OpenAi).empty());
        QCOMPARE(request, once);
    }

    // Azure and compatible servers are sent max_tokens by the adapter: a reasoning model gets
    // max_completion_tokens instead.
    void maxTokensBecomesMaxCompletionTokensElsewhere()
    {
        for (ProviderKind kind : {ProviderKind::AzureOpenAi, ProviderKind::OpenAiCompatible}) {
            ChatRequest request = requestFor("gpt-5-mini");
            request.params.maxTokens = 800;
            const std::vector<std::string> notes = adaptRequestForModel(request, kind);
            QCOMPARE(notes.size(), std::size_t {1});
            QVERIFY(anyNoteContains(notes, "max_completion_tokens"));
            QVERIFY(!request.params.maxTokens);
            QCOMPARE(request.params.extra.value("max_completion_tokens", 0), 800);
        }
    }

    void otherOpenAiModelsAreLeftAlone()
    {
        ChatRequest request = requestFor("gpt-4o-mini");
        request.params.temperature = 0.2;
        request.params.maxTokens = 100;
        request.params.extra = {{"logprobs", true}};
        const ChatRequest before = request;
        QVERIFY(adaptRequestForModel(request, ProviderKind::AzureOpenAi).empty());
        QCOMPARE(request, before);
    }

    // Extended thinking: temperature and top_p are refused with it, and max_tokens must exceed
    // the budget.
    void anthropicThinkingLeavesOutSampling()
    {
        ChatRequest request = requestFor("claude-sonnet-4-5");
        request.params.temperature = 0.7;
        request.params.topP = 0.9;
        request.params.maxTokens = 1000;
        request.params.extra = {{"thinking_budget", 2048}};

        const std::vector<std::string> notes
            = adaptRequestForModel(request, ProviderKind::Anthropic);
        QCOMPARE(notes.size(), std::size_t {3});
        QVERIFY(anyNoteContains(notes, "temperature 0.7 left out"));
        QVERIFY(anyNoteContains(notes, "top_p 0.9 left out"));
        QVERIFY(anyNoteContains(notes, "max_tokens raised from 1000 to 3048"));
        QVERIFY(!request.params.temperature);
        QVERIFY(!request.params.topP);
        QCOMPARE(request.params.maxTokens, std::optional<long long>(3048));
        QVERIFY(adaptRequestForModel(request, ProviderKind::Anthropic).empty());
    }

    void anthropicWithoutThinkingKeepsSampling()
    {
        ChatRequest request = requestFor("claude-haiku-4-5");
        request.params.temperature = 0.7;
        request.params.reasoningEffort = "none";
        const ChatRequest before = request;
        QVERIFY(adaptRequestForModel(request, ProviderKind::Anthropic).empty());
        QCOMPARE(request, before);
    }

    void anthropicHasNoLogprobs()
    {
        ChatRequest request = requestFor("claude-haiku-4-5");
        request.params.extra = {{"logprobs", true}, {"top_logprobs", 5}};
        const std::vector<std::string> notes
            = adaptRequestForModel(request, ProviderKind::Anthropic);
        QCOMPARE(notes.size(), std::size_t {1});
        QVERIFY(anyNoteContains(notes, "Anthropic does not offer them"));
        QVERIFY(request.params.extra.empty());
    }

    void thinkingBudgetFromEffortOrExtra()
    {
        ps::model::Params params;
        QVERIFY(!thinkingBudget(params));
        params.reasoningEffort = "low";
        QCOMPARE(thinkingBudget(params), std::optional<long long>(1024));
        params.reasoningEffort = "high";
        QCOMPARE(thinkingBudget(params), std::optional<long long>(24576));
        params.reasoningEffort = "none";
        QCOMPARE(thinkingBudget(params), std::optional<long long>(0));
        params.extra = {{"thinking_budget", 3000}}; // an explicit budget wins
        QCOMPARE(thinkingBudget(params), std::optional<long long>(3000));
    }
};

QTEST_APPLESS_MAIN(TestModelQuirks)
#include "test_model_quirks.moc"
