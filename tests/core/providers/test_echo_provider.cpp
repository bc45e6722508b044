#include "providers/echo_provider.h"

#include <QtTest>

using namespace ps::providers;

namespace {

ChatMessage message(std::string role, std::string content)
{
    ChatMessage m;
    m.role = std::move(role);
    m.content = std::move(content);
    return m;
}

std::vector<std::string> deltas(const std::vector<ChatEvent> &events)
{
    std::vector<std::string> out;
    for (const ChatEvent &event : events)
        if (const auto *delta = std::get_if<TextDelta>(&event))
            out.push_back(delta->text);
    return out;
}

} // namespace

class TestEchoProvider : public QObject
{
    Q_OBJECT

private slots:
    void answersWithTheLastUserMessageWordByWord()
    {
        ChatRequest request;
        request.model = "echo";
        request.messages = {message("system", "You label tickets."),
            message("user", "first question"), message("assistant", "an answer"),
            message("user", "I was charged  twice\nfor one order."),
            message("assistant", "prefill")};
        const auto events = EchoProvider::reply(request);
        QCOMPARE(deltas(events),
            (std::vector<std::string> {
                "I ", "was ", "charged  ", "twice\n", "for ", "one ", "order."}));
        ChatResult result;
        for (const ChatEvent &event : events)
            result.apply(event);
        QCOMPARE(result.text, std::string("I was charged  twice\nfor one order."));
        QCOMPARE(result.finishReason, std::string("stop"));
        // Words, not tokens: 3 + 2 + 2 + 7 + 1.
        QCOMPARE(result.usage.inputTokens, std::optional<long long>(15));
        QCOMPARE(result.usage.outputTokens, std::optional<long long>(7));
        QVERIFY(!result.error);
        QVERIFY(result.toolCalls.empty());
        QVERIFY(EchoProvider::reply(request) == events); // deterministic
    }

    void leadingAndTrailingWhitespaceAreKept()
    {
        ChatRequest request;
        request.messages = {message("user", "  hello world \n")};
        QCOMPARE(deltas(EchoProvider::reply(request)),
            (std::vector<std::string> {"  hello ", "world \n"}));
    }

    void noUserMessageGivesAnEmptyAnswer()
    {
        ChatRequest request;
        request.messages = {message("system", "only a system prompt")};
        ChatResult result;
        for (const ChatEvent &event : EchoProvider::reply(request))
            result.apply(event);
        QCOMPARE(result.text, std::string());
        QCOMPARE(result.usage.inputTokens, std::optional<long long>(4));
        QCOMPARE(result.usage.outputTokens, std::optional<long long>(0));
        QCOMPARE(result.finishReason, std::string("stop"));
    }

    void countWords()
    {
        QCOMPARE(EchoProvider::countWords(""), 0LL);
        QCOMPARE(EchoProvider::countWords(" \t\n"), 0LL);
        QCOMPARE(EchoProvider::countWords("caf\xc3\xa9 au lait"), 3LL);
    }
};

QTEST_APPLESS_MAIN(TestEchoProvider)
#include "test_echo_provider.moc"
