#include "fake_provider_server.h"

#include "net/http_client.h"
#include "net/sse_decoder.h"

#include <QProcess>
#include <QtTest>

#include <nlohmann/json.hpp>

#include <condition_variable>
#include <future>
#include <memory>
#include <mutex>

using namespace std::chrono_literals;
using nlohmann::json;
using ps::fakeprovider::FakeProviderOptions;
using ps::fakeprovider::FakeProviderServer;
using ps::net::HttpResult;
using ps::net::TransportError;

namespace {

constexpr auto kDeadline = 10s;

const std::string kUserText = "Tell me a story about a brave little toaster please, right now";
const std::string kSystemText = "You are terse.";

struct Exchange
{
    HttpResult result;
    std::string body;
    int pieces = 0;
    bool finished = false;
};

// Sends one request through the engine and waits for its end.
Exchange send(const std::string &url, const json &body, ps::net::Headers headers = {},
    ps::net::Timeouts timeouts = {})
{
    ps::net::HttpClient client;
    ps::net::HttpRequest request;
    request.url = url + "/chat/completions";
    request.headers = std::move(headers);
    request.headers.emplace_back("content-type", "application/json");
    request.body = body.dump();
    request.timeouts = timeouts;

    auto exchange = std::make_shared<Exchange>();
    auto done = std::make_shared<std::promise<void>>();
    auto finished = done->get_future();
    ps::net::HttpCallbacks callbacks;
    callbacks.onBody = [exchange](std::string_view bytes) {
        exchange->body += bytes;
        ++exchange->pieces;
        return true;
    };
    callbacks.onDone = [exchange, done](const HttpResult &result) {
        exchange->result = result;
        exchange->finished = true;
        done->set_value();
    };
    client.submit(request, std::move(callbacks));
    if (finished.wait_for(kDeadline) != std::future_status::ready)
        return {};
    return *exchange;
}

json chatBody(const std::string &model, bool stream)
{
    json body = {{"model", model},
        {"messages",
            {{{"role", "system"}, {"content", kSystemText}},
                {{"role", "user"}, {"content", kUserText}}}}};
    if (stream) {
        body["stream"] = true;
        body["stream_options"] = {{"include_usage", true}};
    }
    return body;
}

std::vector<std::string> sseData(const std::string &body)
{
    ps::net::SseDecoder decoder;
    std::vector<std::string> data;
    for (const auto &event : decoder.feed(body))
        data.push_back(event.data);
    return data;
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
    // The reply echoes the first eight words of the last user message.
    std::istringstream stream(kUserText);
    std::string reply = "Echo from " + model + ":";
    std::string word;
    for (int i = 0; i < 8 && stream >> word; ++i)
        reply += " " + word;
    return reply;
}

} // namespace

class TestFakeProvider : public QObject
{
    Q_OBJECT

private slots:
    // The OpenAI stream: role chunk, content, finish chunk, usage chunk, [DONE].
    void streamingReplyFollowsTheOpenAiFormat()
    {
        FakeProviderServer server;
        QVERIFY(server.start());
        const Exchange exchange = send(server.baseUrl(), chatBody("fake-model", true));
        QVERIFY(exchange.finished);
        QCOMPARE(exchange.result.error, TransportError::None);
        QCOMPARE(exchange.result.status, 200);
        QVERIFY(ps::net::headerValue(exchange.result.headers, "content-type")
                    .starts_with("text/event-stream"));

        const std::vector<std::string> data = sseData(exchange.body);
        QVERIFY(data.size() >= 5);
        QCOMPARE(data.back(), std::string("[DONE]"));
        const json first = json::parse(data.front());
        QCOMPARE(first["object"], json("chat.completion.chunk"));
        QCOMPARE(first["choices"][0]["delta"], json({{"role", "assistant"}, {"content", ""}}));
        std::string text;
        for (std::size_t i = 1; i + 3 < data.size(); ++i)
            text += json::parse(data[i])["choices"][0]["delta"]["content"].get<std::string>();
        QCOMPARE(text, expectedReply("fake-model"));

        const json finish = json::parse(data[data.size() - 3]);
        QCOMPARE(finish["choices"][0]["delta"], json::object());
        QCOMPARE(finish["choices"][0]["finish_reason"], json("stop"));
        const json usage = json::parse(data[data.size() - 2]);
        QCOMPARE(usage["choices"], json::array());
        QCOMPARE(usage["usage"]["prompt_tokens"].get<int>(), words(kSystemText) + words(kUserText));
        QCOMPARE(usage["usage"]["completion_tokens"].get<int>(), words(text));
        QCOMPARE(server.requestCount(), 1);
        QCOMPARE(json::parse(server.lastRequestBody())["model"], json("fake-model"));
    }

