#pragma once

// What the dispatcher suites share: a recorder of one call's callbacks, and a dispatcher
// talking to a fresh fake server.

#include "dispatch/dispatcher.h"
#include "fake_provider_server.h"
#include "net/http_client.h"
#include "secrets/secret_store.h"
#include "secrets/trust_store.h"

#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace dispatch_test {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

inline constexpr auto kDeadline = std::chrono::seconds(20); // only a broken dispatcher waits
inline const std::string kUserText
    = "Please summarise the quarterly report for the board today in detail";
inline const std::string kCanary = "sk-CANARY-7f3a9c1e5b2d4680";

// What one call reported, filled from the callbacks and waited for by the test.
struct Recorder
{
    std::mutex mutex;
    std::condition_variable changed;
    std::vector<std::string> pieces; // since the last onTextDiscarded
    int discards = 0;
    std::optional<ps::dispatch::CallOutcome> outcome;
    int doneCalls = 0;
    bool textAfterDone = false;
    std::thread::id doneThread;
    std::optional<Clock::time_point> firstTextAt;
    Clock::time_point doneAt;

    static ps::dispatch::CallCallbacks track(const std::shared_ptr<Recorder> &recorder)
    {
        ps::dispatch::CallCallbacks callbacks;
        callbacks.onText = [recorder](std::string_view text) {
            std::lock_guard lock(recorder->mutex);
            recorder->textAfterDone = recorder->textAfterDone || recorder->doneCalls > 0;
            if (!recorder->firstTextAt)
                recorder->firstTextAt = Clock::now();
            recorder->pieces.emplace_back(text);
            recorder->changed.notify_all();
        };
        callbacks.onTextDiscarded = [recorder] {
            std::lock_guard lock(recorder->mutex);
            ++recorder->discards;
            recorder->pieces.clear();
        };
        callbacks.onDone = [recorder](const ps::dispatch::CallOutcome &outcome) {
            std::lock_guard lock(recorder->mutex);
            ++recorder->doneCalls;
            recorder->outcome = outcome;
            recorder->doneThread = std::this_thread::get_id();
            recorder->doneAt = Clock::now();
            recorder->changed.notify_all();
        };
        return callbacks;
    }

    bool waitDone(std::chrono::milliseconds limit = kDeadline)
    {
        std::unique_lock lock(mutex);
        return changed.wait_for(lock, limit, [this] { return doneCalls > 0; });
    }
    bool waitFirstText()
    {
        std::unique_lock lock(mutex);
        return changed.wait_for(lock, kDeadline, [this] { return !pieces.empty(); });
    }
    std::string streamedText()
    {
        std::lock_guard lock(mutex);
        std::string all;
        for (const auto &piece : pieces)
            all += piece;
        return all;
    }
    const ps::providers::ProviderError &error() const { return *outcome->result.error; }
};

using Env = std::map<std::string, std::string>;

inline ps::providers::EnvLookup envOf(Env variables)
{
    return [variables = std::move(variables)](const std::string &name) {
        const auto found = variables.find(name);
        return found == variables.end() ? std::nullopt : std::optional(found->second);
    };
}

inline ps::providers::ChatMessage message(std::string role, std::string content)
{
    ps::providers::ChatMessage made;
    made.role = std::move(role);
    made.content = std::move(content);
    return made;
}

// Retries fast enough for a test: 20 ms doubling, capped at 100 ms.
inline ps::dispatch::DispatcherOptions quickRetries(int maxRetries = 2)
{
    ps::dispatch::DispatcherOptions options;
    options.retry.maxRetries = maxRetries;
    options.retry.initialDelay = 20ms;
    options.retry.maxDelay = 100ms;
    return options;
}

// A dispatcher talking to a fresh fake server, with an injected environment.
struct Bench
{
    explicit Bench(Env env = {{"OPENAI_API_KEY", kCanary}},
        ps::fakeprovider::FakeProviderOptions serverOptions = {},
        ps::dispatch::DispatcherOptions options = quickRetries())
        : server(std::move(serverOptions))
        , secrets(envOf(env))
    {
        started = server.start(0);
        dispatcher = std::make_unique<ps::dispatch::Dispatcher>(
            client, secrets, trust, envOf(env), options);
    }
    explicit Bench(ps::dispatch::DispatcherOptions options)
        : Bench(Env {{"OPENAI_API_KEY", kCanary}}, {}, options)
    { }

    ps::dispatch::TargetCall call(
        const std::string &model, bool stream = true, int timeoutSeconds = 30) const
    {
        ps::dispatch::TargetCall call;
        call.targetId = "t-" + model;
        call.provider.id = "fake";
        call.provider.kind = ps::providers::ProviderKind::OpenAi;
        call.provider.baseUrl = server.baseUrl();
        call.provider.timeoutSeconds = timeoutSeconds;
        call.request.model = model;
        call.request.messages = {message("system", "Be brief."), message("user", kUserText)};
        call.request.stream = stream;
        return call;
    }

    std::shared_ptr<Recorder> run(ps::dispatch::TargetCall target)
    {
        auto recorder = std::make_shared<Recorder>();
        dispatcher->submit(std::move(target), Recorder::track(recorder));
        return recorder;
    }

    ps::fakeprovider::FakeProviderServer server;
    bool started = false;
    ps::net::HttpClient client;
    ps::secrets::EnvSecretStore secrets;
    const ps::secrets::TrustStore trust {{}, {"127.0.0.1"}}; // the fake server, approved
    std::unique_ptr<ps::dispatch::Dispatcher> dispatcher;
};

// The fake server's documented answer: its model, then the first 8 words of the user message.
inline std::string fakeAnswer(const std::string &model)
{
    return "Echo from " + model + ": Please summarise the quarterly report for the board";
}

} // namespace dispatch_test
