#include "dispatch/dispatcher.h"

#include "dispatch/http_call.h"
#include "net/http_client.h"
#include "providers/echo_provider.h"
#include "providers/provider_adapter.h"
#include "providers/provider_error.h"
#include "secrets/secret_store.h"

#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <utility>
#include <vector>

namespace ps::dispatch {

namespace {

using providers::ErrorCategory;
using providers::ProviderKind;
using Clock = HttpCall::Clock;

// The calls still on the network, so the destructor can cancel them and wait for their end.
// Shared with each call's callbacks, which may finish a moment after the dispatcher stops
// waiting for them.
struct Registry
{
    std::mutex mutex;
    std::condition_variable empty;
    std::uint64_t nextId = 1;
    std::map<std::uint64_t, net::RequestHandle> inFlight;
};

CallOutcome startOutcome(const TargetCall &call)
{
    CallOutcome outcome;
    outcome.targetId = call.targetId;
    outcome.model = call.request.model;
    return outcome;
}

// Ends a call before it reached the network: the caller's thread, at once.
CallHandle failNow(CallOutcome outcome, const CallCallbacks &callbacks, ErrorCategory category,
    std::string message, Clock::time_point start)
{
    outcome.result.error = providers::makeError(category, std::move(message));
    outcome.measurements.totalMs = millisecondsSince(start);
    if (callbacks.onDone)
        callbacks.onDone(outcome);
    return {};
}

// The echo provider has no wire format; its request is shown as an OpenAI body would carry it.
nlohmann::json renderEchoRequest(const providers::ChatRequest &request)
{
    providers::ProviderConfig config;
    config.kind = ProviderKind::OpenAi;
    config.baseUrl = "http://echo.invalid/v1";
    const auto adapter = providers::makeAdapter(ProviderKind::OpenAi);
    if (!adapter)
        return nlohmann::json::object();
    return nlohmann::json::parse(
        adapter->buildRequest(request, config, {}).body, nullptr, false, true);
}

void runEcho(CallOutcome outcome, const TargetCall &call, const CallCallbacks &callbacks,
    Clock::time_point start)
{
    outcome.renderedRequest = renderEchoRequest(call.request);
    for (const providers::ChatEvent &event : providers::EchoProvider::reply(call.request)) {
        if (const auto *delta = std::get_if<providers::TextDelta>(&event)) {
            if (delta->text.empty())
                continue;
            if (!outcome.measurements.ttftMs)
                outcome.measurements.ttftMs = millisecondsSince(start);
            if (callbacks.onText)
                callbacks.onText(delta->text);
        }
        outcome.result.apply(event);
    }
    outcome.measurements.totalMs = millisecondsSince(start);
    if (callbacks.onDone)
        callbacks.onDone(outcome);
}

} // namespace

struct Dispatcher::Impl
{
    net::HttpClient &client;
    const secrets::SecretStore &secrets;
    providers::EnvLookup env;
    std::shared_ptr<Registry> registry;
};

Dispatcher::Dispatcher(net::HttpClient &client, const secrets::SecretStore &secrets,
    providers::EnvLookup env, DispatcherOptions /*options*/)
    : m_impl(std::make_unique<Impl>(
        Impl {client, secrets, std::move(env), std::make_shared<Registry>()}))
{ }

Dispatcher::~Dispatcher()
{
    Registry &registry = *m_impl->registry;
    std::vector<net::RequestHandle> handles;
    {
        std::lock_guard lock(registry.mutex);
        for (const auto &[id, handle] : registry.inFlight)
            handles.push_back(handle);
    }
    for (const net::RequestHandle &handle : handles)
        handle.cancel();
    std::unique_lock lock(registry.mutex);
    registry.empty.wait(lock, [&] { return registry.inFlight.empty(); });
}

CallHandle Dispatcher::submit(TargetCall call, CallCallbacks callbacks)
{
    const Clock::time_point start = Clock::now();
    CallOutcome outcome = startOutcome(call);

    const providers::ProviderConfig config = providers::resolveConfig(call.provider, m_impl->env);
    if (std::string problem = providers::validateConfig(config); !problem.empty())
        return failNow(
            std::move(outcome), callbacks, ErrorCategory::BadRequest, std::move(problem), start);

    if (config.kind == ProviderKind::Echo) {
        runEcho(std::move(outcome), call, callbacks, start);
        return {};
    }

    std::string apiKey = m_impl->secrets.apiKey(config).value_or(std::string());
    const std::string variable = secrets::EnvSecretStore::variableFor(config);
    if (apiKey.empty() && !variable.empty())
        return failNow(
            std::move(outcome), callbacks, ErrorCategory::Auth, variable + " is not set", start);

    // A target or model named after the key (a slip of the paste) must not bring it back.
    outcome.targetId = secrets::redact(std::move(outcome.targetId), apiKey);
    outcome.model = secrets::redact(std::move(outcome.model), apiKey);

    auto adapter = providers::makeAdapter(config.kind);
    if (!adapter)
        return failNow(std::move(outcome), callbacks, ErrorCategory::BadRequest,
            std::string("provider kind ") + providers::toString(config.kind)
                + " is not supported yet",
            start);

    net::HttpRequest request = adapter->buildRequest(call.request, config, apiKey);
    const std::chrono::milliseconds limit(std::chrono::seconds(config.timeoutSeconds));
    request.timeouts.connect = std::chrono::seconds(10);
    request.timeouts.firstByte = limit;
    request.timeouts.idle = limit;
    request.timeouts.total = std::chrono::milliseconds(0);
    outcome.renderedRequest = nlohmann::json::parse(request.body, nullptr, false, true);
    redactJson(outcome.renderedRequest, apiKey);

    const std::shared_ptr<Registry> registry = m_impl->registry;
    std::uint64_t id = 0;
    {
        std::lock_guard lock(registry->mutex);
        id = registry->nextId++;
        registry->inFlight.emplace(id, net::RequestHandle());
    }
    auto finished = [registry, id] {
        std::lock_guard lock(registry->mutex);
        registry->inFlight.erase(id);
        if (registry->inFlight.empty())
            registry->empty.notify_all();
    };
    auto httpCall = std::make_shared<HttpCall>(std::move(adapter), call.request.stream,
        std::move(apiKey), std::move(outcome), std::move(callbacks), start, std::move(finished));
    const net::RequestHandle handle
        = m_impl->client.submit(std::move(request), HttpCall::callbacks(httpCall));
    {
        // The call may already have ended on the network thread; then it stays forgotten.
        std::lock_guard lock(registry->mutex);
        if (auto found = registry->inFlight.find(id); found != registry->inFlight.end())
            found->second = handle;
    }
    return CallHandle([handle] { handle.cancel(); });
}

} // namespace ps::dispatch
