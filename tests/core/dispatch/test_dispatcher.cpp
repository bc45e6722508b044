#include "dispatch/dispatcher.h"

#include "dispatcher_bench.h"
#include "fake_provider_server.h"
#include "net/http_client.h"
#include "providers/provider_adapter.h"
#include "secrets/secret_store.h"

#include <QtTest>

#include <chrono>
#include <condition_variable>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

using namespace std::chrono_literals;
using ps::dispatch::CallCallbacks;
using ps::dispatch::CallOutcome;
using ps::dispatch::Dispatcher;
using ps::dispatch::TargetCall;
using ps::fakeprovider::FakeProviderServer;
using ps::providers::ErrorCategory;
using ps::providers::ProviderKind;
using Clock = std::chrono::steady_clock;

Q_DECLARE_METATYPE(ErrorCategory)

namespace {

using namespace dispatch_test;

// Everything an outcome holds, as one string, for searching a secret in it.
std::string everything(const CallOutcome &outcome)
{
    std::string all = outcome.targetId + "\n" + outcome.model + "\n" + outcome.result.text + "\n"
        + outcome.result.finishReason + "\n" + outcome.renderedRequest.dump() + "\n";
    for (const auto &call : outcome.result.toolCalls)
        all += call.id + call.name + call.arguments + "\n";
    if (outcome.result.error)
        all += outcome.result.error->message;
    return all;
}

// Sockets on the server's side of 127.0.0.1:port that are still open (established, or closed
// by the peer but not yet by the server). Linux only; -1 when that cannot be read.
int openServerConnections(int port)
{
    std::ifstream table("/proc/net/tcp");
    if (!table)
        return -1;
    std::string line;
    std::getline(table, line); // header
    int count = 0;
    while (std::getline(table, line)) {
        std::istringstream fields(line);
        std::string slot, local, remote, state;
        fields >> slot >> local >> remote >> state;
        const auto colon = local.find(':');
        if (colon == std::string::npos)
            continue;
        const int localPort = std::stoi(local.substr(colon + 1), nullptr, 16);
        if (localPort == port && (state == "01" || state == "08"))
            ++count;
    }
    return count;
}

} // namespace

