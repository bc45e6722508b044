#pragma once

// Calls through the real Dispatcher to a real fake provider server, in any of its wire
// formats: what the provider feature and fault-matrix suites share.

#include "dispatch/dispatcher.h"
#include "fake_provider_server.h"
#include "net/http_client.h"
#include "secrets/secret_store.h"
#include "secrets/trust_store.h"

#include <QString>

#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace ps::test {

inline const std::string kFakeKey = "fake-key-5c1d";

// The kinds the fake server speaks, by the words the CLI uses.
inline providers::ProviderKind fakeKind(const QString &format)
{
    return providers::providerKindFromString(format.toStdString())
        .value_or(providers::ProviderKind::OpenAi);
}

// A dispatcher that never retries (each fault is seen once) and a fake server that wants
// kFakeKey, with the key in every kind's usual variable.
struct FakeTargetBench
{
    FakeTargetBench()
        : server(options())
        , secrets(env())
    {
        started = server.start(0);
        dispatch::DispatcherOptions dispatcherOptions;
        dispatcherOptions.retry.maxRetries = 0;
        dispatcher = std::make_unique<dispatch::Dispatcher>(
            client, secrets, trust, env(), dispatcherOptions);
    }

    static fakeprovider::FakeProviderOptions options()
    {
        fakeprovider::FakeProviderOptions o;
        o.apiKey = kFakeKey;
        return o;
    }

    static providers::EnvLookup env()
    {
        return [](const std::string &name) -> std::optional<std::string> {
            if (name == "WRONG_KEY")
                return std::string("not-the-key");
            if (name.find("API_KEY") != std::string::npos)
                return kFakeKey;
            return std::nullopt;
        };
    }

    // A call of `model` in `kind`'s format, asking "Name three primary colours please".
    dispatch::TargetCall call(providers::ProviderKind kind, const std::string &model, bool stream,
        int timeoutSeconds = 20) const
    {
        dispatch::TargetCall call;
        call.targetId = std::string(providers::toString(kind)) + "-target";
        call.provider.id = std::string("fake-") + providers::toString(kind);
        call.provider.kind = kind;
        call.provider.baseUrl
            = kind == providers::ProviderKind::OpenAi ? server.baseUrl() : server.hostUrl();
        call.provider.apiVersion = kind == providers::ProviderKind::AzureOpenAi ? "2024-10-21" : "";
        // Ollama needs no key by default; the fake one wants it, as ollama.com would.
        call.provider.apiKeyEnv = kind == providers::ProviderKind::Ollama ? "OLLAMA_API_KEY" : "";
        call.provider.timeoutSeconds = timeoutSeconds;
        call.request.model = model;
        providers::ChatMessage user;
        user.role = "user";
        user.content = "Name three primary colours please";
        call.request.messages = {user};
        call.request.stream = stream;
        return call;
    }

    // Submits and waits for onDone at most `limit`; nullopt when it never came (a hang).
    std::optional<dispatch::CallOutcome> run(
        dispatch::TargetCall target, std::chrono::milliseconds limit = std::chrono::seconds(30))
    {
        struct Wait
        {
            std::mutex mutex;
            std::condition_variable done;
            std::optional<dispatch::CallOutcome> outcome;
        };
        auto wait = std::make_shared<Wait>();
        dispatch::CallCallbacks callbacks;
        callbacks.onDone = [wait](const dispatch::CallOutcome &outcome) {
            std::lock_guard lock(wait->mutex);
            wait->outcome = outcome;
            wait->done.notify_all();
        };
        dispatcher->submit(std::move(target), callbacks);
        std::unique_lock lock(wait->mutex);
        wait->done.wait_for(lock, limit, [&] { return wait->outcome.has_value(); });
        return wait->outcome;
    }

    fakeprovider::FakeProviderServer server;
    bool started = false;
    net::HttpClient client;
    secrets::EnvSecretStore secrets;
    const secrets::TrustStore trust {{}, {"127.0.0.1"}}; // the fake server, approved
    std::unique_ptr<dispatch::Dispatcher> dispatcher;
};

} // namespace ps::test