    // A slow drip arrives in several pieces, before the reply is complete.
    void dripArrivesInSeveralPieces()
    {
        FakeProviderServer server;
        QVERIFY(server.start());
        const Exchange exchange = send(server.baseUrl(), chatBody("fault:drip:20", true));
        QVERIFY(exchange.finished);
        QCOMPARE(exchange.result.error, TransportError::None);
        QVERIFY2(exchange.pieces >= 5, std::to_string(exchange.pieces).c_str());
        QCOMPARE(sseData(exchange.body).back(), std::string("[DONE]"));
    }

    // Without streaming: one completion object; max_tokens truncates with "length".
    void nonStreamingReplyAndMaxTokens()
    {
        FakeProviderServer server;
        QVERIFY(server.start());
        json body = chatBody("fake-model", false);
        const Exchange full = send(server.baseUrl(), body);
        QCOMPARE(full.result.status, 200);
        const json reply = json::parse(full.body);
        QCOMPARE(reply["object"], json("chat.completion"));
        QCOMPARE(reply["choices"][0]["message"]["content"].get<std::string>(),
            expectedReply("fake-model"));
        QCOMPARE(reply["choices"][0]["finish_reason"], json("stop"));
        QCOMPARE(reply["usage"]["total_tokens"].get<int>(),
            words(kSystemText) + words(kUserText) + words(expectedReply("fake-model")));

        body["max_tokens"] = 4;
        const json cut = json::parse(send(server.baseUrl(), body).body);
        QCOMPARE(cut["choices"][0]["message"]["content"], json("Echo from fake-model: Tell"));
        QCOMPARE(cut["choices"][0]["finish_reason"], json("length"));
        QCOMPARE(cut["usage"]["completion_tokens"].get<int>(), 4);
    }

    void faultModelsGiveTheirStatus_data()
    {
        QTest::addColumn<QString>("model");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("code");
        QTest::newRow("429") << "fault:429" << 429 << "rate_limit_exceeded";
        QTest::newRow("500") << "fault:500" << 500 << "";
        QTest::newRow("503") << "fault:503" << 503 << "overloaded";
        QTest::newRow("context") << "fault:context-length" << 400 << "context_length_exceeded";
        QTest::newRow("no model") << "fault:model-not-found" << 404 << "model_not_found";
        QTest::newRow("unknown fault") << "fault:nonsense" << 400 << "";
    }

    void faultModelsGiveTheirStatus()
    {
        QFETCH(QString, model);
        QFETCH(int, status);
        QFETCH(QString, code);
        FakeProviderServer server;
        QVERIFY(server.start());
        for (bool stream : {false, true}) {
            const Exchange exchange = send(server.baseUrl(), chatBody(model.toStdString(), stream));
            QCOMPARE(exchange.result.status, status);
            const json error = json::parse(exchange.body).at("error");
            QVERIFY(!error.at("message").get<std::string>().empty());
            QVERIFY(error.at("type").is_string());
            QVERIFY(error.contains("param"));
            QCOMPARE(error.at("code"), code.isEmpty() ? json(nullptr) : json(code.toStdString()));
        }
    }

    void rateLimitSaysWhenToRetry()
    {
        FakeProviderServer server;
        QVERIFY(server.start());
        const Exchange exchange = send(server.baseUrl(), chatBody("fault:429:2500", false));
        QCOMPARE(exchange.result.status, 429);
        QCOMPARE(std::string(ps::net::headerValue(exchange.result.headers, "retry-after")),
            std::string("3"));
        QCOMPARE(std::string(ps::net::headerValue(exchange.result.headers, "retry-after-ms")),
            std::string("2500"));
    }

