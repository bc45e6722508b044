// A stored request read back as the conversation it sent: what fine-tuning data and rating
// items are built from. Each kind's real request body, built by its adapter, gives back the
// messages it was built from.

#include "providers/anthropic_adapter.h"
#include "providers/gemini_adapter.h"
#include "providers/ollama_adapter.h"
#include "providers/openai_adapter.h"
#include "providers/request_messages.h"

#include <QTest>

using namespace ps::providers;
using nlohmann::json;

namespace {

ChatRequest conversation(bool tools)
{
    ChatRequest request;
    request.model = "m";
    request.messages.push_back({"system", "You label support tickets.", {}, json::array(), {}});
    request.messages.push_back({"user", "My card was charged twice.", {}, json::array(), {}});
    if (tools) {
        request.messages.push_back({"assistant", "", {},
            json::array({{{"id", "call_1"}, {"name", "lookup"}, {"arguments", R"({"order":"42"})"}}}), {}});
        request.messages.push_back({"tool", "refunded", "call_1", json::array(), {}});
    }
    request.messages.push_back({"assistant", "billing", {}, json::array(), {}});
    request.messages.push_back({"user", "And the second charge?", {}, json::array(), {}});
    return request;
}

std::string describe(const std::vector<ChatMessage> &messages)
{
    std::string out;
    for (const ChatMessage &m : messages)
        out += m.role + ":" + m.content + (m.toolCallId.empty() ? "" : "#" + m.toolCallId)
            + (m.toolCalls.empty() ? "" : m.toolCalls.dump()) + "\n";
    return out;
}

} // namespace

class TestRequestMessages : public QObject
{
    Q_OBJECT

private slots:
    void eachKindsBodyGivesBackItsMessages_data()
    {
        QTest::addColumn<QString>("kindName");
        QTest::addColumn<bool>("tools");
        for (const char *kind : {"openai", "anthropic", "ollama", "gemini"})
            for (bool tools : {false, true})
                QTest::newRow((std::string(kind) + (tools ? " with a tool call" : "")).c_str())
                    << QString::fromLatin1(kind) << tools;
    }

    void eachKindsBodyGivesBackItsMessages()
    {
        QFETCH(QString, kindName);
        QFETCH(bool, tools);
        const std::string kind = kindName.toStdString();
        const ChatRequest request = conversation(tools);
        json body;
        if (kind == "openai")
            body = OpenAiAdapter::requestBody(request, ProviderKind::OpenAi);
        else if (kind == "anthropic")
            body = AnthropicAdapter::requestBody(request);
        else if (kind == "ollama")
            body = OllamaAdapter::requestBody(request);
        else
            body = GeminiAdapter::requestBody(request);
        std::vector<ChatMessage> read = requestMessages(body);
        std::vector<ChatMessage> expected = request.messages;
        // Ollama's calls carry no id: its results name the function instead.
        if (kind == "ollama")
            for (ChatMessage &m : expected) {
                for (json &call : m.toolCalls)
                    call["id"] = "";
                m.toolCallId.clear();
            }
        for (ChatMessage &m : read)
            for (json &call : m.toolCalls)
                call["arguments"] = json::parse(call["arguments"].get<std::string>()).dump();
        for (ChatMessage &m : expected)
            for (json &call : m.toolCalls)
                call = {{"id", call["id"]}, {"name", call["name"]},
                    {"arguments", json::parse(call["arguments"].get<std::string>()).dump()}};
        QVERIFY2(read == expected, (body.dump(1) + "\nread back:\n" + describe(read)).c_str());
    }

    void developerIsSystemAndPartsAreJoined()
    {
        const json body = {{"messages", json::array({
            {{"role", "developer"}, {"content", "Be brief."}},
            {{"role", "user"}, {"content", json::array({{{"type", "text"}, {"text", "Look:"}},
                {{"type", "image_url"}, {"image_url", {{"url", "data:image/png;base64,AA=="}}}},
                {{"type", "text"}, {"text", "what is it?"}}})}}})}};
        const std::vector<ChatMessage> read = requestMessages(body);
        QCOMPARE(read.size(), std::size_t(2));
        QCOMPARE(read[0].role, std::string("system"));
        QCOMPARE(read[1].content, std::string("Look:\nwhat is it?"));
        QVERIFY(requestMessages(json::object()).empty());
        QVERIFY(requestMessages(json("text")).empty());
        QVERIFY(requestMessages({{"messages", "not a list"}}).empty());
    }
};

QTEST_APPLESS_MAIN(TestRequestMessages)
#include "test_request_messages.moc"