class TestDispatcher : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { qRegisterMetaType<ErrorCategory>(); }

    // A streamed answer arrives in pieces that join to the text, with usage and timings.
    void streamedReply()
    {
        Bench bench;
        QVERIFY(bench.started);
        const auto recorder = bench.run(bench.call("gpt-test"));
        QVERIFY(recorder->waitDone());
        const CallOutcome &outcome = *recorder->outcome;
        QVERIFY2(!outcome.result.error, outcome.result.error->message.c_str());
        QCOMPARE(outcome.targetId, std::string("t-gpt-test"));
        QCOMPARE(outcome.model, std::string("gpt-test"));
        QCOMPARE(outcome.result.text, fakeAnswer("gpt-test"));
        QVERIFY(recorder->pieces.size() > 1);
        QCOMPARE(recorder->streamedText(), outcome.result.text);
        QCOMPARE(outcome.result.finishReason, std::string("stop"));
        QCOMPARE(outcome.result.usage.inputTokens, std::optional<long long>(13));
        QCOMPARE(outcome.result.usage.outputTokens, std::optional<long long>(11));
        QVERIFY(outcome.measurements.ttftMs.has_value());
        QVERIFY(*outcome.measurements.ttftMs > 0);
        QVERIFY(*outcome.measurements.ttftMs <= outcome.measurements.totalMs);
        QCOMPARE(outcome.measurements.attempts, 1);
        QCOMPARE(outcome.renderedRequest["model"], nlohmann::json("gpt-test"));
        QCOMPARE(outcome.renderedRequest["stream"], nlohmann::json(true));
        QCOMPARE(outcome.renderedRequest, nlohmann::json::parse(bench.server.lastRequestBody()));
        QVERIFY(recorder->doneThread != std::this_thread::get_id());
        QCOMPARE(recorder->doneCalls, 1);
        QVERIFY(!recorder->textAfterDone);
        // The key was sent, in the header only.
        QCOMPARE(bench.server.lastAuthorization(), "Bearer " + kCanary);
    }

    // Without streaming the same answer comes whole, in one piece.
    void nonStreamedReply()
    {
        Bench bench;
        QVERIFY(bench.started);
        const auto recorder = bench.run(bench.call("gpt-whole", false));
        QVERIFY(recorder->waitDone());
        const CallOutcome &outcome = *recorder->outcome;
        QVERIFY2(!outcome.result.error, outcome.result.error->message.c_str());
        QCOMPARE(outcome.result.text, fakeAnswer("gpt-whole"));
        QCOMPARE(recorder->pieces.size(), std::size_t(1));
        QCOMPARE(recorder->streamedText(), outcome.result.text);
        QCOMPARE(outcome.result.finishReason, std::string("stop"));
        QCOMPARE(outcome.result.usage.inputTokens, std::optional<long long>(13));
        QCOMPARE(outcome.result.usage.outputTokens, std::optional<long long>(11));
        QVERIFY(outcome.measurements.ttftMs.has_value());
        QVERIFY(*outcome.measurements.ttftMs <= outcome.measurements.totalMs);
        QVERIFY(!outcome.renderedRequest.contains("stream")
            || outcome.renderedRequest["stream"] == nlohmann::json(false));
    }

    // The echo provider answers offline with the user message, word by word, before submit
    // returns (documented), measured.
    void echoTarget()
    {
        Bench bench(Env {}); // no key anywhere: echo needs none
        TargetCall call = bench.call("anything");
        call.provider = {};
        call.provider.id = "echo";
        call.provider.kind = ProviderKind::Echo;
        const auto recorder = bench.run(call);
        QCOMPARE(recorder->doneCalls, 1); // already done: synchronous by contract
        const CallOutcome &outcome = *recorder->outcome;
        QVERIFY(!outcome.result.error);
        QCOMPARE(outcome.result.text, kUserText);
        QCOMPARE(recorder->streamedText(), kUserText);
        QCOMPARE(recorder->pieces.size(), std::size_t(11));
        QCOMPARE(recorder->pieces.front(), std::string("Please "));
        QCOMPARE(outcome.result.finishReason, std::string("stop"));
        QCOMPARE(outcome.result.usage.inputTokens, std::optional<long long>(13));
        QCOMPARE(outcome.result.usage.outputTokens, std::optional<long long>(11));
        QVERIFY(outcome.measurements.ttftMs.has_value());
        QVERIFY(*outcome.measurements.ttftMs <= outcome.measurements.totalMs);
        QVERIFY(outcome.measurements.totalMs < 1000);
        QCOMPARE(outcome.renderedRequest["messages"][1]["content"], nlohmann::json(kUserText));
        QCOMPARE(bench.server.requestCount(), 0);
    }

    // Two targets stream at the same time: each starts before the other has finished.
    void twoTargetsConcurrently()
    {
        Bench bench;
        QVERIFY(bench.started);
        const auto first = bench.run(bench.call("fault:drip:60"));
        const auto second = bench.run(bench.call("fault:drip:61"));
        QVERIFY(first->waitDone());
        QVERIFY(second->waitDone());
        for (const auto &[recorder, model] :
            {std::pair {first, "fault:drip:60"}, std::pair {second, "fault:drip:61"}}) {
            const CallOutcome &outcome = *recorder->outcome;
            QVERIFY2(!outcome.result.error, outcome.result.error->message.c_str());
            QCOMPARE(outcome.result.text, fakeAnswer(model));
            QCOMPARE(outcome.model, std::string(model));
            QVERIFY(recorder->firstTextAt.has_value());
        }
        QVERIFY(*first->firstTextAt < second->doneAt);
        QVERIFY(*second->firstTextAt < first->doneAt);
        QCOMPARE(bench.server.requestCount(), 2);
    }

    // Each misbehaviour of the server ends in its category, within its time limit.
    void faults_data()
    {
        QTest::addColumn<QString>("model");
        QTest::addColumn<bool>("stream");
        QTest::addColumn<int>("timeoutSeconds");
        QTest::addColumn<ErrorCategory>("category");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("inMessage");

        QTest::newRow("429") << "fault:429:1000" << true << 30 << ErrorCategory::RateLimit << 429
                             << "Rate limit";
        QTest::newRow("500") << "fault:500" << true << 30 << ErrorCategory::Server << 500
                             << "server had an error";
        QTest::newRow("503") << "fault:503" << true << 30 << ErrorCategory::Overloaded << 503
                             << "overloaded";
        QTest::newRow("context-length")
            << "fault:context-length" << true << 30 << ErrorCategory::ContextLength << 400
            << "maximum context length";
        QTest::newRow("model-not-found") << "fault:model-not-found" << true << 30
                                         << ErrorCategory::NotFound << 404 << "does not exist";
        QTest::newRow("cut") << "fault:cut" << true << 30 << ErrorCategory::Network << 0 << "";
        QTest::newRow("cut, not streamed")
            << "fault:cut" << false << 30 << ErrorCategory::Network << 0 << "";
        QTest::newRow("malformed")
            << "fault:malformed" << true << 30 << ErrorCategory::BadResponse << 0 << "";
        QTest::newRow("malformed, not streamed")
            << "fault:malformed" << false << 30 << ErrorCategory::BadResponse << 0 << "";
        QTest::newRow("stream-error") << "fault:stream-error" << true << 30 << ErrorCategory::Server
                                      << 0 << "while streaming";
        QTest::newRow("stall-first") << "fault:stall-first:30000" << true << 1
                                     << ErrorCategory::Timeout << 0 << "first byte";
        QTest::newRow("stall-first, not streamed") << "fault:stall-first:30000" << false << 1
                                                   << ErrorCategory::Timeout << 0 << "first byte";
        QTest::newRow("stall-mid")
            << "fault:stall-mid:30000" << true << 1 << ErrorCategory::Timeout << 0 << "idle";
    }
    void faults()
    {
        QFETCH(QString, model);
        QFETCH(bool, stream);
        QFETCH(int, timeoutSeconds);
        QFETCH(ErrorCategory, category);
        QFETCH(int, status);
        QFETCH(QString, inMessage);

        Bench bench(quickRetries(0)); // one attempt: each fault as the server sends it
        QVERIFY(bench.started);
        const auto recorder = bench.run(bench.call(model.toStdString(), stream, timeoutSeconds));
        QVERIFY(recorder->waitDone());
        const CallOutcome &outcome = *recorder->outcome;
        QVERIFY2(outcome.result.error, outcome.result.text.c_str());
        const auto &error = *outcome.result.error;
        QVERIFY2(error.category == category,
            (std::string("got ") + toString(error.category) + ": " + error.message).c_str());
        if (status != 0)
            QCOMPARE(error.status, status);
        QVERIFY2(error.message.find(inMessage.toStdString()) != std::string::npos,
            error.message.c_str());
        QVERIFY(!error.message.empty());
        // Within the time limit (plus slack for a loaded machine), and not before it for stalls.
        QVERIFY2(outcome.measurements.totalMs < timeoutSeconds * 1000.0 + 5000,
            std::to_string(outcome.measurements.totalMs).c_str());
        if (category == ErrorCategory::Timeout)
            QVERIFY(outcome.measurements.totalMs >= timeoutSeconds * 1000.0 - 50);
        if (category == ErrorCategory::RateLimit)
            QCOMPARE(error.retryAfterSeconds, std::optional<double>(1.0));
        QCOMPARE(recorder->doneCalls, 1);
        QCOMPARE(recorder->streamedText(), outcome.result.text);
    }

    // Cancelling mid-stream ends the call at once as cancelled and the server loses the
    // connection.
    void cancelMidStream()
    {
        Bench bench;
        QVERIFY(bench.started);
        if (openServerConnections(bench.server.port()) < 0)
            QSKIP("no /proc/net/tcp to watch connections");
        auto recorder = std::make_shared<Recorder>();
        const auto handle = bench.dispatcher->submit(
            bench.call("fault:drip:300", true, 30), Recorder::track(recorder));
        QVERIFY(recorder->waitFirstText());
        QCOMPARE(openServerConnections(bench.server.port()), 1);
        const auto cancelledAt = Clock::now();
        handle.cancel();
        QVERIFY(recorder->waitDone());
        QVERIFY(recorder->doneAt - cancelledAt < 1s);
        const CallOutcome &outcome = *recorder->outcome;
        QVERIFY(outcome.result.error);
        QCOMPARE(outcome.result.error->category, ErrorCategory::Cancelled);
        QVERIFY(!outcome.result.text.empty()); // what came before is kept
        QVERIFY(fakeAnswer("fault:drip:300").starts_with(outcome.result.text));
        QTRY_COMPARE_WITH_TIMEOUT(openServerConnections(bench.server.port()), 0, 10000);
        handle.cancel(); // after the end: nothing happens
        QCOMPARE(recorder->doneCalls, 1);
    }

    // Destroying the dispatcher cancels what is in flight and reports it, without waiting.
    void destructorCancelsCallsInFlight()
    {
        Bench bench;
        QVERIFY(bench.started);
        const auto recorder = bench.run(bench.call("fault:stall-first:30000"));
        const auto start = Clock::now();
        bench.dispatcher.reset();
        QCOMPARE(recorder->doneCalls, 1); // the destructor waited for onDone
        QVERIFY(Clock::now() - start < 5s);
        QCOMPARE(recorder->outcome->result.error->category, ErrorCategory::Cancelled);
    }

    // Without a key the call ends at once naming the variable; nothing is sent.
    void missingKeyIsAuth()
    {
        Bench bench(Env {{"UNRELATED", "x"}});
        QVERIFY(bench.started);
        auto recorder = bench.run(bench.call("gpt-test"));
        QCOMPARE(recorder->doneCalls, 1);
        QCOMPARE(recorder->error().category, ErrorCategory::Auth);
        QCOMPARE(recorder->error().message, std::string("OPENAI_API_KEY is not set"));
        QCOMPARE(recorder->outcome->targetId, std::string("t-gpt-test"));

        TargetCall custom = bench.call("gpt-test");
        custom.provider.apiKeyEnv = "MY_TEAM_KEY";
        recorder = bench.run(custom);
        QCOMPARE(recorder->error().category, ErrorCategory::Auth);
        QCOMPARE(recorder->error().message, std::string("MY_TEAM_KEY is not set"));
        QCOMPARE(bench.server.requestCount(), 0);
    }

    // A key the server refuses is an auth error too.
    void refusedKeyIsAuth()
    {
        ps::fakeprovider::FakeProviderOptions options;
        options.apiKey = "sk-the-right-key-0000";
        Bench bench(Env {{"OPENAI_API_KEY", kCanary}}, options);
        QVERIFY(bench.started);
        const auto recorder = bench.run(bench.call("gpt-test"));
        QVERIFY(recorder->waitDone());
        QCOMPARE(recorder->error().category, ErrorCategory::Auth);
        QCOMPARE(recorder->error().status, 401);
    }

    // A config that cannot work, or a kind without an adapter, ends at once as bad_request.
    void unusableConfigIsBadRequest()
    {
        Bench bench(Env {{"OPENAI_API_KEY", kCanary}, {"ANTHROPIC_API_KEY", kCanary},
            {"GEMINI_API_KEY", kCanary}, {"AZURE_OPENAI_API_KEY", kCanary}});
        TargetCall noUrl = bench.call("m");
        noUrl.provider.kind = ProviderKind::OpenAiCompatible;
        noUrl.provider.baseUrl.clear();
        auto recorder = bench.run(noUrl);
        QCOMPARE(recorder->doneCalls, 1);
        QCOMPARE(recorder->error().category, ErrorCategory::BadRequest);
        QVERIFY(recorder->error().message.find("base URL") != std::string::npos);

        for (ProviderKind kind : {ProviderKind::Anthropic, ProviderKind::Gemini,
                 ProviderKind::AzureOpenAi, ProviderKind::Ollama}) {
            if (ps::providers::makeAdapter(kind))
                continue;
            TargetCall call = bench.call("m");
            call.provider.kind = kind;
            call.provider.apiVersion = "2024-10-21";
            recorder = bench.run(call);
            QCOMPARE(recorder->doneCalls, 1);
            QCOMPARE(recorder->error().category, ErrorCategory::BadRequest);
            QCOMPARE(recorder->error().message,
                std::string("provider kind ") + toString(kind) + " is not supported yet");
        }
        QCOMPARE(bench.server.requestCount(), 0);
    }

    // A canary key never shows in an outcome or in streamed text, even when the server echoes
    // it back: in the answer (it repeats the user message) or in an error (it quotes the model).
    void canaryKeyNeverShows_data()
    {
        QTest::addColumn<QString>("model");
        QTest::addColumn<QString>("userText");
        QTest::addColumn<bool>("stream");
        const QString key = QString::fromStdString(kCanary);
        QTest::newRow("answer, streamed")
            << "gpt-test" << QStringLiteral("my key is ") + key << true;
        QTest::newRow("answer, whole") << "gpt-test" << QStringLiteral("my key is ") + key << false;
        QTest::newRow("error quoting the model")
            << QStringLiteral("fault:") + key << "hello" << true;
        QTest::newRow("model name, answer") << key << "hello" << true;
    }
    void canaryKeyNeverShows()
    {
        QFETCH(QString, model);
        QFETCH(QString, userText);
        QFETCH(bool, stream);
        Bench bench;
        QVERIFY(bench.started);
        TargetCall call = bench.call(model.toStdString(), stream);
        call.request.messages.back().content = userText.toStdString();
        const auto recorder = bench.run(call);
        QVERIFY(recorder->waitDone());
        // The server did receive the key (in the prompt, the model or the header) ...
        QVERIFY(bench.server.lastRequestBody().find(kCanary) != std::string::npos);
        QCOMPARE(bench.server.lastAuthorization(), "Bearer " + kCanary);
        // ... but nothing the caller is given holds it.
        const std::string all = everything(*recorder->outcome) + recorder->streamedText();
        QVERIFY2(all.find(kCanary) == std::string::npos, all.c_str());
        QVERIFY2(all.find("***") != std::string::npos, all.c_str());
        QCOMPARE(recorder->streamedText(), recorder->outcome->result.text);
    }

    // Calls may be submitted from many threads at once.
    void submitFromManyThreads()
    {
        Bench bench;
        QVERIFY(bench.started);
        constexpr int kThreads = 6;
        std::vector<std::shared_ptr<Recorder>> recorders(kThreads);
        std::vector<std::thread> threads;
        for (int i = 0; i < kThreads; ++i) {
            threads.emplace_back([&, i] {
                recorders[i] = bench.run(bench.call("model-" + std::to_string(i), i % 2 == 0));
            });
        }
        for (auto &thread : threads)
            thread.join();
        for (int i = 0; i < kThreads; ++i) {
            QVERIFY(recorders[i]->waitDone());
            QVERIFY(!recorders[i]->outcome->result.error);
            QCOMPARE(recorders[i]->outcome->result.text, fakeAnswer("model-" + std::to_string(i)));
        }
        QCOMPARE(bench.server.requestCount(), kThreads);
    }
};

QTEST_APPLESS_MAIN(TestDispatcher)
#include "test_dispatcher.moc"