    // Faults inside an HTTP 200 stream.
    void streamFaults()
    {
        FakeProviderServer server;
        QVERIFY(server.start());

        const Exchange cut = send(server.baseUrl(), chatBody("fault:cut", true));
        QCOMPARE(cut.result.error, TransportError::Network);
        QVERIFY(cut.body.find("[DONE]") == std::string::npos);

        const Exchange failed = send(server.baseUrl(), chatBody("fault:stream-error", true));
        QCOMPARE(failed.result.status, 200);
        QCOMPARE(failed.result.error, TransportError::None);
        const std::vector<std::string> events = sseData(failed.body);
        QVERIFY(json::parse(events.back()).contains("error"));

        const Exchange malformed = send(server.baseUrl(), chatBody("fault:malformed", true));
        QCOMPARE(malformed.result.status, 200);
        int broken = 0;
        for (const std::string &data : sseData(malformed.body))
            broken += data != "[DONE]" && !json::accept(data);
        QCOMPARE(broken, 1);

        ps::net::Timeouts quick;
        quick.firstByte = 300ms;
        quick.idle = 300ms;
        const Exchange stalled
            = send(server.baseUrl(), chatBody("fault:stall-first:5000", true), {}, quick);
        QCOMPARE(stalled.result.timeoutKind, std::string("first byte"));
        const Exchange stalledMid
            = send(server.baseUrl(), chatBody("fault:stall-mid:5000", true), {}, quick);
        QCOMPARE(stalledMid.result.timeoutKind, std::string("idle"));
    }

    // With a key configured, requests without "Authorization: Bearer <key>" get 401.
    void apiKeyIsChecked()
    {
        FakeProviderOptions options;
        options.apiKey = "sk-fake-123";
        FakeProviderServer server(options);
        QVERIFY(server.start());
        const Exchange refused = send(server.baseUrl(), chatBody("fake-model", false));
        QCOMPARE(refused.result.status, 401);
        QCOMPARE(json::parse(refused.body)["error"]["code"], json("invalid_api_key"));
        const Exchange wrong = send(server.baseUrl(), chatBody("fake-model", false),
            {{"authorization", "Bearer sk-other"}});
        QCOMPARE(wrong.result.status, 401);
        const Exchange accepted = send(server.baseUrl(), chatBody("fake-model", false),
            {{"authorization", "Bearer sk-fake-123"}});
        QCOMPARE(accepted.result.status, 200);
        QCOMPARE(server.lastAuthorization(), std::string("Bearer sk-fake-123"));
    }

    // A server-wide fault applies to every model that does not name its own.
    void serverDefaultFault()
    {
        FakeProviderOptions options;
        options.defaultFault = *ps::fakeprovider::parseFault("503");
        FakeProviderServer server(options);
        QVERIFY(server.start());
        QCOMPARE(send(server.baseUrl(), chatBody("fake-model", false)).result.status, 503);
        QCOMPARE(send(server.baseUrl(), chatBody("fault:none", false)).result.status, 200);
        QCOMPARE(server.requestCount(), 2);
    }

    // The executable prints its port, serves, and ends cleanly on SIGTERM.
    void executablePrintsItsPortAndServes()
    {
        QProcess process;
        process.start(QStringLiteral(PS_FAKEPROVIDER_PATH),
            {QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--latency-ms"),
                QStringLiteral("5")});
        QVERIFY(process.waitForStarted());
        QVERIFY(process.waitForReadyRead(10'000));
        bool ok = false;
        const int port = process.readLine().trimmed().toInt(&ok);
        QVERIFY(ok && port > 0);
        const Exchange exchange = send(
            "http://127.0.0.1:" + std::to_string(port) + "/v1", chatBody("fake-model", false));
        QCOMPARE(exchange.result.status, 200);
        process.terminate();
        QVERIFY(process.waitForFinished(10'000));
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(process.exitCode(), 0);
    }
};

QTEST_APPLESS_MAIN(TestFakeProvider)
#include "test_fake_provider.moc"
