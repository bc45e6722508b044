#include "fake_provider_server.h"

#include "net/http_client.h"
#include "providers/provider_adapter.h"

#include <QtTest>

#include <future>
#include <memory>
#include <sstream>

using namespace std::chrono_literals;
using namespace ps::providers;
using ps::fakeprovider::FakeProviderOptions;
using ps::fakeprovider::FakeProviderServer;

Q_DECLARE_METATYPE(ps::providers::ProviderKind)
Q_DECLARE_METATYPE(ps::providers::ErrorCategory)

namespace {

const std::string kKey = "sk-fake-formats";
const std::string kSystemText = "You are terse.";
const std::string kUserText = "Tell me a story about a brave little toaster please, right now";

struct Outcome
{
    int status = 0;
    std::string body;
    ChatResult result;
};

// The request a real adapter builds, sent by the engine's client and read back by the adapter.
Outcome call(FakeProviderServer &server, ProviderKind kind, const std::string &model, bool stream,
    const std::string &key = kKey)
{
    ProviderConfig config;
    config.kind = kind;
    config.baseUrl = kind == ProviderKind::OpenAi ? server.baseUrl() : server.hostUrl();
    config.apiVersion = "2024-10-21";
    const auto adapter = makeAdapter(kind);
    ChatRequest request;
    request.model = model;
    request.stream = stream;
    ChatMessage system;
    system.role = "system";
    system.content = kSystemText;
    ChatMessage user;
    user.role = "user";
    user.content = kUserText;
    request.messages = {system, user};

    auto outcome = std::make_shared<Outcome>();
    auto headers = std::make_shared<ps::net::Headers>();
    auto done = std::make_shared<std::promise<void>>();
    auto finished = done->get_future();
    ps::net::HttpCallbacks callbacks;
    callbacks.onHeaders = [outcome, headers](int status, const ps::net::Headers &h) {
        outcome->status = status;
        *headers = h;
    };
    callbacks.onBody = [outcome](std::string_view bytes) {
        outcome->body += bytes;
        return true;
    };
    callbacks.onDone = [done](const ps::net::HttpResult &) {
        done->set_value();
    };
    ps::net::HttpClient client;
    client.submit(adapter->buildRequest(request, config, key), std::move(callbacks));
    if (finished.wait_for(10s) != std::future_status::ready)
        return {};
    if (stream && outcome->status >= 200 && outcome->status < 300) {
        const auto parser = adapter->newStreamParser();
        for (const ChatEvent &event : parser->feed(outcome->body))
            outcome->result.apply(event);
        for (const ChatEvent &event : parser->finish())
            outcome->result.apply(event);
    } else {
        outcome->result = adapter->parseResponse(outcome->status, *headers, outcome->body);
    }
    return *outcome;
}

int words(const std::string &text)
{
    std::istringstream stream(text);
    int count = 0;
    for (std::string word; stream >> word;)
        ++count;
    return count;
}

std::string expectedReply(const std::string &model)
{
    std::istringstream stream(kUserText);
    std::string reply = "Echo from " + model + ":";
    std::string word;
    for (int i = 0; i < 8 && stream >> word; ++i)
        reply += " " + word;
    return reply;
}

void addKinds()
{
    QTest::addColumn<ProviderKind>("kind");
    for (ProviderKind kind : {ProviderKind::OpenAi, ProviderKind::AzureOpenAi,
             ProviderKind::Anthropic, ProviderKind::Gemini, ProviderKind::Ollama})
        QTest::newRow(toString(kind)) << kind;
}

} // namespace

class TestFakeProviderFormats : public QObject
{
    Q_OBJECT

    FakeProviderServer m_server {FakeProviderOptions {kKey, {}, {}}};

private slots:
    void initTestCase() { QVERIFY(m_server.start()); }

    // Every format gives the same text and honest usage, streamed or not.
    void sameReplyInEveryFormat_data() { addKinds(); }
    void sameReplyInEveryFormat()
    {
        QFETCH(ProviderKind, kind);
        for (bool stream : {true, false}) {
            const Outcome outcome = call(m_server, kind, "m1", stream);
            QCOMPARE(outcome.status, 200);
            QVERIFY2(!outcome.result.error, outcome.body.c_str());
            QCOMPARE(outcome.result.text, expectedReply("m1"));
            QCOMPARE(outcome.result.usage.inputTokens,
                std::optional<long long>(words(kSystemText) + words(kUserText)));
            QCOMPARE(outcome.result.usage.outputTokens,
                std::optional<long long>(words(expectedReply("m1"))));
            QVERIFY(!outcome.result.finishReason.empty());
        }
    }

    void wrongKeyIsAnAuthError_data() { addKinds(); }
    void wrongKeyIsAnAuthError()
    {
        QFETCH(ProviderKind, kind);
        const Outcome outcome = call(m_server, kind, "m1", true, "wrong");
        QVERIFY(outcome.result.error);
        QCOMPARE(outcome.result.error->category, ErrorCategory::Auth);
    }

    void faultsInEveryFormat_data()
    {
        QTest::addColumn<ProviderKind>("kind");
        QTest::addColumn<QString>("fault");
        QTest::addColumn<ErrorCategory>("category");
        for (ProviderKind kind : {ProviderKind::OpenAi, ProviderKind::AzureOpenAi,
                 ProviderKind::Anthropic, ProviderKind::Gemini, ProviderKind::Ollama}) {
            const std::string name = toString(kind);
            QTest::newRow((name + " 429").c_str())
                << kind << "429:1500" << ErrorCategory::RateLimit;
            QTest::newRow((name + " 500").c_str()) << kind << "500" << ErrorCategory::Server;
            QTest::newRow((name + " cut").c_str()) << kind << "cut" << ErrorCategory::Network;
            QTest::newRow((name + " stream-error").c_str())
                << kind << "stream-error"
                << (kind == ProviderKind::Anthropic ? ErrorCategory::Overloaded
                                                    : ErrorCategory::Server);
        }
        QTest::newRow("anthropic 529")
            << ProviderKind::Anthropic << "529" << ErrorCategory::Overloaded;
    }
    void faultsInEveryFormat()
    {
        QFETCH(ProviderKind, kind);
        QFETCH(QString, fault);
        QFETCH(ErrorCategory, category);
        const Outcome outcome = call(m_server, kind, "fault:" + fault.toStdString(), true);
        QVERIFY2(outcome.result.error, outcome.body.c_str());
        QCOMPARE(outcome.result.error->category, category);
        // retry-after-ms (OpenAI, Azure) and RetryInfo (Gemini) keep 1.5 s; retry-after rounds up.
        if (category == ErrorCategory::RateLimit && kind != ProviderKind::Ollama)
            QCOMPARE(outcome.result.error->retryAfterSeconds,
                std::optional<double>(kind == ProviderKind::Anthropic ? 2.0 : 1.5));
        if (fault == QLatin1String("529"))
            QCOMPARE(outcome.status, 529);
    }

    // The wire details the adapters rely on: event names and a ping, the NDJSON trailer.
    void wireDetails()
    {
        const Outcome anthropic = call(m_server, ProviderKind::Anthropic, "m1", true);
        for (const char *event : {"event: message_start\n", "event: content_block_start\n",
                 "event: ping\n", "event: content_block_delta\n", "event: content_block_stop\n",
                 "event: message_delta\n", "event: message_stop\n"})
            QVERIFY2(anthropic.body.find(event) != std::string::npos, event);

        const Outcome ollama = call(m_server, ProviderKind::Ollama, "m1", true);
        QVERIFY(ollama.body.ends_with("\n"));
        const std::string trailer
            = ollama.body.substr(ollama.body.rfind('\n', ollama.body.size() - 2) + 1);
        QVERIFY(trailer.find(R"("done":true)") != std::string::npos);
        QVERIFY(trailer.find(R"("eval_duration":)") != std::string::npos);

        // Gemini: the counts of the answer come with the last chunk only.
        const Outcome gemini = call(m_server, ProviderKind::Gemini, "m1", true);
        const std::size_t counts = gemini.body.find("candidatesTokenCount");
        QVERIFY(counts != std::string::npos);
        QVERIFY(counts > gemini.body.rfind("data: "));
    }

    void cleanupTestCase() { m_server.stop(); }
};

QTEST_APPLESS_MAIN(TestFakeProviderFormats)
#include "test_fake_provider_formats.moc"
